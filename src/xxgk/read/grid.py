"""Table grids from cells that span rows and columns: each merged cell is repeated into every place it covers."""

from __future__ import annotations

from dataclasses import dataclass

from .layout import Cell, SourceRef

MAX_SPAN = 100  # report tables are at most ~16 columns wide; a larger span means "span everything"


@dataclass
class Span:
    """A cell as written in the source: its Cell and how many rows and columns it covers (at least 1)."""

    cell: Cell
    rows: int = 1
    cols: int = 1


def expand(rows: list[list[Span]], ref: SourceRef) -> tuple[tuple[Cell, ...], ...]:
    """Rows of spanning cells (HTML rules) → rectangular rows of Cells; holes are empty Cells at ``ref``.

    A row that has no cell of its own and none spanning into it (an empty ``<tr>``) is left out.
    """
    placed: list[dict[int, Cell]] = [{} for _ in rows]
    for r, row in enumerate(rows):
        occupied = placed[r]
        c = 0
        for span in row:
            while c in occupied:
                c += 1
            height = min(max(span.rows, 1), len(rows) - r)
            width = min(max(span.cols, 1), MAX_SPAN)
            for dr in range(height):
                target = placed[r + dr]
                for dc in range(width):
                    target.setdefault(c + dc, span.cell)
            c += width
    hole = Cell("", ref)
    return rectangular([[occupied.get(c, hole) for c in range(max(occupied, default=-1) + 1)]
                        for occupied in placed if occupied], ref)


def rectangular(rows: list[list[Cell]], ref: SourceRef) -> tuple[tuple[Cell, ...], ...]:
    """Rows of Cells → the same rows padded at the end with empty Cells at ``ref`` to the widest row's width."""
    width = max((len(row) for row in rows), default=0)
    pad = Cell("", ref)
    return tuple(tuple(row) + (pad,) * (width - len(row)) for row in rows)
