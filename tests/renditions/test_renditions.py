"""Every rendition a report takes reads as the report: each labelled cell equal to the original's or null with a
finding that names it, and no error-level finding that the original does not have.

The renditions are made by the real tools (pdftotext, markitdown, pandoc, Chromium, LibreOffice) from the labelled
reports of the shared corpus and from generated reports printed with varied options; the run ends with a table of
cells exact, null and wrong, and false errors, per tool and mode.
"""

from __future__ import annotations

from functools import cache

import pytest

from xxgk.errors import XxgkError
from xxgk.model import Severity
from xxgk.pipeline import parse_file

from .conftest import RESULTS, SOURCES, source_forms
from .tools import OCR_RENDITIONS, RENDITIONS

CASES = [(s, r) for s in SOURCES for r, (form, _) in RENDITIONS.items() if form in source_forms(s)]
OCR_CASES = [(s, r) for s in SOURCES for r, (form, _) in OCR_RENDITIONS.items() if form in source_forms(s)]


def errors(report) -> set[tuple[str, frozenset[str]]]:
    return {(f.code, frozenset(f.cells)) for f in report.findings if f.severity is Severity.ERROR}


@cache
def original_errors(path) -> set[tuple[str, frozenset[str]]]:
    return errors(parse_file(path))


def read_rendition(name: str, rendition: str, renditions: dict, sources):
    """The rendition's report, its cells wrong and null-without-a-finding, and its false errors; the counts go to
    the run's table."""
    source = sources(name)
    form, make = renditions[rendition]
    path = make(source)
    cells = source.cells
    try:
        report = parse_file(path)
    except XxgkError as e:
        RESULTS[rendition][name] = (0, len(cells), 0, 0, len(cells))
        pytest.fail(f"{path.name}: {e}")
    named = {c for f in report.findings for c in f.cells}
    wrong = {p: (report.cell(p), v) for p, v in cells.items() if report.cell(p) is not None and report.cell(p) != v}
    null = [p for p, v in cells.items() if report.cell(p) is None and v is not None]
    unnamed = [p for p in null if p not in named]
    false_errors = errors(report) - original_errors(source.file(form))
    exact = sum(1 for p, v in cells.items() if report.cell(p) == v)
    RESULTS[rendition][name] = (exact, len(null), len(wrong), len(false_errors), len(cells))
    return report, wrong, unnamed, sorted((code, sorted(c)) for code, c in false_errors)


@pytest.mark.parametrize("name, rendition", CASES, ids=[f"{s}-{r}" for s, r in CASES])
def test_rendition_reads_each_cell_as_printed_or_names_it(name, rendition, sources):
    _, wrong, unnamed, false_errors = read_rendition(name, rendition, RENDITIONS, sources)
    assert wrong == {}
    assert unnamed == []
    assert false_errors == []


@pytest.mark.parametrize("name, rendition", OCR_CASES, ids=[f"{s}-{r}" for s, r in OCR_CASES])
def test_another_ocr_s_text_names_every_cell_it_may_have_misread(name, rendition, sources):
    report, wrong, unnamed, false_errors = read_rendition(name, rendition, OCR_RENDITIONS, sources)
    warned = {c for f in report.findings if f.severity is Severity.WARNING for c in f.cells}
    assert sorted(p for p in wrong if p not in warned) == []
    assert unnamed == []
    assert false_errors == []
