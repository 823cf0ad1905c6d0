"""Extraction on documents changed from a real one: each oddity of printing is read as printed and noted."""

from __future__ import annotations

import pytest

from xxgk.errors import TemplateError
from xxgk.extract import extract
from xxgk.read.text import parse_text
from xxgk.template import load


@pytest.fixture(scope="module")
def text(seed):
    """The pipe-separated report 003 (淮安经济技术开发区 2024)."""
    return seed("003").read_text(encoding="utf-8")


def _codes(report):
    return [f.code for f in report.findings]


def test_words_in_a_number_cell(text):
    report = extract(parse_text(text.replace("行政许可 | 0 |", "行政许可 | 见附件 |")))
    assert report.active["licensing"]["decisions"] is None
    assert "layout.cell_text" in _codes(report)


def test_amount_with_its_own_unit_is_converted_to_wan_yuan(text):
    report = extract(parse_text(text.replace("行政事业性收费 | 0 |", "行政事业性收费 | 251000元 |")))
    assert report.active["fees"]["amount_wan_yuan"] == pytest.approx(25.1)
    found = [f for f in report.findings if f.code == "unit.converted"]
    assert found and found[0].cells == ["active.fees.amount_wan_yuan"] and "251000元" in found[0].message


def test_a_row_printed_twice(text):
    row = next(line for line in text.splitlines() if line.startswith("2.重复申请"))
    report = extract(parse_text(text.replace(row, row + "\n" + row.replace("| 1 |", "| 9 |", 1))))
    assert report.requests["rejected_duplicate"]["natural_person"] == 1
    assert "layout.duplicate_row" in _codes(report)


def test_a_missing_row_is_null_and_noted(text):
    row = next(line for line in text.splitlines() if line.startswith("8.属于行政查询事项"))
    report = extract(parse_text(text.replace(row + "\n", "")))
    assert report.requests["withheld_inquiry"] == {c: None for c in report.requests["granted"]}
    missing = [f for f in report.findings if f.code == "template.missing_row"]
    assert len(missing) == 1 and "8.属于行政查询事项" in missing[0].message


def test_a_missing_table_is_noted(text):
    start = text.index("四、政府信息公开行政复议")
    end = text.index("五、存在的主要问题")
    report = extract(parse_text(text[:start] + text[end:]))
    assert all(v is None for row in report.review.values() for v in row.values())
    assert "template.missing_table" in _codes(report)


def test_no_year_anywhere(text):
    from xxgk.check import check
    cut = text.replace("2024", "").replace("2025", "")
    report = extract(parse_text(cut))
    assert report.meta.year is None
    assert "meta.year_missing" in [f.code for f in check(report)]


def test_no_report_tables_is_an_error():
    with pytest.raises(TemplateError):
        extract(parse_text("一、总体情况\n本年度无数据。\n"))


def _report_2019() -> str:
    """A 2019-format report as pipe rows, labels from the template."""
    t = load("2019")
    lines = ["某县交通运输局2019年政府信息公开工作年度报告", "一、总体情况", "本年共收到政府信息公开申请3件。",
             "二、主动公开政府信息情况"]
    for row in t.active.rows:
        lines.append(" | ".join([t.active.column(c).label for c in row.columns]) + " |")
        lines.append(row.label + " | " + " | ".join("12.5" if c == "amount_wan_yuan" else "1" for c in row.columns) + " |")
    lines.append("三、收到和处理政府信息公开申请情况")
    lines.append(" | " + " | ".join(c.label for c in t.requests.columns) + " |")
    for row in t.requests.rows:
        n = {"received_new": 3, "granted": 2, "other": 1, "processed_total": 3}.get(row.key, 0)
        lines.append(row.printed + " | " + " | ".join([str(n)] + ["0"] * 5 + [str(n)]) + " |")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", " | ".join(["0"] * 15) + " |", "五、存在的主要问题及改进情况", "无。"]
    return "\n".join(lines)


def test_the_2019_format_is_told_from_its_labels():
    report = extract(parse_text(_report_2019()))
    assert report.meta.template == "2019" and report.meta.year == 2019
    assert report.active["procurement"] == {"projects": 1, "amount_wan_yuan": 12.5}
    assert report.active["licensing"] == {"last_year_items": 1, "change": 1, "decisions": 1}
    assert report.requests["other"]["total"] == 1 and "other_misc" not in report.requests
    codes = _codes(report)
    assert "unit.unstated" in codes and "template.old_other_row" not in codes


def test_a_label_wrapped_over_two_lines(text):
    row = next(line for line in text.splitlines() if line.startswith("(二)部分公开"))
    wrapped = row.replace("(二)部分公开(区分处理的,只计这一情形,", "(二)部分公开(区分处理的,只计这一情形,\n")
    assert wrapped != row
    report = extract(parse_text(text.replace(row, wrapped)))
    assert report.requests["partially_granted"]["total"] == 17
    assert "template.missing_row" not in _codes(report)


def test_numbers_on_a_line_below_their_label(text):
    row = next(line for line in text.splitlines() if line.startswith("6.属于四类过程性信息"))
    label, numbers = row.split(" | ", 1)
    report = extract(parse_text(text.replace(row, label + " |\n | " + numbers)))
    assert report.requests["withheld_process_info"]["natural_person"] == 1


def test_a_row_the_format_does_not_have(text):
    row = next(line for line in text.splitlines() if line.startswith("2.重复申请"))
    report = extract(parse_text(text.replace(row, row + "\n6.其他原因不予处理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |")))
    unknown = [f for f in report.findings if f.code == "template.unknown_row"]
    assert len(unknown) == 1 and "6.其他原因不予处理" in unknown[0].message
    assert report.requests["rejected_duplicate"]["total"] == 1


def test_a_label_nobody_can_read_is_the_row_missing_where_it_stands(text):
    row = next(line for line in text.splitlines() if line.startswith("(七)总计"))
    numbers = row.split(" | ", 1)[1]
    report = extract(parse_text(text.replace(row, "(t) O计 | " + numbers)))
    by_position = [f for f in report.findings if f.code == "template.row_by_position"]
    assert len(by_position) == 1 and "（七）总计" in by_position[0].message and "(t) O计" in by_position[0].message
    assert "requests.processed_total.total" in by_position[0].cells
    printed = [n.strip() for n in numbers.split("|") if n.strip()]
    assert report.requests["processed_total"]["total"] == int(printed[-1])
    assert "template.missing_row" not in _codes(report) and "template.unknown_row" not in _codes(report)


def test_an_unreadable_label_where_two_rows_are_missing_is_not_guessed(text):
    lines = [line for line in text.splitlines() if not line.startswith("2.没有现成信息")]
    at = next(i for i, line in enumerate(lines) if line.startswith("3.补正后申请内容"))
    lines[at] = "3.补Ⅱ后申倩内谷仍不明棉 | " + lines[at].split(" | ", 1)[1]
    report = extract(parse_text("\n".join(lines)))
    assert "template.row_by_position" not in _codes(report)
    assert "template.unknown_row" in _codes(report)
    missing = {c for f in report.findings if f.code == "template.missing_row" for c in f.cells}
    assert {"requests.unavailable_needs_creation.total", "requests.unavailable_unclear.total"} <= missing


def test_title_and_statistics_period_name_different_years(seed):
    text = seed("000").read_text(encoding="utf-8").replace("数据统计期限从2024年1月1日", "数据统计期限从2023年1月1日")
    report = extract(parse_text(text))
    conflict = [f for f in report.findings if f.code == "meta.year_conflict"]
    assert report.meta.year == 2024 and len(conflict) == 1 and "2023" in conflict[0].message


def test_other_handling_printed_in_neither_form(text):
    lines = [l for l in text.splitlines() if not l.startswith(("(六)其他处理", "2.申请人逾期未按收费通知", "3.其他 |"))]
    report = extract(parse_text("\n".join(lines)))
    missing = [f for f in report.findings if f.code == "template.missing_row"]
    assert len(missing) == 1 and "（六）其他处理" in missing[0].message
    assert {"requests.other.total", "requests.other_misc.total"} <= set(missing[0].cells)
    assert report.requests["other_misc"]["total"] is None and "other" not in report.requests
