"""Spreadsheets (.xlsx of Excel, WPS 表格 and LibreOffice) read through openpyxl, after the package has been checked
for zip bombs, DTDs and sheets too large for a report.

Each visible worksheet is read in order, row by row, as it prints: hidden sheets, rows and columns are left out, a
merged cell shows its text in every place it covers, a formula its value as last calculated, a number as the cell's
format prints it. A row whose only text is one cell is a Paragraph (the title, a heading, a narrative line; a cell
holding several lines gives one each), unless it stands in a table: next to a table row, within that row's width,
and ruled, merged across columns (a heading inside the table) or between two table rows. Rows with two or more
cells of text, and the rows that stand in a table with them, make a TableGrid. A part's heading ("三、…") as wide as
the table beside it is a Paragraph, so that a sheet ruled all over still has its headings. Pictures and charts are
left out.

Each block's SourceRef has the sheet's name (``sheet``), its number among the worksheets (``page``, 1-based) and the
row number as the sheet shows it (``line``); a cell's ref is that of the row its text is written in.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..errors import ReadError
from .grid import rectangular
from .layout import Block, Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions
from .package import xml_parts

ZIP_MAGIC = b"PK\x03\x04"
MAIN_PART = "xl/workbook.xml"
SHEET_PREFIX = "xl/"
# Entries that make a zip another kind of package: Word, PowerPoint, OpenDocument.
OTHER_PREFIXES = ("word/", "ppt/", "mimetype")
# Names a zip workbook is given: its own suffixes, and the legacy ones that web systems give their .xlsx exports.
NAMED_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".et", ".ett")
SHEET_PARTS = "xl/worksheets/"
MAX_PLACES = 1_000_000  # rows × columns of a sheet's used range, or merged; a report's sheet has a few thousand
MAX_SHEET_BYTES = 32 * 1024 * 1024  # the sheets' XML; a report's is under 1 MB, and openpyxl makes each cell an object
_HIDDEN_SHEET = ("hidden", "veryHidden")
# A merged range of a sheet's XML: <mergeCell ref="A1:O3"/>, its two corners' column letters and row numbers.
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]{1,3})(\d{1,7}):([A-Za-z]{1,3})(\d{1,7})"')
_LINE_END = re.compile(r"\r\n|\r|\n")
_PART_HEADING = re.compile(r"\s*[一二三四五六七八九十]+\s*、")  # "二、主动公开政府信息情况": a part of the report
# Parts of a number format that print no digits: quoted text, [colour]/[condition], escaped and padding characters.
_FORMAT_LITERAL = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|[_*].')


class SheetReader:
    kind = "xlsx"
    label = "Excel/WPS表格"
    suffixes = (".xlsx", ".xlsm", ".xltx", ".xltm")

    def sniff(self, head: bytes, name: str) -> int | None:
        """70 for a zip archive whose first entries hold a spreadsheet part (above the DOCX reader's 60 for any zip),
        65 for a zip named like a spreadsheet whose first entries tell nothing; None for any other bytes."""
        try:
            if not head.startswith(ZIP_MAGIC):
                return None
            names = zip_names(head)
            if any(n.startswith(SHEET_PREFIX) for n in names):
                return 70
            if any(n.startswith(OTHER_PREFIXES) for n in names):
                return None
            return 65 if name.lower().endswith(NAMED_SUFFIXES) else None
        except (TypeError, AttributeError):
            return None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        import openpyxl  # loads numpy: only when a spreadsheet is read

        path = Path(path)
        check_package(path, options)
        try:  # opened as a stream: openpyxl refuses a path whose suffix is not its own (an .xlsx named .xls)
            with path.open("rb") as stream:
                book = openpyxl.load_workbook(stream, read_only=False, data_only=True, keep_links=False)
        except OSError as e:
            raise ReadError(f"无法读取（{e.strerror}）", path=path.name) from None
        except Exception as e:  # openpyxl raises many kinds on a damaged package; all mean the same here
            raise ReadError(f"电子表格已损坏，无法读取（{type(e).__name__}）", path=path.name) from None
        try:
            blocks: list[Block] = []
            for number, sheet in enumerate(book.worksheets, 1):
                if sheet.sheet_state not in _HIDDEN_SHEET:
                    blocks.extend(sheet_blocks(sheet, number, path.name))
        finally:
            book.close()
        if not blocks:
            raise ReadError("电子表格中没有内容（各工作表都是空的或隐藏的）", path=path.name)
        return Layout(tuple(blocks), self.kind, path.name)


def zip_names(head: bytes) -> list[str]:
    """The names of the zip entries whose local headers stand in ``head`` (the first bytes of the archive)."""
    names, at = [], head.find(ZIP_MAGIC)
    while at >= 0 and at + 30 <= len(head):
        length = int.from_bytes(head[at + 26:at + 28], "little")
        raw = head[at + 30:at + 30 + length]
        if len(raw) == length:
            names.append(raw.decode("utf-8", errors="replace"))
        at = head.find(ZIP_MAGIC, at + 4)
    return names


def check_package(path: Path, options: ReadOptions) -> None:
    """Raise ReadError unless ``path`` is an undamaged zip holding a workbook that is safe to unpack and to load:
    no zip bomb, no DTD, sheets of a size a report has (openpyxl makes an object of every cell, merged places
    included)."""
    sheets = [data for name, data in xml_parts(path, options, MAIN_PART, "电子表格").items()
              if name.startswith(SHEET_PARTS)]
    if sum(map(len, sheets)) > MAX_SHEET_BYTES:
        raise ReadError(f"工作表过大（{sum(map(len, sheets)) // 1048576} MB），不像年度报告", path=path.name)
    merged = sum(_area(*m.groups()) for data in sheets for m in _MERGE_REF.finditer(data))
    if merged > MAX_PLACES:
        raise ReadError(f"合并单元格过大（共 {merged} 格），不像年度报告", path=path.name)


def _area(first_col: bytes, first_row: bytes, last_col: bytes, last_row: bytes) -> int:
    """The number of places a merged range ("A1:O3") covers."""
    width = abs(_column(last_col) - _column(first_col)) + 1
    return width * (abs(int(last_row) - int(first_row)) + 1)


def _column(letters: bytes) -> int:
    """A column's number from its letters: A → 1, Z → 26, AA → 27."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - ord("A") + 1
    return n


class _Sheet:
    """A worksheet as it shows: each cell's text, whom a merged place belongs to, which places are hidden or ruled."""

    def __init__(self, sheet, number: int):
        self.sheet = sheet
        self.number = number
        self.texts: dict[tuple[int, int], str] = {}
        for (r, c), cell in sheet._cells.items():
            if cell.value is not None and (text := cell_text(cell)):
                self.texts[r, c] = text
        self.merged = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
        self.hidden_rows = {r for r, dim in sheet.row_dimensions.items() if dim.hidden}
        self.hidden_columns = _hidden_columns(sheet)
        self.owner: dict[tuple[int, int], tuple[int, int]] = {}
        self.cells: dict[tuple[int, int], Cell] = {}

    def bounds(self) -> tuple[int, int, int, int] | None:
        """The used range (first row, last row, first column, last column): the shown places of the cells with
        text, merged cells included; None for a sheet that shows no text."""
        found: list[tuple[int, int, int, int]] = []
        for r, c in self.texts:
            merged = self.merged.get((r, c))
            rows = _shown(r, merged.max_row if merged else r, self.hidden_rows)
            cols = _shown(c, merged.max_col if merged else c, self.hidden_columns)
            if rows and cols:
                found.append(rows + cols)
        if not found:
            return None
        return (min(f[0] for f in found), max(f[1] for f in found), min(f[2] for f in found),
                max(f[3] for f in found))

    def merge(self, top: int, bottom: int, left: int, right: int) -> None:
        """Fill ``owner`` with the anchor of each merged place inside the used range."""
        for anchor, merged in self.merged.items():
            for r in range(max(merged.min_row, top), min(merged.max_row, bottom) + 1):
                for c in range(max(merged.min_col, left), min(merged.max_col, right) + 1):
                    if (r, c) != anchor:
                        self.owner[r, c] = anchor

    def place(self, r: int, c: int) -> Cell:
        """The Cell shown at row ``r``, column ``c``: a merged cell's one Cell wherever it covers."""
        anchor = self.owner.get((r, c), (r, c))
        cell = self.cells.get(anchor)
        if cell is None:
            cell = self.cells[anchor] = Cell(self.texts.get(anchor, ""), self.ref(anchor[0]))
        return cell

    def ruled(self, r: int, c: int) -> bool:
        """True when the place has a rule on any side, its own or its merged cell's."""
        return any(_has_border(self.sheet._cells.get(at)) for at in {(r, c), self.owner.get((r, c), (r, c))})

    def ref(self, row: int) -> SourceRef:
        return SourceRef(line=row, page=self.number, sheet=self.sheet.title)


def _shown(first: int, last: int, hidden: set[int]) -> tuple[int, int] | None:
    """The first and last of the rows (or columns) ``first``…``last`` that are not hidden; None when all are."""
    while first <= last and first in hidden:
        first += 1
    while last >= first and last in hidden:
        last -= 1
    return (first, last) if first <= last else None


def _has_border(cell) -> bool:
    border = getattr(cell, "border", None)
    return border is not None and any(getattr(side, "style", None) for side in
                                      (border.left, border.right, border.top, border.bottom))


def sheet_blocks(sheet, number: int, name: str = "") -> list[Block]:
    """A worksheet → its paragraphs and tables, top to bottom."""
    view = _Sheet(sheet, number)
    bounds = view.bounds()
    if bounds is None:
        return []
    top, bottom, left, right = bounds
    if (bottom - top + 1) * (right - left + 1) > MAX_PLACES:
        raise ReadError(f"工作表“{sheet.title}”过大（{bottom - top + 1} 行 × {right - left + 1} 列），"
                        "不像年度报告", path=name)
    view.merge(top, bottom, left, right)
    columns = [c for c in range(left, right + 1) if c not in view.hidden_columns]
    rows = [_Row(r, [view.place(r, c) for c in columns], [view.ruled(r, c) for c in columns])
            for r in range(top, bottom + 1) if r not in view.hidden_rows]
    in_table = _table_rows(rows)
    blocks: list[Block] = []
    said: set[int] = set()
    run: list[_Row] = []
    for row, table_row in zip(rows + [None], in_table + [False]):
        if table_row:
            run.append(row)
            continue
        if run:
            blocks.extend(_table(run, view))
            said.update(id(cell) for done in run for cell in done.texts)
            run = []
        if row is not None and row.texts and id(row.texts[0]) not in said:
            said.add(id(row.texts[0]))
            blocks.extend(Paragraph(line, row.texts[0].ref) for line in _lines(row.texts[0].text))
    return blocks


class _Row:
    """A shown row: the Cell at each shown column of the used range, which of them are ruled, its cells with text."""

    def __init__(self, number: int, places: list[Cell], rules: list[bool]):
        self.number, self.places, self.rules = number, places, rules
        self.texts = list({id(cell): cell for cell in places if cell.text}.values())

    def span(self) -> tuple[int, int]:
        """The first and last place of the row's one cell of text."""
        at = [i for i, cell in enumerate(self.places) if cell is self.texts[0]]
        return at[0], at[-1]

    def extent(self) -> tuple[int, int]:
        """The first and last place that has text or a rule (a table row's width)."""
        at = [i for i, (cell, rule) in enumerate(zip(self.places, self.rules)) if cell.text or rule] or [0]
        return at[0], at[-1]


def _hidden_columns(sheet) -> set[int]:
    hidden: set[int] = set()
    for dim in list(sheet.column_dimensions.values()):
        if dim.hidden and dim.min and dim.max:
            hidden.update(range(dim.min, min(dim.max, dim.min + MAX_PLACES) + 1))
    return hidden


def _table_rows(rows: list[_Row]) -> list[bool]:
    """For each row, whether it stands in a table: a row with two cells of text or more does; a row with one (or,
    ruled, none) does when it is next to a table row, within that row's width, and ruled, merged across columns
    (a heading inside the table) or between two table rows. A part's heading ("三、…") as wide as the table beside
    it stands alone, so that a sheet ruled all over still has its headings, and its tables apart."""
    in_table = [len(row.texts) >= 2 for row in rows]
    changed = True
    while changed:
        changed = False
        for i, row in enumerate(rows):
            if in_table[i] or len(row.texts) > 1 or not (row.texts or any(row.rules)):
                continue
            beside = [rows[j].extent() for j in (i - 1, i + 1) if 0 <= j < len(rows) and in_table[j]]
            if not beside:
                continue
            if row.texts:
                first, last = row.span()
                if not any(left <= first and last <= right for left, right in beside):
                    continue
                if _PART_HEADING.match(row.texts[0].text) and (first, last) in beside:
                    continue
                if not (any(row.rules) or last > first or len(beside) == 2):
                    continue
            in_table[i] = changed = True
    return in_table


def _table(run: list[_Row], view: _Sheet) -> list[Block]:
    """Rows standing in a table → a TableGrid of the columns it uses; one text a row at most → Paragraphs."""
    used = [i for i in range(len(run[0].places)) if any(row.places[i].text or row.rules[i] for row in run)]
    if not used:
        return []
    rows = [row.places[used[0]:used[-1] + 1] for row in run]
    if all(len(row.texts) <= 1 for row in run):
        cells = list({id(cell): cell for row in run for cell in row.texts}.values())
        return [Paragraph(line, cell.ref) for cell in cells for line in _lines(cell.text)]
    ref = view.ref(run[0].number)
    return [TableGrid(rectangular(rows, ref), ref)]


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(part.split()) for part in _LINE_END.split(text)) if line]


def cell_text(cell) -> str:
    """A cell's value as the sheet prints it: numbers by the cell's format where it fixes decimals or is a
    percentage, else as few digits as tell the value; dates as dates; line breaks kept (whitespace trimmed)."""
    value = cell.value
    if isinstance(value, str):
        return "\n".join(" ".join(line.split()) for line in _LINE_END.split(value)).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value, cell.number_format or "General")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return date_text(value, cell.number_format or "")
    return str(value).strip()


def number_text(value: int | float, number_format: str = "General") -> str:
    """A number as its format prints it: 3.0 → "3", 1.5 → "1.5"; "0.00" → "1.50", "0%" → "35%"."""
    section = _FORMAT_LITERAL.sub("", number_format.split(";", 1)[0])
    percent = "%" in section
    if percent:
        value = value * 100
    whole, dot, decimals = section.partition(".")
    if section.lower() == "general" or not any(ch in "0#?" for ch in whole + decimals):
        return _general(value) + ("%" if percent else "")
    most = sum(ch in "0#?" for ch in decimals) if dot else 0
    least = decimals.count("0") if dot else 0
    try:
        text = str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # inf, nan, or too many digits
        return _general(value)
    if most > least:
        text = text.rstrip("0")
        head, _, tail = text.partition(".")
        tail = tail.ljust(least, "0")
        text = f"{head}.{tail}" if tail else head
    return text + ("%" if percent else "")


def _general(value: int | float) -> str:
    """A number in the General format: an integer without a decimal point, else the shortest exact digits."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def date_text(value, number_format: str) -> str:
    """A date as 2024年1月15日 when its format is written in Chinese, else as 2024-01-15; a time of day after it."""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    day = value.date() if isinstance(value, datetime.datetime) else value
    text = f"{day.year}年{day.month}月{day.day}日" if "年" in number_format else day.isoformat()
    if isinstance(value, datetime.datetime) and value.time() != datetime.time():
        text += " " + date_text(value.time(), number_format)
    return text


READER = SheetReader()
