"""Tables printed without a full ruling grid (text only, horizontal rules only as in a 三线表, shaded rows), found
among a page's text lines from the way their pieces line up.

The evidence asked for is plain: lines holding several numbers set apart by wide gaps, far wider than the spacing
of justified prose, whose numbers stand in the same columns line after line. Such a run of lines is widened to the
heading lines above it and the label lines inside and just below it; rules that span it, where drawn, say where it
starts and ends. ``textgrid`` then cuts the run into rows and columns. Prose has no wide gaps and stays prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from .content import Char, Rule
from .geometry import Box, median
from .lines import line_box

# A gap wider than this many median character widths of its line separates two pieces (cells) of the line.
PIECE_GAP = 1.5
# Lines further apart than this many character heights do not belong to one table.
_MAX_STEP = 2.5
# Lines without numbers that may stand between two lines of numbers (wrapped labels, group labels).
_MAX_BETWEEN = 6
# Heading lines above the numbers, and wrapped label lines below them.
_MAX_HEAD, _MAX_TAIL = 8, 3
# The share of a line's numbers that must stand in the number columns of the lines above it.
_ALIGNED = 0.6
# Evidence enough: this many lines of two numbers or more, or two such lines among four lines with numbers; or one
# line of this many numbers under a heading line of several pieces (table 四 has one row of fifteen).
_NUMBER_LINES, _SOME_NUMBER_LINES, _LINES_WITH_NUMBERS, _WIDE_ROW = 3, 2, 4, 5
# Single characters standing apart, other than digits, that make a line letter-spaced words rather than cells.
_SPACED_OUT = 3
# A horizontal rule covering this share of a table's width delimits it.
_SPANNING = 0.8
# Heading lines may stand out past the table's numbers and labels by this share of its width (and two characters).
_OVERHANG = 0.1
# Lines set larger than the table's lines by this factor are headings or prose.
_LARGER = 1.2
# One piece wider than this share of the page's text (or the table, when wider) is prose, not a heading or label.
_PROSE_SHARE = 0.6

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_BLANKS = frozenset({"/", "／", "-", "－", "—", "——", "―", "─", "无", "\\", "×"})
_DIGIT = re.compile(r"\d")
# The numbering that opens a label or heading: （三）, (3), 三、, 3. and 3、, ③.
_ENUMERATED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,2}[、．.](?!\d)|[①-⑳])")


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def is_value(text: str) -> bool:
    """A number or a mark printed for a blank cell ("/", "—", "无")."""
    return bool(_NUMBER.match(text)) or text in _BLANKS


def enumerated(text: str) -> bool:
    """Whether a text opens with the numbering of a label or heading ("（三）", "三、", "3.")."""
    return bool(_ENUMERATED.match(text))


class Piece(NamedTuple):
    """Characters of one line that stand together, with no wide gap between them."""

    chars: tuple[Char, ...]
    x0: float
    x1: float
    text: str


def pieces_of(chars: list[Char], gap: float) -> list[Piece]:
    """A line's characters, left to right → its pieces, cut where the gap between two characters exceeds ``gap``."""
    pieces: list[Piece] = []
    start = 0
    for k in range(1, len(chars) + 1):
        if k == len(chars) or chars[k].x0 - chars[k - 1].x1 > gap:
            run = tuple(chars[start:k])
            pieces.append(Piece(run, run[0].x0, max(c.x1 for c in run), "".join(c.text for c in run)))
            start = k
    return pieces


@dataclass(eq=False)
class TextLine:
    """One line of text outside the ruled tables: its characters left to right, its text, page and whether it is a
    page header or footer."""

    chars: list[Char]
    text: str
    page: int
    running: bool = False

    @cached_property
    def box(self) -> Box:
        return line_box(self.chars)

    @property
    def top(self) -> float:
        return self.box.top

    @property
    def bottom(self) -> float:
        return self.box.bottom

    @property
    def middle(self) -> float:
        return self.box.middle

    @cached_property
    def em(self) -> float:
        """The line's median character height."""
        return median([c.bottom - c.top for c in self.chars])

    @cached_property
    def gap(self) -> float:
        """The least gap between two pieces: PIECE_GAP times the median character width."""
        return PIECE_GAP * median([c.x1 - c.x0 for c in self.chars])

    @cached_property
    def pieces(self) -> list[Piece]:
        return pieces_of(self.chars, self.gap)

    @cached_property
    def numbers(self) -> list[Piece]:
        """The pieces that are numbers; none without a digit and a wide gap, so prose costs little."""
        if " " not in self.text or not _DIGIT.search(self.text):
            return []
        if sum(1 for p in self.pieces if len(p.chars) == 1 and not p.text.isdigit()) >= _SPACED_OUT:
            return []  # letter-spaced words, not cells
        return [p for p in self.pieces if is_number(p.text)]


@dataclass(eq=False)
class LinelessPart:
    """The piece of an unruled table on one page: its lines top to bottom and the rules that span it (those
    between its lines mark its rows)."""

    page: int
    lines: list[TextLine]
    rules: list[Rule] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return Box(min(l.box.x0 for l in self.lines), self.lines[0].top,
                   max(l.box.x1 for l in self.lines), max(l.bottom for l in self.lines))


def find_lineless(lines: list[TextLine], horizontals: list[Rule], continuing: bool = False) -> list[LinelessPart]:
    """A page's text lines (top to bottom) and its horizontal rules → the unruled tables among the lines.

    ``continuing`` says that the page before ended in such a table: a run at the top of this page then needs only
    one line of numbers to be taken as the rest of it.
    """
    parts: list[LinelessPart] = []
    taken = -1
    text = [line.box for line in lines if not line.running]
    measure = max((b.x1 for b in text), default=0.0) - min((b.x0 for b in text), default=0.0)
    for run in _runs(lines, measure):
        if run.numeric[0] <= taken:
            continue
        spanning = [r for r in horizontals if _spans(r, run.x0, run.x1)]
        head = _head(lines, run, spanning, taken, continuing)
        at_top = continuing and not any(not l.running for l in lines[taken + 1: (head or run.members)[0]])
        if not run.convincing(lines, head, at_top):
            continue
        tail = _tail(lines, run, spanning)
        members = head + run.members + tail
        table = [lines[i] for i in members if not lines[i].running]
        top, bottom = table[0].top, max(l.bottom for l in table)
        inner = sorted((r for r in spanning if top < r.at < bottom), key=lambda r: r.at)
        parts.append(LinelessPart(table[0].page, table, inner))
        taken = members[-1]
    return parts


@dataclass
class _Run:
    """Lines with numbers in the same columns, and the lines between them."""

    numeric: list[int]
    members: list[int]
    columns: list[list[float]]  # [x0, x1] of each number column, left to right
    x0: float
    x1: float
    em: float
    last: int
    measure: float  # the width of the page's text, against which prose is told from labels
    waiting: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, index: int, line: TextLine, measure: float) -> "_Run":
        columns = [[p.x0, p.x1] for p in line.numbers]
        return cls([index], [index], columns, line.box.x0, line.box.x1, line.em, index, measure)

    def reaches(self, lines: list[TextLine], line: TextLine) -> bool:
        """Whether a line stands close enough below the run's last line to belong to it."""
        return line.top - lines[self.last].bottom <= _MAX_STEP * self.em and len(self.waiting) < _MAX_BETWEEN

    def aligned(self, line: TextLine) -> bool:
        """Whether a line's numbers stand in the run's number columns (one number alone: within their span)."""
        numbers = line.numbers
        if len(numbers) == 1:
            reach = 2 * self.em
            return self.columns[0][0] - reach <= numbers[0].x0 and numbers[0].x1 <= self.columns[-1][1] + reach
        hits = [self._column(p) for p in numbers]
        found = [h for h in hits if h is not None]
        return len(found) >= _ALIGNED * len(numbers) and len(set(found)) == len(found)

    def admits(self, line: TextLine) -> bool:
        """Whether a line without numbers may stand inside the run (a label, a group or sub-heading row): it ends
        within the run's width, is set no larger than the run, and has no piece as wide as a line of prose."""
        return line.box.x1 <= self.x1 + 2 * self.em and self._like_labels(line)

    def labels_only(self, line: TextLine) -> bool:
        """Whether a line holds words left of the number columns only, set no larger than the run."""
        return line.box.x1 <= self.columns[0][0] - self.em / 2 and self._like_labels(line)

    def _like_labels(self, line: TextLine) -> bool:
        return line.em <= _LARGER * self.em and not _prose(line, self)

    def add(self, index: int, line: TextLine) -> None:
        self.members += self.waiting + [index]
        self.waiting = []
        self.numeric.append(index)
        self.last = index
        self.x0, self.x1 = min(self.x0, line.box.x0), max(self.x1, line.box.x1)
        if len(line.numbers) >= 2:
            for piece in line.numbers:
                k = self._column(piece)
                if k is None:
                    self.columns.append([piece.x0, piece.x1])
                    self.columns.sort()
                else:
                    self.columns[k] = [min(self.columns[k][0], piece.x0), max(self.columns[k][1], piece.x1)]

    def wait(self, index: int) -> None:
        self.waiting.append(index)
        self.last = index

    def convincing(self, lines: list[TextLine], head: list[int], at_top: bool) -> bool:
        counts = [len(lines[i].numbers) for i in self.numeric]
        several = sum(1 for n in counts if n >= 2)
        if several >= _NUMBER_LINES or (several >= _SOME_NUMBER_LINES and len(counts) >= _LINES_WITH_NUMBERS):
            return True
        if max(counts) >= _WIDE_ROW and any(len(lines[i].pieces) >= 2 for i in head):
            return True
        return at_top and several >= 1

    def _column(self, piece: Piece) -> int | None:
        for k, (x0, x1) in enumerate(self.columns):
            if piece.x0 < x1 and x0 < piece.x1:
                return k
        return None


def _runs(lines: list[TextLine], measure: float) -> list[_Run]:
    """Runs of lines with numbers in the same columns, each from its first line with numbers to its last;
    ``measure`` is the width of the page's text."""
    runs: list[_Run] = []
    current: _Run | None = None
    for index, line in enumerate(lines):
        if line.running:
            continue
        if current is not None and not current.reaches(lines, line):
            runs.append(current)
            current = None
        numbers = line.numbers
        if len(numbers) >= 2 or (numbers and len(line.pieces) >= 2):
            if current is not None and current.aligned(line):
                current.add(index, line)
                continue
            if current is not None:
                runs.append(current)
            current = _Run.start(index, line, measure) if len(numbers) >= 2 else None
        elif current is not None:
            if current.admits(line):
                current.wait(index)
            else:
                runs.append(current)
                current = None
    if current is not None:
        runs.append(current)
    return runs


def _spans(rule: Rule, x0: float, x1: float) -> bool:
    """Whether a horizontal rule runs across most of the width from x0 to x1."""
    return min(rule.end, x1) - max(rule.start, x0) >= _SPANNING * (x1 - x0)


def _head(lines: list[TextLine], run: _Run, spanning: list[Rule], taken: int, continuing: bool) -> list[int]:
    """The heading lines above a run's first line with numbers: those between the rules above it when rules are
    drawn, else the lines just above that look like headings (several pieces, or one piece set off to the right).
    Label lines count too when they belong to the first row: one just above numbers printed without a label (set
    halfway down a wrapped label), or all of them at the top of a page that carries on a table."""
    first = lines[run.numeric[0]]
    above = [i for i in range(run.numeric[0] - 1, taken, -1) if not lines[i].running]
    rules = sorted((r.at for r in spanning if r.at < first.middle), reverse=True)
    if rules:
        inside = [i for i in above if rules[0] < lines[i].middle]
        if not inside and len(rules) > 1:
            inside = [i for i in above if rules[1] < lines[i].middle < rules[0]]
        if 0 < len(inside) <= _MAX_HEAD and not any(_prose(lines[i], run) for i in inside):
            return sorted(inside)
    if continuing and all(run.labels_only(lines[i]) for i in above) and len(above) <= _MAX_HEAD:
        return sorted(above)
    head: list[int] = []
    below = first
    unlabelled = is_number(first.pieces[0].text)
    for i in above[:_MAX_HEAD]:
        line = lines[i]
        if below.top - line.bottom > _MAX_STEP * run.em:
            break
        halfway = unlabelled and below is first and first.middle - line.middle < run.em and run.labels_only(line)
        if not halfway and not _heading_like(line, run):
            break
        head.append(i)
        below = line
    return sorted(head)


def _tail(lines: list[TextLine], run: _Run, spanning: list[Rule]) -> list[int]:
    """The label lines below a run's last line with numbers: those above the rule closing it when one is drawn, else
    the lines just below that hold words in the label columns only and open with no numbering."""
    last = lines[run.numeric[-1]]
    below = [i for i in range(run.numeric[-1] + 1, len(lines)) if not lines[i].running]
    rules = sorted(r.at for r in spanning if r.at > last.middle)
    if rules:
        inside = [i for i in below if lines[i].middle < rules[0]]
        if len(inside) <= _MAX_TAIL and not any(_prose(lines[i], run) for i in inside):
            return inside
    tail: list[int] = []
    above = last
    for i in below[:_MAX_TAIL]:
        line = lines[i]
        if line.top - above.bottom > _MAX_STEP * run.em or not run.labels_only(line) or enumerated(line.text):
            break
        tail.append(i)
        above = line
    return tail


def _prose(line: TextLine, run: "_Run") -> bool:
    """Whether a line has a piece as wide as a line of prose: a good share of the page's text or the run."""
    return any(p.x1 - p.x0 > _PROSE_SHARE * max(run.x1 - run.x0, run.measure) for p in line.pieces)


def _heading_like(line: TextLine, run: _Run) -> bool:
    """Whether a line just above a run can be a heading row of its table."""
    pieces = line.pieces
    reach = 2 * run.em + _OVERHANG * (run.x1 - run.x0)  # a heading can be wider than the numbers under it
    if line.box.x0 < run.x0 - reach or line.box.x1 > run.x1 + reach or _prose(line, run):
        return False
    if len(pieces) >= 2:
        return True
    return pieces[0].x0 > run.x0 + 2 * run.em and not enumerated(pieces[0].text)
