"""Column headings → which grid column holds which template column, where the grid keeps true positions.

Readers of HTML, DOCX and PDF repeat a merged heading into every column it covers, so the heading rows say which
grid column is which. Copied text shifts its cells; there the positions do not hold together and the values are
taken in the format's order instead.
"""

from __future__ import annotations

from ..read import Cell
from ..template import ColumnSpec, core
from .cells import SplitRow


def _keys(specs: tuple[ColumnSpec, ...]) -> dict[str, str]:
    """The core of each label → the key of the first column printed so."""
    keys: dict[str, str] = {}
    for s in specs:
        for label in s.labels:
            keys.setdefault(core(label), s.key)
    return keys


def heading_positions(headers: list[tuple[Cell, ...]], specs: tuple[ColumnSpec, ...]) -> dict[int, str]:
    """Grid column index → column key, from heading rows (a lower row names a column more exactly)."""
    found: dict[int, str] = {}
    keys = _keys(specs)
    for row in headers:
        for i, cell in enumerate(row):
            c = core(cell.text)
            key = keys.get(c) if c else None
            if key:
                found[i] = key
    return found


def review_positions(headers: list[tuple[Cell, ...]], groups: tuple[ColumnSpec, ...],
                     columns: tuple[ColumnSpec, ...]) -> dict[int, str]:
    """Grid column index → "group.column" for table 四, from its heading rows."""
    group_at = heading_positions(headers, groups)
    column_at = heading_positions(headers, columns)
    return {i: f"{group_at[i]}.{column_at[i]}" for i in column_at if i in group_at}


def positioned(split: SplitRow, positions: dict[int, str], keys: list[str]) -> tuple[Cell, ...] | None:
    """The row's cells under ``keys`` by heading position, or None when the positions do not hold for this row:
    a heading missing or named twice, a heading over a label, or a printed value under no heading."""
    where = {key: i for i, key in positions.items()}
    if sorted(where) != sorted(keys) or len(set(positions.values())) != len(positions):
        return None
    if min(where.values()) < split.start or max(where.values()) >= len(split.row):
        return None
    stray = [i for i in range(split.start, len(split.row)) if i not in positions and split.row[i].text.strip()]
    if stray:
        return None
    return tuple(split.row[where[k]] for k in keys)
