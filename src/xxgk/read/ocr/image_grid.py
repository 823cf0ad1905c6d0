"""Page images made straight, and the ruling lines of their tables, with OpenCV.

Stages, each a function of its own: ``ink`` (dark marks on a light page), ``upright`` (a page turned a quarter is
turned back; a small skew is measured from how sharply the rows of ink stand out, and undone), ``rulings`` (long thin
runs of ink, found by morphological opening, as segments with their ends kept) and ``erase_rulings`` (the page
without them, so that a cell's crop holds only its text).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..page.content import Rule

# Ruling lines are at least this share of the page width long.
_RULE_SHARE = 0.03
# Skews up to this many degrees are undone; a larger one is taken as part of the page.
_MAX_SKEW = 5.0
# Pages are measured for skew at this width (pixels).
_MEASURE_WIDTH = 600
# A page whose columns of ink stand out this much more sharply than its rows may be lying on its side (a table's
# aligned numbers make columns sharp too: OCR settles it, see ``page.ocr_page``).
_TURNED = 1.3
# Rulings thicker than this (pixels at 150 dpi) are dark blocks, not lines.
_MAX_THICKNESS = 0.006


@dataclass(frozen=True)
class Lines:
    """A page's ruling lines in pixels, and a mask of their ink."""

    horizontals: list[Rule]
    verticals: list[Rule]
    mask: np.ndarray


def gray(image: np.ndarray) -> np.ndarray:
    """Any image array (gray, BGR, BGRA) → 8-bit gray."""
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def ink(page: np.ndarray) -> np.ndarray:
    """A gray page → 255 where there is ink, 0 elsewhere (adaptive, so uneven lighting of photos does not matter)."""
    block = max(15, (page.shape[1] // 60) | 1)
    return cv2.adaptiveThreshold(page, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def upright(page: np.ndarray) -> tuple[np.ndarray, float]:
    """A gray page → the page with its text lines horizontal, and the angle (degrees) it was turned by."""
    small = _small(page)
    marks = ink(small)
    turn = 0
    if _sharpness(marks.T) > _TURNED * _sharpness(marks):
        page, marks, turn = cv2.rotate(page, cv2.ROTATE_90_CLOCKWISE), cv2.rotate(marks, cv2.ROTATE_90_CLOCKWISE), 90
    angle = _skew(marks)
    if abs(angle) < 0.05:
        return page, float(turn)
    return _rotate(page, angle), turn + angle


_TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def turned(page: np.ndarray, degrees: int) -> np.ndarray:
    """The page turned clockwise by a quarter, a half or three quarters."""
    return cv2.rotate(page, _TURNS[degrees])


def rulings(page: np.ndarray) -> Lines:
    """A straight gray page → its horizontal and vertical ruling segments (pixels) and their ink mask."""
    marks = ink(page)
    length = max(10, int(page.shape[1] * _RULE_SHARE))
    thickest = max(3, int(page.shape[1] * _MAX_THICKNESS))
    across = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    down = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    horizontals = [Rule(y + h / 2, x, x + w) for x, y, w, h in _components(across) if h <= thickest]
    verticals = [Rule(x + w / 2, y, y + h) for x, y, w, h in _components(down) if w <= thickest]
    mask = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    return Lines(horizontals, verticals, mask)


def erase_rulings(page: np.ndarray, lines: Lines) -> np.ndarray:
    """The page with the ink of its ruling lines made white."""
    clean = page.copy()
    clean[lines.mask > 0] = 255
    return clean


def has_ink(page: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Whether a box of a (ruling-free) gray page holds a mark the size of a small digit or more."""
    x0, top, x1, bottom = box
    piece = page[max(0, top): bottom, max(0, x0): x1]
    if piece.size == 0:
        return False
    dark = piece < 128
    return int(dark.sum()) >= max(6, (bottom - top) // 3)


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, count)]


def _small(page: np.ndarray) -> np.ndarray:
    scale = min(1.0, _MEASURE_WIDTH / page.shape[1])
    if scale == 1.0:
        return page
    return cv2.resize(page, (round(page.shape[1] * scale), round(page.shape[0] * scale)), interpolation=cv2.INTER_AREA)


def _sharpness(marks: np.ndarray) -> float:
    """How sharply rows of ink stand apart from the white between them: the variance of the row sums."""
    return float(np.var(marks.sum(axis=1, dtype=np.float64)))


def _skew(marks: np.ndarray) -> float:
    """The small angle (degrees) that makes the rows of ink sharpest: a coarse search, then a fine one."""
    best = max(np.arange(-_MAX_SKEW, _MAX_SKEW + 0.01, 0.5), key=lambda a: _sharpness(_rotate(marks, a, 0)))
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    return round(float(max(fine, key=lambda a: _sharpness(_rotate(marks, a, 0)))), 2)


def _rotate(image: np.ndarray, angle: float, background: int = 255) -> np.ndarray:
    """The image turned by ``angle`` degrees (counter-clockwise) about its centre, corners filled."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=background)
