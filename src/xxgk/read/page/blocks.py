"""Pages' characters and rulings → blocks in reading order: the engine's stages chained.

1. ``rulings``: rules snapped and grouped into tables; the grid cut and merged cells found;
2. ``tables``: pieces of a ruled table on consecutive pages joined into one grid;
3. ``lines``: characters outside the tables grouped into lines, one Paragraph each;
4. ``lineless`` and ``textgrid``: tables without a full ruling grid (text only, 三线表) found among those lines
   from how their numbers line up, and cut into grids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import Block, Paragraph, SourceRef, TableGrid
from .content import PageContent
from .geometry import rounded
from .lineless import LinelessPart, TextLine, find_lineless
from .lines import group_lines, line_box, line_text
from .rulings import find_rulings
from .tables import PageLine, TablePart, continues, is_running, table_grid
from .textgrid import text_grid

# The two pieces of an unruled table over a page break share this much of the narrower one's width.
_SAME_WIDTH = 0.7


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
        bottom = self.unruled[-1].box.bottom
        return not any(p.box.top > bottom for p in self.parts) and not any(
            line.box.top > bottom and not is_running(line) for line in self.lines)


def blocks_of(contents: list[PageContent], tolerance: float) -> list[Block]:
    """The characters and rulings of consecutive pages → their blocks in reading order."""
    pages: list[_Page] = []
    for content in contents:
        continuing = bool(pages) and pages[-1].ends_in_unruled()
        pages.append(_split(content, tolerance, continuing))
    return _blocks(pages, tolerance)


def _split(content: PageContent, tolerance: float, continuing: bool = False) -> _Page:
    """A page's content → its table pieces (with the characters inside them), its unruled tables and its other
    text as lines. ``continuing`` says that the page before ended in an unruled table."""
    rulings = find_rulings(content.horizontals, content.verticals, tolerance)
    page = _Page(content.number, parts=[TablePart(content.number, r, []) for r in rulings])
    loose = []
    reach = [(part.chars, x0 - tolerance, top - tolerance, x1 + tolerance, bottom + tolerance)
             for part in page.parts for x0, top, x1, bottom in (part.box,)]
    for char in content.chars:
        x, y = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        for chars, x0, top, x1, bottom in reach:  # the table piece whose box holds the character's centre
            if x0 <= x <= x1 and top <= y <= bottom:
                chars.append(char)
                break
        else:
            loose.append(char)
    lines = []
    for chars in group_lines(loose):
        line = PageLine(line_text(chars), content.number, line_box(chars), content.height)
        lines.append(TextLine(chars, line.text, content.number, is_running(line)))
        page.lines.append(line)
    page.unruled = find_lineless(lines, content.horizontals, continuing)
    if page.unruled:
        inside = {line for part in page.unruled for line in part.lines}
        page.lines = [p for p, line in zip(page.lines, lines) if line not in inside]
    return page


def _blocks(pages: list[_Page], tolerance: float) -> list[Block]:
    """All pages → blocks in reading order, a table that runs over page breaks given once where it starts."""
    tables: dict[TablePart | LinelessPart, TableGrid] = {**_joined(pages, tolerance), **_joined_unruled(pages)}
    blocks: list[Block] = []
    for page in pages:
        placed: list[tuple[float, int, Block]] = []
        for line in page.lines:
            ref = SourceRef(page=page.number, box=rounded(line.box))
            placed.append((line.box.top, len(placed), Paragraph(line.text, ref)))
        for part in [*page.parts, *page.unruled]:
            grid = tables.get(part)
            if grid is not None:
                placed.append((part.box.top, len(placed), grid))
        blocks += [block for _, _, block in sorted(placed, key=lambda p: (p[0], p[1]))]
    return blocks


def _joined(pages: list[_Page], tolerance: float) -> dict[TablePart, TableGrid]:
    """Table pieces → {a table's first piece: its TableGrid}, pieces continued over page breaks joined."""
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
            tables[group[0]] = grid
    return tables


def _carries_on(before: TablePart, previous: _Page | None, page: _Page, part: TablePart, tolerance: float) -> bool:
    """Whether ``part``, first on ``page``, continues ``before``, last on the page before it."""
    if previous is None or part is not page.parts[0] or not previous.parts or before is not previous.parts[-1]:
        return False
    if any(u.box.top >= before.box.bottom for u in previous.unruled) or any(
            u.box.bottom <= part.box.top for u in page.unruled):
        return False  # an unruled table stands between them
    between = [line for line in previous.lines if line.box.top >= before.box.bottom - tolerance]
    between += [line for line in page.lines if line.box.bottom <= part.box.top + tolerance]
    return continues(before, part, between, tolerance)


def _joined_unruled(pages: list[_Page]) -> dict[LinelessPart, TableGrid]:
    """Unruled tables → {a table's first piece: its TableGrid}, a table ending one page and starting the next
    taken as one, its columns found over both pieces."""
    groups: list[list[LinelessPart]] = []
    for previous, page in zip([None] + pages[:-1], pages):
        for part in page.unruled:
            if groups and previous is not None and _unruled_carries_on(groups[-1][-1], previous, page, part):
                groups[-1].append(part)
            else:
                groups.append([part])
    return {group[0]: text_grid(group) for group in groups}


def _unruled_carries_on(before: LinelessPart, previous: _Page, page: _Page, part: LinelessPart) -> bool:
    """Whether ``part``, first on ``page``, continues ``before``, the last thing on the page before it."""
    if part is not page.unruled[0] or before is not previous.unruled[-1] or not previous.ends_in_unruled():
        return False
    top = part.box.top
    if any(p.box.bottom < top for p in page.parts) or any(
            l.box.bottom <= top and not is_running(l) for l in page.lines):
        return False
    (a0, _, a1, _), (b0, _, b1, _) = before.box, part.box
    return min(a1, b1) - max(a0, b0) >= _SAME_WIDTH * min(a1 - a0, b1 - b0)
