"""The national layout as a PDF: real text in an embedded Chinese TrueType font, tables ruled with lines.

A table that does not fit the rest of a page breaks between rows, a merged cell cut by the break keeping its text
above (``Grid.split``), the way Word prints a long table 三.
"""

from __future__ import annotations

import io
import zlib
from functools import cache
from pathlib import Path

from xml.sax.saxutils import escape

from ..errors import XxgkError
from .layout import Document, Grid, table_parts
from .options import RenderOptions

try:  # reportlab is needed for PDF output only
    from reportlab.lib import pagesizes
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
except ImportError:
    raise XxgkError("生成 PDF 需要 reportlab：pip install 'reportlab>=4.0'") from None

# Fonts with Chinese glyphs in TrueType outlines (reportlab cannot embed CFF-based OpenType), in order of choice.
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
MARGIN = 56.7  # 2 cm
LINE_WIDTH = 0.6


def find_font(path: str | None = None) -> str:
    """The font file to print with: ``path`` when given, else the first of FONT_PATHS that exists."""
    candidates = (path,) if path else FONT_PATHS
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    if path:
        raise XxgkError(f"字体文件不存在：{path}")
    raise XxgkError("未找到中文字体，无法生成 PDF；请安装文泉驿正黑（fonts-wqy-zenhei）或用 font_path 指定 .ttf/.ttc 字体")


@cache
def _register(path: str) -> str:
    name = f"xxgk-{zlib.crc32(path.encode('utf-8')):08x}"
    try:
        font = TTFont(name, path, subfontIndex=0) if path.lower().endswith(".ttc") else TTFont(name, path)
    except (TTFError, OSError) as e:
        raise XxgkError(f"字体无法使用：{path}（{e}）") from None
    if any(ord(ch) not in font.face.charToGlyph for ch in "政府信息公开"):
        raise XxgkError(f"字体没有汉字字形，无法用于报告：{path}")
    pdfmetrics.registerFont(font)
    return name


def write(document: Document, options: RenderOptions) -> bytes:
    font = _register(find_font(options.font_path))
    styles = _styles(font, options.font_size)
    size = getattr(pagesizes, options.page_size)
    width = size[0] - 2 * MARGIN
    story = [_text(line, styles["title"]) for line in document.title_lines]
    story += [_text(line, styles["front"]) for line in document.front]
    for section in document.sections:
        story.append(_text(section.heading, styles["heading"]))
        story += [_text(p, styles["body"]) for p in section.paragraphs]
        for i, part in enumerate(table_parts(section, options)):
            story += [PageBreak()] if i else []
            story.append(GridFlowable(part, width, styles, options))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=document.title, author="")
    doc.build(story)
    return out.getvalue()


def _styles(font: str, size: float) -> dict:
    small = max(size - 1.5, 6)
    base = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.6, wordWrap="CJK",
                          firstLineIndent=size * 2, spaceAfter=size * 0.3)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontSize=size * 1.6, leading=size * 2.4, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=size),
        "front": ParagraphStyle("front", base, firstLineIndent=0),
        "heading": ParagraphStyle("heading", base, fontSize=size * 1.1, firstLineIndent=0, spaceBefore=size * 0.6),
        "cell": ParagraphStyle("cell", base, fontSize=small, leading=small * 1.3, firstLineIndent=0,
                               alignment=TA_CENTER, spaceAfter=0),
        "label": ParagraphStyle("label", base, fontSize=small, leading=small * 1.3, firstLineIndent=0,
                                alignment=TA_LEFT, spaceAfter=0),
    }


def _text(text: str, style):
    return Paragraph(escape(text), style)


class GridFlowable(Flowable):
    """A layout Grid printed as a reportlab Table, which it splits itself so that merged cells may break over a
    page (reportlab's Table will not split a row span)."""

    def __init__(self, grid: Grid, width: float, styles: dict, options: RenderOptions):
        super().__init__()
        self.grid, self.width, self.styles, self.options = grid, width, styles, options
        self.table = _table(grid, width, styles)

    def wrap(self, avail_width, avail_height):
        self.width_used, self.height = self.table.wrap(avail_width, avail_height)
        return self.width_used, self.height

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)

    def split(self, avail_width, avail_height):
        """Two parts, the upper one fitting ``avail_height``; none when not even one row (after the headings)
        fits, so that the table starts on the next page."""
        self.table.wrap(avail_width, avail_height)
        at, used = 0, 0.0
        for height in self.table._rowHeights:
            if used + height > avail_height:
                break
            used, at = used + height, at + 1
        lowest = self.grid.header_rows + 1 if self.grid.header_rows + 1 < self.grid.n_rows else 1
        for cut in range(min(at, self.grid.n_rows - 1), lowest - 1, -1):
            top, bottom = self.grid.split(cut, self.options.repeat_header)
            part = GridFlowable(top, self.width, self.styles, self.options)
            if part.wrap(avail_width, avail_height)[1] <= avail_height:
                return [part, GridFlowable(bottom, self.width, self.styles, self.options)]
        return []


def _table(grid: Grid, width: float, styles: dict):
    data = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    commands = [("GRID", (0, 0), (-1, -1), LINE_WIDTH, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for cell in grid.cells:
        style = styles["label"] if cell.flush_left else styles["cell"]
        data[cell.row][cell.col] = _text(cell.text, style) if cell.text else ""
        if cell.rowspan > 1 or cell.colspan > 1:
            commands.append(("SPAN", (cell.col, cell.row), (cell.last_col, cell.last_row)))
    table = Table(data, colWidths=[w * width for w in grid.widths], hAlign="CENTER")
    table.setStyle(TableStyle(commands))
    return table
