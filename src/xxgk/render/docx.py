"""The national layout as a Word document: a centred title, headings and paragraphs, ruled tables with merged
cells."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .layout import Document, Grid, table_parts
from .options import RenderOptions

PAGE_MM = {"A4": (210, 297), "A5": (148, 210)}
MARGIN_MM = 25
FONT = "宋体"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"


def write(document: Document, options: RenderOptions) -> bytes:
    word = WordDocument()
    width = _page(word, options)
    _font(word.styles["Normal"], FONT, options.font_size)
    for line in document.title_lines:
        _paragraph(word, line, TITLE_FONT, 18, centre=True)
    for line in document.front:
        _paragraph(word, line, FONT, options.font_size)
    for section in document.sections:
        _paragraph(word, section.heading, HEADING_FONT, options.font_size + 1.5)
        for text in section.paragraphs:
            p = _paragraph(word, text, FONT, options.font_size)
            p.paragraph_format.first_line_indent = Pt(options.font_size * 2)
        for i, part in enumerate(table_parts(section, options)):
            if i:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            table(word, part, width, options, repeat=options.repeat_header)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _page(word, options: RenderOptions):
    """Set the paper; the width between the margins."""
    section = word.sections[0]
    w, h = PAGE_MM[options.page_size]
    section.page_width, section.page_height = Mm(w), Mm(h)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    return Mm(w - 2 * MARGIN_MM)


def _font(target, name: str, size: float) -> None:
    """A font for Latin and East Asian text alike (Word keeps the East Asian face apart)."""
    target.font.name = name
    target.font.size = Pt(size)
    props = target.element.get_or_add_rPr()
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(word, text: str, font: str, size: float, centre: bool = False):
    p = word.add_paragraph()
    if centre:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), font, size)
    return p


def table(word, grid: Grid, width, options: RenderOptions, repeat: bool = False):
    """A ruled table; each merged cell of the layout becomes one merged Word cell."""
    t = word.add_table(rows=grid.n_rows, cols=grid.n_cols)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [int(width * w) for w in grid.widths]
    for row in t.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w
    size = max(options.font_size - 1.5, 6)
    for cell in grid.cells:
        target = t.cell(cell.row, cell.col)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(t.cell(cell.last_row, cell.last_col))
        p = target.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell.flush_left else WD_ALIGN_PARAGRAPH.CENTER
        if cell.text:
            _font(p.add_run(cell.text), FONT, size)
    if repeat:
        for row in t.rows[: grid.header_rows]:
            props = row._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            props.append(header)
    return t
