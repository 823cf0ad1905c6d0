"""Each rule reports its code on a report that breaks it, naming the cells, and stays silent on a right one."""

from __future__ import annotations

import copy

import pytest

from xxgk.check import RULES, check, check_years
from xxgk.model import CODES, Severity
from xxgk.pipeline import parse_file


@pytest.fixture(scope="module")
def clean(seed):
    return parse_file(seed("000"))


def _changed(report, path, value):
    other = copy.deepcopy(report)
    table, row, column = path.split(".")
    getattr(other, table)[row][column] = value
    other.findings = []
    return other


def _codes(findings):
    return {f.code for f in findings}


def test_a_right_report_has_no_finding(clean):
    assert check(clean) == []


def test_row_total(clean):
    findings = check(_changed(clean, "requests.granted.natural_person", 13))
    row = [f for f in findings if f.code == "sum.row"]
    assert len(row) == 1 and "requests.granted.total" in row[0].cells
    assert row[0].severity == Severity.ERROR
    assert "（一）予以公开" in row[0].message and "总计为12" in row[0].message and "之和为13" in row[0].message


def test_column_sum_and_balance(clean):
    findings = check(_changed(clean, "requests.processed_total.natural_person", 25))
    assert {"sum.column", "balance.column", "sum.row"} <= _codes(findings)
    balance = next(f for f in findings if f.code == "balance.column")
    assert balance.cells == ["requests.received_new.natural_person", "requests.carried_over.natural_person",
                             "requests.processed_total.natural_person", "requests.carried_forward.natural_person"]
    assert "“自然人”栏" in balance.message


def test_review_total(clean):
    findings = check(_changed(clean, "review.reconsideration.upheld", 2))
    assert _codes(findings) == {"sum.review"}
    assert "行政复议" in findings[0].message


def test_blank_cells_are_not_summed(clean):
    assert check(_changed(clean, "requests.granted.natural_person", None)) == []


def test_wrong_format_for_the_year(clean):
    old = copy.deepcopy(clean)
    old.meta.year = 2020
    assert "template.wrong_format" in _codes(check(old))


def test_carried_over_against_last_year(clean):
    last = _changed(clean, "requests.carried_forward.total", 3)
    last.meta.year = clean.meta.year - 1
    findings = check_years(clean, last)
    assert [f.code for f in findings] == ["years.carry"]
    assert findings[0].cells == ["requests.carried_over.total"]


def test_in_force_continuity(clean):
    last = _changed(clean, "active.normative_documents.in_force", 5)
    findings = check_years(clean, last)
    assert [f.code for f in findings] == ["years.in_force"]
    assert findings[0].severity == Severity.WARNING


def test_text_that_contradicts_the_table(seed):
    report = parse_file(seed("003"))
    mismatch = [f for f in report.findings if f.code == "text.table_mismatch"]
    assert len(mismatch) == 1
    assert mismatch[0].cells == ["requests.processed_total.total"] and "已答复70件" in mismatch[0].message
    assert mismatch[0].where[0].line is not None


def test_counts_of_something_else_raise_nothing(seed):
    # 004 states channels (当面申请0件、信函申请27件、网上申请6件) and 同意公开答复数8件: not table cells.
    report = parse_file(seed("004"))
    assert [f for f in report.findings if f.code == "text.table_mismatch"] == []


def test_every_rule_code_has_a_message(clean):
    check(clean)  # the rules register when the checks first run
    codes = {code for r in RULES for code in r.codes}
    assert "sum.row" in codes and codes <= set(CODES)
