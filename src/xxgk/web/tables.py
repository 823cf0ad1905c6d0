"""The three tables of a report laid out as the national format prints them (``render.layout``), for a page: each
cell with its spans, and the cells a finding names marked with the worst severity among them."""

from __future__ import annotations

from ..render import build

SEVERITY_ORDER = {"error": 0, "warning": 1}


def national_tables(report, findings=()) -> list[dict]:
    """[{"heading", "rows": [[cell, …], …]}] for tables 二, 三 and 四 of ``report`` (report-json as a Report);
    a cell: text, rowspan, colspan, role, head, path, the ids of the ``findings`` that name it, and its mark."""
    marked: dict[str, list] = {}
    for f in findings:
        for path in f.cells:
            marked.setdefault(path, []).append(f)
    return [{"heading": section.heading, "rows": [[_cell(c, marked.get(c.path, []) if c.path else [], grid.header_rows)
                                                    for c in row] for row in grid.rows()]}
            for section in build(report).sections if (grid := section.table) is not None]


def _cell(cell, found: list, header_rows: int) -> dict:
    worst = min((SEVERITY_ORDER.get(f.severity, 2) for f in found), default=None)
    return {"text": cell.text, "rowspan": cell.rowspan, "colspan": cell.colspan, "role": str(cell.role),
            "head": cell.row < header_rows, "path": cell.path, "findings": [f.pk for f in found],
            "mark": {0: "error", 1: "warning"}.get(worst, "")}
