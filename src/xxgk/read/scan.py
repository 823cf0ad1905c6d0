"""Scanned reports: page images (PNG, JPEG, TIFF; PDF pages without a text layer) read with OCR.

The stages:

1. ``image_grid``: the page made straight, its ruling lines found and then erased from a copy;
2. ``ocr``: the pieces of text found on the ruling-free page and read, each with its confidence;
3. the pieces become characters and the rulings become rules, in points, as a PDF page with a text layer would
   give them, and the PDF reader's own stages make the paragraphs and the table grids (``pdf.blocks_of``);
4. ``refine``: every table cell that holds a number (or ink where a number could be) is cropped and read once
   more on its own. Each value cell keeps the lower confidence of the two readings, and where they disagree the
   cell is marked doubtful with both texts as alternatives. Nothing is guessed: a cell with ink but no legible
   text stays empty with confidence 0.

A page's coordinates are points as if the page were A4 (or the PDF page's own size), so the PDF stages' tolerances
hold whatever the resolution of the scan.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..errors import ReadError
from .layout import Block, Cell, Layout, TableGrid
from .options import ReadOptions
from .pdf_page import Char, PageContent, Rule

log = logging.getLogger(__name__)

_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}
_A4 = (595.3, 841.9)
# A page image larger than this (pixels on its longer side) is scaled down first: photographs of pages.
_MAX_SIDE = 2600
# A page read with a lower median confidence, or in shorter pieces on average, is read again turned (upside down
# first), and the reading that makes out the most text is kept.
_UPRIGHT, _WORD_LENGTH = 0.85, 2.5
# Text that could be a number in a cell, or a mark for a blank one.
_VALUE_LIKE = re.compile(r"^[\s0-9,，.．/／\-—－–_]*$")
# Cell crops are cut this many pixels inside the cell (ruling remains) and padded this much around their ink.
_INSET, _PAD = 2, 4
# Ink stands this many gray levels below the paper; a cell with fewer dark pixels than this holds no mark.
_INK_CONTRAST, _MIN_INK = 60, 4
# Two readings of a cell that disagree leave it at most this confident.
_DISAGREE = 0.5


@dataclass
class OcrPage:
    """What OCR saw on one page: the straight page without its rulings, points per pixel, and the words."""

    number: int
    clean: np.ndarray
    scale: float
    words: list
    angle: float = 0.0


class ScanReader:
    kind = "scan"
    label = "图片扫描件"
    suffixes = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def sniff(self, head: bytes, name: str) -> int | None:
        try:
            return 100 if any(head.startswith(magic) for magic in _MAGIC) else None
        except (TypeError, AttributeError):
            return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        images = _images(path, options)
        contents, pages = [], {}
        for number, image in enumerate(images, 1):
            log.info("OCR 第%d/%d页", number, len(images))
            content, pages[number] = ocr_page(image, number, options)
            contents.append(content)
        if not any(c.chars for c in contents):
            raise ReadError(f"{path}: 图片中未识别出文字")
        from .pdf import blocks_of

        return Layout(tuple(refine(blocks_of(contents, options.snap_tolerance), pages, options)), "scan", path.name)


def _images(path: Path, options: ReadOptions) -> list[np.ndarray]:
    """The pages of an image file as gray arrays (every frame of a TIFF); ReadError when it cannot be decoded."""
    from PIL import Image, ImageOps

    pages = []
    try:
        with Image.open(path) as image:
            for index in range(getattr(image, "n_frames", 1)):
                if index >= options.max_pages:
                    raise ReadError(f"{path}: 图片有超过 {options.max_pages} 页，超过上限")
                image.seek(index)
                frame = ImageOps.exif_transpose(image) if index == 0 else image
                pages.append(np.asarray(frame.convert("L")))
    except ReadError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, EOFError):
        raise ReadError(f"{path}: 图片文件已损坏或格式不支持，无法打开") from None
    return pages


def ocr_page(image: np.ndarray, number: int, options: ReadOptions, scale: float | None = None
             ) -> tuple[PageContent, OcrPage]:
    """A page image (gray) → its characters and rulings in points, as a PDF page gives them, and what OCR saw.

    ``scale`` is points per pixel when known (a PDF page rendered at a known resolution), else the page is taken
    to be A4."""
    from . import image_grid

    page = _bounded(image_grid.gray(image))
    page, angle = image_grid.upright(page)
    best = _read(page, angle, options)
    for turn in (180, 90, 270):
        if _plausible(best[3]):
            break
        other = _read(image_grid.turned(page, turn), angle + turn, options)
        best = other if _score(other[3]) > _score(best[3]) else best
    page, lines, clean, words, angle = best
    height, width = page.shape
    if scale is None:
        scale = (_A4[1] if width > height else _A4[0]) / width
    content = PageContent(number, width * scale, height * scale, _chars(words, scale),
                          [_points(r, scale) for r in lines.horizontals], [_points(r, scale) for r in lines.verticals])
    return content, OcrPage(number, clean, scale, words, angle)


def read_page_image(image: np.ndarray, number: int, options: ReadOptions | None = None) -> list[Block]:
    """One page image (gray or BGR array) → its blocks, as the scan reader makes them."""
    options = options or ReadOptions()
    from .pdf import blocks_of

    content, page = ocr_page(image, number, options)
    return refine(blocks_of([content], options.snap_tolerance), {number: page}, options)


def _read(page: np.ndarray, angle: float, options: ReadOptions):
    """A straight gray page → (page, its rulings, the page without them, the words on it, the angle turned)."""
    import cv2

    from . import image_grid, ocr

    lines = image_grid.rulings(page)
    clean = image_grid.erase_rulings(page, lines)
    return page, lines, clean, ocr.read_words(cv2.cvtColor(clean, cv2.COLOR_GRAY2BGR), options.ocr_threads), angle


def _score(words) -> float:
    """How much text a reading made out with confidence: sideways or upside-down pages give little."""
    return sum(w.reading.confidence * len(w.reading.text.strip()) for w in words)


def _plausible(words) -> bool:
    """Whether a reading looks like a page read the right way up: confident, and in words rather than single
    signs (text on its side is read as scattered single characters)."""
    return _median(words) >= _UPRIGHT and float(np.mean([len(w.reading.text.strip()) for w in words])) >= _WORD_LENGTH


def _median(words) -> float:
    return float(np.median([w.reading.confidence for w in words])) if words else 0.0


def _bounded(page: np.ndarray) -> np.ndarray:
    import cv2

    side = max(page.shape)
    if side <= _MAX_SIDE:
        return page
    factor = _MAX_SIDE / side
    return cv2.resize(page, (round(page.shape[1] * factor), round(page.shape[0] * factor)), interpolation=cv2.INTER_AREA)


def _points(rule: Rule, scale: float) -> Rule:
    return Rule(rule.at * scale, rule.start * scale, rule.end * scale)


def _chars(words, scale: float) -> list[Char]:
    """Words → characters spread evenly over each word's box, in points (spaces only make room)."""
    chars = []
    for word in words:
        x0, top, x1, bottom = (v * scale for v in word.box)
        text = word.reading.text
        step = (x1 - x0) / len(text)
        chars += [Char(t, x0 + i * step, top, x0 + (i + 1) * step, bottom) for i, t in enumerate(text) if t.strip()]
    return chars


def refine(blocks: list[Block], pages: dict[int, OcrPage], options: ReadOptions) -> list[Block]:
    """Blocks of OCR'd pages → the same blocks, each table cell carrying its confidence, and each value cell read
    again from its own crop (see the module's docstring)."""
    from . import ocr

    jobs: list[tuple[Cell, OcrPage, tuple[int, int, int, int]]] = []
    crops = []
    seen: set[int] = set()
    for block in blocks:
        if not isinstance(block, TableGrid):
            continue
        for row in block.rows:
            for cell in row:
                page = pages.get(cell.ref.page)
                if id(cell) in seen or page is None or cell.ref.box is None or not _VALUE_LIKE.match(cell.text):
                    continue
                seen.add(id(cell))
                box = _ink_box(page, cell.ref.box)
                if box is not None:
                    jobs.append((cell, page, box))
                    crops.append(_bgr(ocr.crop(page.clean, box, _PAD)))
    second = dict(zip((id(c) for c, _, _ in jobs), ocr.recognise(crops, options.ocr_threads))) if crops else {}
    made: dict[int, Cell] = {}
    return [_refined(b, pages, second, made) if isinstance(b, TableGrid) else b for b in blocks]


def _refined(grid: TableGrid, pages: dict[int, OcrPage], second: dict, made: dict[int, Cell]) -> TableGrid:
    rows = []
    for row in grid.rows:
        out = []
        for cell in row:
            if id(cell) not in made:
                page = pages.get(cell.ref.page)
                made[id(cell)] = cell if page is None else _with_confidence(cell, page, second.get(id(cell)))
            out.append(made[id(cell)])
        rows.append(tuple(out))
    return TableGrid(tuple(rows), grid.ref)


def _with_confidence(cell: Cell, page: OcrPage, again) -> Cell:
    """A cell of an OCR'd page with the confidence of its words and, for a value cell, of its second reading."""
    words = _words_in(page, cell.ref.box) if cell.ref.box else []
    first = min((w.reading.confidence for w in words), default=None)
    alternatives = tuple(a for w in words for a in w.reading.alternatives)
    if again is None:
        if not _VALUE_LIKE.match(cell.text) or not cell.text.strip():
            return replace(cell, confidence=1.0 if first is None else first, alternatives=alternatives)
        # the page read a number here but its crop holds no ink: trust neither
        return replace(cell, confidence=min(first or 0.0, _DISAGREE), alternatives=alternatives)
    printed, reread = _squeezed(cell.text), _squeezed(again.text)
    if not cell.text.strip():
        # the detector missed it: only the crop was read
        text, confidence = again.text, again.confidence
    elif printed == reread:
        text, confidence = cell.text, max(first or 0.0, again.confidence)
    else:
        text, confidence = again.text, min(first or 0.0, again.confidence, _DISAGREE)
        alternatives = (cell.text,) + alternatives
    options = tuple(dict.fromkeys(a for a in alternatives + again.alternatives if _squeezed(a) != _squeezed(text)))
    return replace(cell, text=text, confidence=round(confidence, 4), alternatives=options)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pixels(page: OcrPage, box) -> tuple[int, int, int, int]:
    return tuple(int(round(v / page.scale)) for v in box)


def _words_in(page: OcrPage, box) -> list:
    x0, top, x1, bottom = _pixels(page, box)
    return [w for w in page.words
            if x0 <= (w.box[0] + w.box[2]) / 2 <= x1 and top <= (w.box[1] + w.box[3]) / 2 <= bottom]


def _ink_box(page: OcrPage, box) -> tuple[int, int, int, int] | None:
    """The box around the ink inside a cell (pixels), None when the cell holds no mark.

    Ink is what stands well below the cell's own paper tone once the noise is smoothed, so that blurred thin
    strokes count and speckles do not."""
    import cv2

    x0, top, x1, bottom = _pixels(page, box)
    x0, top, x1, bottom = max(0, x0 + _INSET), max(0, top + _INSET), x1 - _INSET, bottom - _INSET
    piece = page.clean[top: max(top, bottom), x0: max(x0, x1)]
    if piece.shape[0] < 3 or piece.shape[1] < 3:
        return None
    smooth = cv2.GaussianBlur(piece, (3, 3), 0)
    dark = smooth < float(np.median(smooth)) - _INK_CONTRAST
    if int(dark.sum()) < _MIN_INK:
        return None
    ys, xs = np.nonzero(dark)
    return (x0 + int(xs.min()), top + int(ys.min()), x0 + int(xs.max()) + 1, top + int(ys.max()) + 1)


def _bgr(piece: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(piece, cv2.COLOR_GRAY2BGR)


READER = ScanReader()
