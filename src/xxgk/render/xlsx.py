"""The national layout as an Excel workbook, the way an agency lays a report out in one sheet: the title, front
lines, headings and narrative each in a row merged across the sheet, the tables ruled, with merged cells for the
layout's spans and numbers stored as numbers."""

from __future__ import annotations

import io
import math
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ..display import display_width
from .layout import Document, Grid, Role
from .options import RenderOptions

SHEET_TITLE = "年度报告"
FONT = "宋体"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
TITLE_SIZE = 18
# Column widths in characters: the three label columns of table 三, then the number columns.
LABEL_WIDTHS = (12, 16, 34)
NUMBER_WIDTH = 10
LINE_HEIGHT = 1.5  # a row's height per line of text, in multiples of the font size
PAPER = {"A4": 9, "A5": 11}  # the paperSize codes of SpreadsheetML
_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.(\d+)")
_RULE = Side(style="thin")
_RULED = Border(left=_RULE, right=_RULE, top=_RULE, bottom=_RULE)


def write(document: Document, options: RenderOptions) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    width = max((grid.n_cols for grid in document.tables), default=len(LABEL_WIDTHS))
    widths = [LABEL_WIDTHS[c] if c < len(LABEL_WIDTHS) else NUMBER_WIDTH for c in range(width)]
    for c, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(c)].width = w
    lines = _Lines(sheet, width, sum(widths), options.font_size)
    for line in document.title_lines:
        lines.add(line, Font(name=TITLE_FONT, size=TITLE_SIZE, bold=True), "center")
    for line in document.front:
        lines.add(line, Font(name=FONT, size=options.font_size))
    for section in document.sections:
        lines.add(section.heading, Font(name=HEADING_FONT, size=options.font_size + 1.5, bold=True))
        for text in section.paragraphs:
            lines.add(text, Font(name=FONT, size=options.font_size))
        if section.table is not None:
            table(sheet, section.table, lines.row, max(options.font_size - 1.5, 6))
            lines.row += section.table.n_rows
    sheet.page_setup.paperSize = PAPER[options.page_size]
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Lines:
    """Rows of one text each, merged across the sheet and tall enough for the text to wrap in."""

    def __init__(self, sheet, width: int, chars: float, font_size: float):
        self.sheet, self.width, self.chars, self.font_size = sheet, width, chars, font_size
        self.row = 1

    def add(self, text: str, font: Font, horizontal: str = "left") -> None:
        cell = self.sheet.cell(self.row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=self.width)
        wrapped = math.ceil(display_width(text) / self.chars) or 1
        self.sheet.row_dimensions[self.row].height = wrapped * font.size * LINE_HEIGHT
        self.row += 1


def table(sheet, grid: Grid, top: int, size: float) -> None:
    """The grid with its first row at sheet row ``top``: each merged cell of the layout one merged range, every
    place ruled, numbers as numbers with as many decimals as the layout prints."""
    font = Font(name=FONT, size=size)
    for cell in grid.cells:
        row, col = top + cell.row, 1 + cell.col
        target = sheet.cell(row, col, _value(cell.text) if cell.role is Role.VALUE else cell.text)
        decimals = _DECIMAL.fullmatch(cell.text) if cell.role is Role.VALUE else None
        if decimals:
            target.number_format = "0." + "0" * len(decimals.group(1))
        target.font = font
        target.alignment = Alignment(horizontal="left" if cell.flush_left else "center", vertical="center",
                                     wrap_text=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=row, start_column=col, end_row=top + cell.last_row,
                              end_column=1 + cell.last_col)
    for r in range(top, top + grid.n_rows):
        for c in range(1, grid.n_cols + 1):
            sheet.cell(r, c).border = _RULED


def _value(text: str) -> int | float | str:
    """A printed value as the number it shows, or the text itself (a blank's "/" or "—")."""
    if _INTEGER.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    return text
