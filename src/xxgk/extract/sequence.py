"""The numbers of a table in the order they stand → the template's cells, where the format leaves one reading only.

Copies of a printed table often keep its numbers but lose its lines: ``pdftotext`` prints each cell on a line of
its own and reads a run of rows down its columns; converters print a row's numbers in one cell and its label on the
next line. What they keep is what the format fixes: the rows in their order, the number of cells in each, and the
relations (a row's 总计 is the sum of its applicants, a group's 总计 the sum of its results).

``place`` reads a table's value tokens as a sequence of blocks, each either one row read across or a run of rows
read down its columns, every row of a block-down checked by its row relation; the cells every consistent reading
agrees on are placed, the others stay ``None``. Nothing is placed when the count of numbers fits no form of the
table, or when every reading breaks one of the table's relations (of a row or of a column) or puts a number printed
with a fraction where a count belongs: a placement is only ever made where the format's relations then hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Severity
from ..read import Cell
from ..template import Relation, TableSpec, Template, normalize
from .align import Sheet
from .cells import LOOKALIKES, in_wan_yuan, is_value, parse

# a page number or running foot between the rows of a table: "-3-", "— 3 —", "第3页", "第 3 页 共 5 页"
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")

FRACTION = re.compile(r"\d[.．]\d")  # "0.00", "182.68": only an amount (万元) is printed with a fraction


@dataclass(frozen=True)
class Row:
    """A row of the table as the sequence sees it: its key, its column keys, and the relation that checks it."""

    key: str
    columns: tuple[str, ...]
    relation: Relation | None = None

    def holds(self, values: list) -> bool | None:
        """Whether the row's relation holds for these values (None: no relation, or a blank cell in it)."""
        if self.relation is None:
            return None
        index = {c: i for i, c in enumerate(self.columns)}
        try:
            left = [values[index[c]] for c in self.relation.left]
            right = [values[index[c]] for c in self.relation.right]
        except KeyError:
            return None
        if any(v is None for v in left + right):
            return None
        return abs(sum(left) - sum(right)) < 1e-6


@dataclass
class Placement:
    """The cells placed from a sequence: ``values`` row → column → value (None where readings disagree),
    ``ambiguous`` the paths left None because consistent readings disagree, ``cells`` the token each value came
    from."""

    table: str
    values: dict[str, dict] = field(default_factory=dict)
    ambiguous: list[str] = field(default_factory=list)
    cells: dict[str, Cell] = field(default_factory=dict)
    consistent: bool = True  # False: every reading breaks a relation of the table, and nothing may be placed


def tokens_of(texts: list[Cell]) -> list[Cell]:
    """The value tokens of a table's cells and lines, in order: every whitespace-separated word that is a number or
    a blank mark; a line that is a page number is passed over."""
    out: list[Cell] = []
    for cell in texts:
        if PAGE_NUMBER.match(cell.text):
            continue
        for word in cell.text.split():
            if is_value(word):
                out.append(Cell(word, cell.ref, cell.confidence, cell.alternatives))
    return out


def forms(template: Template, table: str) -> list[list[Row]]:
    """The ways the table may be printed: its rows in order, with the old single (六) row or the new three."""
    spec = template.table(table)
    relation = next((r for r in template.relations if r.table == table and r.each == "row"), None)
    if table == "review":
        return [[Row(g.key, tuple(c.key for c in spec.columns), relation) for g in spec.groups]]
    columns = tuple(c.key for c in spec.columns)
    modern = [r for r in spec.rows if not r.legacy]
    shapes = [modern]
    for old in (r for r in spec.rows if r.replaces):
        shapes.append([r for r in spec.rows if r.key not in old.replaces])
    return [[Row(r.key, tuple(r.columns) or columns, relation) for r in rows] for rows in shapes]


def place(template: Template, table: str, tokens: list[Cell]) -> Placement | None:
    """The cells a table's value tokens give in the one form whose cell count they fit; None when none fits or no
    reading of the blocks is consistent."""
    for rows in forms(template, table):
        if sum(len(r.columns) for r in rows) == len(tokens):
            return _read(template, template.table(table), rows, tokens)
    return None


def _value(spec: TableSpec, column: str, token: Cell):
    parsed = parse(token.text)
    if spec.column(column).amount:
        return in_wan_yuan(parsed)
    value = parsed.value
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _read(template: Template, spec: TableSpec, rows: list[Row], tokens: list[Cell]) -> Placement:
    starts = [0]
    for r in rows:
        starts.append(starts[-1] + len(r.columns))
    values = [[_value(spec, c, t) for c, t in zip(r.columns, tokens[starts[i]:starts[i + 1]])] for i, r in enumerate(rows)]

    def typed(row: Row, index: list[int]) -> bool:
        """Counts are whole numbers: a number printed with a fraction can only stand in an amount's column."""
        return all(spec.column(c).amount or not FRACTION.search(tokens[j].text) for c, j in zip(row.columns, index))

    def blocks(i: int):
        """(k, rows whose relation fails, values of rows i..i+k-1, token index of each cell) for every block that may
        start at row i: the row read across, or a run of rows of one width read down its columns, each of them
        holding its relation."""
        across = list(range(starts[i], starts[i + 1]))
        yield 1, int(rows[i].holds(values[i]) is False or not typed(rows[i], across)), [values[i]], [across]
        width = len(rows[i].columns)
        for k in range(2, len(rows) - i + 1):
            if len(rows[i + k - 1].columns) != width or rows[i].relation is None:
                break
            base = starts[i]
            index = [[base + c * k + r for c in range(width)] for r in range(k)]
            down = [[_value(spec, col, tokens[j]) for col, j in zip(rows[i + r].columns, index[r])] for r in range(k)]
            if down != values[i: i + k] and all(rows[i + r].holds(down[r]) and typed(rows[i + r], index[r])
                                                 for r in range(k)):
                yield k, 0, down, index  # (a run read down that gives what reading across gives is no other reading)

    # The readings that break the fewest row relations (none, when the report adds up) are kept: the cost of
    # reading rows ..i from the start (``behind``) and rows i.. to the end (``ahead``).
    n = len(rows)
    options = [list(blocks(i)) for i in range(n)]
    ahead = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        ahead[i] = min(cost + ahead[i + k] for k, cost, _, _ in options[i])
    behind = [0] + [n + 1] * n
    for i in range(n):
        for k, cost, _, _ in options[i]:
            behind[i + k] = min(behind[i + k], behind[i] + cost)
    best = [[b for b in options[i] if behind[i] + b[1] + ahead[i + b[0]] == ahead[0]] for i in range(n)]
    readings = _readings(best, n)
    if ahead[0]:
        return Placement(spec.key, consistent=False)
    if readings is not None:  # few enough to try each: keep those that break no column relation
        readings = [r for r in readings if _broken_columns(template, spec, rows, r) == 0]
        if not readings:
            return Placement(spec.key, consistent=False)
    else:
        readings = [[(i, b) for i in range(n) for b in best[i]]]  # every block on a best path: agreement is stricter
    seen: dict[tuple[int, int], set] = {}
    chosen: dict[tuple[int, int], object] = {}
    source: dict[tuple[int, int], int] = {}
    for reading in readings:
        for i, (k, _, vals, index) in reading:
            for r in range(k):
                for c, v in enumerate(vals[r]):
                    seen.setdefault((i + r, c), set()).add(repr(v))
                    chosen[(i + r, c)] = v
                    source[(i + r, c)] = index[r][c]
    placement = Placement(spec.key)
    for i, row in enumerate(rows):
        for c, column in enumerate(row.columns):
            path = f"{spec.key}.{row.key}.{column}"
            if len(seen[(i, c)]) == 1:
                placement.values.setdefault(row.key, {})[column] = chosen[(i, c)]
                placement.cells[path] = tokens[source[(i, c)]]
            else:
                placement.values.setdefault(row.key, {})[column] = None
                placement.ambiguous.append(path)
    if not placement.ambiguous and broken(template, spec.key, placement.values):
        placement.consistent = False  # (too many readings to try each: the one agreed on is checked whole)
    return placement


MAX_READINGS = 4096


def _readings(best: list[list], n: int) -> list[list] | None:
    """Every reading of the rows as a list of (first row, block), or None when there are more than MAX_READINGS."""
    out: list[list] = []

    def walk(i: int, path: list) -> bool:
        if i == n:
            out.append(list(path))
            return len(out) <= MAX_READINGS
        for block in best[i]:
            path.append((i, block))
            if not walk(i + block[0], path):
                return False
            path.pop()
        return True

    return out if walk(0, []) else None


def _broken_columns(template: Template, spec: TableSpec, rows: list[Row], reading: list) -> int:
    values: dict[str, dict] = {}
    for i, (k, _, vals, _) in reading:
        for r in range(k):
            values[rows[i + r].key] = dict(zip(rows[i + r].columns, vals[r]))
    return broken(template, spec.key, values, each="column")


# findings of the label reading that a placement by order answers for the cells it placed
ANSWERED = {"layout.cell_count", "layout.cell_count_resolved", "template.missing_row", "template.missing_table"}
UNCERTAIN = "按数字顺序放入模板"


def broken(template: Template, table: str, values: dict[str, dict], each: str | None = None) -> int:
    """How many of the table's relations (of rows or columns, or both) fail for these values, a blank cell in one
    counting as a failure."""
    spec = template.table(table)
    failures = 0
    for relation in (r for r in template.relations if r.table == table and each in (None, r.each)):
        if relation.each == "row":
            groups = [[(row, c) for c in relation.left] + [(row, c) for c in relation.right] for row in values]
            pairs = [(g[: len(relation.left)], g[len(relation.left):]) for g in groups]
        else:
            right = ([r.key for r in spec.rows if r.result and r.key in values] if relation.right == "results"
                     else list(relation.right))
            pairs = [([(r, c.key) for r in relation.left], [(r, c.key) for r in right]) for c in spec.columns]
        for left, right in pairs:
            lv = [values.get(r, {}).get(c) for r, c in left]
            rv = [values.get(r, {}).get(c) for r, c in right]
            failures += any(v is None for v in lv + rv) or abs(sum(lv) - sum(rv)) > 1e-6
    return failures


def settle(template: Template, sheet: Sheet, texts: list[Cell]) -> dict[str, str]:
    """Fill a sheet's cells that the labels could not place from the sequence of numbers in the table's cells and
    lines (``texts``), and return the paths placed so (→ why they are uncertain).

    A placement only fills blank cells, unless it is complete and every relation of the table then holds: then it
    also replaces cells the label reading got otherwise. Every placement is a warning finding that names its cells;
    cells that readings disagree on stay blank and are named too."""
    if _sound(template, sheet):
        return {}
    tokens = tokens_of(texts)
    placement = place(template, sheet.table, tokens)
    if placement is not None and not _in_heading_order(template, sheet.table, placement, texts):
        placement.consistent = False
    if placement is None or not placement.consistent:
        _unfit(template, sheet, tokens, texts, fits=placement is not None)
        return {}
    changed = [p for p, cell in placement.cells.items()
               if _get(sheet.values, p) != _get(placement.values, p) and _get(placement.values, p) is not None]
    if not changed:
        return {}
    conflicts = [p for p in changed if _get(sheet.values, p) is not None]
    whole = not placement.ambiguous and not broken(template, sheet.table, placement.values)
    if conflicts and not whole:
        return {}
    confirmed = {p for p in placement.cells if _get(placement.values, p) is not None
                 and _get(sheet.values, p) == _get(placement.values, p)}
    answered = set(changed) | set(placement.ambiguous) | confirmed
    if whole:
        # the whole table read in one form, every relation holding: a row of the other form (the old single
        # （六） row, say, read from a label repeated where a page break cut a merged cell) is not in the report
        answered |= {f"{sheet.table}.{row.key}.{column}" for rows in forms(template, sheet.table) for row in rows
                     if row.key not in placement.values for column in row.columns}
    sheet.findings[:] = [f for f in sheet.findings if f.code not in ANSWERED or not set(f.cells) <= answered
                         or not f.cells]
    for path in changed:
        _, row, column = path.split(".")
        sheet.put(row, column, _get(placement.values, path), placement.cells[path])
    sheet.note("layout.placed_by_order", cells=changed, where=placement.cells[changed[0]], count=len(changed))
    if placement.ambiguous:
        sheet.note("layout.order_ambiguous", cells=placement.ambiguous, count=len(placement.ambiguous))
    return {p: UNCERTAIN for p in changed}


def _in_heading_order(template: Template, table: str, placement: Placement, texts: list[Cell]) -> bool:
    """For a table that no relation checks (二), whether its column headings stand where the template order puts
    them: a heading printed after more numbers than precede the last cell of its column shows a copy that read the
    table down its columns or out of order, and then the order of the numbers says nothing. Tables with relations
    are checked by them."""
    if any(r.table == table for r in template.relations):
        return True
    spec = template.table(table)
    order = [column for row in spec.rows if row.key in placement.values for column in placement.values[row.key]]
    last = {column: i for i, column in enumerate(order)}
    heading = {normalize(label): column.key for column in spec.columns for label in column.labels}
    numbers = 0
    for cell in texts:
        if PAGE_NUMBER.match(cell.text):
            continue
        key = heading.get(normalize(cell.text))
        if key in last and numbers > last[key]:
            return False
        numbers += sum(1 for word in cell.text.split() if is_value(word))
    return True


LOST = {"layout.order_unfit", "layout.order_inconsistent", "layout.table_garbled"}


def doubt_layout(findings: list) -> None:
    """Where one table's structure was lost on the way (its numbers fit no reading), the copy's other tables may
    have lost theirs too — their numbers read into a neighbour, a row's cells cut apart, a heading dropped: the
    report's findings about missing tables, rows and cell counts are warnings, as the lost table's own are."""
    if any(f.code in LOST for f in findings):
        for f in findings:
            if f.code in ANSWERED and f.severity is Severity.ERROR:
                f.severity = Severity.WARNING


def _sound(template: Template, sheet: Sheet) -> bool:
    """True when the labels read every cell of the table, without a finding about its layout, and every relation
    holds: the order of the numbers can add nothing."""
    if any(f.code in ANSWERED for f in sheet.findings):
        return False
    values = sheet.values
    complete = any(all(values.get(r.key, {}).get(c) is not None for r in rows for c in r.columns)
                   for rows in forms(template, sheet.table))
    return complete and broken(template, sheet.table, values) == 0


def _unfit(template: Template, sheet: Sheet, tokens: list[Cell], texts: list[Cell], fits: bool = False) -> None:
    """A table whose labels left most cells unread although it printed about as many numbers as the format has
    cells: its structure was lost on the way (a copy, a converter, an OCR program), not by the report, and its
    numbers fit no form (or, ``fits``, they fit one but no reading of them holds the table's relations), or they
    are not numbers any more but digits run into letters and rulings ("[Ta 0|1010ol"). The cells stay blank; the
    findings about its missing rows and cell counts are warnings, with one that says why."""
    shapes = forms(template, sheet.table)
    size = min(sum(len(r.columns) for r in rows) for rows in shapes)
    blank = [f"{sheet.table}.{row}.{column}" for row, columns in sheet.values.items()
             for column, value in columns.items() if value is None]
    blank += [f"{sheet.table}.{row.key}.{column}" for row in shapes[0]
              if row.key not in sheet.values for column in row.columns]
    if len(blank) * 2 < size:
        return
    few = len(tokens) * 2 < size
    garbled = _garbled(texts) if few else []
    # digits run together stand for many cells each: a third of the format's cells in sight is enough
    if few and (not garbled or (len(tokens) + sum(d for _, d in garbled)) * 3 < size):
        return
    for f in sheet.findings:
        if f.code in ANSWERED:
            f.severity = Severity.WARNING
    if few:
        worst = max(garbled, key=lambda line: line[1])[0]
        sheet.note("layout.table_garbled", cells=blank, where=worst, sample=worst.text[:30], count=len(blank))
    elif fits:
        sheet.note("layout.order_inconsistent", cells=blank, printed=len(tokens), count=len(blank))
    else:
        sheet.note("layout.order_unfit", cells=blank, printed=len(tokens), expected=size, count=len(blank))


# a word that holds digits run into other characters: what an OCR program makes of a row read through its rulings
_RUN_TOGETHER = re.compile(rf"[\d{LOOKALIKES}|\[\]]*\d[\d{LOOKALIKES}|\[\]]*|[{LOOKALIKES}|]{{4,}}")


def _garbled(texts: list[Cell]) -> list[tuple[Cell, int]]:
    """The table's lines whose words run digits into letters and rulings ("0|1010", "olololo"), each with how many
    digits (and letters standing for digits) they hold; page numbers and words that are values are passed over."""
    out = []
    for cell in texts:
        if PAGE_NUMBER.match(cell.text):
            continue
        digits = sum(1 for word in cell.text.split() if not is_value(word)
                     for m in _RUN_TOGETHER.finditer(word) for ch in m.group() if ch not in "|[]")
        if digits:
            out.append((cell, digits))
    return out


def _get(values: dict[str, dict], path: str):
    _, row, column = path.split(".")
    return values.get(row, {}).get(column)
