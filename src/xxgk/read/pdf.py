"""PDF reports with a text layer, read with PDFium: text lines as paragraphs, tables as grids.

The stages, each in its own module:

1. ``pdf_page``: a page's characters (with boxes) and ruling lines (thin paths, sides of stroked shapes);
2. ``pdf_grid``: rules snapped and grouped into tables; the grid cut and merged cells found;
3. ``pdf_tables``: pieces of a table on consecutive pages joined into one grid;
4. ``pdf_lines``: characters outside the tables grouped into lines, one Paragraph each;
5. ``pdf_lineless`` and ``pdf_textgrid``: tables without a full ruling grid (text only, 三线表) found among those
   lines from how their numbers line up, and cut into grids.

A page without a text layer (a scan) is rendered and read with OCR (``scan``), page by page, so a PDF that mixes
typed and scanned pages gets each read its own way.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ..errors import ReadError
from .layout import Block, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions
from .pdf_grid import find_rulings
from .pdf_lineless import LinelessPart, TextLine, find_lineless
from .pdf_lines import group_lines, line_box, line_text
from .pdf_page import PageContent, page_content
from .pdf_tables import PageLine, TablePart, continues, is_running, table_grid
from .pdf_textgrid import text_grid

log = logging.getLogger(__name__)

_MAGIC = b"%PDF-"
_MAGIC_WITHIN = 1024
# The two pieces of an unruled table over a page break share this much of the narrower one's width.
_SAME_WIDTH = 0.7
# A page with at most this many characters and an image over this share of its area is a scanned page.
_SCANNED_CHARS = 20
_SCANNED_SHARE = 0.3
# PDFium is not thread-safe: one document at a time in this process.
_PDFIUM = threading.Lock()


@dataclass
class _Page:
    """One page split into text lines and table pieces."""

    number: int
    lines: list[PageLine] = field(default_factory=list)
    parts: list[TablePart] = field(default_factory=list)
    unruled: list[LinelessPart] = field(default_factory=list)

    def ends_in_unruled(self) -> bool:
        """Whether the last thing on the page, headers and footers aside, is an unruled table."""
        if not self.unruled:
            return False
        bottom = self.unruled[-1].box[3]
        return not any(p.box[1] > bottom for p in self.parts) and not any(
            line.box[1] > bottom and not is_running(line) for line in self.lines)


class PdfReader:
    kind = "pdf"
    label = "PDF"
    suffixes = (".pdf",)

    def sniff(self, head: bytes, name: str) -> int | None:
        try:
            return 100 if _MAGIC in head[:_MAGIC_WITHIN] else None
        except TypeError:
            return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"{path}: 无法读取（{e.strerror}）") from None
        with _PDFIUM:
            document = _open(data, path)
            try:
                contents, scanned = _pages(document, path, options)
            except pypdfium2.PdfiumError:
                raise ReadError(f"{path}: PDF 文件已损坏，无法读取页面内容") from None
            finally:
                document.close()
        blocks = blocks_of(contents, options.snap_tolerance)
        if scanned:
            from .scan import refine

            blocks = refine(blocks, scanned, options)
        return Layout(tuple(blocks), "pdf", path.name)


def blocks_of(contents: list[PageContent], tolerance: float) -> list[Block]:
    """The characters and rulings of consecutive pages → their blocks in reading order."""
    pages: list[_Page] = []
    for content in contents:
        continuing = bool(pages) and pages[-1].ends_in_unruled()
        pages.append(_split(content, tolerance, continuing))
    return _blocks(pages, tolerance)


def _open(data: bytes, path: Path) -> pypdfium2.PdfDocument:
    """The bytes of a PDF → an open document; ReadError for encrypted, damaged or empty files."""
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError(f"{path}: PDF 已加密，需要密码才能打开") from None
        raise ReadError(f"{path}: PDF 文件已损坏或不完整，无法打开") from None
    except (ValueError, OSError):
        raise ReadError(f"{path}: PDF 文件已损坏或不完整，无法打开") from None


def _pages(document: pypdfium2.PdfDocument, path: Path, options: ReadOptions) -> tuple[list[PageContent], dict]:
    """An open document → each page's characters and rulings, pages without a text layer read by OCR (and what
    OCR saw on them, by page number); ReadError when too long or when no page holds any text."""
    count = len(document)
    if count > options.max_pages:
        raise ReadError(f"{path}: PDF 有 {count} 页，超过上限 {options.max_pages} 页")
    contents, scanned = [], {}
    for index in range(count):
        page = document[index]
        try:
            content = page_content(page, index + 1)
            if _is_scanned(page, content):
                from .scan import ocr_page

                log.info("OCR 第%d/%d页", index + 1, count)
                image = page.render(scale=options.scan_dpi / 72, grayscale=True).to_numpy()
                content, scanned[index + 1] = ocr_page(image, index + 1, options, scale=72 / options.scan_dpi)
        finally:
            page.close()
        contents.append(content)
    if not any(c.chars for c in contents):
        raise ReadError(f"{path}: PDF 没有文字层，也未能识别出文字")
    return contents, scanned


def _is_scanned(page, content: PageContent) -> bool:
    """Whether a page is a picture of a page: next to no text, and an image covering much of it."""
    if len(content.chars) > _SCANNED_CHARS:
        return False
    area = 0.0
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        area += max(0.0, right - left) * max(0.0, top - bottom)
    return area >= _SCANNED_SHARE * content.width * content.height


def _split(content: PageContent, tolerance: float, continuing: bool = False) -> _Page:
    """A page's content → its table pieces (with the characters inside them), its unruled tables and its other
    text as lines. ``continuing`` says that the page before ended in an unruled table."""
    rulings = find_rulings(content.horizontals, content.verticals, tolerance)
    page = _Page(content.number, parts=[TablePart(content.number, r, []) for r in rulings])
    loose = []
    for char in content.chars:
        part = _holder(page.parts, (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2, tolerance)
        (part.chars if part else loose).append(char)
    lines = []
    for chars in group_lines(loose):
        line = PageLine(line_text(chars), content.number, line_box(chars), content.height)
        lines.append(TextLine(chars, line.text, content.number, is_running(line)))
        page.lines.append(line)
    page.unruled = find_lineless(lines, content.horizontals, continuing)
    if page.unruled:
        inside = {id(line) for part in page.unruled for line in part.lines}
        page.lines = [p for p, line in zip(page.lines, lines) if id(line) not in inside]
    return page


def _holder(parts: list[TablePart], x: float, y: float, tolerance: float) -> TablePart | None:
    """The table piece whose box holds a point, if any."""
    for part in parts:
        x0, top, x1, bottom = part.box
        if x0 - tolerance <= x <= x1 + tolerance and top - tolerance <= y <= bottom + tolerance:
            return part
    return None


def _blocks(pages: list[_Page], tolerance: float) -> list[Block]:
    """All pages → blocks in reading order, a table that runs over page breaks given once where it starts."""
    tables = _joined(pages, tolerance)
    tables.update(_joined_unruled(pages))
    blocks: list[Block] = []
    for page in pages:
        placed: list[tuple[float, int, Block]] = []
        for line in page.lines:
            ref = SourceRef(page=page.number, box=tuple(round(v, 1) for v in line.box))
            placed.append((line.box[1], len(placed), Paragraph(line.text, ref)))
        for part in [*page.parts, *page.unruled]:
            grid = tables.get(id(part))
            if grid is not None:
                placed.append((part.box[1], len(placed), grid))
        blocks += [block for _, _, block in sorted(placed, key=lambda p: (p[0], p[1]))]
    return blocks


def _joined(pages: list[_Page], tolerance: float) -> dict[int, TableGrid]:
    """Table pieces → {id of a table's first piece: its TableGrid}, pieces continued over page breaks joined."""
    groups: list[list[TablePart]] = []
    for previous, page in zip([None] + pages[:-1], pages):
        for part in page.parts:
            if groups and _carries_on(groups[-1][-1], previous, page, part, tolerance):
                groups[-1].append(part)
            else:
                groups.append([part])
    tables = {}
    for group in groups:
        grid = table_grid(group, tolerance)
        if grid is not None:
            tables[id(group[0])] = grid
    return tables


def _carries_on(before: TablePart, previous: _Page | None, page: _Page, part: TablePart, tolerance: float) -> bool:
    """Whether ``part``, first on ``page``, continues ``before``, last on the page before it."""
    if previous is None or part is not page.parts[0] or not previous.parts or before is not previous.parts[-1]:
        return False
    if any(u.box[1] >= before.box[3] for u in previous.unruled) or any(u.box[3] <= part.box[1] for u in page.unruled):
        return False  # an unruled table stands between them
    between = [line for line in previous.lines if line.box[1] >= before.box[3] - tolerance]
    between += [line for line in page.lines if line.box[3] <= part.box[1] + tolerance]
    return continues(before, part, between, tolerance)


def _joined_unruled(pages: list[_Page]) -> dict[int, TableGrid]:
    """Unruled tables → {id of a table's first piece: its TableGrid}, a table ending one page and starting the next
    taken as one, its columns found over both pieces."""
    groups: list[list[LinelessPart]] = []
    for previous, page in zip([None] + pages[:-1], pages):
        for part in page.unruled:
            if groups and previous is not None and _unruled_carries_on(groups[-1][-1], previous, page, part):
                groups[-1].append(part)
            else:
                groups.append([part])
    return {id(group[0]): text_grid(group) for group in groups}


def _unruled_carries_on(before: LinelessPart, previous: _Page, page: _Page, part: LinelessPart) -> bool:
    """Whether ``part``, first on ``page``, continues ``before``, the last thing on the page before it."""
    if part is not page.unruled[0] or before is not previous.unruled[-1] or not previous.ends_in_unruled():
        return False
    top = part.box[1]
    if any(p.box[3] < top for p in page.parts) or any(l.box[3] <= top and not is_running(l) for l in page.lines):
        return False
    (a0, _, a1, _), (b0, _, b1, _) = before.box, part.box
    return min(a1, b1) - max(a0, b0) >= _SAME_WIDTH * min(a1 - a0, b1 - b0)


READER = PdfReader()
