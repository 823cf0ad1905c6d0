"""One file → its checked Report: read, extract, check. The one call the CLI and the corpus make."""

from __future__ import annotations

from pathlib import Path

from . import check as checks
from .errors import TemplateError, XxgkError
from .extract import Extraction, extract, extract_debug
from .model import Report
from .names import plainly_same
from .read import ReadOptions, read


def parse_file(path: str | Path, options: ReadOptions | None = None) -> Report:
    """The report in a file, with every finding of the checks; XxgkError when the file cannot be read."""
    layout = read(path, options)
    try:
        report = extract(layout)
    except TemplateError as e:
        raise e.at(path) from None
    report.findings.extend(checks.check(report))
    return report


def debug_file(path: str | Path, options: ReadOptions | None = None) -> Extraction:
    """The extraction of a file with its intermediates, for ``xxgk parse --debug``."""
    return extract_debug(read(path, options))


def parse_files(paths, options: ReadOptions | None = None):
    """(path, Report or XxgkError) for each file, in order; reports of one agency for consecutive years are also
    checked against each other."""
    results = []
    for path in paths:
        try:
            results.append((str(path), parse_file(path, options)))
        except XxgkError as e:
            results.append((str(path), e))
    reports = [r for _, r in results if isinstance(r, Report)]
    for report in reports:
        previous = previous_of(report, reports)
        if previous is not None:
            report.findings.extend(checks.check_years(report, previous))
    return results


def previous_of(report: Report, reports: list[Report]) -> Report | None:
    """The report of the same agency for the year before, among ``reports``."""
    if report.meta.year is None:
        return None
    for other in reports:
        if other.meta.year == report.meta.year - 1 and _same_agency(other, report):
            return other
    return None


def _same_agency(a: Report, b: Report) -> bool:
    return bool(a.meta.agency and b.meta.agency) and plainly_same(a.meta.agency, b.meta.agency)
