"""The rows of each table → cells of the report, aligned to the template's rows and columns by their labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, Location, finding
from ..read import Cell, SourceRef
from ..template import TableSpec, Template
from .cells import Parsed, SplitRow, agreed, fit, in_wan_yuan, parse, split_row
from .columns import heading_positions, positioned, review_positions
from .labels import find_row


def location(ref: SourceRef) -> Location:
    return Location(line=ref.line, page=ref.page, box=ref.box, index=ref.index, text=ref.describe())


@dataclass
class Sheet:
    """The cells of one table under construction, where each was read, and what was noticed on the way."""

    table: str
    values: dict[str, dict] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def put(self, row: str, column: str, value, cell: Cell | None):
        self.values.setdefault(row, {})[column] = value
        if cell is not None:
            self.locations[f"{self.table}.{row}.{column}"] = location(cell.ref)

    def note(self, code: str, cells=(), where: Cell | None = None, **params):
        at = [location(where.ref)] if where is not None else []
        self.findings.append(finding(code, cells=cells, where=at, table=self.table, **params))


def read_row(sheet: Sheet, spec: TableSpec, row_key: str, row_label: str, cells: tuple[Cell, ...],
             columns: list[str], anchor: Cell) -> None:
    """Put one printed row's value cells under the given columns, noting cell-count, text and unit problems."""
    cells = fit(cells, len(columns))
    paths = [f"{sheet.table}.{row_key}.{c}" for c in columns]
    parsed = [parse(c.text) for c in cells]
    if len(cells) != len(columns):
        values, ambiguous = agreed([p.value for p in parsed], len(columns))
        sheet.note("layout.cell_count" if ambiguous else "layout.cell_count_resolved", cells=paths,
                   where=cells[0] if cells else anchor, row=row_label, printed=len(cells), expected=len(columns))
        for column, value in zip(columns, values):
            sheet.put(row_key, column, value, cells[0] if cells else anchor)
        return
    for column, cell, p in zip(columns, cells, parsed):
        _put_parsed(sheet, spec, row_key, row_label, column, cell, p)


def _put_parsed(sheet: Sheet, spec: TableSpec, row_key: str, row_label: str, column: str, cell: Cell, p: Parsed):
    col = spec.column(column)
    path = f"{sheet.table}.{row_key}.{column}"
    value = p.value
    if p.text:
        sheet.note("layout.cell_text", cells=[path], where=cell, row=row_label, column=col.label, text=p.text)
    elif col.amount:
        value = in_wan_yuan(p)
        if p.unit in ("元", "万元") and p.unit != "万元":
            sheet.note("unit.converted", cells=[path], where=cell, row=row_label, column=col.label, unit=p.unit,
                       text=cell.text, value=value)
        elif col.unit_unstated and value is not None:
            sheet.note("unit.unstated", cells=[path], where=cell, row=row_label, column=col.label, value=value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    sheet.put(row_key, column, value, cell)


def _has_values(split: SplitRow) -> bool:
    return any(c.text.strip() for c in split.values)


def match_rows(spec: TableSpec, rows: list[tuple[Cell, ...]], sheet: Sheet
               ) -> tuple[dict[str, SplitRow], list[tuple[Cell, ...]]]:
    """Each template row key → the grid row printing it (the first one, when a label repeats), and the heading
    rows above the first matched row.

    Copied tables break long labels: a label whose first line stands on a row of its own is joined to the next
    row's words, and the numbers of the row right below a matched row that printed none go to that row.
    """
    matched: dict[str, SplitRow] = {}
    headers: list[tuple[Cell, ...]] = []
    wrapped = ""  # the words of a label row that matched nothing: the first line of a wrapped label
    last = None
    for row in rows:
        row_spec, split = find_row(spec, row)
        if row_spec is None and wrapped and split.labels:
            joined = (Cell(wrapped + split.labels[-1].text, split.labels[-1].ref),) + split.values
            row_spec, split = find_row(spec, joined)
        if row_spec is None:
            if _has_values(split) and last is not None and not _has_values(matched[last]):
                matched[last] = SplitRow(matched[last].labels, split.values, split.row, split.start)
            elif not matched:
                headers.append(row)
            wrapped = split.labels[-1].text if split.labels and not _has_values(split) else ""
            last = None
            continue
        wrapped = ""
        if row_spec.key in matched:
            if _has_values(split):
                sheet.note("layout.duplicate_row", where=split.labels[-1], row=row_spec.printed)
            continue
        matched[row_spec.key] = split
        last = row_spec.key
    return matched, headers


def align_rows(template: Template, key: str, rows: list[tuple[Cell, ...]], columns_of) -> Sheet:
    """A labelled table (active 二 or requests 三): every template row, read where printed, null where not."""
    spec = template.table(key)
    sheet = Sheet(key)
    matched, headers = match_rows(spec, rows, sheet)
    positions = heading_positions(headers, spec.columns) if not spec.rows[0].columns else {}
    for row_spec in spec.rows:
        columns = list(row_spec.columns) or columns_of(spec)
        split = matched.get(row_spec.key)
        if split is not None:
            cells = positioned(split, positions, columns) if positions else None
            read_row(sheet, spec, row_spec.key, row_spec.printed, cells or split.values, columns, split.labels[-1])
        elif not _stands_in(row_spec, spec, matched):
            for column in columns:
                sheet.put(row_spec.key, column, None, None)
            if rows:
                sheet.note("template.missing_row", cells=[f"{key}.{row_spec.key}.{c}" for c in columns],
                           row=row_spec.printed)
    if "other" in matched and any(r.key in matched for r in spec.rows if r.key.startswith("other_")):
        sheet.values.pop("other", None)
    elif "other" in matched and any(r.replaces for r in spec.rows):
        sheet.note("template.old_other_row", cells=[f"{key}.other.total"], where=matched["other"].labels[-1])
    return sheet


def _stands_in(row_spec, spec: TableSpec, matched: dict) -> bool:
    """True when a row is absent because the report printed the other form of (六)其他处理, as the format allows."""
    if row_spec.legacy:
        return True
    return any(row_spec.key in r.replaces and r.key in matched for r in spec.rows)


def align_review(template: Template, rows: list[tuple[Cell, ...]]) -> Sheet:
    """Table 四: the row of numbers under the three groups of five columns."""
    spec = template.review
    sheet = Sheet("review")
    groups = [g.key for g in spec.groups]
    columns = [c.key for c in spec.columns]
    numbers = [r for r in rows if sum(1 for c in split_row(r).values if c.text.strip()) >= 5] or \
        [r for r in rows if not split_row(r).labels and len(r) >= len(spec.groups) * len(spec.columns)]
    headers = rows[: rows.index(numbers[0])] if numbers else []
    if not numbers:
        for g in groups:
            for c in columns:
                sheet.put(g, c, None, None)
        if rows:
            sheet.note("template.missing_row", row="数字行")
        return sheet
    split = split_row(numbers[0])
    flat = [f"{g}.{c}" for g in groups for c in columns]
    anchor = split.values[0]
    cells = positioned(split, review_positions(headers, spec.groups, spec.columns), flat)
    read_row(sheet, _FlatSpec(spec), "__flat__", "行政复议、行政诉讼数字", cells or split.values, flat, anchor)
    flat_values = sheet.values.pop("__flat__")
    for path in flat:
        g, c = path.split(".")
        loc = sheet.locations.pop(f"review.__flat__.{path}", None)
        sheet.values.setdefault(g, {})[c] = flat_values[path]
        if loc:
            sheet.locations[f"review.{g}.{c}"] = loc
    for f in sheet.findings:
        f.cells = [p.replace("review.__flat__.", "review.") for p in f.cells]
    return sheet


class _FlatSpec:
    """Table 四's columns seen as one row of fifteen, "group.column"."""

    def __init__(self, spec: TableSpec):
        self.spec = spec

    def column(self, key: str):
        return self.spec.column(key.split(".")[1])

