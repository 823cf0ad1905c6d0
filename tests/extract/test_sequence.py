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


def table_two_read_down(report, headings_first: bool) -> str:
    """Table 二 as pdftotext copies LibreOffice's PDF of it: the row labels first, then each group's headings and
    numbers, the 现行有效件数 column after the others (``headings_first``: each heading before its numbers, the
    rows read across, as the format orders them)."""
    v = {p: report.cell(f"active.{p}") for p in ("regulations.issued", "regulations.repealed",
                                                   "regulations.in_force", "normative_documents.issued",
                                                   "normative_documents.repealed", "normative_documents.in_force",
                                                   "licensing.decisions", "punishment.decisions",
                                                   "coercion.decisions", "fees.amount_wan_yuan")}
    labels = ["信息内容", "规章", "行政规范性文件", "信息内容", "行政许可", "信息内容", "行政处罚", "行政强制",
              "信息内容", "行政事业性收费"]
    if headings_first:
        first = ["第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数",
                 v["regulations.issued"], v["regulations.repealed"], v["regulations.in_force"],
                 v["normative_documents.issued"], v["normative_documents.repealed"], v["normative_documents.in_force"]]
        last: list = []
    else:
        first = ["第二十条第（一）项", "本年制发件数", "本年废止件数", v["regulations.issued"],
                 v["regulations.repealed"], v["normative_documents.issued"], v["normative_documents.repealed"]]
        last = ["现行有效件数", v["regulations.in_force"], v["normative_documents.in_force"]]
    middle = ["第二十条第（五）项", "本年处理决定数量", v["licensing.decisions"], "第二十条第（六）项", "本年处理决定数量",
              v["punishment.decisions"], v["coercion.decisions"], "第二十条第（八）项", "本年收费金额（单位：万元）",
              f'{v["fees.amount_wan_yuan"]:.2f}']
    return "\n".join(str(x) for x in ["二、主动公开政府信息情况", *labels, *first, *middle, *last])


def test_table_two_whose_column_heading_follows_its_numbers_is_left_blank_and_named():
    """Table 二 has no relation to check an order by; a column heading printed after the numbers its column's cells
    would take shows the numbers are not in the format's order, and nothing is placed."""
    original = random_report(21, "2021")
    original.active["normative_documents"]["repealed"] = 4  # the in_force column must not look like the others
    original.active["normative_documents"]["in_force"] = 9
    rest = cell_per_line(original, {}).split("三、收到和处理政府信息公开申请情况")[1]
    report = extract(parse_text(table_two_read_down(original, headings_first=False)
                                + "\n三、收到和处理政府信息公开申请情况" + rest))
    active = [p for p, _ in original.cells() if p.startswith("active.")]
    assert [p for p in active if report.cell(p) is not None] == []
    named = {c for f in report.findings if f.code == "layout.order_inconsistent" for c in f.cells}
    assert set(active) <= named
    assert not [f for f in report.findings if f.severity == "error"]

    in_order = extract(parse_text(table_two_read_down(original, headings_first=True)
                                  + "\n三、收到和处理政府信息公开申请情况" + rest))
    assert [(p, in_order.cell(p)) for p in active if in_order.cell(p) != original.cell(p)] == []


def test_a_table_that_lost_its_structure_makes_the_layout_errors_of_the_others_warnings():
    """A copy that scrambled table 三 (a number too many) and left table 四 without its row of numbers: the missing
    row of 四 is a warning, since the copy lost structure; the same 四 after a sound 三 is an error."""
    original = random_report(12, "2019")
    text = cell_per_line(original, {})
    head, review = text.split("四、政府信息公开行政复议、行政诉讼情况")
    no_numbers = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持\n0\n结果纠正\n0\n"
                  "五、存在的主要问题及改进情况\n无。")
    lost = extract(parse_text(head.replace("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况\n7")
                              + no_numbers))
    assert "layout.order_unfit" in {f.code for f in lost.findings}
    missing = [f for f in lost.findings if f.code == "template.missing_row" and f.cells[0].startswith("review.")]
    assert missing and {f.severity for f in missing} == {"warning"}
    assert not [f for f in lost.findings if f.severity == "error"]
    sound = extract(parse_text(head + no_numbers))
    assert [f.severity for f in sound.findings if f.code == "template.missing_row"] == ["error"]
