"""A table whose lines were lost: its numbers placed in the format's order only where every consistent reading
agrees, always with a finding; nothing placed when the count of numbers fits no form."""

from __future__ import annotations

from xxgk.extract import extract
from xxgk.extract.cells import parse, spread
from xxgk.extract.sequence import place
from xxgk.read import Cell
from xxgk.read.text import parse_text
from xxgk.render.sample import random_report
from xxgk.template import load

TABLES = ("active", "requests", "review")


def numbers_of(report, table: str) -> list[list]:
    """The rows of a table's values, each in the format's column order."""
    spec = load(report.meta.template).table(table)
    if table == "review":
        return [[report.cell(f"review.{g.key}.{c.key}") for c in spec.columns] for g in spec.groups]
    return [[report.cell(f"{table}.{r.key}.{c}") for c in (r.columns or [c.key for c in spec.columns])]
            for r in spec.rows if report.has_row(table, r.key)]


def cell_per_line(report, down: dict[str, int]) -> str:
    """The report's tables as a reading-order copy prints them: headings, then each number on a line of its own;
    in table t, the first ``down[t]`` rows read down their columns, the rest across; a page number in between."""
    lines = [f"{report.meta.year}年政府信息公开工作年度报告", "一、总体情况", "本机关依法公开政府信息。"]
    headings = {"active": "二、主动公开政府信息情况", "requests": "三、收到和处理政府信息公开申请情况",
                "review": "四、政府信息公开行政复议、行政诉讼情况"}
    for table in TABLES:
        lines.append(headings[table])
        rows = numbers_of(report, table)
        k = down.get(table, 0)
        block = [rows[r][c] for c in range(len(rows[0])) for r in range(k)] if k else []
        rest = [v for row in rows[k:] for v in row]
        for n, v in enumerate(block + rest):
            lines.append("/" if v is None else f"{v:g}" if isinstance(v, float) else str(v))
            if n == 40:
                lines.append("- 2 -")
    lines += ["五、存在的主要问题及改进情况", "无。"]
    return "\n".join(lines)


def test_rows_read_down_their_columns_are_placed_exactly_with_a_warning():
    original = random_report(11, "2021")
    report = extract(parse_text(cell_per_line(original, {"requests": 9})))
    assert [(p, report.cell(p)) for p, v in original.cells() if report.cell(p) != v] == []
    placed = [f for f in report.findings if f.code == "layout.placed_by_order"]
    assert {f.severity for f in placed} == {"warning"}
    assert "requests.received_new.total" in {c for f in placed for c in f.cells}
    assert report.uncertain["requests.received_new.total"] == "按数字顺序放入模板"


def test_a_number_too_many_places_nothing_and_says_why():
    original = random_report(12, "2019")
    text = cell_per_line(original, {}).replace("四、政府信息公开行政复议", "7\n四、政府信息公开行政复议")
    report = extract(parse_text(text))
    assert all(report.cell(p) is None for p, _ in original.cells() if p.startswith("requests."))
    unfit = [f for f in report.findings if f.code == "layout.order_unfit"]
    assert [f.severity for f in unfit] == ["warning"] and "requests.processed_total.total" in unfit[0].cells
    assert [f.code for f in report.findings if f.severity == "error"] == []


def test_readings_that_disagree_leave_their_cells_blank():
    """Table 四's fifteen numbers add up read across and read down alike, with different values in two cells: those
    two are not chosen, the others (equal in both readings) are placed."""
    tokens = [Cell(t) for t in "0 0 0 0 0 0 0 0 0 0 0 1 0 0 1".split()]
    placement = place(load("2021"), "review", tokens)
    assert sorted(placement.ambiguous) == ["review.litigation_after_reconsideration.corrected",
                                           "review.litigation_after_reconsideration.pending"]
    assert placement.values["litigation_after_reconsideration"]["total"] == 1
    assert placement.values["reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


def test_cells_left_blank_by_disagreeing_readings_are_named():
    original = random_report(13, "2021")
    for group in original.review.values():
        group.update(upheld=0, corrected=0, other=0, pending=0, total=0)
    original.review["litigation_after_reconsideration"].update(corrected=1, total=1)
    report = extract(parse_text(cell_per_line(original, {})))
    ambiguous = [f for f in report.findings if f.code == "layout.order_ambiguous"]
    assert [f.cells for f in ambiguous] == [["review.litigation_after_reconsideration.corrected",
                                             "review.litigation_after_reconsideration.pending"]]
    assert report.cell("review.litigation_after_reconsideration.corrected") is None
    assert report.cell("review.litigation_after_reconsideration.total") == 1


def test_numbers_that_add_up_in_no_reading_place_nothing_and_say_why():
    """Fifteen numbers fit table 四, but a 维持 of 1 under a 总计 of 0 breaks its group read across and read down
    alike: no cell is placed, and the finding names every cell left blank."""
    assert not place(load("2021"), "review", [Cell("1")] + [Cell("0")] * 14).consistent
    original = random_report(12, "2019")
    for group in original.review.values():
        group.update(upheld=0, corrected=0, other=0, pending=0, total=0)
    original.review["reconsideration"]["upheld"] = 1
    report = extract(parse_text(cell_per_line(original, {})))
    assert all(report.cell(p) is None for p, _ in original.cells() if p.startswith("review."))
    [inconsistent] = [f for f in report.findings if f.code == "layout.order_inconsistent"]
    assert inconsistent.severity == "warning" and "review.reconsideration.total" in inconsistent.cells
    assert report.cell("requests.processed_total.total") == original.cell("requests.processed_total.total")


def test_a_count_that_fits_no_form_places_nothing():
    assert place(load("2021"), "review", [Cell("0")] * 14) is None


def test_a_run_of_numbers_in_one_cell_is_taken_apart_not_joined():
    cells = (Cell("一、本年新收政府信息公开申请数量"), Cell("95 0"), Cell("0 0"), Cell("0 0"), Cell("95"))
    assert [c.text for c in spread(cells)] == ["一、本年新收政府信息公开申请数量", "95", "0", "0", "0", "0", "0", "95"]
    assert parse("9 0").value is None
