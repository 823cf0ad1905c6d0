"""The PDF reader on the real reports in the corpus, on broken and hostile files, and its stages on small cases."""

from __future__ import annotations

import ctypes
import io
import json
import re
import time
from pathlib import Path

import pypdfium2
import pytest

from xxgk.errors import ReadError
from xxgk.read import Layout, Paragraph, ReadOptions, SourceRef, TableGrid, registry
from xxgk.read.pdf import READER
from xxgk.read.page.rulings import Ruling, find_rulings, grid_regions, snap_rules
from xxgk.read.page.lines import block_text, group_lines
from xxgk.read.page.content import Char, Rule

REPORTS = ("hongze_2023", "hongze_2024")
NUMBER = re.compile(r"^\d+(\.\d+)?$")


# --- fixtures and helpers ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(corpus) -> Path:
    """The folder of PDF reports in the shared corpus."""
    return corpus / "pdf"


@pytest.fixture(scope="module")
def layouts(pdfs) -> dict[str, Layout]:
    """Each corpus report read once."""
    return {name: READER.read(pdfs / f"{name}.pdf", ReadOptions()) for name in REPORTS}


def printed(row) -> list:
    """A grid row as printed: a merged cell, repeated in the grid, counted once."""
    cells = []
    for cell in row:
        if not cells or cell != cells[-1]:
            cells.append(cell)
    return cells


def numbers(row) -> list[float]:
    """The numbers of a row, in order, one per printed cell."""
    return [float(c.text) for c in printed(row) if NUMBER.match(c.text)]


def table_with(layout: Layout, text: str) -> TableGrid:
    """The one table having a cell that contains ``text``."""
    found = [t for t in layout.tables if any(text in c.text for row in t.rows for c in row)]
    assert len(found) == 1, f"{len(found)} tables contain {text!r}"
    return found[0]


def row_with(table: TableGrid, text: str):
    """The one row of a table having a cell that contains ``text``."""
    found = [row for row in table.rows if any(text in c.text for c in row)]
    assert len(found) == 1, f"{len(found)} rows contain {text!r}"
    return found[0]


def number_rows(table: TableGrid) -> list[list[float]]:
    return [numbers(row) for row in table.rows if numbers(row)]


def blank_pdf(pages: int, with_image: bool = False) -> bytes:
    """A PDF of blank A4 pages (each with a picture when asked), made with PDFium."""
    pdf = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(595, 842)
        if with_image:
            image = pypdfium2.PdfImage.new(pdf)
            bitmap = pypdfium2.PdfBitmap.new_native(40, 40, pypdfium2.raw.FPDFBitmap_BGR)
            image.set_bitmap(bitmap)
            image.set_matrix(pypdfium2.PdfMatrix().scale(400, 600).translate(90, 120))
            page.insert_obj(image)
            page.gen_content()
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def ruled_pdf(turn: int = 0) -> bytes:
    """A page with a line of text over a ruled 2×3 table, drawn to show upright after a /Rotate of ``turn``."""
    pdf = pypdfium2.PdfDocument.new()
    page = pdf.new_page(595, 842)
    raw = pypdfium2.raw
    if turn == 90:
        page.set_rotation(90)
        place, upright = (lambda x, y: (y, x)), (0, 1, -1, 0)
    else:
        place, upright = (lambda x, y: (x, 842 - y)), (1, 0, 0, 1)

    def line(x0, y0, x1, y1):
        path = raw.FPDFPageObj_CreateNewPath(*place(x0, y0))
        raw.FPDFPath_LineTo(path, *place(x1, y1))
        raw.FPDFPath_SetDrawMode(path, 0, 1)
        raw.FPDFPage_InsertObject(page.raw, path)

    def text(x, y, words):
        obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
        utf16 = ctypes.c_char_p((words + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(utf16, ctypes.POINTER(ctypes.c_ushort)))
        raw.FPDFPageObj_Transform(obj, *upright, *place(x, y))
        raw.FPDFPage_InsertObject(page.raw, obj)

    text(100, 80, "Table 2024")
    for y in (100, 120, 140):
        line(100, y, 400, y)
    for x in (100, 200, 300, 400):
        line(x, 100, x, 140)
    for y, cells in ((115, ("Item", "A", "B")), (135, ("Cases", "12", "34"))):
        for x, words in zip((105, 288, 305), cells):  # "12" ends just before the line, "34" starts after it
            text(x, y, words)
    raw.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def wrapped_pdf(inner: bytes) -> bytes:
    """A page showing the first page of ``inner`` as a form XObject, at half size and moved 100 points right."""
    source = pypdfium2.PdfDocument(inner)
    pdf = pypdfium2.PdfDocument.new()
    page = pdf.new_page(595, 842)
    raw = pypdfium2.raw
    xobject = raw.FPDF_NewXObjectFromPage(pdf.raw, source.raw, 0)
    form = raw.FPDF_NewFormObjectFromXObject(xobject)
    raw.FPDFPageObj_Transform(form, 0.5, 0, 0, 0.5, 100, 0)
    raw.FPDFPage_InsertObject(page.raw, form)
    raw.FPDFPage_GenerateContent(page.raw)
    raw.FPDF_CloseXObject(xobject)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    source.close()
    return buffer.getvalue()


def hand_made_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A minimal PDF file from its object bodies (object 1 is the catalogue)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer
    out += b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty."""
    return hand_made_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
         b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"],
        b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")


# --- the protocol -----------------------------------------------------------------------------------------------

class TestProtocol:
    def test_identity(self):
        assert READER.kind == "pdf"
        assert ".pdf" in READER.suffixes

    def test_sniff_claims_pdf_magic_within_first_kilobyte(self):
        assert READER.sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a.pdf") == 100
        assert READER.sniff(b"\r\n" * 200 + b"%PDF-1.4\n", "noname") == 100
        assert READER.sniff(b" " * 1100 + b"%PDF-1.4\n", "late.pdf") is None
        assert READER.sniff(b"<html><body>PDF</body></html>", "a.pdf") is None
        assert READER.sniff(b"", "") is None

    def test_sniff_never_raises(self):
        assert READER.sniff(None, "x.pdf") is None  # type: ignore[arg-type]

    def test_registered_by_default(self):
        assert "xxgk.read.pdf" in registry.DEFAULT_READERS
        assert registry.choose(b"%PDF-1.5\n", "报告.pdf").kind == "pdf"


# --- what the reports say ---------------------------------------------------------------------------------------

class TestHongze2023:
    def test_layout_names_file_and_kind(self, layouts):
        layout = layouts["hongze_2023"]
        assert (layout.kind, layout.name) == ("pdf", "hongze_2023.pdf")

    def test_requests_table_is_one_grid_over_the_page_break(self, layouts):
        table = table_with(layouts["hongze_2023"], "本年新收政府信息公开申请数量")
        labels = " ".join(c.text for row in table.rows for c in row)
        assert "结转下年度继续办理" in labels and "（七）总计" in labels
        assert {c.ref.page for row in table.rows for c in row} == {3, 4}
        assert table.ref.page == 3

    def test_requests_rows(self, layouts):
        table = table_with(layouts["hongze_2023"], "本年新收政府信息公开申请数量")
        assert numbers(row_with(table, "本年新收政府信息公开申请数量")) == [21, 0, 0, 0, 0, 0, 21]
        assert numbers(row_with(table, "1.本机关不掌握相关政府信息")) == [10, 0, 0, 0, 0, 0, 10]
        assert numbers(row_with(table, "2.没有现成信息需要另行制作")) == [3, 0, 0, 0, 0, 0, 3]

    def test_merged_labels_repeat_into_every_row_they_cover(self, layouts):
        table = table_with(layouts["hongze_2023"], "本年新收政府信息公开申请数量")
        withheld = [row for row in table.rows if any(c.text == "（三）不予公开" for c in row)]
        assert len(withheld) == 8
        assert [printed(row)[2].text[:2] for row in withheld] == [f"{n}." for n in range(1, 9)]
        results = [row for row in table.rows if row[0].text == "三、本年度办理结果"]
        assert len(results) == 20  # （一） to （七）, with the sub-items of （三）（四）（五）
        assert all(len(row) == len(table.rows[0]) for row in table.rows)

    def test_merged_label_continues_over_the_page_break(self, layouts):
        table = table_with(layouts["hongze_2023"], "本年新收政府信息公开申请数量")
        row = row_with(table, "3.补正后申请内容仍不明确")
        assert [c.text for c in printed(row)[:2]] == ["三、本年度办理结果", "（四）无法提供"]
        assert numbers(row) == [0] * 7

    def test_multi_line_labels_are_joined_without_spaces(self, layouts):
        table = table_with(layouts["hongze_2023"], "本年新收政府信息公开申请数量")
        texts = {c.text for row in table.rows for c in row}
        assert "5.要求行政机关确认或重新出具已获取信息" in texts
        assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in texts

    def test_review_table_has_a_row_of_fifteen_numbers(self, layouts):
        table = table_with(layouts["hongze_2023"], "行政复议")
        assert number_rows(table) == [[10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]]
        assert len(table.rows) == 4  # three header rows and the numbers

    def test_active_disclosure_rows(self, layouts):
        table = table_with(layouts["hongze_2023"], "行政规范性文件")
        assert numbers(row_with(table, "规章")) == [0, 0, 0]
        assert numbers(row_with(table, "行政规范性文件")) == [0, 5, 5]
        assert numbers(row_with(table, "行政许可")) == [550]
        assert numbers(row_with(table, "行政处罚")) == [4119]
        assert numbers(row_with(table, "行政强制")) == [195]
        assert numbers(row_with(table, "行政事业性收费")) == [7730.28]

    def test_page_numbers_stay_out_of_tables(self, layouts):
        layout = layouts["hongze_2023"]
        cells = [c.text for t in layout.tables for row in t.rows for c in row]
        assert not [t for t in cells if re.fullmatch(r"-\d+-", t)]
        assert [p.text for p in layout.paragraphs if re.fullmatch(r"-\d+-", p.text)] == [f"-{n}-" for n in range(1, 6)]

    def test_headings_come_right_before_their_tables(self, layouts):
        blocks = layouts["hongze_2023"].blocks
        for heading, inside in (("三、收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量"),
                                ("四、政府信息公开行政复议、行政诉讼情况", "行政复议")):
            index = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == heading)
            assert isinstance(blocks[index + 1], TableGrid)
            assert any(inside in c.text for row in blocks[index + 1].rows for c in row)

    def test_paragraphs_are_lines_with_page_and_box(self, layouts):
        layout = layouts["hongze_2023"]
        assert layout.paragraphs[0].text == "洪泽区人民政府"
        assert any("全区受理政府信息公开申请21件" in p.text for p in layout.paragraphs)
        for paragraph in layout.paragraphs:
            x0, top, x1, bottom = paragraph.ref.box
            assert 1 <= paragraph.ref.page <= 5
            assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842


class TestHongze2024:
    def test_paragraph_tells_requests_received(self, layouts):
        assert any("受理政府" in p.text for p in layouts["hongze_2024"].paragraphs)

    def test_merged_labels_cut_by_drawn_page_break_are_made_whole(self, layouts):
        # This report draws the page break as a closed line, cutting 三、 and （四） in two.
        table = table_with(layouts["hongze_2024"], "本年新收政府信息公开申请数量")
        for label in ("2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"):
            assert [c.text for c in printed(row_with(table, label))[:2]] == ["三、本年度办理结果", "（四）无法提供"]
        assert row_with(table, "（七）总计")[0].text == "三、本年度办理结果"

    def test_review_numbers(self, layouts):
        table = table_with(layouts["hongze_2024"], "行政复议")
        assert number_rows(table) == [[1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]]


@pytest.mark.parametrize("name", REPORTS)
def test_tables_match_expected_json(layouts, pdfs, name):
    """Every number of tables 二, 三 and 四, in print order, is the hand-checked one."""
    layout = layouts[name]
    answer = json.loads((pdfs / f"{name}.expected.json").read_text(encoding="utf-8"))
    active = table_with(layout, "行政规范性文件")
    assert number_rows(active) == [list(v.values()) for v in answer["active"].values()]
    requests = table_with(layout, "本年新收政府信息公开申请数量")
    assert number_rows(requests) == [list(v.values()) for v in answer["requests"].values()]
    review = table_with(layout, "行政复议")
    assert number_rows(review) == [[n for v in answer["review"].values() for n in v.values()]]
    assert len(layout.tables) == 3


def test_reading_is_fast_enough(pdfs):
    """A five-page report reads in well under a second (about 20 ms on a development machine)."""
    path = pdfs / "hongze_2023.pdf"
    start = time.perf_counter()
    READER.read(path, ReadOptions())
    assert time.perf_counter() - start < 1.0


# --- pages drawn here -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("turn", [0, 90])
def test_ruled_table_and_text_line(tmp_path, turn):
    """A drawn table reads the same whether the page is upright or turned by /Rotate."""
    path = tmp_path / "drawn.pdf"
    path.write_bytes(ruled_pdf(turn))
    layout = READER.read(path, ReadOptions())
    assert [type(b).__name__ for b in layout.blocks] == ["Paragraph", "TableGrid"]
    assert layout.paragraphs[0].text == "Table 2024"
    assert layout.tables[0].texts() == [["Item", "A", "B"], ["Cases", "12", "34"]]
    assert layout.tables[0].rows[1][1].ref == SourceRef(page=1, box=(200.0, 120.0, 300.0, 140.5))


def test_table_inside_a_form_xobject(tmp_path):
    """Ruling inside a form XObject is placed by the form's matrix, like the text."""
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(wrapped_pdf(ruled_pdf()))
    layout = READER.read(path, ReadOptions())
    assert layout.tables[0].texts() == [["Item", "A", "B"], ["Cases", "12", "34"]]
    x0, top, x1, bottom = layout.tables[0].rows[1][1].ref.box
    assert (x0, x1) == (200.0, 250.0) and abs(top - 481) < 1 and abs(bottom - 491.2) < 1


# --- files that are not readable reports ------------------------------------------------------------------------

class TestRefusals:
    def test_random_bytes(self, tmp_path):
        path = tmp_path / "random.pdf"
        path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
        with pytest.raises(ReadError, match="random.pdf"):
            READER.read(path, ReadOptions())

    def test_random_bytes_without_magic(self, tmp_path):
        path = tmp_path / "noise.pdf"
        path.write_bytes(bytes((i * 7919) % 256 for i in range(5000)))
        with pytest.raises(ReadError):
            READER.read(path, ReadOptions())

    @pytest.mark.parametrize("share", [0.05, 0.3, 0.6, 0.95, 0.999])
    def test_truncated_report(self, tmp_path, pdfs, share):
        data = (pdfs / "hongze_2023.pdf").read_bytes()
        path = tmp_path / "truncated.pdf"
        path.write_bytes(data[: int(len(data) * share)])
        try:
            layout = READER.read(path, ReadOptions())
        except ReadError as e:
            assert "truncated.pdf" in e.message and "\n" not in e.message
        else:
            assert isinstance(layout, Layout)

    def test_damaged_bytes_in_a_report(self, tmp_path, pdfs):
        data = bytearray((pdfs / "hongze_2024.pdf").read_bytes())
        for k in range(0, len(data), 997):
            data[k] = (data[k] + 101) % 256
        path = tmp_path / "damaged.pdf"
        path.write_bytes(bytes(data))
        try:
            layout = READER.read(path, ReadOptions())
        except ReadError as e:
            assert "damaged.pdf" in e.message
        else:
            assert isinstance(layout, Layout)

    def test_too_many_pages_is_refused_before_reading_them(self, tmp_path):
        path = tmp_path / "long.pdf"
        path.write_bytes(blank_pdf(300))
        start = time.perf_counter()
        with pytest.raises(ReadError, match="300 页"):
            READER.read(path, ReadOptions(max_pages=120))
        assert time.perf_counter() - start < 0.5

    def test_scan_without_text_layer(self, tmp_path):
        path = tmp_path / "scan.pdf"
        path.write_bytes(blank_pdf(2, with_image=True))
        with pytest.raises(ReadError, match="没有文字层"):
            READER.read(path, ReadOptions())

    def test_encrypted(self, tmp_path):
        path = tmp_path / "secret.pdf"
        path.write_bytes(encrypted_pdf())
        with pytest.raises(ReadError, match="加密"):
            READER.read(path, ReadOptions())

    def test_missing_file(self, tmp_path):
        with pytest.raises(ReadError):
            READER.read(tmp_path / "absent.pdf", ReadOptions())


# --- the stages on small cases ----------------------------------------------------------------------------------

def char(text: str, x0: float, top: float, size: float = 10.0) -> Char:
    return Char(text, x0, top, x0 + size * (0.5 if text.isascii() else 1.0), top + size)


def digits(text: str, x0: float, top: float) -> list[Char]:
    return [char(d, x0 + 5 * i, top) for i, d in enumerate(text)]


class TestStages:
    def test_snap_joins_near_and_touching_rules(self):
        rules = [Rule(100.0, 0, 50), Rule(101.5, 49, 120), Rule(140.0, 0, 120)]
        assert snap_rules(rules, 3.0) == [Rule(100.75, 0, 120), Rule(140.0, 0, 120)]

    def test_a_lone_frame_is_not_a_table(self):
        frame = ([Rule(0, 0, 100), Rule(50, 0, 100)], [Rule(0, 0, 50), Rule(100, 0, 50)])
        assert find_rulings(*frame, 3.0) == []
        split = (frame[0], frame[1] + [Rule(60, 0, 50)])
        assert len(find_rulings(*split, 3.0)) == 1

    def test_neighbouring_cells_never_glue_digits(self):
        ruling = Ruling([Rule(0, 0, 60), Rule(20, 0, 60)], [Rule(0, 0, 20), Rule(30, 0, 20), Rule(60, 0, 20)],
                        (0, 0, 60, 20))
        chars = digits("12", 14, 5) + digits("34", 31, 5)  # "2" and "3" almost touch across the line
        rows = grid_regions(ruling, chars, 3.0)
        assert [block_text(r.chars) for r in rows[0]] == ["12", "34"]

    def test_merged_cell_is_repeated_and_blank_strips_dropped(self):
        # Two columns; the left cell spans both rows; a third, empty row is cut off by a short line.
        ruling = Ruling([Rule(0, 0, 100), Rule(20, 50, 100), Rule(40, 0, 100), Rule(45, 0, 100)],
                        [Rule(0, 0, 45), Rule(50, 0, 45), Rule(100, 0, 45)], (0, 0, 100, 45))
        chars = [char("合", 5, 15), char("计", 15, 15)] + digits("7", 60, 5) + digits("8", 60, 25)
        rows = grid_regions(ruling, chars, 3.0)
        assert [[block_text(r.chars) for r in row] for row in rows] == [["合计", "7"], ["合计", "8"]]
        assert rows[0][0] is rows[1][0]

    def test_lines_of_chinese_join_without_space_and_latin_with_one(self):
        chars = [char("不", 0, 0), char("予", 10, 0), char("公", 0, 14), char("开", 10, 14)]
        assert block_text(chars) == "不予公开"
        latin = digits("12", 0, 0) + [char("a", 0, 14)]
        assert block_text(latin) == "12 a"

    def test_lines_are_grouped_by_height_and_ordered_by_x(self):
        chars = [char("二", 12, 0.8), char("一", 0, 0), char("三", 0, 20)]
        assert [[c.text for c in line] for line in group_lines(chars)] == [["一", "二"], ["三"]]
