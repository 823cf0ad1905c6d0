"""The rows of each table → cells of the report, aligned to the template's rows and columns by their labels."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Finding, Location, finding
from ..read import Cell, SourceRef
from ..template import ColumnSpec, TableSpec, Template
from .cells import Parsed, SplitRow, agreed, fit, in_wan_yuan, is_value, parse, split_row, spread
from .columns import heading_positions, positioned, review_positions
from .labels import find_row


# An OCR'd value cell read with less confidence than this is a finding (the reading is kept).
LOW_CONFIDENCE = 0.9


def location(ref: SourceRef) -> Location:
    return Location(line=ref.line, page=ref.page, box=ref.box, index=ref.index, text=ref.describe())


@dataclass
class Sheet:
    """The cells of one table under construction, where each was read, and what was noticed on the way."""

    table: str
    values: dict[str, dict] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    places: dict[SourceRef, Location] = field(default_factory=dict, repr=False)  # each place described once

    def put(self, row: str, column: str, value, cell: Cell | None):
        self.values.setdefault(row, {})[column] = value
        if cell is not None:
            place = self.places.get(cell.ref)
            if place is None:
                place = self.places[cell.ref] = location(cell.ref)
            self.locations[f"{self.table}.{row}.{column}"] = place

    def note(self, code: str, cells=(), where: Cell | None = None, **params):
        at = [location(where.ref)] if where is not None else []
        self.findings.append(finding(code, cells=cells, where=at, table=self.table, **params))


@dataclass(frozen=True)
class Target:
    """Where a printed value goes: a row and a column of the report's table."""

    row: str
    column: ColumnSpec

    def path(self, table: str) -> str:
        return f"{table}.{self.row}.{self.column.key}"


def read_row(sheet: Sheet, targets: list[Target], cells: tuple[Cell, ...], row_label: str, anchor: Cell) -> None:
    """Put one printed row's value cells under their targets, noting cell-count, text and unit problems."""
    cells = fit(spread(cells), len(targets))
    parsed = [parse(c.text) for c in cells]
    if len(cells) != len(targets):
        values, ambiguous = agreed([p.value for p in parsed], len(targets))
        sheet.note("layout.cell_count" if ambiguous else "layout.cell_count_resolved",
                   cells=[t.path(sheet.table) for t in targets], where=cells[0] if cells else anchor,
                   row=row_label, printed=len(cells), expected=len(targets))
        for target, value in zip(targets, values):
            sheet.put(target.row, target.column.key, value, cells[0] if cells else anchor)
        return
    for target, cell, p in zip(targets, cells, parsed):
        _put_parsed(sheet, target, row_label, cell, p)


def _put_parsed(sheet: Sheet, target: Target, row_label: str, cell: Cell, p: Parsed):
    col, path = target.column, target.path(sheet.table)
    value = p.value
    if p.text:
        sheet.note("layout.cell_text", cells=[path], where=cell, row=row_label, column=col.label, text=p.text)
    elif col.amount:
        value = in_wan_yuan(p)
        if p.unit == "元":
            sheet.note("unit.converted", cells=[path], where=cell, row=row_label, column=col.label, unit=p.unit,
                       text=cell.text, value=value)
        elif col.unit_unstated and value is not None:
            sheet.note("unit.unstated", cells=[path], where=cell, row=row_label, column=col.label, value=value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if p.lookalike:
        sheet.note("ocr.lookalike", cells=[path], where=cell, row=row_label, column=col.label, text=cell.text.strip(),
                   value=value)
    sheet.put(target.row, col.key, value, cell)
    if cell.confidence is not None:
        _note_confidence(sheet, path, row_label, col.label, cell)


def _note_confidence(sheet: Sheet, path: str, row_label: str, column: str, cell: Cell) -> None:
    """Keep an OCR'd cell's confidence; a doubtful one becomes a finding with the other likely readings."""
    sheet.confidence[path] = cell.confidence
    if cell.confidence >= LOW_CONFIDENCE:
        return
    others = [a for a in cell.alternatives if is_value(a) and a.strip()]
    sheet.note("ocr.low_confidence", cells=[path], where=cell, row=row_label, column=column,
               value=f"“{cell.text.strip()}”" if cell.text.strip() else "空白", confidence=f"{cell.confidence:.2f}",
               alternatives="，也可能是" + "或".join(f"“{a}”" for a in others) if others else "")


def _has_values(split: SplitRow) -> bool:
    return any(c.text.strip() for c in split.values)


def match_rows(spec: TableSpec, rows: list[tuple[Cell, ...]], sheet: Sheet
               ) -> tuple[dict[str, SplitRow], list[tuple[Cell, ...]]]:
    """Each template row key → the grid row printing it (the first one, when a label repeats), and the heading
    rows above the first matched row.

    Copied tables break long labels: a label whose first line stands on a row of its own is joined to the next
    row's words, and the numbers of the row right below a matched row that printed none go to that row. A row of
    numbers whose label matches nothing (a label OCR could not make out) is read as the one template row missing
    where it stands (see ``_by_position``).
    """
    matched: dict[str, SplitRow] = {}
    headers: list[tuple[Cell, ...]] = []
    printed: list[str | SplitRow] = []  # the rows in printed order: a matched row's key, or an unknown row
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
            elif split.labels and any(is_value(c.text) and c.text.strip() for c in split.values):
                printed.append(split)
            continuing = last is not None and not _has_values(split) and not _has_values(matched[last])
            wrapped = split.labels[-1].text if split.labels and not _has_values(split) else ""
            last = last if continuing else None  # the second line of a wrapped label keeps its row waiting
            continue
        wrapped = ""
        if row_spec.key in matched:
            if _has_values(split):
                sheet.note("layout.duplicate_row", where=split.labels[-1], row=row_spec.printed)
            continue
        matched[row_spec.key] = split
        printed.append(row_spec.key)
        last = row_spec.key
    _by_position(spec, printed, matched, sheet)
    return matched, headers


def _by_position(spec: TableSpec, printed: list, matched: dict[str, SplitRow], sheet: Sheet) -> None:
    """Unknown rows → the template row missing where each stands, when that is beyond doubt: the rows matched just
    before and just after it leave exactly one template row unprinted between them (the old form of （六） aside),
    and no other unknown row stands there. Each such row is a finding; any other unknown row is noted as such."""
    order = [r.key for r in spec.rows]
    for at, item in enumerate(printed):
        if isinstance(item, str):
            continue
        before = next((k for k in reversed(printed[:at]) if isinstance(k, str)), None)
        after = next((k for k in printed[at + 1:] if isinstance(k, str)), None)
        between = printed[printed.index(before) + 1 if before else 0: printed.index(after) if after else None]
        start = order.index(before) + 1 if before else 0
        gap = [r for r in spec.rows[start: order.index(after) if after else None]
               if r.key not in matched and not r.legacy]
        label = item.labels[-1]
        if before is not None and len(gap) == 1 and len(between) == 1:
            matched[gap[0].key] = item
            columns = list(gap[0].columns) or [c.key for c in spec.columns]
            sheet.note("template.row_by_position", where=label, printed=label.text, row=gap[0].printed,
                       cells=[f"{sheet.table}.{gap[0].key}.{c}" for c in columns])
        else:
            sheet.note("template.unknown_row", where=label, row=label.text)


def align_rows(template: Template, key: str, rows: list[tuple[Cell, ...]]) -> Sheet:
    """A labelled table (active 二 or requests 三): every template row, read where printed, null where not."""
    spec = template.table(key)
    sheet = Sheet(key)
    matched, headers = match_rows(spec, rows, sheet)
    positions = heading_positions(headers, spec.columns) if not spec.rows[0].columns else {}
    legacy = next((r for r in spec.rows if r.replaces), None)
    neither = legacy is not None and not any(k in matched for k in (legacy.key, *legacy.replaces))
    column_of = {c.key: c for c in reversed(spec.columns)}
    for row_spec in spec.rows:
        columns = list(row_spec.columns) or [c.key for c in spec.columns]
        split = matched.get(row_spec.key)
        if split is not None:
            cells = positioned(split, positions, columns) if positions else None
            targets = [Target(row_spec.key, column_of[c]) for c in columns]
            read_row(sheet, targets, cells or split.values, row_spec.printed, split.labels[-1])
        elif not _stands_in(row_spec, spec, matched):
            for column in columns:
                sheet.put(row_spec.key, column, None, None)
            if rows and not (neither and row_spec.key in legacy.replaces):
                sheet.note("template.missing_row", cells=[f"{key}.{row_spec.key}.{c}" for c in columns],
                           row=row_spec.printed)
    if neither and rows:  # (六) printed in neither form: its cells are unknown in both
        sheet.note("template.missing_row", row=legacy.printed,
                   cells=[f"{key}.{r}.{c.key}" for r in (legacy.key, *legacy.replaces) for c in spec.columns])
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
    targets = [Target(g.key, c) for g in spec.groups for c in spec.columns]
    numbers = [r for r in rows if sum(1 for c in split_row(r).values if c.text.strip()) >= 5] or \
        [r for r in rows if not split_row(r).labels and len(r) >= len(spec.groups) * len(spec.columns)]
    headers = rows[: rows.index(numbers[0])] if numbers else []
    if not numbers:
        for t in targets:
            sheet.put(t.row, t.column.key, None, None)
        if rows:
            sheet.note("template.missing_row", cells=[t.path("review") for t in targets], row="数字行")
        return sheet
    split = split_row(numbers[0])
    cells = positioned(split, review_positions(headers, spec.groups, spec.columns),
                       [f"{t.row}.{t.column.key}" for t in targets])
    read_row(sheet, targets, cells or split.values, "行政复议、行政诉讼数字", split.values[0])
    return sheet
