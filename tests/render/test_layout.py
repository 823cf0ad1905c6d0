"""The national layout as the formats print it: labels from the template, merged cells where the form merges them."""

from __future__ import annotations

import io
import os

import pytest

from xxgk.errors import InputError, XxgkError
from xxgk.model import Report
from xxgk.render import FORMATS, RenderOptions, build, render
from xxgk.render.layout import Grid, Role, printed_rows, value_text
from xxgk.render.sample import random_report
from xxgk.template import load


def grid_of(report: Report, key: str) -> Grid:
    return next(g for g in build(report).tables if g.key == key)


def cell(grid: Grid, text: str):
    return next(c for c in grid.cells if c.text == text)


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_every_label_comes_from_the_template(template):
    report = random_report(1, template)
    spec = load(template)
    document = build(report)
    texts = {c.text for g in document.tables for c in g.cells if c.role is not Role.VALUE}
    assert {r.label for r in spec.active.rows} <= texts
    assert {spec.active.column(k).label for r in spec.active.rows for k in r.columns} <= texts
    assert {r.label for r in printed_rows(spec, report)} <= texts
    assert {r.group for r in spec.requests.rows if r.group} <= texts
    assert {c.label for c in spec.requests.columns} <= texts
    assert {g.label for g in spec.review.groups} | {c.label for c in spec.review.columns} <= texts
    assert [s.heading for s in document.sections] == [
        "一、总体情况", spec.active.title, spec.requests.title, spec.review.title, "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项"]
    assert document.title == f"{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告"


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_every_cell_of_the_report_is_printed_once(template):
    report = random_report(2, template)
    paths = [c.path for g in build(report).tables for c in g.cells if c.role is Role.VALUE]
    assert len(paths) == len(set(paths))
    assert set(paths) == {p for p, _ in report.cells()}


def test_requests_header_of_two_rows_and_the_balance_note():
    grid = grid_of(random_report(3), "requests")
    note = cell(grid, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (note.row, note.col, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert (cell(grid, "申请人情况").colspan, cell(grid, "法人或其他组织").colspan) == (7, 5)
    assert [(c.text, c.rowspan) for c in grid.rows()[1]] == [("自然人", 2), ("法人或其他组织", 1), ("总计", 2)]
    assert [c.text for c in grid.rows()[2]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert grid.header_rows == 3 and grid.n_cols == 10


@pytest.mark.parametrize("template, legacy, results", [("2021", False, 22), ("2021", True, 20), ("2019", False, 20)])
def test_results_under_one_merged_label(template, legacy, results):
    """三、本年度办理结果 spans every result row and （七）总计; each group label spans its items."""
    report = random_report(4, template, legacy_other=legacy)
    grid = grid_of(report, "requests")
    section = cell(grid, "三、本年度办理结果")
    assert (section.col, section.rowspan) == (0, results)
    assert grid.covering()[section.last_row][1].text == "（七）总计"
    assert (cell(grid, "（三）不予公开").rowspan, cell(grid, "（四）无法提供").rowspan,
            cell(grid, "（五）不予处理").rowspan) == (8, 3, 5)
    other = cell(grid, "（六）其他处理")
    assert (other.rowspan, other.colspan) == ((1, 2) if legacy or template == "2019" else (3, 1))
    assert cell(grid, "一、本年新收政府信息公开申请数量").colspan == 3


def test_active_table_in_blocks_2021():
    grid = grid_of(random_report(5), "active")
    assert grid.n_cols == 4
    blocks = [c.text for c in grid.cells if c.colspan == 4]
    assert blocks == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [c.text for c in grid.cells if c.text == "信息内容"] == ["信息内容"] * 4
    assert cell(grid, "本年收费金额（单位：万元）").colspan == 3
    assert cell(grid, "本年处理决定数量").colspan == 3
    assert [c.colspan for c in grid.rows()[2]] == [1, 1, 1, 1]  # 规章 and its three numbers


def test_active_table_in_blocks_2019():
    grid = grid_of(random_report(5, "2019"), "active")
    blocks = [c.text for c in grid.cells if c.colspan == 4]
    assert blocks == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
                      "第二十条第（九）项"]
    fees = next(row for row in grid.rows() if row[0].text == "行政事业性收费")
    assert [c.colspan for c in fees] == [1, 1, 2]
    procurement = next(row for row in grid.rows() if row[0].text == "政府集中采购")
    assert [c.colspan for c in procurement] == [1, 1, 2]


def test_review_three_header_rows_and_fifteen_numbers():
    grid = grid_of(random_report(6), "review")
    assert (grid.n_rows, grid.n_cols, grid.header_rows) == (4, 15, 3)
    assert [(c.text, c.colspan) for c in grid.rows()[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(c.text, c.rowspan) for c in grid.rows()[1]][:5] == [
        ("结果维持", 2), ("结果纠正", 2), ("其他结果", 2), ("尚未审结", 2), ("总计", 2)]
    assert [(c.text, c.colspan) for c in grid.rows()[1]][5:] == [("未经复议直接起诉", 5), ("复议后起诉", 5)]
    assert len(grid.rows()[2]) == 10
    assert [c.path for c in grid.rows()[3]][:2] == ["review.reconsideration.upheld", "review.reconsideration.corrected"]
    assert len(grid.rows()[3]) == 15


def test_split_keeps_a_cut_merged_cell_above():
    grid = grid_of(random_report(7), "requests")
    top, bottom = grid.split(10)
    assert (top.n_rows, bottom.n_rows) == (10, grid.n_rows - 10)
    section = cell(top, "三、本年度办理结果")
    assert section.last_row == 9
    first = bottom.covering()[0]
    assert first[0].text == "" and first[0].rowspan == 22 - (10 - 5)
    assert (first[1].text, first[1].rowspan, first[2].text) == ("", 5, "4.保护第三方合法权益")
    assert bottom.header_rows == 0


def test_split_repeats_the_header():
    grid = grid_of(random_report(7), "requests")
    _, bottom = grid.split(12, repeat_header=True)
    assert bottom.n_rows == grid.n_rows - 12 + 3 and bottom.header_rows == 3
    assert bottom.rows()[0][0].text.startswith("（本列数据的勾稽关系为")
    assert bottom.covering()[3][2].text == "6.属于四类过程性信息"


@pytest.mark.parametrize("value, blank, text", [
    (12, "", "12"), (0, "", "0"), (-3, "", "-3"), (182.68, "", "182.68"), (3.0, "", "3.00"), (0.125, "", "0.125"), (0.00001, "", "0.00001"),
    (None, "", ""), (None, "/", "/"), (None, "—", "—")])
def test_value_text(value, blank, text):
    assert value_text(value, blank) == text


def test_html_merges_with_rowspan_and_colspan_and_escapes():
    report = random_report(8)
    report.meta.agency = "某某<局>&办"
    page = render(report, "html").decode("utf-8")
    assert '<meta charset="utf-8">' in page
    assert '<th rowspan="3" colspan="3">（本列数据的勾稽关系为' in page
    assert '<td rowspan="8">（三）不予公开</td>' in page
    assert "某某&lt;局&gt;&amp;办" in page and "某某<局>" not in page


def test_html_fragment_is_the_report_alone():
    fragment = render(random_report(8), "html", fragment=True).decode("utf-8")
    assert fragment.startswith('<div class="xxgk-report">') and "<html" not in fragment


def test_docx_has_merged_cells():
    import docx

    word = docx.Document(io.BytesIO(render(random_report(9), "docx")))
    active, requests, review = word.tables
    assert requests.cell(0, 0)._tc is requests.cell(2, 2)._tc  # the balance note, 3 × 3
    assert requests.cell(5, 0)._tc is requests.cell(26, 0)._tc  # 三、本年度办理结果 over 22 rows
    assert review.cell(0, 5)._tc is review.cell(0, 14)._tc  # 行政诉讼 over 10 columns
    assert requests.cell(5, 0).text == "三、本年度办理结果"


def test_xlsx_has_merged_cells_ruled_tables_and_numbers_as_numbers():
    import openpyxl

    report = random_report(9)
    report.active["fees"]["amount_wan_yuan"] = 12.5
    sheet = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx"))).active
    merged = {str(m) for m in sheet.merged_cells.ranges}
    title = next(c for c in sheet["A"] if c.value == build(report).title)
    assert f"A{title.row}:O{title.row}" in merged  # the title across the sheet
    note = next(c for c in sheet["A"] if c.value == grid_of(report, "requests").cells[0].text)
    assert f"A{note.row}:C{note.row + 2}" in merged  # the balance note, 3 × 3
    first = sheet.cell(note.row + 3, 4)
    assert isinstance(first.value, int) and first.value == report.requests["received_new"]["natural_person"]
    assert first.border.left.style == "thin"
    fees = next(c for c in sheet["A"] if c.value == "行政事业性收费")
    amount = sheet.cell(fees.row, 2)
    assert (amount.value, amount.number_format) == (12.5, "0.00")  # printed 12.50, as the layout prints it


def test_pdf_has_text_and_ruling_lines(tmp_path):
    import pypdfium2

    from xxgk.read import read

    report = random_report(10)
    data = render(report, "pdf")
    pdf = pypdfium2.PdfDocument(data)
    try:
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert report.meta.agency in text and "第二十条第（一）项" in text
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    # the ruling lines cut the national layout's tables: 二 in 14 rows of 4 columns on page 1; 三 in 10 columns,
    # starting on page 1 and running on to page 2; 四 in 15 columns (复议 and two kinds of 诉讼, five each)
    tables = read(path).tables
    assert [(grid.ref.page, len(grid.rows), len(grid.rows[0])) for grid in tables] == [(1, 14, 4), (1, 28, 10),
                                                                                        (2, 4, 15)]
    assert {cell.ref.page for row in tables[1].rows for cell in row} == {1, 2}
    assert tables[0].rows[0][0].text == "第二十条第（一）项"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(fmt):
    assert render(random_report(0), fmt)


def test_unknown_format_and_bad_options_are_input_errors():
    report = random_report(0)
    with pytest.raises(InputError):
        render(report, "odt")
    with pytest.raises(InputError):
        render(report, "html", blank="0")
    with pytest.raises(InputError):
        render(report, "html", encoding="no-such-charset")
    with pytest.raises(InputError):
        render(report, "html", colour="red")
    with pytest.raises(InputError):
        RenderOptions(page_size="Letter")


def test_missing_font_is_one_clear_error(tmp_path):
    with pytest.raises(XxgkError, match="字体文件不存在"):
        render(random_report(0), "pdf", font_path=str(tmp_path / "none.ttf"))


def test_font_without_chinese_is_refused():
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.isfile(latin):
        pytest.skip("DejaVu Sans not installed")
    with pytest.raises(XxgkError, match="没有汉字"):
        render(random_report(0), "pdf", font_path=latin)


def test_no_font_found_is_one_clear_error(monkeypatch):
    from xxgk.render import pdf

    monkeypatch.setattr(pdf, "FONT_PATHS", ("/nonexistent/font.ttc",))
    with pytest.raises(XxgkError, match="未找到中文字体"):
        render(random_report(0), "pdf")
