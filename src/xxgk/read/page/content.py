"""What the engine reads a page from: its characters with their boxes and its ruling lines, in points from the
page's top left, whichever source gave them (a PDF's text layer, or OCR of a scan or a picture)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Char(NamedTuple):
    """One printed character and its box (x0, top, x1, bottom) in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Rule(NamedTuple):
    """A ruling line: horizontal at y=``at`` running from x=``start`` to ``end``, or vertical at x=``at``."""

    at: float
    start: float
    end: float


@dataclass
class PageContent:
    """A page's characters and its horizontal and vertical ruling lines; ``number`` is 1-based."""

    number: int
    width: float
    height: float
    chars: list[Char]
    horizontals: list[Rule]
    verticals: list[Rule]
