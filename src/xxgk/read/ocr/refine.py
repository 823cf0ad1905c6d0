"""Table cells of OCR'd pages read once more, each from its own crop.

Every table cell that holds a number (or ink where a number could be) is cropped and read again on its own. Each
value cell keeps the lower confidence of the two readings, and where they disagree the cell is marked doubtful with
both texts as alternatives. Nothing is guessed: a cell with ink but no legible text stays empty with confidence 0.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np

from ..layout import Block, Cell, TableGrid
from ..options import ReadOptions
from . import engine
from .page import OcrPage

# Text that could be a number in a cell, or a mark for a blank one.
_VALUE_LIKE = re.compile(r"^[\s0-9,，.．/／\-—－–_]*$")
# Cell crops are cut this many pixels inside the cell (ruling remains) and padded this much around their ink.
_INSET, _PAD = 2, 4
# Ink stands this many gray levels below the paper; a cell with fewer dark pixels than this holds no mark.
_INK_CONTRAST, _MIN_INK = 60, 4
# Two readings of a cell that disagree leave it at most this confident.
_DISAGREE = 0.5


def refine(blocks: list[Block], pages: dict[int, OcrPage], options: ReadOptions) -> list[Block]:
    """Blocks of OCR'd pages → the same blocks, each table cell carrying its confidence, and each value cell read
    again from its own crop (see the module's docstring)."""
    jobs: list[tuple[Cell, OcrPage, tuple[int, int, int, int]]] = []
    crops = []
    seen: set[Cell] = set()  # a merged cell (one object in several slots), or equal cells, read once
    for block in blocks:
        if not isinstance(block, TableGrid):
            continue
        for row in block.rows:
            for cell in row:
                page = pages.get(cell.ref.page)
                if cell in seen or page is None or cell.ref.box is None or not _VALUE_LIKE.match(cell.text):
                    continue
                seen.add(cell)
                box = _ink_box(page, cell.ref.box)
                if box is not None:
                    jobs.append((cell, page, box))
                    crops.append(_bgr(engine.crop(page.clean, box, _PAD)))
    second = dict(zip((c for c, _, _ in jobs), engine.recognise(crops, options.ocr_threads))) if crops else {}

    def refined(cell: Cell) -> Cell:
        page = pages.get(cell.ref.page)
        return cell if page is None else _with_confidence(cell, page, second.get(cell))

    return [b.with_cells(refined) if isinstance(b, TableGrid) else b for b in blocks]


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
