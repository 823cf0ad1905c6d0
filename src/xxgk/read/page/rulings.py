"""Tables from ruling lines, in visible stages: snap the rules, group them into tables, cut the grid, merge cells.

All positions are points from the top left of one page, or of several pages stacked (see ``tables``).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .content import Char, Rule
from .geometry import Box, Groups


@dataclass
class Ruling:
    """The ruling lines of one table on one page and the box (x0, top, x1, bottom) they span."""

    horizontals: list[Rule]
    verticals: list[Rule]
    box: Box


@dataclass(eq=False)
class Region:
    """One printed cell: the grid rows and columns it covers, its box and the characters inside it."""

    first_row: int
    last_row: int
    first_column: int
    last_column: int
    box: Box
    chars: list[Char] = field(default_factory=list)


def snap_rules(rules: list[Rule], tolerance: float) -> list[Rule]:
    """Rules of one direction → the same lines with near positions made equal and touching pieces joined."""
    snapped: list[Rule] = []
    for cluster in _clusters(sorted(rules), tolerance):
        at = sum(r.at for r in cluster) / len(cluster)
        pieces = sorted((r.start, r.end) for r in cluster)
        start, end = pieces[0]
        for lo, hi in pieces[1:]:
            if lo <= end + tolerance:
                end = max(end, hi)
            else:
                snapped.append(Rule(at, start, end))
                start, end = lo, hi
        snapped.append(Rule(at, start, end))
    return snapped


def find_rulings(horizontals: list[Rule], verticals: list[Rule], tolerance: float) -> list[Ruling]:
    """A page's ruling lines → one Ruling per group of crossing lines that can hold two cells, top to bottom."""
    across, down = snap_rules(horizontals, tolerance), snap_rules(verticals, tolerance)
    crossing = Groups(len(across) + len(down))
    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if _cross(h, v, tolerance):
                crossing.join(i, len(across) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(across):
        groups.setdefault(crossing.root(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        groups.setdefault(crossing.root(len(across) + j), ([], []))[1].append(v)
    rulings = [Ruling(h, v, _span(h, v)) for h, v in groups.values() if h and v]
    return sorted((r for r in rulings if _holds_cells(r, tolerance)), key=lambda r: r.box.top)


def closed(ruling: Ruling, top: bool = True, bottom: bool = True) -> Ruling:
    """The ruling with its outline drawn: the left and right sides always, the top and bottom when asked."""
    x0, y0, x1, y1 = ruling.box
    horizontals = list(ruling.horizontals)
    if top:
        horizontals.append(Rule(y0, x0, x1))
    if bottom:
        horizontals.append(Rule(y1, x0, x1))
    verticals = ruling.verticals + [Rule(x0, y0, y1), Rule(x1, y0, y1)]
    return Ruling(horizontals, verticals, ruling.box)


def grid_regions(ruling: Ruling, chars: list[Char], tolerance: float,
                 breaks: tuple[float, ...] = ()) -> list[list[Region]]:
    """A table's ruling and the characters inside it → rows of regions, a merged region repeated in each slot.

    ``breaks`` are the heights where page breaks cut a stacked table; a merged label cut there is made whole
    again (see ``_carry_over``). Rows and columns that hold no text of their own (strips left where a row was
    cut by a page break, or by a line that stops short) are left out.
    """
    across, down = snap_rules(ruling.horizontals, tolerance), snap_rules(ruling.verticals, tolerance)
    ys, xs = _positions(across, tolerance), _positions(down, tolerance)
    if len(ys) < 2 or len(xs) < 2:
        return []
    slots = _merge_slots(ys, xs, across, down, tolerance)
    last_row, last_column = len(ys) - 2, len(xs) - 2
    for char in chars:
        row = min(max(bisect_right(ys, (char.top + char.bottom) / 2) - 1, 0), last_row)
        column = min(max(bisect_right(xs, (char.x0 + char.x1) / 2) - 1, 0), last_column)
        slots[row][column].chars.append(char)
    for at in breaks:
        row = _slot_index(ys, at + tolerance)
        if abs(ys[row] - at) <= tolerance:  # the break is drawn as a line: cells above and below are cut
            _carry_over(slots, row)
    keep_rows = _with_own_text(slots, len(ys) - 1, lambda r: (r.first_row, r.last_row))
    keep_columns = _with_own_text([list(c) for c in zip(*slots)], len(xs) - 1,
                                  lambda r: (r.first_column, r.last_column))
    return [[slots[i][j] for j in keep_columns] for i in keep_rows]


def _clusters(ordered: list[Rule], tolerance: float) -> list[list[Rule]]:
    clusters: list[list[Rule]] = []
    for rule in ordered:
        if clusters and rule.at - clusters[-1][0].at <= tolerance:
            clusters[-1].append(rule)
        else:
            clusters.append([rule])
    return clusters


def _cross(h: Rule, v: Rule, tolerance: float) -> bool:
    """Whether a horizontal and a vertical rule meet (touching counts)."""
    return h.start - tolerance <= v.at <= h.end + tolerance and v.start - tolerance <= h.at <= v.end + tolerance


def _span(horizontals: list[Rule], verticals: list[Rule]) -> Box:
    return Box(min([h.start for h in horizontals] + [v.at for v in verticals]),
               min([v.start for v in verticals] + [h.at for h in horizontals]),
               max([h.end for h in horizontals] + [v.at for v in verticals]),
               max([v.end for v in verticals] + [h.at for h in horizontals]))


def _holds_cells(ruling: Ruling, tolerance: float) -> bool:
    """Whether the outlined ruling cuts its box into at least two cells (a lone frame is not a table)."""
    x0, y0, x1, y1 = ruling.box
    if x1 - x0 <= tolerance or y1 - y0 <= tolerance:
        return False
    columns = len(_positions(snap_rules(ruling.verticals + [Rule(x0, y0, y1), Rule(x1, y0, y1)], tolerance),
                             tolerance)) - 1
    rows = len(_positions(snap_rules(ruling.horizontals + [Rule(y0, x0, x1), Rule(y1, x0, x1)], tolerance),
                          tolerance)) - 1
    return rows * columns >= 2


def _positions(rules: list[Rule], tolerance: float) -> list[float]:
    """The distinct positions of some snapped rules, ascending, nearer ones than ``tolerance`` taken as one."""
    positions: list[float] = []
    for at in sorted({r.at for r in rules}):
        if not positions or at - positions[-1] > tolerance:
            positions.append(at)
    return positions


def _by_position(rules: list[Rule], positions: list[float], tolerance: float) -> list[list[Rule]]:
    """For each of the grid's positions, the rules that lie there."""
    found: list[list[Rule]] = [[] for _ in positions]
    for rule in rules:
        index = _nearest(positions, rule.at)
        if abs(positions[index] - rule.at) <= tolerance:
            found[index].append(rule)
    return found


def _nearest(positions: list[float], value: float) -> int:
    """The index of the position nearest ``value`` (the lower one of two as near)."""
    k = bisect_right(positions, value)
    if k == 0:
        return 0
    if k == len(positions) or value - positions[k - 1] <= positions[k] - value:
        return k - 1
    return k


def _covers(rules: list[Rule], middle: float, tolerance: float) -> bool:
    """Whether one of some rules (all at one position) runs past ``middle``."""
    for r in rules:
        if r.start - tolerance <= middle <= r.end + tolerance:
            return True
    return False


def _merge_slots(ys: list[float], xs: list[float], across: list[Rule], down: list[Rule],
                 tolerance: float) -> list[list[Region]]:
    """The grid's slots → for each slot the region it belongs to, slots with no line between them joined."""
    rows, columns = len(ys) - 1, len(xs) - 1
    slots = Groups(rows * columns)
    across_at, down_at = _by_position(across, ys, tolerance), _by_position(down, xs, tolerance)
    middles_x = [(xs[j] + xs[j + 1]) / 2 for j in range(columns)]
    for i in range(rows):
        middle_y = (ys[i] + ys[i + 1]) / 2
        for j in range(columns):
            if j + 1 < columns and not _covers(down_at[j + 1], middle_y, tolerance):
                slots.join(i * columns + j, i * columns + j + 1)
            if i + 1 < rows and not _covers(across_at[i + 1], middles_x[j], tolerance):
                slots.join(i * columns + j, (i + 1) * columns + j)
    roots = [slots.root(k) for k in range(rows * columns)]
    extents: dict[int, list[int]] = {}  # first row, last row, first column, last column; rows come in order
    for i in range(rows):
        for j in range(columns):
            e = extents.get(roots[i * columns + j])
            if e is None:
                extents[roots[i * columns + j]] = [i, i, j, j]
                continue
            e[1] = i
            if j < e[2]:
                e[2] = j
            elif j > e[3]:
                e[3] = j
    regions = {key: Region(r0, r1, c0, c1, Box(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
               for key, (r0, r1, c0, c1) in extents.items()}
    return [[regions[roots[i * columns + j]] for j in range(columns)] for i in range(rows)]


def _slot_index(positions: list[float], value: float) -> int:
    """The slot between two positions that holds ``value``, the outer slots taking what lies just outside."""
    return min(max(bisect_right(positions, value) - 1, 0), len(positions) - 2)


def _carry_over(slots: list[list[Region]], row: int) -> None:
    """Join a merged label that a page break cut in two: an empty cell at the top of the new page is the rest of
    the cell just above the break when both have the same sides and one of them spans several rows."""
    if row <= 0:
        return
    for column in range(len(slots[row])):
        above, below = slots[row - 1][column], slots[row][column]
        if below.chars or not above.chars or above is below or below.first_row != row:
            continue
        if (above.first_column, above.last_column) != (below.first_column, below.last_column):
            continue
        if above.first_row == above.last_row and below.first_row == below.last_row:
            continue
        whole = Region(above.first_row, below.last_row, above.first_column, above.last_column,
                       above.box._replace(bottom=below.box.bottom), above.chars)
        for i in range(whole.first_row, whole.last_row + 1):
            for j in range(whole.first_column, whole.last_column + 1):
                slots[i][j] = whole


def _with_own_text(lines: list[list[Region]], count: int, extent) -> list[int]:
    """The indices of grid rows (or columns) worth keeping: those with text of their own, or needed to show text
    of a merged region that no kept line shows."""
    empty = set()
    for index, line in enumerate(lines):
        own = [r for r in line if extent(r) == (index, index)]
        if not any(r.chars for r in own):
            empty.add(index)
    kept = set(range(count)) - empty
    for index in sorted(empty):
        for region in lines[index]:
            lo, hi = extent(region)
            if region.chars and not any(lo <= k <= hi for k in kept):
                kept.add(index)
                break
    return sorted(kept)
