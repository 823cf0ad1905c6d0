"""Tables with ruling lines that run over page breaks: which pieces belong together, and one grid from the pieces.

The pieces of a table are stacked as if the pages were one long sheet: each piece is moved up or down so that its
top meets the bottom of the piece before it. Then one grid is cut from all their rules, so a cell that the page
break cuts (drawn open at the bottom of one page and at the top of the next) stays one cell. Each cell's
``SourceRef`` is then taken back to the page where it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import Cell, SourceRef, TableGrid
from .content import Char, Rule
from .geometry import Box, rounded
from .lines import block_text
from .rulings import Region, Ruling, closed, grid_regions

# Page numbers and their dressing: "-3-", "— 3 —", "第3页", "第 3 页 共 5 页", "3/5".
_PAGE_NUMBER = re.compile(r"^[\s\-—–－─_·•]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4})?(\s*共\s*\d{1,4}\s*页)?"
                          r"[\s\-—–－─_·•]*$")
# Page headers and footers live in this share of the page height at the top and the bottom.
_MARGIN_BAND = 0.08
# A numbered heading ("四、政府信息公开行政复议…") is the document's own text even where a page's narrow margin puts
# it in the band: a browser prints a page with a margin of about a centimetre.
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、．.]")


@dataclass(eq=False)
class TablePart:
    """The piece of a table on one page: its ruling and the characters inside it."""

    page: int
    ruling: Ruling
    chars: list[Char]

    @property
    def box(self) -> Box:
        return self.ruling.box


@dataclass(frozen=True)
class PageLine:
    """A line of text outside the tables, with its page number, box and the page height."""

    text: str
    page: int
    box: Box
    page_height: float


def is_running(line: PageLine) -> bool:
    """Whether a line is a page header or footer (a page number, or short text in the top or bottom band)."""
    if _PAGE_NUMBER.match(line.text):
        return True
    if _HEADING.match(line.text):
        return False
    band = line.page_height * _MARGIN_BAND
    in_band = line.box.bottom <= band or line.box.top >= line.page_height - band
    return in_band and len(line.text) <= 40


def continues(before: TablePart, after: TablePart, between: list[PageLine], tolerance: float) -> bool:
    """Whether ``after``, at the top of the next page, carries on ``before``, at the bottom of its page.

    ``between`` holds the text lines below ``before`` and above ``after``; only headers and footers may stand there.
    The two pieces must have their left and right sides in line.
    """
    if after.page != before.page + 1:
        return False
    if any(not is_running(line) for line in between):
        return False
    reach = 2 * tolerance
    return abs(before.box.x0 - after.box.x0) <= reach and abs(before.box.x1 - after.box.x1) <= reach


def table_grid(parts: list[TablePart], tolerance: float) -> TableGrid | None:
    """The pieces of one table, in page order → its TableGrid (None when no cell holds text)."""
    offsets = _offsets(parts)
    horizontals: list[Rule] = []
    verticals: list[Rule] = []
    chars: list[Char] = []
    last = len(parts) - 1
    for k, (part, offset) in enumerate(zip(parts, offsets)):
        outlined = closed(part.ruling, top=k == 0, bottom=k == last)
        horizontals += [Rule(r.at + offset, r.start, r.end) for r in outlined.horizontals]
        verticals += [Rule(r.at, r.start + offset, r.end + offset) for r in outlined.verticals]
        if offset:
            chars += [Char(text, x0, top + offset, x1, bottom + offset) for text, x0, top, x1, bottom in part.chars]
        else:
            chars += part.chars
    box = Box(min(p.box.x0 for p in parts), parts[0].box.top,
              max(p.box.x1 for p in parts), parts[-1].box.bottom + offsets[-1])
    breaks = tuple(part.box.top + offset for part, offset in zip(parts[1:], offsets[1:]))
    rows = grid_regions(Ruling(horizontals, verticals, box), chars, tolerance, breaks)
    if not rows:
        return None
    cells: dict[Region, Cell] = {}
    grid = tuple(tuple(_cell(region, parts, offsets, cells, tolerance) for region in row) for row in rows)
    return TableGrid(grid, SourceRef(page=parts[0].page, box=rounded(parts[0].box)))


def _offsets(parts: list[TablePart]) -> list[float]:
    """How far each piece moves so that it starts where the piece before it ends."""
    offsets = [0.0]
    for before, after in zip(parts, parts[1:]):
        offsets.append(offsets[-1] + before.box.bottom - after.box.top)
    return offsets


def _cell(region: Region, parts: list[TablePart], offsets: list[float], made: dict[Region, Cell],
          tolerance: float) -> Cell:
    """The Cell of a region, made once and shared by every slot the region covers."""
    cell = made.get(region)
    if cell is None:
        x0, top, x1, bottom = region.box
        k = len(parts) - 1  # the piece the region starts in
        while k and parts[k].box.top + offsets[k] > top + tolerance:
            k -= 1
        end = min(bottom, parts[k].box.bottom + offsets[k])
        box = (x0, top - offsets[k], x1, end - offsets[k])
        cell = made[region] = Cell(block_text(region.chars), SourceRef(page=parts[k].page, box=rounded(box)))
    return cell
