"""The relations every complete report satisfies (spec: "Relations every complete report satisfies" 1–4)."""

from __future__ import annotations

from ..model import Report, finding
from ..template import Relation, TableSpec, load
from .registry import rule

# The findings by which the reader says why it left cells blank: such blanks are not the report's.
LEFT_BLANK = {"layout.cell_count", "layout.cell_text", "layout.order_unfit", "layout.order_inconsistent",
              "layout.table_garbled", "layout.order_ambiguous", "template.missing_row", "template.missing_table",
              "ocr.low_confidence"}


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _rows_of(report: Report, spec: TableSpec, keys) -> list[str]:
    if keys == "results":
        return [r.key for r in spec.rows if r.result and report.has_row(spec.key, r.key)]
    return list(keys)


def _sums(report: Report, relation: Relation, spec: TableSpec):
    """For each row (or column) the relation covers: (name, left cells, right cells), each cell as (row, column)."""
    table = getattr(report, relation.table)
    if relation.each == "row":
        for row in table:
            yield row, [(row, c) for c in relation.left], [(row, c) for c in relation.right]
    else:
        for column in [c.key for c in spec.columns]:
            yield column, [(r, column) for r in _rows_of(report, spec, relation.left)], \
                [(r, column) for r in _rows_of(report, spec, relation.right)]


def _values(table: dict, cells: list[tuple[str, str]]) -> list:
    return [table.get(row, {}).get(column) for row, column in cells]


def _paths(table: str, cells: list[tuple[str, str]]) -> list[str]:
    return [f"{table}.{row}.{column}" for row, column in cells]


@rule("sum.row", "sum.column", "balance.column", "sum.review")
def relations(report: Report, previous=None):
    """Every relation of the template, for each row or column where all the cells it needs were printed."""
    template = load(report.meta.template or "2021")
    for relation in template.relations:
        spec = template.table(relation.table)
        table = getattr(report, relation.table)
        for name, left, right in _sums(report, relation, spec):
            values = _values(table, left + right)
            if not right or any(v is None for v in values):
                continue
            lsum, rsum = sum(values[: len(left)]), sum(values[len(left):])
            if abs(lsum - rsum) < 1e-6:
                continue
            left, right = _paths(relation.table, left), _paths(relation.table, right)
            yield finding(relation.code, cells=left + right, where=report.where(*left),
                          **_params(relation, spec, name, report, left, right, lsum, rsum))


def _params(relation: Relation, spec: TableSpec, name: str, report: Report, left, right, lsum, rsum) -> dict:
    p = {"table": relation.table, "left": _fmt(lsum), "right": _fmt(rsum), "total": _fmt(lsum), "parts": _fmt(rsum)}
    if relation.each == "row":
        p["row"] = spec.row_label(name)
    else:
        p["column"] = spec.column(name).label
        if relation.code == "balance.column":
            v = [_fmt(report.cell(x)) for x in left + right]
            p.update(received=v[0], carried_over=v[1], processed=v[2], carried_forward=v[3])
    return p


@rule("blank.group")
def blank_group(report: Report, previous=None):
    """A total that counts something over parts all printed blank: blank is not 0, so the parts are missing, not
    empty. Cells the reader left blank for a reason it states (a finding names them) are not the report's."""
    template = load(report.meta.template or "2021")
    named = {c for f in report.findings if f.code in LEFT_BLANK for c in f.cells} | set(report.uncertain)
    for relation in template.relations:
        if relation.code == "balance.column":
            continue
        spec = template.table(relation.table)
        table = getattr(report, relation.table)
        for name, left, right in _sums(report, relation, spec):
            totals = _values(table, left)
            if not right or any(v is None for v in totals) or sum(totals) <= 0:
                continue
            left, right = _paths(relation.table, left), _paths(relation.table, right)
            if any(report.cell(p) is not None for p in right) or set(right) & named:
                continue
            yield finding("blank.group", cells=left + right, where=report.where(*left),
                          **_blank_params(relation, spec, name, _fmt(sum(totals)), len(right)))


def _blank_params(relation: Relation, spec: TableSpec, name: str, total: str, count: int) -> dict:
    if relation.each == "row":
        place = f"“{spec.row_label(name)}”行"
        parts = "各类申请人" if relation.table == "requests" else "结果维持、结果纠正、其他结果、尚未审结"
    else:
        place = f"“{spec.column(name).label}”栏"
        parts = "各项办理结果"
    return {"table": relation.table, "place": place, "total": total, "parts": parts, "count": count}
