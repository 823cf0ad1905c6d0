"""The national layout as plain text: a line per paragraph, a line per table row with its cells between tabs.

A merged cell prints its text in its first place and leaves the others empty, as text copied out of a word
processor does.
"""

from __future__ import annotations

from .layout import Document, Grid
from .options import RenderOptions


def write(document: Document, options: RenderOptions) -> bytes:
    lines = [*document.title_lines, *document.front]
    for section in document.sections:
        lines += [section.heading, *section.paragraphs]
        if section.table is not None:
            lines += table(section.table)
    return ("\n".join(lines) + "\n").encode("utf-8")


def table(grid: Grid) -> list[str]:
    lines = []
    for r, row in enumerate(grid.covering()):
        lines.append("\t".join(cell.text if (cell.row, cell.col) == (r, c) else "" for c, cell in enumerate(row)))
    return lines
