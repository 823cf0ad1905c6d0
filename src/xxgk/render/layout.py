"""The national layout of an annual report, built once from a Report and its template, for every writer.

A `Document` is the title, the front lines (索引号 …), and the six sections in order, each with its paragraphs and,
for 二, 三 and 四, its table as a `Grid`: anchored cells with row and column spans, the way the national format
(国办公开办函〔2021〕30号, 〔2019〕60号) prints them. Row and column labels come from the template; the few header
words the template does not hold (they name no cell) are the constants below.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from ..model import Report, Value
from ..template import RowSpec, TableSpec, Template
from ..template import load as load_template
from .options import RenderOptions

FRONT_FIELDS = (("index_no", "索引号"), ("publisher", "发布机构"), ("published", "发布日期"))


class Role(StrEnum):
    HEAD = "head"  # a column heading or a block heading
    LABEL = "label"  # a row label
    VALUE = "value"  # a number (or blank) of the report


@dataclass(frozen=True)
class Cell:
    """One printed cell, anchored at (row, col) and covering rowspan × colspan places; ``path`` names a value's cell
    in the report ("requests.granted.total")."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: Role = Role.HEAD
    path: str = ""

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1

    @property
    def flush_left(self) -> bool:
        """A row label of one row prints flush left; headings, numbers and labels over several rows are centred."""
        return self.role is Role.LABEL and self.rowspan == 1


@dataclass(frozen=True)
class Grid:
    """A table as anchored cells in row-major order. ``header_rows`` are the column headings at the top; ``widths``
    are the columns' shares of the table's width (summing to 1)."""

    key: str
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    widths: tuple[float, ...]
    header_rows: int = 0

    def rows(self) -> list[list[Cell]]:
        """The anchored cells of each row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row].append(cell)
        return out

    def covering(self) -> list[list[Cell]]:
        """The cell covering each place of the grid (a merged cell appears in every place it covers)."""
        places: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.last_row + 1):
                for c in range(cell.col, cell.last_col + 1):
                    places[r][c] = cell
        return places  # type: ignore[return-value]

    def split(self, at: int, repeat_header: bool = False) -> tuple["Grid", "Grid"]:
        """The rows before ``at`` and the rows from it, as two grids. A merged cell cut by the split keeps its text
        in the upper part and leaves an empty merged cell below, the way a word processor breaks a table over a
        page. ``repeat_header``: the lower part starts with the header rows again."""
        if not 0 < at < self.n_rows:
            raise ValueError(f"split row {at} outside 1..{self.n_rows - 1}")
        header = [c for c in self.cells if c.last_row < self.header_rows] if repeat_header and at >= self.header_rows \
            else []
        shift = self.header_rows if header else 0
        top, bottom = [], list(header)
        for cell in self.cells:
            if cell.last_row < at:
                top.append(cell)
            elif cell.row >= at:
                bottom.append(replace(cell, row=cell.row - at + shift))
            else:
                top.append(replace(cell, rowspan=at - cell.row))
                bottom.append(replace(cell, text="", row=shift, rowspan=cell.last_row - at + 1, path=""))
        bottom.sort(key=lambda c: (c.row, c.col))
        return (Grid(self.key, at, self.n_cols, tuple(top), self.widths, min(self.header_rows, at)),
                Grid(self.key, self.n_rows - at + shift, self.n_cols, tuple(bottom), self.widths,
                     shift or max(0, self.header_rows - at)))


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Grid | None = None


@dataclass(frozen=True)
class Document:
    """``title_lines``: the title as printed, on one line or with the agency on a line of its own."""

    title: str
    sections: tuple[Section, ...]
    front: tuple[str, ...] = field(default=())
    title_lines: tuple[str, ...] = ()

    @property
    def tables(self) -> list[Grid]:
        return [s.table for s in self.sections if s.table is not None]


def table_parts(section: Section, options: RenderOptions) -> list[Grid]:
    """A section's table as printed on paper: table 三 in two parts when ``options.break_requests_at`` asks for a
    page break inside it, any other table whole."""
    grid, at = section.table, options.break_requests_at
    if grid is None:
        return []
    if section.key == "requests" and at and at < grid.n_rows:
        return list(grid.split(at, options.repeat_header))
    return [grid]


def build(report: Report, options: RenderOptions | None = None) -> Document:
    """The national layout of ``report``, in the format its meta names (2021 when it names none)."""
    options = options or RenderOptions()
    template = load_template(report.meta.template or "2021")
    tables = {"active": active_grid(template.active, report, options),
              "requests": requests_grid(template, report, options),
              "review": review_grid(template.review, report, options)}
    sections = tuple(Section(key, heading, _paragraphs(report.sections.get(key, "")), tables.get(key))
                     for key, heading in template.sections.items())
    lines = title_lines(report, options.title_break)
    return Document("".join(lines), sections, _front(report), lines)


def title_lines(report: Report, broken: bool = False) -> tuple[str, ...]:
    """"X局2024年政府信息公开工作年度报告", or with ``broken`` "X局" above "2024年政府信息公开工作年度报告"."""
    year = f"{report.meta.year}年" if report.meta.year is not None else ""
    title_tail = load_template(report.meta.template or "2021").title_tail
    agency, rest = report.meta.agency or "", f"{year}{title_tail}"
    return (agency, rest) if broken and agency else (agency + rest,)


def value_text(value: Value, blank: str = "") -> str:
    """A value as the report prints it: counts as integers, amounts with at least two decimals, None as ``blank``."""
    if value is None:
        return blank
    if isinstance(value, float):
        text = f"{value:.2f}"
        return text if float(text) == value else f"{value:.6f}".rstrip("0")
    return str(value)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.split("\n") if line.strip())


def _front(report: Report) -> tuple[str, ...]:
    return tuple(f"{label}：{getattr(report.meta, key)}" for key, label in FRONT_FIELDS if getattr(report.meta, key))


class _Builder:
    """Cells placed row by row."""

    def __init__(self, n_cols: int):
        self.n_cols = n_cols
        self.row = 0
        self.cells: list[Cell] = []

    def put(self, text: str, col: int, rowspan: int = 1, colspan: int = 1, role: Role = Role.HEAD,
            path: str = "") -> None:
        self.cells.append(Cell(text, self.row, col, rowspan, colspan, role, path))

    def values(self, table: str, row: str, columns, values: dict, col: int, blank: str, last_to: int) -> None:
        """Value cells from ``col`` on, the last one stretched to column ``last_to``."""
        for i, key in enumerate(columns):
            span = last_to - (col + i) + 1 if i == len(columns) - 1 else 1
            self.put(value_text(values.get(key), blank), col + i, colspan=span, role=Role.VALUE,
                     path=f"{table}.{row}.{key}")

    def grid(self, key: str, widths: list[float], header_rows: int) -> Grid:
        total = sum(widths)
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.col)))
        return Grid(key, self.row, self.n_cols, cells, tuple(w / total for w in widths), header_rows)


def active_grid(spec: TableSpec, report: Report, options: RenderOptions) -> Grid:
    """Table 二: a block per article item (第二十条第（一）项 …): its heading across the table, a row of
    信息内容 and the block's column labels, then its rows. A block with fewer columns stretches its last one."""
    width = max(len(r.columns) for r in spec.rows)
    b = _Builder(1 + width)
    blocks: dict[str, list[RowSpec]] = {}
    for row in spec.rows:
        blocks.setdefault(row.section, []).append(row)
    for section, rows in blocks.items():
        b.put(section, 0, colspan=1 + width)
        b.row += 1
        columns = rows[0].columns
        b.put(spec.captions["content"], 0)
        for i, key in enumerate(columns):
            b.put(spec.column(key).label, 1 + i, colspan=width - i if i == len(columns) - 1 else 1)
        b.row += 1
        for row in rows:
            b.put(row.label, 0, role=Role.LABEL)
            b.values(spec.key, row.key, row.columns, report.active.get(row.key, {}), 1, options.blank, width)
            b.row += 1
    return b.grid(spec.key, [2.0] + [1.0] * width, 0)


def printed_rows(template: Template, report: Report) -> list[RowSpec]:
    """The rows of table 三 as this report prints them: a legacy row (the single （六）其他处理) in place of the
    rows it replaces when the report has it, the template's current rows otherwise."""
    rows = template.requests.rows
    legacy = [r for r in rows if r.legacy and report.has_row("requests", r.key)]
    replaced = {k for r in legacy for k in r.replaces}
    return [r for r in rows if r.key not in replaced and (not r.legacy or r in legacy)]


def _section_rows(template: Template, rows: list[RowSpec]) -> set[str]:
    """Rows under 三、本年度办理结果: the result rows and the total the template sums them into."""
    totals = {k for rel in template.relations if rel.table == "requests" and rel.right == "results" for k in rel.left}
    return {r.key for r in rows if r.result or r.key in totals}


def requests_grid(template: Template, report: Report, options: RenderOptions) -> Grid:
    """Table 三: three label columns (section, group, item) under the balance note, the applicant columns under
    申请人情况 with 法人或其他组织 over the middle five, then a row per printed row."""
    spec = template.requests
    columns = spec.columns
    n = len(columns)
    b = _Builder(3 + n)
    b.put(spec.captions["balance_note"], 0, rowspan=3, colspan=3)
    b.put(spec.captions["applicants"], 3, colspan=n)
    b.row = 1
    b.put(columns[0].label, 3, rowspan=2)
    b.put(spec.captions["organisations"], 4, colspan=n - 2)
    b.put(columns[-1].label, 3 + n - 1, rowspan=2)
    b.row = 2
    for i, column in enumerate(columns[1:-1]):
        b.put(column.label, 4 + i)
    b.row = 3
    rows = printed_rows(template, report)
    in_section = _section_rows(template, rows)
    section_label = next((r.section for r in rows if r.section), "")
    for index, row in enumerate(rows):
        if row.key in in_section:
            if index == 0 or rows[index - 1].key not in in_section:
                b.put(section_label, 0, rowspan=_run(rows, index, lambda r: r.key in in_section),
                      role=Role.LABEL)
            if row.group:
                if index == 0 or rows[index - 1].group != row.group:
                    span = _run(rows, index, lambda r: r.group == row.group)
                    b.put(row.group, 1, rowspan=span, role=Role.LABEL)
                b.put(row.label, 2, role=Role.LABEL)
            else:
                b.put(row.label, 1, colspan=2, role=Role.LABEL)
        else:
            b.put(row.label, 0, colspan=3, role=Role.LABEL)
        b.values(spec.key, row.key, [c.key for c in columns], report.requests.get(row.key, {}), 3, options.blank,
                 2 + n)
        b.row += 1
    return b.grid(spec.key, [1.1, 1.9, 4.2] + [1.0] * n, 3)


def _run(rows: list[RowSpec], start: int, same) -> int:
    count = 0
    while start + count < len(rows) and same(rows[start + count]):
        count += 1
    return count


def review_grid(spec: TableSpec, report: Report, options: RenderOptions) -> Grid:
    """Table 四: 行政复议 over its five columns, 行政诉讼 over the two other groups, their columns, and one row
    of numbers."""
    n = len(spec.columns)
    first, *others = spec.groups
    b = _Builder(n * len(spec.groups))
    b.put(first.label, 0, colspan=n)
    b.put(spec.captions["litigation"], n, colspan=n * len(others))
    b.row = 1
    for i, column in enumerate(spec.columns):
        b.put(column.label, i, rowspan=2)
    for g, group in enumerate(others, 1):
        b.put(group.label, g * n, colspan=n)
    b.row = 2
    for g, _ in enumerate(others, 1):
        for i, column in enumerate(spec.columns):
            b.put(column.label, g * n + i)
    b.row = 3
    for g, group in enumerate(spec.groups):
        b.values(spec.key, group.key, [c.key for c in spec.columns], report.review.get(group.key, {}), g * n,
                 options.blank, g * n + n - 1)
    b.row = 4
    return b.grid(spec.key, [1.0] * b.n_cols, 3)
