"""Cell text → value: counts, amounts, blanks; which cells of a row are labels and which are values."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..read import Cell

_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_WITH_UNIT = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|元|件|个|项|次|条)$")
_BLANK = {"", "/", "-", "—", "——", "－", "―", "─", "无", "空", "\\", "×", "-/-"}
_UNIT_FACTOR = {"万元": 1.0, "元": 0.0001}
_SPACES = re.compile(r"[\s\u3000\xa0]+")
# letters that OCR programs give for the digits 0 and 1: a number printed with them is read with a finding
LOOKALIKES = "Oo〇lI"
_AS_DIGITS = str.maketrans(LOOKALIKES, "00011")
_LOOKALIKE_NUMBER = re.compile(rf"^([+-]?)([\d{LOOKALIKES}]+(?:\.[\d{LOOKALIKES}]+)?)$")


@dataclass(frozen=True)
class Parsed:
    """A value cell read: ``value`` (None for blank), ``unit`` when the cell printed its own, ``text`` when the cell
    held words where a number belongs, ``lookalike`` when it printed letters for digits (OCR's "l" for 1, "O" for 0)
    and was read as the number they look like."""

    value: int | float | None
    unit: str = ""
    text: str = ""
    lookalike: bool = False


def squeeze(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=65536)
def is_value(text: str) -> bool:
    """True for a number, a number with a unit, or a blank mark ("/", "—", "无"), or a run of them set apart by
    spaces ("95 0": the cells of two columns that a copy ran together)."""
    return _single_value(text) or len(run(text)) > 1


def _single_value(text: str) -> bool:
    t = squeeze(text)
    return t in _BLANK or bool(_NUMBER.match(t) or _WITH_UNIT.match(t)) or _lookalike(t) is not None


def _lookalike(squeezed: str) -> str | None:
    """The digits of a number that OCR printed with letters for its 0s and 1s ("l2" → "12", "〇" → "0"), else
    None."""
    m = _LOOKALIKE_NUMBER.match(squeezed)
    if not m or squeezed.isdigit():
        return None
    digits = m.group(2).translate(_AS_DIGITS)
    # a count prints no leading zero: "oo" is two zeros whose cells ran together, not the number 0
    if digits.startswith("0") and len(digits.split(".")[0]) > 1:
        return None
    return m.group(1) + digits


@lru_cache(maxsize=65536)
def run(text: str) -> tuple[str, ...]:
    """The values of a cell that holds several set apart by spaces ("95 0" → ("95", "0")); () for any other
    cell."""
    words = text.split()
    if len(words) > 1 and all(_single_value(w) for w in words) and any(_NUMBER.match(squeeze(w)) for w in words):
        return tuple(words)
    return ()


def spread(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """The cells of a row with each run of values ("95 0") taken apart into one cell per value, at its place."""
    if not any(run(c.text) for c in cells):
        return cells
    out: list[Cell] = []
    for c in cells:
        words = run(c.text)
        out.extend([Cell(w, c.ref, c.confidence, c.alternatives) for w in words] if words else [c])
    return tuple(out)


@lru_cache(maxsize=65536)
def parse(text: str) -> Parsed:
    """The value a cell prints. "1,234" → 1234, "182.68" → 182.68, "/" → None, "251000元" → 251000 with unit 元."""
    if run(text):
        return Parsed(None, text=text.strip())
    t = squeeze(text)
    if t in _BLANK:
        return Parsed(None)
    m = _NUMBER.match(t)
    if m:
        return Parsed(_number(m.group(1) + m.group(2).replace(",", "") + (m.group(3) or "")))
    m = _WITH_UNIT.match(t)
    if m:
        return Parsed(_number(m.group(1)), unit=m.group(2))
    digits = _lookalike(t)
    if digits is not None:
        return Parsed(_number(digits), lookalike=True)
    return Parsed(None, text=text.strip())


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def in_wan_yuan(parsed: Parsed) -> int | float | None:
    """An amount converted to 万元 when the cell printed 元 or 万元."""
    if parsed.value is None or parsed.unit not in _UNIT_FACTOR:
        return parsed.value
    return round(parsed.value * _UNIT_FACTOR[parsed.unit], 6)


@dataclass(frozen=True)
class SplitRow:
    """A grid row cut into its label cells (distinct, in order) and the value cells after the last label."""

    labels: tuple[Cell, ...]
    values: tuple[Cell, ...]
    row: tuple[Cell, ...] = ()
    start: int = 0

    @property
    def label_text(self) -> str:
        return " ".join(c.text for c in self.labels)


def label_positions(row: tuple[Cell, ...]) -> list[int]:
    """Indexes of the cells that hold words rather than a value."""
    return [i for i, c in enumerate(row) if c.text.strip() and not is_value(c.text)]


def split_row(row: tuple[Cell, ...], last: int | None = None) -> SplitRow:
    """Labels up to cell ``last`` (default: the last cell holding words), values after it."""
    if last is None:
        last = max(label_positions(row), default=-1)
    labels: list[Cell] = []
    for c in row[: last + 1]:
        if c.text.strip() and (not labels or labels[-1].text != c.text):
            labels.append(c)
    return SplitRow(tuple(labels), tuple(row[last + 1:]), tuple(row), last + 1)


def fit(values: tuple[Cell, ...], expected: int) -> tuple[Cell, ...]:
    """While there are more cells than headings: take a merged cell once (readers repeat the same Cell object into
    each column it covers), then drop empty cells at either end (padding of copied tables)."""
    values = list(values)
    if len(values) > expected:
        values = [c for i, c in enumerate(values) if i == 0 or c is not values[i - 1] or not c.text.strip()]
    while len(values) > expected and not values[-1].text.strip():
        values.pop()
    while len(values) > expected and not values[0].text.strip():
        values.pop(0)
    return tuple(values)


def agreed(values: list, expected: int) -> tuple[list, bool]:
    """Values placed under ``expected`` headings when the row printed another number of cells, and whether any
    heading was left without a value because the placements disagree.

    Every way of lining the printed cells up with the headings (shifted from left to right) is tried; a heading gets
    a value only where all of them agree, else None. No value is guessed into place.
    """
    n = len(values)
    if n == expected:
        return list(values), False
    placements = []
    for offset in range(abs(n - expected) + 1):
        if n > expected:
            placements.append(list(values[offset: offset + expected]))
        else:
            placements.append([None] * offset + list(values) + [None] * (expected - n - offset))
    out, ambiguous = [], False
    for i in range(expected):
        seen = {repr(p[i]) for p in placements}
        ambiguous |= len(seen) > 1
        out.append(placements[0][i] if len(seen) == 1 else None)
    return out, ambiguous
