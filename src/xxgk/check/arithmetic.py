"""The relations every complete report satisfies (spec: "Relations every complete report satisfies" 1–4)."""

from __future__ import annotations

from ..model import Report, finding
from ..template import Relation, TableSpec, load
from .registry import rule


def _fmt(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _rows_of(report: Report, spec: TableSpec, keys) -> list[str]:
    if keys == "results":
        return [r.key for r in spec.rows if r.result and report.has_row(spec.key, r.key)]
    return list(keys)


def _sums(report: Report, relation: Relation, spec: TableSpec):
    """For each row (or column) the relation covers: (name, left paths, right paths)."""
    table = getattr(report, relation.table)
    if relation.each == "row":
        for row in table:
            yield row, [f"{relation.table}.{row}.{c}" for c in relation.left], \
                [f"{relation.table}.{row}.{c}" for c in relation.right]
    else:
        for column in [c.key for c in spec.columns]:
            yield column, [f"{relation.table}.{r}.{column}" for r in _rows_of(report, spec, relation.left)], \
                [f"{relation.table}.{r}.{column}" for r in _rows_of(report, spec, relation.right)]


@rule("sum.row", "sum.column", "balance.column", "sum.review")
def relations(report: Report, previous=None):
    """Every relation of the template, for each row or column where all the cells it needs were printed."""
    template = load(report.meta.template or "2021")
    for relation in template.relations:
        spec = template.table(relation.table)
        for name, left, right in _sums(report, relation, spec):
            values = [report.cell(p) for p in left + right]
            if not right or any(v is None for v in values):
                continue
            lsum, rsum = sum(values[: len(left)]), sum(values[len(left):])
            if abs(lsum - rsum) < 1e-6:
                continue
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
