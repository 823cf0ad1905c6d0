"""Every labelled document of the shared corpus reads exactly as its label says, with the findings it lists."""

from __future__ import annotations

import re

import pytest

from xxgk.model import Severity
from xxgk.pipeline import parse_file

from .conftest import labelled_documents, load_label

DOCUMENTS = labelled_documents()


def _cells(report: dict):
    for table in ("active", "requests", "review"):
        for row, columns in (report.get(table) or {}).items():
            for column, value in columns.items():
                yield f"{table}.{row}.{column}", value


def expected_code(problem: str) -> tuple[tuple[str, ...], str]:
    """The finding codes and the cell-path prefix a label's short problem description stands for."""
    table, _, what = problem.partition(":")
    what = what.strip()
    if table == "text vs table":
        return ("text.table_mismatch",), ""
    if "cell count" in what:
        row = what.replace("cell count", "").strip()
        return ("layout.cell_count", "layout.cell_count_resolved"), f"{table}.{row}".rstrip(".")
    if "without sub-items" in what:
        return ("template.old_other_row",), "requests.other"
    m = re.match(r"(\w+) total", what)
    if m:
        return ("sum.review", "sum.row", "sum.column"), f"{table}.{m.group(1)}.total"
    raise AssertionError(f"no translation for the label's problem {problem!r}")


@pytest.fixture(scope="module", params=DOCUMENTS, ids=[d.name for d, _ in DOCUMENTS])
def parsed(request):
    document, label = request.param
    return parse_file(document), load_label(label)


def test_every_labelled_cell_is_read_exactly(parsed):
    report, label = parsed
    got = dict(_cells(report.to_dict()))
    wrong = {path: (got.get(path, "missing"), want) for path, want in _cells(label)
             if want != "?" and got.get(path, "missing") != want}
    assert wrong == {}


def test_meta_is_read(parsed):
    report, label = parsed
    for key, want in label["meta"].items():
        assert getattr(report.meta, key) == want, key


def test_listed_problems_are_found(parsed):
    report, label = parsed
    for problem in label.get("expected_findings", []):
        codes, prefix = expected_code(problem)
        assert any(f.code in codes and (not prefix or any(c.startswith(prefix) for c in f.cells))
                   for f in report.findings), (problem, [f.code for f in report.findings])


def test_no_error_where_the_label_lists_no_broken_table(parsed):
    report, label = parsed
    broken = [p for p in label.get("expected_findings", []) if "total" in p or "cell count" in p]
    errors = [f for f in report.findings if f.severity == Severity.ERROR]
    if not broken:
        assert errors == []
    else:
        assert all(any(c.startswith(expected_code(p)[1]) for p in broken for c in f.cells) for f in errors), errors


def test_every_finding_says_where(parsed):
    report, _ = parsed
    for f in report.findings:
        if f.cells:
            assert f.where, f
