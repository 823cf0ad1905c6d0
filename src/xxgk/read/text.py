"""Plain text reports (.txt, .md, no suffix) as copied from web pages and Word files.

Three table layouts are seen in published text:

- cell per line: every cell on a line of its own that starts with a tab, rows separated by blank lines, a cell's
  text running on to untabbed lines;
- tab rows: one row per line, cells separated by tabs;
- pipe rows: one row per line, cells separated by ``|``;
- space columns, as ``pdftotext -layout`` and other copies of a printed page give them: a row per line, its label
  first and its numbers after it, columns set apart by runs of spaces (a wrapped label's lines stand above or below
  the numbers, as paragraphs).

Lines that are none of these are paragraphs.
"""

from __future__ import annotations

import re
from pathlib import Path

from .files import file_bytes
from .encoding import decode, looks_binary
from .layout import Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions

_CELL_LINE = re.compile(r"^[ \u3000]*\t")
_PIPE_ROW = re.compile(r"\|.*\|")
# a value token of a space-columns row: a count, an amount, a blank mark, or a number that OCR printed with
# letters for its 0s and 1s ("l2", "O"; the letters of extract.cells.LOOKALIKES, which reads them)
_VALUE_TOKEN = re.compile(r"^(?:[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?(?:万元|元)?|/|—+|-|－|―|无"
                          r"|[\dOo〇lI]+)$")
# the rule under a markdown table's header row: | --- | :---: |
_MARKDOWN_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M)
_HTML_TABLE = re.compile(r"<t(?:able|r|d)[\s>]", re.I)
_COLUMN_GAP = re.compile(r"[ \u3000\xa0]{2,}")
_GAP_AT_END = re.compile(r"[ \u3000\xa0]{2,}$")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


class TextReader:
    kind = "text"
    label = "文本"
    suffixes = (".txt", ".md", ".text", "")

    def sniff(self, head: bytes, name: str) -> int | None:
        """10 for any text; 60 for markdown whose tables are pipe tables, even when it carries a little HTML (a
        converter keeps the page's ``<div>``), as long as no table of it is HTML."""
        if looks_binary(head):
            return None
        text = head.decode("latin-1")
        if _MARKDOWN_RULE.search(text) and not _HTML_TABLE.search(text):
            return 60
        return 10

    def read(self, path: Path, options: ReadOptions) -> Layout:
        data = file_bytes(path)
        return parse_text(decode(data), path.name)


def parse_text(text: str, name: str = "") -> Layout:
    """A Layout from the text of a report."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    mode = _table_mode(lines)
    if mode == "cells":
        blocks = _cell_per_line(lines)
    elif mode == "columns":
        blocks = _space_columns(lines)
    else:
        blocks = _row_per_line(lines, "|" if mode == "pipes" else "\t")
    return Layout(tuple(blocks), "text", name)


def _table_mode(lines: list[str]) -> str:
    pipes = sum(1 for line in lines if _PIPE_ROW.search(line))
    tabbed = [line for line in lines if "\t" in line]
    if pipes > len(tabbed) and pipes >= 3:
        return "pipes"
    single = sum(1 for line in tabbed if _CELL_LINE.match(line) and len(_fields(line, "\t")) <= 1)
    if tabbed:
        return "cells" if single * 2 >= len(tabbed) else "tabs"
    return "columns" if sum(1 for line in lines if _column_row(line)) >= 3 else "tabs"


def _fields(line: str, sep: str) -> list[str]:
    return [f for f in (x.strip() for x in line.split(sep)) if f]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


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


def _column_row(line: str) -> list[str] | None:
    """The cells of a space-columns row — its label cells (split where runs of spaces stand), then each value — or
    None for a line that is text. A row has at least two values, or one value set apart from its label by a column
    gap; a number at the end of a sentence ("…公开政府常务会议 7") is text."""
    tokens = line.split()
    values: list[str] = []
    while tokens and _VALUE_TOKEN.match(tokens[-1]):
        values.insert(0, tokens.pop())
    if not values:
        return None
    label = line.rstrip()
    for value in reversed(values):
        label = label[: label.rstrip().rfind(value)]
    label_cells = [c for c in (_clean(p) for p in _COLUMN_GAP.split(label.strip())) if c]
    if len(values) < 2 and label_cells and not _GAP_AT_END.search(label):
        return None
    return label_cells + values


def _space_columns(lines: list[str]) -> list:
    blocks: list = []
    rows: list[tuple[Cell, ...]] = []

    def end_table():
        if rows:
            blocks.append(TableGrid(tuple(rows), rows[0][0].ref))
            rows.clear()

    for number, line in enumerate(lines, 1):
        cells = _column_row(line)
        if cells:
            rows.append(tuple(Cell(c, SourceRef(line=number)) for c in cells))
        elif line.strip():
            end_table()
            blocks.append(Paragraph(_clean(line), SourceRef(line=number)))
    end_table()
    return blocks


READER = TextReader()
