"""Spreadsheets: .xlsx read by the spreadsheet reader, .xls and WPS 表格 .et converted by LibreOffice's Calc.

The samples are rendered reports (right by construction) as an agency lays them out in Excel, and variants of them
that agencies make: no rules, rules all over, the narrative in one merged cell, hidden sheets, rows and columns.
Each must come back cell for cell. Tests that need LibreOffice's Calc are skipped where it is not installed.
"""

from __future__ import annotations

import datetime
import io
import random
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import olefile
import pytest
from openpyxl.styles import Border, Side

from tests.render.test_roundtrip import assert_same, errors
from xxgk.pipeline import parse_file
from xxgk.read import Paragraph, ReadError, ReadOptions, TableGrid, choose, read
from xxgk.read import legacy, sheet
from xxgk.render import render
from xxgk.render.sample import random_report

# (seed, template) of the rendered reports
REPORTS = ((0, "2021"), (1, "2019"), (2, "2021"), (3, "2019"), (4, "2021"))
_THIN = Side(style="thin")


def _rendered(tmp_path: Path, seed: int, template: str, name: str = "report.xlsx", **options):
    report = random_report(seed, template)
    path = tmp_path / name
    path.write_bytes(render(report, "xlsx", **options))
    return report, path


def _edited(path: Path, edit) -> Path:
    """The workbook at ``path`` changed by ``edit(book)`` and saved in its place."""
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _blocks(layout) -> list:
    """What a Layout holds, without its source refs: paragraph texts and table texts."""
    return [b.text if isinstance(b, Paragraph) else b.texts() for b in layout.blocks]


def _assert_whole(report, path: Path) -> None:
    got = parse_file(path)
    assert_same(report, got)
    assert errors(got) == []
    assert got.sections == report.sections


@pytest.mark.parametrize("seed, template", REPORTS)
def test_xlsx_comes_back_cell_for_cell(seed, template, tmp_path):
    report, path = _rendered(tmp_path, seed, template)
    assert read(path).kind == "xlsx"
    _assert_whole(report, path)


def test_layout_is_the_word_documents(tmp_path):
    """The sheet's paragraphs and tables are those the DOCX reader finds in the same report as a Word file."""
    report = random_report(5, "2021")
    xlsx, docx = tmp_path / "report.xlsx", tmp_path / "report.docx"
    xlsx.write_bytes(render(report, "xlsx"))
    docx.write_bytes(render(report, "docx"))
    layout = read(xlsx)
    assert len(layout.tables) == 3 and _blocks(layout) == _blocks(read(docx))


def test_merged_cell_is_one_cell_in_every_place(tmp_path):
    _, path = _rendered(tmp_path, 0, "2021")
    requests = read(path).tables[1]
    corner = requests.rows[0][0]
    assert [requests.rows[r][c] is corner for r in range(3) for c in range(3)] == [True] * 9
    assert requests.rows[0][3] is not corner and requests.rows[0][3].text == "申请人情况"


def test_refs_name_the_sheet_and_the_row(tmp_path):
    _, path = _rendered(tmp_path, 0, "2021")
    rows = {c.value: c.row for c in openpyxl.load_workbook(path).active["A"] if isinstance(c.value, str)}
    layout = read(path)
    heading = next(p for p in layout.paragraphs if p.text.startswith("三、"))
    assert (heading.ref.sheet, heading.ref.page, heading.ref.line) == ("年度报告", 1, rows[heading.text])
    assert heading.ref.describe() == f"工作表“年度报告”第{rows[heading.text]}行"
    requests = layout.tables[1]
    assert requests.ref.line == rows[heading.text] + 1
    assert requests.rows[3][0].ref.line == rows[heading.text] + 4  # 一、本年新收… under three header rows


def test_a_finding_names_the_sheet_and_row(tmp_path):
    report = random_report(0, "2021")
    report.requests["received_new"]["natural_person"] += 1
    path = tmp_path / "report.xlsx"
    path.write_bytes(render(report, "xlsx"))
    label = next(c for c in openpyxl.load_workbook(path).active["A"] if c.value == "一、本年新收政府信息公开申请数量")
    found = [f for f in parse_file(path).findings if f.code == "sum.row"]
    assert found and found[0].where[0].describe() == f"工作表“年度报告”第{label.row}行"


def test_sniff_tells_a_workbook_from_a_word_document(tmp_path):
    _, xlsx = _rendered(tmp_path, 0, "2021")
    docx = tmp_path / "report.docx"
    docx.write_bytes(render(random_report(0), "docx"))
    workbook, document = xlsx.read_bytes()[:8192], docx.read_bytes()[:8192]
    assert choose(workbook, "report.xlsx").kind == "xlsx"
    assert choose(workbook, "report.docx").kind == "xlsx"
    assert choose(document, "report.xlsx").kind == "docx"
    assert sheet.READER.sniff(document, "report.xlsx") is None
    assert sheet.READER.sniff(b"PK\x03\x04" + bytes(100), "report.xlsx") == 65  # nothing told: the name decides
    assert sheet.READER.sniff(b"PK\x03\x04" + bytes(100), "report.zip") is None
    assert sheet.READER.sniff(b"%PDF-1.7", "report.xlsx") is None
    assert sheet.READER.sniff(None, None) is None


def test_xlsx_named_docx_is_read_as_a_spreadsheet(tmp_path):
    report, path = _rendered(tmp_path, 1, "2019", name="年度报告.docx")
    layout = read(path)
    assert (layout.kind, layout.name) == ("xlsx", "年度报告.docx")
    _assert_whole(report, path)


def _rule(book, everything: bool) -> None:
    """Rules on every used place of the sheet (``everything``), or none at all."""
    ws = book.active
    border = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN) if everything else Border()
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in row:
            cell.border = border


@pytest.mark.parametrize("everything", (False, True), ids=("no-rules", "ruled-all-over"))
@pytest.mark.parametrize("seed, template", REPORTS[:3])
def test_tables_are_found_without_rules_and_with_rules_everywhere(seed, template, everything, tmp_path):
    report, path = _rendered(tmp_path, seed, template, title_break=seed == 1)
    _edited(path, lambda book: _rule(book, everything))
    assert len(read(path).tables) == 3
    _assert_whole(report, path)


def test_blank_cells_in_a_sheet_without_rules(tmp_path):
    """A row whose numbers are all blank has its label alone; it stays in its table between the others, even when
    the label reads like a part's heading (二、上年结转…)."""
    report = random_report(6, "2021")
    for table, row in (("active", "normative_documents"), ("active", "fees"), ("requests", "carried_over")):
        values = getattr(report, table)[row]
        values.update(dict.fromkeys(values))
    path = tmp_path / "report.xlsx"
    path.write_bytes(render(report, "xlsx"))
    _edited(path, lambda book: _rule(book, False))
    active, requests, _ = read(path).tables
    assert "行政规范性文件" in [row[0] for row in active.texts()]
    assert "二、上年结转政府信息公开申请数量" in [row[0] for row in requests.texts()]
    assert_same(report, parse_file(path))


def _narrative_in_one_cell(book, paragraphs: tuple[str, ...]) -> None:
    """The rows of ``paragraphs`` made one merged cell holding them, a line each, as many agencies write it."""
    ws = book.active
    rows = [c.row for c in ws["A"] if c.value in paragraphs]
    for merged in [m for m in ws.merged_cells.ranges if m.min_row in rows]:
        ws.unmerge_cells(str(merged))
    for r in rows:
        ws.cell(r, 1).value = None
    ws.cell(rows[0], 1).value = "\n".join(paragraphs)
    ws.merge_cells(start_row=rows[0], start_column=1, end_row=rows[-1], end_column=15)


def test_narrative_in_one_merged_cell_is_a_paragraph_a_line(tmp_path):
    report, path = _rendered(tmp_path, 2, "2021")
    paragraphs = tuple(line for line in report.sections["overview"].split("\n") if line.strip())
    assert len(paragraphs) > 2
    _edited(path, lambda book: _narrative_in_one_cell(book, paragraphs))
    layout = read(path)
    assert [p.text for p in layout.paragraphs if p.text in paragraphs] == list(paragraphs)
    assert len({p.ref.line for p in layout.paragraphs if p.text in paragraphs}) == 1
    _assert_whole(report, path)


def _hidden_decoy(book, state: str) -> None:
    decoy = book.create_sheet("草稿", 0)
    decoy["A1"] = "草稿：某某局2099年政府信息公开工作年度报告"
    decoy.append(["三、收到和处理政府信息公开申请情况"])
    decoy.append(["一、本年新收政府信息公开申请数量", 999, 999])
    decoy.sheet_state = state


def test_hidden_sheet_is_left_out(tmp_path):
    report, path = _rendered(tmp_path, 3, "2019")
    original = _blocks(read(path))
    shown = _edited(shutil.copyfile(path, tmp_path / "shown.xlsx"), lambda book: _hidden_decoy(book, "visible"))
    assert _blocks(read(shown))[0] == "草稿：某某局2099年政府信息公开工作年度报告"  # the decoy is read when shown
    _edited(path, lambda book: _hidden_decoy(book, "hidden"))
    assert _blocks(read(path)) == original
    _assert_whole(report, path)


def test_hidden_rows_and_columns_are_left_out(tmp_path):
    report, path = _rendered(tmp_path, 4, "2021")
    original = _blocks(read(path))

    def hide(book):
        ws = book.active
        last = ws.max_row
        ws.cell(last + 1, 1, "隐藏的行")
        ws.row_dimensions[last + 1].hidden = True
        for r in range(1, last + 1, 7):
            ws.cell(r, 17, f"隐藏的列{r}")
        ws.column_dimensions["Q"].hidden = True

    _edited(path, hide)
    assert _blocks(read(path)) == original
    _assert_whole(report, path)


@pytest.mark.parametrize("value, number_format, printed", [
    (3, "General", "3"),
    (3.0, "General", "3"),
    (1.5, "General", "1.5"),
    (0.1 + 0.2, "General", "0.3"),
    (12.345, "General", "12.345"),
    (1.5, "0.00", "1.50"),
    (1234.5, "#,##0.00", "1234.50"),
    (2.346, "0.00_ ", "2.35"),
    (2.5, "0", "3"),
    (2.5, "0.##", "2.5"),
    (2.0, "0.##", "2"),
    (0.35, "0%", "35%"),
    (0.1234, "0.0%", "12.3%"),
    (7, '0"件"', "7"),
    (1.25, "[Red]0.0;[Blue]-0.0", "1.3"),
])
def test_numbers_print_as_their_format_says(value, number_format, printed):
    assert sheet.number_text(value, number_format) == printed


def test_dates_print_as_dates():
    assert sheet.date_text(datetime.datetime(2024, 1, 15), "yyyy-mm-dd") == "2024-01-15"
    assert sheet.date_text(datetime.datetime(2024, 1, 15), 'yyyy"年"m"月"d"日"') == "2024年1月15日"
    assert sheet.date_text(datetime.datetime(2024, 1, 15, 9, 30), "yyyy-mm-dd h:mm") == "2024-01-15 09:30"


def _with_part(path: Path, part: str, change) -> None:
    """The zip at ``path`` with member ``part`` replaced by ``change(its bytes)``."""
    with zipfile.ZipFile(path) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, data in members:
            new.writestr(info, change(data) if info.filename == part else data)


def test_formula_gives_its_value_as_last_calculated(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["项目", "甲", "乙", "合计"])
    ws.append(["件数", 1, 2, "=B2+C2"])
    ws.append(["未算", 1, 2, "=B3+C3"])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    _with_part(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b"<v></v>", b"<v>3</v>", 1))
    assert read(path).tables[0].texts() == [["项目", "甲", "乙", "合计"], ["件数", "1", "2", "3"],
                                            ["未算", "1", "2", ""]]


def test_truncated_xlsx_is_a_read_error(tmp_path):
    _, path = _rendered(tmp_path, 0, "2021")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ReadError) as raised:
        read(cut)
    assert raised.value.message == "cut.xlsx: 文件已损坏或不完整，无法作为电子表格打开"


def test_empty_workbook_is_a_read_error(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError, match="^empty.xlsx: 电子表格中没有内容"):
        read(path)


def test_zip_bomb_and_dtd_are_refused(tmp_path):
    _, path = _rendered(tmp_path, 0, "2021")
    with pytest.raises(ReadError, match="压缩炸弹"):
        read(path, ReadOptions(max_unpacked_bytes=20000))
    _with_part(path, "xl/worksheets/sheet1.xml", lambda data: b'<!DOCTYPE x [<!ENTITY a "b">]>' + data)
    with pytest.raises(ReadError, match="DTD"):
        read(path)


def test_a_merged_cell_over_the_whole_sheet_is_refused_before_loading(tmp_path):
    """openpyxl makes an object of every merged place: A1:XFD1048576 would be 17 billion of them."""
    book = openpyxl.Workbook()
    book.active["A1"] = "年度报告"
    book.active.merge_cells("A1:B2")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    _with_part(path, "xl/worksheets/sheet1.xml", lambda data: data.replace(b'ref="A1:B2"', b'ref="A1:XFD1048576"'))
    with pytest.raises(ReadError, match="合并单元格过大"):
        read(path)


def test_a_sheet_used_far_and_wide_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "年度报告"
    book.active["XFD1048576"] = "末尾"
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(ReadError, match="过大"):
        read(path)


# --- .xls and .et through LibreOffice's Calc -------------------------------------------------------------------

@pytest.fixture(scope="session")
def calc() -> str:
    found = legacy.find_soffice()
    if found is None or not legacy.has_calc(found):
        pytest.skip("LibreOffice Calc is not installed: apt-get install libreoffice-calc-nogui")
    return found


@pytest.fixture(scope="session")
def books(calc, tmp_path_factory) -> dict[tuple[int, str], tuple]:
    """(seed, template) → (report, .xlsx, the .xlsx saved as .xls by LibreOffice)."""
    work = tmp_path_factory.mktemp("sheets")
    made = {}
    for seed, template in REPORTS:
        made[seed, template] = _rendered(work, seed, template, name=f"report_{seed}_{template}.xlsx")
    converted = legacy.convert([path for _, path in made.values()], "xls", work / "xls", calc)
    assert None not in converted
    return {key: (report, path, xls) for (key, (report, path)), xls in zip(made.items(), converted)}


@pytest.mark.parametrize("suffix", (".xls", ".et"))
@pytest.mark.parametrize("seed, template", REPORTS)
def test_xls_and_et_come_back_cell_for_cell(books, seed, template, suffix, tmp_path):
    report, _, xls = books[seed, template]
    assert xls.read_bytes().startswith(legacy.OLE_MAGIC)
    path = tmp_path / f"年度报告{suffix}"
    shutil.copyfile(xls, path)
    assert choose(path.read_bytes()[:8192], path.name).kind == "legacy"
    _assert_whole(report, path)


def test_et_layout_is_the_xlsx_readers_with_its_own_kind_and_name(books, tmp_path):
    _, xlsx, xls = books[REPORTS[0]]
    et = tmp_path / "报告.et"
    shutil.copyfile(xls, et)
    layout, original = read(et), read(xlsx)
    assert (layout.kind, layout.name) == ("legacy", "报告.et")
    assert _blocks(layout) == _blocks(original)
    assert [p.ref for p in layout.paragraphs] == [p.ref for p in original.paragraphs]


def test_password_protected_et_is_refused_without_libreoffice(books, tmp_path, monkeypatch):
    """An encrypted workbook has a FILEPASS record right after the BOF record of its Workbook stream."""
    monkeypatch.setattr(legacy, "find_soffice", lambda: pytest.fail("LibreOffice must not be needed"))
    data = bytearray(books[REPORTS[0]][2].read_bytes())
    with olefile.OleFileIO(bytes(data)) as ole:
        at = (next(e for e in ole.direntries if e and e.name == "Workbook").isectStart + 1) * ole.sectorsize  # the Workbook stream's start
    kind, length = struct.unpack_from("<HH", data, at)
    assert kind == legacy.BIFF_BOF
    struct.pack_into("<H", data, at + 4 + length, legacy.BIFF_FILEPASS)
    path = tmp_path / "加密.et"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match="^加密.et: 电子表格有密码保护"):
        read(path)


@pytest.mark.parametrize("damage", ["garbage", "random body", "not ole"])
def test_damaged_et_is_a_read_error(books, tmp_path, damage):
    data = books[REPORTS[0]][2].read_bytes()
    rng = random.Random(damage)
    broken = {"garbage": legacy.OLE_MAGIC + rng.randbytes(20000),
              "random body": data[:512] + rng.randbytes(len(data) - 512),
              "not ole": rng.randbytes(20000)}[damage]
    path = tmp_path / "报表.et"
    path.write_bytes(broken)
    with pytest.raises(ReadError) as raised:
        read(path)
    message = raised.value.message
    assert message.startswith("报表.et: ") and "损坏" in message and "\n" not in message


def test_xlsx_named_xls_is_read_as_a_spreadsheet(tmp_path):
    """Web systems export .xlsx files under the .xls name."""
    report, path = _rendered(tmp_path, 2, "2021", name="导出.xls")
    assert read(path).kind == "xlsx"
    _assert_whole(report, path)


def test_workbook_bytes_in_memory_are_a_zip_with_a_workbook():
    data = render(random_report(0), "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert sheet.MAIN_PART in package.namelist()
    assert sheet.zip_names(data[:8192])[:1] and any(n.startswith("xl/") for n in sheet.zip_names(data[:8192]))
