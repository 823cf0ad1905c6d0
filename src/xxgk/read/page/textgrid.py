"""An unruled table (see ``lineless``) cut into a grid, in stages: columns, rows, cells.

Columns are the white gaps that run down all the table's lines of numbers; the label side is cut further where the
left edges of labels line up and some line prints two labels side by side (group and item, "（三）不予公开" and
"1.属于国家秘密"). Each line is a row, except that a label wrapped over several lines is joined to the line of its
numbers: numbers set halfway between two label lines take both; a line opening with no numbering continues the label
above it when the table's labels are numbered; rules drawn between rows, where there are any, decide. A piece of text
reaching over several columns is one cell repeated in each, as a merged cell of a ruled table is.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..layout import Cell, SourceRef, TableGrid
from .content import Char, Rule
from .geometry import Groups, median, rounded
from .lineless import LinelessPart, Piece, TextLine, enumerated, is_value, pieces_of
from .lines import block_text, line_box

# Between the characters of two cells a white gap of this many character heights runs down every line of numbers.
_RIVER = 0.5
# A gap this wide (character heights) between characters on the two sides of a column edge parts two cells.
_CELL_GAP = 0.4
# Characters of a number column: digits and the marks numbers and blank cells are printed with.
_VALUE_CHARS = frozenset("0123456789,.%+-/／－—―─×\\无")
_NUMERIC_SHARE = 0.8
# Label left edges this close (character heights) line up.
_EDGE = 0.5
# Numbers this close (a share of the line pitch) to the middle between two label lines are set between them.
_HALFWAY = 0.3


@dataclass(frozen=True)
class Column:
    x0: float
    x1: float
    numeric: bool

    @property
    def width(self) -> float:
        return max(self.x1 - self.x0, 0.1)


@dataclass
class _Line:
    """A table line cut at the column edges: each piece with the first and last column it covers."""

    line: TextLine
    cells: list[tuple[Piece, int, int]]
    values: bool  # a value printed in a number column
    filled: bool  # anything printed in a number column
    labels: bool  # anything printed in a label column


def text_grid(parts: list[LinelessPart]) -> TableGrid:
    """The pieces of one unruled table, in page order → its TableGrid."""
    lines = [line for part in parts for line in part.lines]
    em = median([line.em for line in lines])
    columns = find_columns(lines, em)
    cut = [_cut(line, columns, em) for line in lines]
    rules = {line: part.rules for part in parts for line in part.lines}
    rows = [_cells(row, columns) for row in _rows(cut, rules, em)]
    first = parts[0]
    return TableGrid(tuple(rows), SourceRef(page=first.page, box=rounded(first.box)))


# --- columns ----------------------------------------------------------------------------------------------------

def find_columns(lines: list[TextLine], em: float) -> list[Column]:
    """The columns of a table: the stretches of ink between white gaps running down its lines of numbers, the label
    stretches cut further where label edges line up."""
    numeric = [line for line in lines if len(line.numbers) >= 2] or [line for line in lines if line.numbers]
    spans: list[list] = []
    for x0, x1, text in sorted((c.x0, c.x1, c.text) for line in numeric for c in line.chars):
        if spans and x0 - spans[-1][1] < _RIVER * em:
            span = spans[-1]
            span[1] = max(span[1], x1)
        else:
            span = [x0, x1, 0, 0]
            spans.append(span)
        span[2] += text in _VALUE_CHARS
        span[3] += 1
    body = lines[lines.index(numeric[0]):]
    columns: list[Column] = []
    for x0, x1, values, count in spans:
        if values >= _NUMERIC_SHARE * count:
            columns.append(Column(x0, x1, True))
        else:
            columns += _label_columns(x0, x1, body, em)
    return columns


def _label_columns(x0: float, x1: float, lines: list[TextLine], em: float) -> list[Column]:
    """A stretch of labels cut where the left edges of two labels or more line up and some line prints words
    before that edge too, a gap apart ("三、本年度办理结果  （一）予以公开")."""
    starts: list[float] = []
    beside: list[float] = []
    for line in lines:
        starts += [p.x0 for p in line.pieces if x0 - em <= p.x0 <= x1]
        chars = [c for c in line.chars if x0 - em <= c.x0 <= x1]
        beside += [b.x0 for a, b in zip(chars, chars[1:]) if b.x0 - a.x1 > _CELL_GAP * em]
    starts.sort()
    edges = [x0]
    group: list[float] = []
    for start in starts + [float("inf")]:
        if group and start - group[-1] > _EDGE * em:
            lo, hi = group[0] - _EDGE * em, group[-1] + _EDGE * em
            if group[0] > x0 + em and len(group) >= 2 and any(lo <= b <= hi for b in beside):
                edges.append(group[0])
            group = []
        group.append(start)
    ends = [e - _EDGE * em for e in edges[1:]] + [x1]
    return [Column(a, max(b, a), False) for a, b in zip(edges, ends)]


def _cut(line: TextLine, columns: list[Column], em: float) -> _Line:
    """A line's characters → its cells: pieces parted at wide gaps and at column edges, each with the columns it
    covers."""
    lefts = [c.x0 for c in columns]

    def column_of(char: Char) -> int:
        return max(bisect_right(lefts, (char.x0 + char.x1) / 2) - 1, 0)

    pieces: list[Piece] = []
    for piece in line.pieces:
        start = 0
        chars = piece.chars
        for k in range(1, len(chars)):
            if chars[k].x0 - chars[k - 1].x1 > _CELL_GAP * em and column_of(chars[k]) != column_of(chars[k - 1]):
                pieces += pieces_of(list(chars[start:k]), float("inf"))
                start = k
        pieces += pieces_of(list(chars[start:]), float("inf"))
    cells = [(p, *_covered(p, columns)) for p in pieces]
    values = any(columns[lo].numeric and is_value(p.text) for p, lo, hi in cells if lo == hi)
    filled = any(any(c.numeric for c in columns[lo:hi + 1]) for _, lo, hi in cells)
    labels = any(not all(c.numeric for c in columns[lo:hi + 1]) for _, lo, hi in cells)
    return _Line(line, cells, values, filled, labels)


def _covered(piece: Piece, columns: list[Column]) -> tuple[int, int]:
    """The first and last column a piece covers: those where it starts or ends, and those it overlaps by half of the
    narrower of the two; else the nearest."""
    width = max(piece.x1 - piece.x0, 0.1)
    hits = [k for k, c in enumerate(columns)
            if c.x0 <= piece.x0 <= c.x1 or c.x0 <= piece.x1 <= c.x1
            or min(piece.x1, c.x1) - max(piece.x0, c.x0) >= 0.5 * min(width, c.width)]
    if not hits:
        middle = (piece.x0 + piece.x1) / 2
        near = min(range(len(columns)), key=lambda k: max(columns[k].x0 - middle, middle - columns[k].x1, 0))
        return near, near
    return hits[0], hits[-1]


# --- rows -------------------------------------------------------------------------------------------------------

def _rows(lines: list[_Line], rules: dict[TextLine, list[Rule]], em: float) -> list[list[_Line]]:
    """Table lines → rows of lines: heading lines one row each, then each line of numbers with its label lines."""
    first = next((k for k, line in enumerate(lines) if line.values), None)
    if first is None:  # no number stands in a column of numbers: nothing to join
        return [[line] for line in lines]
    numbered = _numbered(lines[first:])
    pitch = _pitch(lines)
    owner: list[int | None] = [None] * len(lines)
    for segment in _segments(lines, first, rules):
        anchors = [k for k in segment if lines[k].filled]
        if len(anchors) <= 1 and _ruled(segment, lines, rules):
            for k in segment:
                owner[k] = anchors[0] if anchors else segment[0]
            continue
        for k in anchors:
            owner[k] = k
        _attach(segment, anchors, lines, owner, numbered, pitch, em)
    rows: dict[int, list[_Line]] = {}
    for k, line in enumerate(lines):
        rows.setdefault(k if owner[k] is None else owner[k], []).append(line)
    return [rows[k] for k in sorted(rows)]


def _segments(lines: list[_Line], first: int, rules: dict[TextLine, list[Rule]]) -> list[list[int]]:
    """The lines from the first label line before the first line of values to the end, cut at page breaks and at
    rules drawn between rows."""
    start = first
    while start > 0 and not lines[start - 1].filled and lines[start - 1].line.page == lines[first].line.page:
        start -= 1
    segments: list[list[int]] = []
    for k in range(start, len(lines)):
        line = lines[k].line
        if segments:
            before = lines[segments[-1][-1]].line
            crossed = any(before.middle < r.at < line.middle for r in rules[line])
            if before.page == line.page and not crossed:
                segments[-1].append(k)
                continue
        segments.append([k])
    return segments


def _ruled(segment: list[int], lines: list[_Line], rules: dict[TextLine, list[Rule]]) -> bool:
    """Whether a segment is one row between two rules (rules are drawn between the table's rows)."""
    line = lines[segment[0]].line
    inner = rules[line]
    return bool(inner) and any(r.at < line.middle for r in inner) and any(
        r.at > lines[segment[-1]].line.middle for r in inner)


def _attach(segment: list[int], anchors: list[int], lines: list[_Line], owner: list, numbered: bool,
            pitch: float, em: float) -> None:
    """Give each label line of a segment to the line of numbers its label belongs to, or leave it a row of its
    own where nothing says which."""
    bounds = [None] + anchors + [None]
    for above, below in zip(bounds, bounds[1:]):
        lo = segment[0] if above is None else above + 1
        hi = segment[-1] + 1 if below is None else below
        block = list(range(lo, hi))
        for k in block:
            owner[k] = _owner(k, block, above, below, lines, numbered, pitch, em)


def _owner(k: int, block: list[int], above: int | None, below: int | None, lines: list[_Line], numbered: bool,
           pitch: float, em: float) -> int | None:
    """The line of numbers a label line ``k`` belongs to, if that is plain; ``block`` holds the label lines between
    ``above`` and ``below``."""
    line = lines[k].line
    for anchor in (below, above):
        if anchor is not None and abs(anchor - k) == 1 and not lines[anchor].labels:
            if abs(abs(lines[anchor].line.middle - line.middle) - pitch / 2) <= _HALFWAY * pitch:
                return anchor
    opens = [j for j in block if enumerated(lines[j].line.text)]
    if numbered and opens:
        if k >= opens[0]:
            return below
        return above
    if numbered and above is not None:
        return above
    if above is not None and below is not None:
        gap_above = line.top - lines[k - 1].line.bottom
        gap_below = lines[k + 1].line.top - line.bottom
        if block == [k] and abs(gap_above - gap_below) > 0.3 * em:
            return above if gap_above < gap_below else below
    return None


def _numbered(lines: list[_Line]) -> bool:
    """Whether most labels of the lines with numbers open with a numbering ("（一）", "1.")."""
    labels = [p.text for line in lines if line.filled for p, lo, hi in line.cells[:1] if line.labels]
    return bool(labels) and sum(1 for t in labels if enumerated(t)) * 2 > len(labels)


def _pitch(lines: list[_Line]) -> float:
    """The usual distance between two lines of labels (numbers set halfway between them do not count)."""
    flow = [line.line for line in lines if line.labels]
    steps = [b.middle - a.middle for a, b in zip(flow, flow[1:]) if a.page == b.page and b.middle > a.middle]
    return median(steps)


# --- cells ------------------------------------------------------------------------------------------------------

def _cells(row: list[_Line], columns: list[Column]) -> tuple[Cell, ...]:
    """A row's lines → one Cell per column; a piece covering several columns makes one Cell repeated in each."""
    spans = Groups(len(columns))
    for line in row:
        for _, lo, hi in line.cells:
            for j in range(lo + 1, hi + 1):
                spans.join(j, lo)
    chars: dict[int, list[Char]] = {}
    for line in row:
        for piece, lo, _ in line.cells:
            chars.setdefault(spans.root(lo), []).extend(piece.chars)
    page = row[0].line.page
    top, bottom = min(l.line.top for l in row), max(l.line.bottom for l in row)
    made: dict[int, Cell] = {}
    cells = []
    for j, column in enumerate(columns):
        key = spans.root(j)
        if key in chars:
            if key not in made:
                made[key] = Cell(block_text(chars[key]), SourceRef(page=page, box=rounded(line_box(chars[key]))))
            cells.append(made[key])
        else:
            cells.append(Cell("", SourceRef(page=page, box=rounded((column.x0, top, column.x1, bottom)))))
    return tuple(cells)
