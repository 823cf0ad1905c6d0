"""A page image read by OCR into what the page engine reads: characters and rulings in points, as a PDF page with a
text layer would give them, and what OCR saw (``OcrPage``) for ``refine`` to read its table cells again.

The stages: ``image_grid`` makes the page straight, finds its ruling lines and erases them from a copy; ``engine``
finds the pieces of text on the ruling-free page and reads them, each with its confidence; a page that reads poorly
is read again turned. A page's coordinates are points as if the page were A4 (or the PDF page's own size), so the
engine's tolerances hold whatever the resolution of the scan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..options import ReadOptions
from ..page.content import Char, PageContent, Rule
from . import engine, image_grid

_A4 = (595.3, 841.9)
# A page image larger than this (pixels on its longer side) is scaled down first: photographs of pages.
_MAX_SIDE = 2600
# A page read with a lower median confidence, or in shorter pieces on average, is read again turned (upside down
# first), and the reading that makes out the most text is kept.
_UPRIGHT, _WORD_LENGTH = 0.85, 2.5


@dataclass
class OcrPage:
    """What OCR saw on one page: the straight page without its rulings, points per pixel, and the words."""

    number: int
    clean: np.ndarray
    scale: float
    words: list
    angle: float = 0.0


def points_per_pixel(width: int, height: int) -> float:
    """The scale of a page image whose resolution is unknown: its width taken as an A4 page's (landscape: the long
    side), the places of what is read on it given in points as a PDF page gives them."""
    return (_A4[1] if width > height else _A4[0]) / width


def ocr_page(image: np.ndarray, number: int, options: ReadOptions, scale: float | None = None
             ) -> tuple[PageContent, OcrPage]:
    """A page image (gray) → its characters and rulings in points, as a PDF page gives them, and what OCR saw.

    ``scale`` is points per pixel when known (a PDF page rendered at a known resolution), else the page is taken
    to be A4."""
    page = bounded(image_grid.gray(image))
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
        scale = points_per_pixel(width, height)
    content = PageContent(number, width * scale, height * scale, _chars(words, scale),
                          [_points(r, scale) for r in lines.horizontals], [_points(r, scale) for r in lines.verticals])
    return content, OcrPage(number, clean, scale, words, angle)


def _read(page: np.ndarray, angle: float, options: ReadOptions):
    """A straight gray page → (page, its rulings, the page without them, the words on it, the angle turned)."""
    import cv2

    lines = image_grid.rulings(page)
    clean = image_grid.erase_rulings(page, lines)
    return page, lines, clean, engine.read_words(cv2.cvtColor(clean, cv2.COLOR_GRAY2BGR), options.ocr_threads), angle


def _score(words) -> float:
    """How much text a reading made out with confidence: sideways or upside-down pages give little."""
    return sum(w.reading.confidence * len(w.reading.text.strip()) for w in words)


def _plausible(words) -> bool:
    """Whether a reading looks like a page read the right way up: confident, and in words rather than single
    signs (text on its side is read as scattered single characters)."""
    return _median_confidence(words) >= _UPRIGHT and float(
        np.mean([len(w.reading.text.strip()) for w in words])) >= _WORD_LENGTH


def _median_confidence(words) -> float:
    return float(np.median([w.reading.confidence for w in words])) if words else 0.0


def bounded(page: np.ndarray) -> np.ndarray:
    """A gray page no larger than ``_MAX_SIDE`` pixels on its longer side (photographs of pages are scaled down)."""
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
