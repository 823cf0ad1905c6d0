"""A PDF page's characters with their boxes and its ruling lines, read out of PDFium as the page engine's
``PageContent``.

Everything here talks to PDFium through ``pypdfium2.raw`` in single passes, because a report has thousands of
characters and hundreds of path objects and a Python object per call would cost more than the parsing itself.
Coordinates leave this module in points from the top left of the page as shown (PDF itself counts from the bottom
left, before the page's /Rotate).
"""

from __future__ import annotations

import ctypes
import threading
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ..errors import ReadError
from .options import ReadOptions
from .page.content import Char, PageContent, Rule

# A character box wider or taller than this is a PDFium artefact (seen on vertically stacked labels), not a glyph.
_MAX_GLYPH = 48.0
# A path this thin (points) in one direction is a ruling line, whether stroked or drawn as a filled rectangle.
_THIN = 3.5
# Shorter pieces are dots and ticks, not ruling.
_MIN_RULE = 2.0
# Form XObjects nest; deeper ones are not followed.
_MAX_FORM_DEPTH = 6
_SKIPPED = frozenset("\ufffe\ufeff\xad\u200b")

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A page with at most this many characters and an image over this share of its area is a scanned page.
_SCANNED_CHARS = 20
_SCANNED_SHARE = 0.3
# PDFium is not thread-safe: one document at a time in this process.
_PDFIUM = threading.Lock()


def document_pages(data: bytes, path: Path, options: ReadOptions) -> tuple[list[PageContent], dict]:
    """The bytes of a PDF → each page's characters and rulings, and what OCR saw on the pages read by OCR (by
    page number); ReadError for encrypted, damaged, empty or too long files."""
    with _PDFIUM:
        document = _open(data, path)
        try:
            return _pages(document, path, options)
        except pypdfium2.PdfiumError:
            raise ReadError("PDF 文件已损坏，无法读取页面内容", path=path) from None
        finally:
            document.close()


def _open(data: bytes, path: Path) -> pypdfium2.PdfDocument:
    """The bytes of a PDF → an open document; ReadError for encrypted, damaged or empty files."""
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as e:
        if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError("PDF 已加密，需要密码才能打开", path=path) from None
        raise ReadError("PDF 文件已损坏或不完整，无法打开", path=path) from None
    except (ValueError, OSError):
        raise ReadError("PDF 文件已损坏或不完整，无法打开", path=path) from None


def _pages(document: pypdfium2.PdfDocument, path: Path, options: ReadOptions) -> tuple[list[PageContent], dict]:
    """An open document → each page's characters and rulings, pages without a text layer read by OCR (and what
    OCR saw on them, by page number); ReadError when too long or when no page holds any text."""
    count = len(document)
    if count > options.max_pages:
        raise ReadError(f"PDF 有 {count} 页，超过上限 {options.max_pages} 页", path=path)
    contents, scanned = [], {}
    for index in range(count):
        page = document[index]
        try:
            content = page_content(page, index + 1)
            if _is_scanned(page, content):
                from .ocr.page import ocr_page

                options.tell(f"OCR 第{index + 1}/{count}页")
                image = page.render(scale=options.scan_dpi / 72, grayscale=True).to_numpy()
                content, scanned[index + 1] = ocr_page(image, index + 1, options, scale=72 / options.scan_dpi)
        finally:
            page.close()
        contents.append(content)
    if not any(c.chars for c in contents):
        raise ReadError("PDF 没有文字层，也未能识别出文字", path=path)
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




def page_content(page, number: int) -> PageContent:
    """A loaded ``pypdfium2.PdfPage`` → its characters and ruling lines in top-left coordinates of the page as
    shown (after its /Rotate)."""
    view, width, height = _view(page)
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage.raw, view)
    finally:
        textpage.close()
    rules = _RuleCollector(view)
    rules.collect(page.raw)
    return PageContent(number, width, height, chars, rules.horizontals, rules.verticals)


def _view(page) -> tuple[tuple[float, float, float, float, float, float], float, float]:
    """The matrix from PDF page space to points from the top left of the page as shown, and its width and
    height."""
    left, bottom, right, top = page.get_cropbox()
    turn = page.get_rotation() % 360
    if turn == 90:
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left), top - bottom, right - left
    if turn == 180:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom), right - left, top - bottom
    if turn == 270:
        return (0.0, -1.0, -1.0, 0.0, top, right), top - bottom, right - left
    return (1.0, 0.0, 0.0, -1.0, -left, top), right - left, top - bottom


def _chars(textpage, view) -> list[Char]:
    """A raw FPDF_TEXTPAGE → its visible characters (no spaces, no generated line breaks)."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    codes = _codes(textpage, count)
    loose = pdfium_c.FS_RECTF()
    loose_ref = ctypes.byref(loose)
    get_loose = pdfium_c.FPDFText_GetLooseCharBox
    a, b, c, d, e, f = view
    chars = []
    for index, text in enumerate(codes):
        if text.isspace() or text < " " or text in _SKIPPED:
            continue
        if not get_loose(textpage, index, loose_ref):
            continue
        x0, x1, y0, y1 = loose.left, loose.right, loose.bottom, loose.top
        if x1 - x0 > _MAX_GLYPH or y1 - y0 > _MAX_GLYPH or x1 <= x0 or y1 <= y0:
            box = _tight_box(textpage, index)
            if box is None:
                continue
            x0, x1, y0, y1 = box
        left, right = a * x0 + c * y0 + e, a * x1 + c * y1 + e
        top, bottom = b * x0 + d * y0 + f, b * x1 + d * y1 + f
        if left > right:
            left, right = right, left
        if top > bottom:
            top, bottom = bottom, top
        chars.append(Char(text, left, top, right, bottom))
    return chars


def _codes(textpage, count: int) -> str:
    """The page's characters as one string, one per character index."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if written == count + 1:
        return ctypes.string_at(buffer, count * 2).decode("utf-16-le", errors="replace")
    unicode_of = pdfium_c.FPDFText_GetUnicode
    return "".join(chr(unicode_of(textpage, i) & 0xFFFF) for i in range(count))


def _tight_box(textpage, index: int) -> tuple[float, float, float, float] | None:
    """The glyph's own box (left, right, bottom, top) when the font box is unusable; None when empty."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    if not pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top):
        return None
    if right.value <= left.value or top.value <= bottom.value:
        return None
    return left.value, right.value, bottom.value, top.value


class _RuleCollector:
    """Walks a page's objects, descending into forms, and keeps the ruling lines of its paths.

    The ctypes buffers are made once per page: a report page has hundreds of path objects.
    """

    def __init__(self, view):
        self.view = view
        self.horizontals: list[Rule] = []
        self.verticals: list[Rule] = []
        self._fill, self._stroke = ctypes.c_int(), ctypes.c_int()
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._point = (ctypes.c_float(), ctypes.c_float())

    def collect(self, parent, in_form: bool = False, matrix=_IDENTITY, depth: int = 0) -> None:
        """Add the ruling of every path among a page's (or a form's) objects."""
        count_objects = pdfium_c.FPDFFormObj_CountObjects if in_form else pdfium_c.FPDFPage_CountObjects
        get_object = pdfium_c.FPDFFormObj_GetObject if in_form else pdfium_c.FPDFPage_GetObject
        get_type = pdfium_c.FPDFPageObj_GetType
        path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
        for index in range(max(count_objects(parent), 0)):
            obj = get_object(parent, index)
            kind = get_type(obj) if obj else None
            if kind == path:
                self._path(obj, matrix)
            elif kind == form and depth < _MAX_FORM_DEPTH:
                self.collect(obj, True, _compose(_object_matrix(obj), matrix), depth + 1)

    def _path(self, obj, matrix) -> None:
        """One path object: a thin path is one line; a stroked shape gives its straight sides."""
        fill, stroke, bounds = self._fill, self._stroke, self._bounds
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke) or not (fill.value or stroke.value):
            return
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *bounds):
            return
        x0, y0, x1, y1 = _transform_box(matrix, *(b.value for b in bounds))
        width, height = x1 - x0, y1 - y0
        if width >= height and height <= _THIN:
            self._add((x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2))
        elif width <= _THIN:
            self._add(((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1))
        elif stroke.value:
            self._sides(obj, _compose(_object_matrix(obj), matrix))

    def _sides(self, obj, matrix) -> None:
        """The straight, axis-parallel sides of a stroked path (rectangles contribute all four)."""
        x, y = self._point
        start = current = None
        for index in range(max(pdfium_c.FPDFPath_CountSegments(obj), 0)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
            if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = _apply(matrix, x.value, y.value)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
                self._add(current, point)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = point
            current = point
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                self._add(current, start)
                current = start

    def _add(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        """Keep the line from a to b (PDF page space) when it is horizontal or vertical and long enough."""
        (ax, ay), (bx, by) = _apply(self.view, *a), _apply(self.view, *b)
        if abs(ay - by) <= 0.5 and abs(ax - bx) >= _MIN_RULE:
            self.horizontals.append(Rule((ay + by) / 2, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) <= 0.5 and abs(ay - by) >= _MIN_RULE:
            self.verticals.append(Rule((ax + bx) / 2, min(ay, by), max(ay, by)))


def _object_matrix(obj) -> tuple[float, float, float, float, float, float]:
    """A page object's own transformation matrix (identity when PDFium cannot tell)."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner, outer):
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _apply(matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _transform_box(matrix, left: float, bottom: float, right: float, top: float):
    """The box (x0, y0, x1, y1) covering a box after a transformation."""
    if matrix is _IDENTITY:
        return left, bottom, right, top
    corners = [_apply(matrix, x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)
