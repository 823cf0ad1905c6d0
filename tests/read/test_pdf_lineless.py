"""Report tables printed without a ruling grid (no lines at all, or only the three rules of a 三线表) read from PDFs
made here with reportlab, where every number drawn is known; and prose with numbers that must stay prose."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

reportlab = pytest.importorskip("reportlab")

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from xxgk import template  # noqa: E402
from xxgk.pipeline import parse_file  # noqa: E402
from xxgk.read import Paragraph, ReadOptions  # noqa: E402
from xxgk.read.pdf import READER  # noqa: E402
from xxgk.read.page.lineless import TextLine, find_lineless  # noqa: E402
from xxgk.read.page.lines import line_text  # noqa: E402
from xxgk.read.page.content import Char  # noqa: E402
from xxgk.read.page.textgrid import text_grid  # noqa: E402

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT = "WenQuanYiZenHei"
WIDTH, HEIGHT = A4
LEFT, RIGHT = 56.0, WIDTH - 56.0
BODY = 10.5  # prose
SMALL = 8.0  # tables
PITCH = 11.0  # line pitch inside a table cell

REQUESTS = template.load("2021").requests
REVIEW = template.load("2021").review
ROWS = [row for row in REQUESTS.rows if not row.legacy]
RESULTS = "三、本年度办理结果"

if not FONT_FILE.exists():  # pragma: no cover - the machines we run on have it
    pytest.skip("no CJK font for reportlab", allow_module_level=True)


def request_value(i: int, j: int) -> int:
    """The number drawn in row ``i``, column ``j`` of table 三: one, two and four digits mixed."""
    return (i * 37 + j * 11) % 23 if (i + j) % 5 else 1000 + i * 10 + j


def review_value(k: int) -> int:
    return (k * 7) % 13 if k % 4 else 120 + k


# --- drawing ---------------------------------------------------------------------------------------------------

@dataclass
class Sheet:
    """A reportlab canvas with a pen that moves down the page; ``y`` counts from the top."""

    path: Path
    canvas: Canvas = field(init=False)
    y: float = 70.0

    def __post_init__(self):
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
        self.canvas = Canvas(str(self.path), pagesize=A4)

    def text(self, x: float, y: float, words: str, size: float = SMALL, anchor: str = "left") -> None:
        self.canvas.setFont(FONT, size)
        width = pdfmetrics.stringWidth(words, FONT, size)
        x = {"left": x, "centre": x - width / 2, "right": x - width}[anchor]
        self.canvas.drawString(x, HEIGHT - y, words)

    def rule(self, y: float, x0: float = LEFT, x1: float = RIGHT, width: float = 0.8) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, HEIGHT - y, x1, HEIGHT - y)

    def paragraph(self, words: str, size: float = BODY, indent: bool = True) -> None:
        """Prose justified over the text width (the first line indented by two characters)."""
        lines = wrap(words, RIGHT - LEFT - (2 * size if indent else 0), size)
        for k, line in enumerate(lines):
            x = LEFT + (2 * size if indent and k == 0 else 0)
            last = k == len(lines) - 1
            spare = RIGHT - x - pdfmetrics.stringWidth(line, FONT, size)
            text = self.canvas.beginText(x, HEIGHT - self.y - size)
            text.setFont(FONT, size)
            text.setCharSpace(0 if last or len(line) < 2 else spare / (len(line) - 1))
            text.textOut(line)
            self.canvas.drawText(text)
            self.y += size * 1.8
        self.y += 4

    def spaced(self, words: str, space: float, size: float = BODY) -> None:
        """One line with ``space`` points between its characters, as covers and signatures are set."""
        text = self.canvas.beginText(LEFT, HEIGHT - self.y - size)
        text.setFont(FONT, size)
        text.setCharSpace(space)
        text.textOut(words)
        self.canvas.drawText(text)
        self.y += size * 1.8

    def heading(self, words: str, room: float = 60) -> None:
        if self.y + room > HEIGHT - 70:
            self.new_page()
        self.y += 4
        self.text(LEFT + 2 * BODY, self.y + BODY, words, BODY)
        self.y += BODY * 2.2

    def new_page(self) -> None:
        self.text(WIDTH / 2, HEIGHT - 40, f"- {self.canvas.getPageNumber()} -", 9, "centre")
        self.canvas.showPage()
        self.y = 70.0

    def save(self) -> Path:
        self.text(WIDTH / 2, HEIGHT - 40, f"- {self.canvas.getPageNumber()} -", 9, "centre")
        self.canvas.save()
        return self.path


def wrap(words: str, width: float, size: float) -> list[str]:
    """Text cut into lines no wider than ``width`` (character by character, as Chinese is set)."""
    lines, line = [], ""
    for ch in words:
        if line and pdfmetrics.stringWidth(line + ch, FONT, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


# --- table 三 ---------------------------------------------------------------------------------------------------

# Label columns: section (三、本年度办理结果), group (（三）不予公开), label; then the seven applicant columns.
SECTION_X, GROUP_X, LABEL_X, VALUES_X = LEFT, LEFT + 80, LEFT + 146, LEFT + 282
VALUE_WIDTH = (RIGHT - VALUES_X) / 7


def value_centre(j: int) -> float:
    return VALUES_X + VALUE_WIDTH * (j + 0.5)


def draw_requests(sheet: Sheet, three_line: bool, middle: bool, spill: int = 0) -> None:
    """Table 三 with its headings, every label and number as text; rules only when ``three_line``. Its last
    ``spill`` rows go over a page break, and so do those that do not fit."""
    if three_line:
        sheet.rule(sheet.y, width=1.5)
    y = sheet.y + 4
    note = wrap("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", VALUES_X - LEFT - 8, SMALL)
    heads = [["申请人情况"], ["自然人", "法人或其他组织", "总计"],
             ["", "商业", "科研", "社会公", "法律服", "其他", ""], ["", "企业", "机构", "益组织", "务机构", "", ""]]
    for k, head in enumerate(heads):
        base = y + PITCH * (k + 1) - 2
        if k < len(note):
            sheet.text(LEFT, base, note[k])
        if k == 0:
            sheet.text((VALUES_X + RIGHT) / 2, base, head[0], anchor="centre")
        elif k == 1:
            for j, words in zip((0, 3, 6), head):
                sheet.text(value_centre(j), base, words, anchor="centre")
        else:
            for j, words in enumerate(head):
                sheet.text(value_centre(j), base, words, anchor="centre")
    y += PITCH * len(heads) + 4
    if three_line:
        sheet.rule(y - 1)
    results = [i for i, row in enumerate(ROWS) if not row.label.startswith(("一、", "二、", "四、"))]
    groups: dict[str, list[int]] = {RESULTS: results}
    for i, row in enumerate(ROWS):
        if row.group:
            groups.setdefault(row.group, []).append(i)
    # Lay the rows out first (page, top, label lines), then draw them page by page.
    placed: list[tuple[int, float, float, list[str]]] = []
    page = 0
    for i, row in enumerate(ROWS):
        if i in results and row.group:
            x, width = LABEL_X, VALUES_X - LABEL_X - 6
        elif i in results:
            x, width = GROUP_X, VALUES_X - GROUP_X - 6
        else:
            x, width = SECTION_X, VALUES_X - SECTION_X - 6
        lines = wrap(row.label, width, SMALL)
        if y + PITCH * len(lines) > HEIGHT - 60 or i == len(ROWS) - spill:
            page, y = page + 1, 70.0
        placed.append((page, y, x, lines))
        y += PITCH * len(lines) + 2
    beside: dict[int, list[tuple[float, float, str]]] = {}
    for label, members in groups.items():
        x = SECTION_X if label == RESULTS else GROUP_X
        on_page = [i for i in members if placed[i][0] == placed[members[0]][0]]
        first, last = placed[on_page[0]], placed[on_page[-1]]
        bottom = last[1] + PITCH * len(last[3])
        base = (first[1] + bottom) / 2 + PITCH / 2 - 2 if middle else first[1] + PITCH - 2
        beside.setdefault(first[0], []).append((x, base, label))
    for i, (page, top, x, lines) in enumerate(placed):
        if i and page != placed[i - 1][0]:
            sheet.new_page()
        if not i or page != placed[i - 1][0]:
            for bx, base, label in beside.get(page, []):
                sheet.text(bx, base, label)
        for k, line in enumerate(lines):
            sheet.text(x, top + PITCH * (k + 1) - 2, line)
        height = PITCH * len(lines)
        base = top + height / 2 + PITCH / 2 - 2 if middle else top + PITCH - 2
        for j in range(7):
            sheet.text(value_centre(j), base, str(request_value(i, j)), anchor="centre")
    y = placed[-1][1] + PITCH * len(placed[-1][3]) + 2
    if three_line:
        sheet.rule(y + 1, width=1.5)
    sheet.y = y + 14


# --- table 二 ---------------------------------------------------------------------------------------------------

ACTIVE = template.load("2021").active
ACTIVE_VALUES = {"regulations": (3, 1, 42), "normative_documents": (17, 5, 230), "licensing": (1286,),
                 "punishment": (358,), "coercion": (12,), "fees": (25.6,)}
ACTIVE_X = LEFT + 150
ACTIVE_WIDTH = (RIGHT - ACTIVE_X) / 3


def draw_active(sheet: Sheet, three_line: bool) -> None:
    """Table 二 in the national layout: a heading line for each article, the single numbers centred under the
    three columns."""
    y = sheet.y
    if three_line:
        sheet.rule(y, width=1.5)
    y += 4
    previous = None
    for row in ACTIVE.rows:
        if row.section != previous:
            previous = row.section
            sheet.text((LEFT + RIGHT) / 2, y + PITCH - 2, row.section, anchor="centre")
            y += PITCH + 2
            sheet.text(LEFT, y + PITCH - 2, "信息内容")
            names = [ACTIVE.column(c).label for c in row.columns]
            if len(names) == 1:
                sheet.text(ACTIVE_X + 1.5 * ACTIVE_WIDTH, y + PITCH - 2, names[0], anchor="centre")
            for k, name in enumerate(names if len(names) > 1 else []):
                sheet.text(ACTIVE_X + (k + 0.5) * ACTIVE_WIDTH, y + PITCH - 2, name, anchor="centre")
            y += PITCH + 2
        sheet.text(LEFT, y + PITCH - 2, row.label)
        values = ACTIVE_VALUES[row.key]
        for k, value in enumerate(values):
            x = ACTIVE_X + (k + 0.5 if len(values) > 1 else 1.5) * ACTIVE_WIDTH
            sheet.text(x, y + PITCH - 2, str(value), anchor="centre")
        y += PITCH + 2
    if three_line:
        sheet.rule(y + 1, width=1.5)
    sheet.y = y + 14


# --- table 四 ---------------------------------------------------------------------------------------------------

REVIEW_WIDTH = (RIGHT - LEFT) / 15


def review_centre(k: int) -> float:
    return LEFT + REVIEW_WIDTH * (k + 0.5)


def draw_review(sheet: Sheet, three_line: bool) -> None:
    """Table 四: two heading rows over the groups, the column names wrapped in two lines, then the numbers."""
    y = sheet.y
    if three_line:
        sheet.rule(y, width=1.5)
    y += 4
    sheet.text((review_centre(0) + review_centre(4)) / 2, y + PITCH - 2, "行政复议", anchor="centre")
    sheet.text((review_centre(5) + review_centre(14)) / 2, y + PITCH - 2, "行政诉讼", anchor="centre")
    y += PITCH
    sheet.text((review_centre(5) + review_centre(9)) / 2, y + PITCH - 2, "未经复议直接起诉", anchor="centre")
    sheet.text((review_centre(10) + review_centre(14)) / 2, y + PITCH - 2, "复议后起诉", anchor="centre")
    y += PITCH
    for k in range(15):
        words = REVIEW.columns[k % 5].label
        sheet.text(review_centre(k), y + PITCH - 2, words[:2], anchor="centre")
        sheet.text(review_centre(k), y + 2 * PITCH - 2, words[2:], anchor="centre")
    y += 2 * PITCH + 4
    if three_line:
        sheet.rule(y - 1)
    for k in range(15):
        sheet.text(review_centre(k), y + PITCH - 2, str(review_value(k)), anchor="centre")
    y += PITCH + 4
    if three_line:
        sheet.rule(y, width=1.5)
    sheet.y = y + 14


# --- documents --------------------------------------------------------------------------------------------------

PROSE = ("2023年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
         "全年主动公开政府信息1136条，受理政府信息公开申请21件，均在法定期限内答复，其中予以公开12件，部分公开3件。"
         "全年收取信息处理费0元，未发生因政府信息公开引起的行政复议和行政诉讼。")
PROBLEMS = ("依申请公开工作规范性还有待提高，政务公开内容的深度和广度还有待提升。下一步，将全面梳理和优化工作流程，"
            "健全工作机制，强化部门协同配合，2024年计划组织培训3次，覆盖人员120人次。")


def report_pdf(path: Path, three_line: bool, middle: bool, spill: int = 0) -> Path:
    """A short annual report whose tables 二, 三 and 四 are drawn as text, with prose before, between and after;
    the last ``spill`` rows of table 三 go over a page break."""
    sheet = Sheet(path)
    sheet.text(WIDTH / 2, sheet.y + 16, "某某区人民政府2023年政府信息公开工作年度报告", 16, "centre")
    sheet.y += 40
    sheet.heading("一、总体情况")
    sheet.paragraph(PROSE)
    sheet.heading("二、主动公开政府信息情况")
    draw_active(sheet, three_line)
    sheet.new_page()
    sheet.heading("三、收到和处理政府信息公开申请情况")
    draw_requests(sheet, three_line, middle, spill)
    sheet.heading("四、政府信息公开行政复议、行政诉讼情况")
    draw_review(sheet, three_line)
    sheet.heading("五、存在的主要问题及改进情况")
    sheet.paragraph(PROBLEMS)
    return sheet.save()


def prose_pdf(path: Path) -> Path:
    """A page of prose full of numbers: justified paragraphs, letter-spaced lines with years and counts, a line of
    contacts and a date set apart at the right."""
    sheet = Sheet(path)
    for words in ("2023年度政府信息公开", "共受理申请21件办结19件", "2024年1月制发"):
        sheet.spaced(words, 2 * BODY)
    sheet.heading("一、总体情况")
    for _ in range(3):
        sheet.paragraph(PROSE)
    sheet.paragraph("联系电话：0517-87222589    邮编：223100    传真：0517-87222588", indent=False)
    sheet.paragraph(PROBLEMS)
    sheet.text(RIGHT, sheet.y + BODY, "2024年1月20日", BODY, "right")
    return sheet.save()


# --- fixtures and helpers ---------------------------------------------------------------------------------------

STYLES = [pytest.param(False, False, id="text-only, numbers on the first label line"),
          pytest.param(False, True, id="text-only, numbers halfway down wrapped labels"),
          pytest.param(True, False, id="三线表, numbers on the first label line"),
          pytest.param(True, True, id="三线表, numbers halfway down wrapped labels")]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lineless")


def numbers_of(row) -> list[str]:
    """The texts of a grid row's cells in the number columns (the last seven of table 三)."""
    return [c.text for c in row[-7:]]


def labels_of(row) -> list[str]:
    return [c.text for c in row[:-7] if c.text]


def assert_cells_as_drawn(report) -> None:
    for i, row in enumerate(ROWS):
        assert report.requests[row.key] == {c.key: request_value(i, j) for j, c in enumerate(REQUESTS.columns)}, \
            row.label
    for k in range(15):
        group, column = REVIEW.groups[k // 5].key, REVIEW.columns[k % 5].key
        assert report.review[group][column] == review_value(k), (group, column)
    for row in ACTIVE.rows:
        assert tuple(report.active[row.key][c] for c in row.columns) == ACTIVE_VALUES[row.key], row.label
    assert not [f.code for f in report.findings if f.code.startswith(("layout.", "template."))]


# --- the report read whole --------------------------------------------------------------------------------------

@pytest.mark.parametrize("three_line, middle", STYLES)
def test_every_cell_reads_as_drawn(folder, three_line, middle):
    report = parse_file(report_pdf(folder / f"report-{three_line}-{middle}.pdf", three_line, middle))
    assert report.meta.template == "2021"
    assert_cells_as_drawn(report)


@pytest.mark.parametrize("spill", [1, 2, 9])
@pytest.mark.parametrize("three_line, middle", [STYLES[1], STYLES[2]])
def test_a_table_over_a_page_break_is_one_grid(folder, three_line, middle, spill):
    """The last rows of table 三 on the next page: one grid with the same columns; one row alone there is enough."""
    path = report_pdf(folder / f"broken-{three_line}-{middle}-{spill}.pdf", three_line, middle, spill)
    layout = READER.read(path, ReadOptions())
    requests = [t for t in layout.tables if any("予以公开" in c.text for row in t.rows for c in row)]
    assert len(requests) == 1
    pages = sorted({c.ref.page for row in requests[0].rows for c in row if c.text})
    assert pages == [2, 3]
    assert_cells_as_drawn(parse_file(path))


# --- the grid ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("three_line, middle", STYLES)
def test_grid_of_table_three(folder, three_line, middle):
    """Each row of numbers is one grid row: its seven numbers whole, one to a cell, under its whole label; labels
    wrapped over two or three lines come back in one cell; the prose around stays paragraphs."""
    layout = READER.read(report_pdf(folder / f"grid-{three_line}-{middle}.pdf", three_line, middle), ReadOptions())
    tables = [t for t in layout.tables if any("予以公开" in c.text for row in t.rows for c in row)]
    assert len(tables) == 1 and len(layout.tables) == 3
    rows = [row for row in tables[0].rows if any(c.text.isdigit() for c in row[-7:])]
    assert len(rows) == len(ROWS)
    for i, (row, spec) in enumerate(zip(rows, ROWS)):
        assert numbers_of(row) == [str(request_value(i, j)) for j in range(7)], spec.label
        assert labels_of(row)[-1] == spec.label
    for group in {spec.group for spec in ROWS if spec.group} | {RESULTS}:
        holding = [spec for row, spec in zip(rows, ROWS) if group in labels_of(row)[:-1]]
        assert len(holding) == 1 and (holding[0].group == group or group == RESULTS), group
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    for heading in ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"):
        assert heading in texts
    assert any(t.startswith("2023年，本机关坚持") for t in texts)
    assert not any("（一）予以公开" in t or "1041" in t for t in texts)


@pytest.mark.parametrize("three_line, middle", STYLES[:1] + STYLES[2:3])
def test_grid_of_table_four(folder, three_line, middle):
    """Table 四: its heading lines as rows above one row of fifteen numbers, one to a column."""
    layout = READER.read(report_pdf(folder / f"four-{three_line}.pdf", three_line, middle), ReadOptions())
    table = next(t for t in layout.tables if any(c.text == "行政复议" for row in t.rows for c in row))
    assert [c.text for c in table.rows[-1]] == [str(review_value(k)) for k in range(15)]
    assert [c.text for c in table.rows[-3]] == [REVIEW.columns[k % 5].label[:2] for k in range(15)]
    assert len(table.rows) == 5


def test_prose_with_numbers_stays_prose(folder):
    layout = READER.read(prose_pdf(folder / "prose.pdf"), ReadOptions())
    assert layout.tables == []
    texts = [b.text for b in layout.blocks]
    assert texts[:3] == ["2 0 2 3 年 度 政 府 信 息 公 开", "共 受 理 申 请 2 1 件 办 结 1 9 件", "2 0 2 4 年 1 月 制 发"]
    assert "2024年1月20日" in texts
    assert sum(1 for t in texts if "受理政府信息公开申请21件" in t) == 3


# --- the stages on lines typed by hand ---------------------------------------------------------------------------

def typed(top: float, *pieces: tuple[float, str], size: float = 8.0) -> TextLine:
    """A line of text from (x, words) pieces: Chinese characters a square of ``size``, digits half as wide."""
    chars = []
    for x, words in pieces:
        for ch in words:
            width = size * (0.5 if ch.isascii() else 1.0)
            chars.append(Char(ch, x, top, x + width, top + size))
            x += width
    return TextLine(chars, line_text(chars), 1)


def grid_texts(lines: list[TextLine]) -> list[list[str]]:
    parts = find_lineless(lines, [])
    assert len(parts) == 1
    return text_grid(parts).texts()


def test_numbers_a_narrow_gap_apart_stay_two_cells():
    """"12" and "345" stand 0.6 character apart on every line: narrower than a gap between pieces, but a white
    column runs down between them, so they are two cells and neither is cut."""
    lines = [typed(100 + 12 * k, (56, f"第{k}项"), (200, "7"), (240, "12"), (252.8, "345")) for k in range(4)]
    assert grid_texts(lines) == [[f"第{k}项", "7", "12", "345"] for k in range(4)]


def test_a_label_over_two_lines_joins_its_numbers_set_between_them():
    lines = [typed(100, (56, "规章"), (200, "3"), (260, "1"), (320, "42")),
             typed(112, (56, "行政规范性")),
             typed(118, (200, "17"), (260, "5"), (320, "230")),
             typed(124, (56, "文件")),
             typed(136, (56, "行政许可"), (200, "9"), (260, "8"), (320, "7"))]
    assert grid_texts(lines) == [["规章", "3", "1", "42"], ["行政规范性文件", "17", "5", "230"],
                                 ["行政许可", "9", "8", "7"]]


def test_numbers_out_of_line_are_no_table():
    lines = [typed(100 + 12 * k, (56, f"第{k}项"), (200 + 37 * k, "12"), (300 + 53 * k, "34")) for k in range(5)]
    assert find_lineless(lines, []) == []


def test_lines_of_one_number_are_no_table():
    lines = [typed(100 + 12 * k, (56, f"第{k}项"), (300, str(10 + k))) for k in range(6)]
    assert find_lineless(lines, []) == []
