"""Plain text reports (.txt, .md, no suffix) as copied from web pages and Word files.

Three table layouts are seen in published text:

- cell per line: every cell on a line of its own that starts with a tab, rows separated by blank lines, a cell's
  text running on to untabbed lines;
- tab rows: one row per line, cells separated by tabs;
- pipe rows: one row per line, cells separated by ``|``.

Lines that are none of these are paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReadError
from .encoding import decode, looks_binary
from .layout import Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions

_CELL_LINE = re.compile(r"^[ \u3000]*\t")
_PIPE_ROW = re.compile(r"\|.*\|")


class TextReader:
    kind = "text"
    label = "文本"
    suffixes = (".txt", ".md", ".text", "")

    def sniff(self, head: bytes, name: str) -> int | None:
        if looks_binary(head):
            return None
        return 10

    def read(self, path: Path, options: ReadOptions) -> Layout:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ReadError(f"{path}: 无法读取（{e.strerror}）") from None
        return parse_text(decode(data), path.name)


def parse_text(text: str, name: str = "") -> Layout:
    """A Layout from the text of a report."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    mode = _table_mode(lines)
    if mode == "cells":
        blocks = _cell_per_line(lines)
    else:
        blocks = _row_per_line(lines, "|" if mode == "pipes" else "\t")
    return Layout(tuple(blocks), "text", name)


def _table_mode(lines: list[str]) -> str:
    pipes = sum(1 for line in lines if _PIPE_ROW.search(line))
    tabbed = [line for line in lines if "\t" in line]
    if pipes > len(tabbed) and pipes >= 3:
        return "pipes"
    single = sum(1 for line in tabbed if _CELL_LINE.match(line) and len(_fields(line, "\t")) <= 1)
    return "cells" if tabbed and single * 2 >= len(tabbed) else "tabs"


def _fields(line: str, sep: str) -> list[str]:
    return [f for f in (x.strip() for x in line.split(sep)) if f]


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()


def _cell_per_line(lines: list[str]) -> list:
    blocks: list = []
    rows: list[tuple[Cell, ...]] = []
    row: list[list] = []  # [text, line]

    def end_row():
        if row:
            rows.append(tuple(Cell(_clean(t), SourceRef(line=n)) for t, n in row))
            row.clear()

    def end_table():
        end_row()
        if rows:
            blocks.append(TableGrid(tuple(rows), rows[0][0].ref))
            rows.clear()

    for number, line in enumerate(lines, 1):
        if _CELL_LINE.match(line):
            row.append([line.strip().replace("\t", " "), number])
        elif not line.strip():
            end_row()
        elif row:
            row[-1][0] += line.strip()
        else:
            end_table()
            blocks.append(Paragraph(_clean(line), SourceRef(line=number)))
    end_table()
    return blocks


def _row_per_line(lines: list[str], sep: str) -> list:
    blocks: list = []
    rows: list[tuple[Cell, ...]] = []

    def end_table():
        if rows:
            blocks.append(TableGrid(tuple(rows), rows[0][0].ref if rows[0] else SourceRef()))
            rows.clear()

    for number, line in enumerate(lines, 1):
        if sep in line:
            parts = line.split(sep)
            if sep == "|" and parts and not parts[-1].strip():
                parts = parts[:-1]
            rows.append(tuple(Cell(_clean(p), SourceRef(line=number)) for p in parts))
        elif line.strip():
            end_table()
            blocks.append(Paragraph(_clean(line), SourceRef(line=number)))
    end_table()
    return blocks


READER = TextReader()
