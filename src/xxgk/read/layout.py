"""The `Layout` every reader hands on: ordered paragraphs and table grids, each with where it stands in the source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Union


@dataclass(frozen=True)
class SourceRef:
    """A place in the source document.

    Text and HTML give a ``line`` (1-based); PDF gives a ``page`` (1-based) and a ``box`` (x0, top, x1, bottom in
    points from the page's top left); DOCX gives the ``index`` of the paragraph or table in the body (0-based); a
    spreadsheet gives the ``sheet``'s name, its number among the worksheets as ``page`` and the row as ``line``.
    """

    line: int | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    index: int | None = None
    sheet: str | None = None

    def describe(self) -> str:
        """Where this is, in words a person can follow (Chinese)."""
        if self.sheet is not None:
            return f"工作表“{self.sheet}”" + (f"第{self.line}行" if self.line is not None else "")
        if self.page is not None:
            where = f"第{self.page}页"
            if self.box is not None:
                where += f"（x={self.box[0]:.0f}, y={self.box[1]:.0f}）"
            return where
        if self.line is not None:
            return f"第{self.line}行"
        if self.index is not None:
            return f"第{self.index + 1}个段落或表格"
        return "位置不详"

    def as_dict(self) -> dict:
        return {k: v for k, v in (("line", self.line), ("page", self.page),
                                  ("box", list(self.box) if self.box else None), ("index", self.index),
                                  ("sheet", self.sheet)) if v is not None}


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid as printed; ``text`` has its inner line breaks kept as spaces.

    A cell read by OCR has the ``confidence`` of its reading (0–1) and the other texts the engine found likely
    (``alternatives``); ``confidence`` is None for a cell read from text.
    """

    text: str
    ref: SourceRef = field(default_factory=SourceRef)
    confidence: float | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    text: str
    ref: SourceRef = field(default_factory=SourceRef)


@dataclass(frozen=True)
class TableGrid:
    """A table as rows of cells. A merged cell is repeated into every row and column it covers, as the same Cell
    object, so that a later stage can tell one merged cell from equal neighbours."""

    rows: tuple[tuple[Cell, ...], ...]
    ref: SourceRef = field(default_factory=SourceRef)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]

    def with_cells(self, change: Callable[[Cell], Cell], ref: SourceRef | None = None) -> "TableGrid":
        """A copy with every cell changed by ``change`` (and the grid's ref by ``ref`` when given); ``change`` is
        called once per cell, so a merged cell stays one object in every slot it covers."""
        made: dict[int, Cell] = {}
        rows = []
        for row in self.rows:
            cells = []
            for cell in row:
                if id(cell) not in made:
                    made[id(cell)] = change(cell)
                cells.append(made[id(cell)])
            rows.append(tuple(cells))
        return TableGrid(tuple(rows), self.ref if ref is None else ref)


Block = Union[Paragraph, TableGrid]


@dataclass(frozen=True)
class Layout:
    """A document as ordered blocks. ``kind`` names the reader that made it (text, html, docx, xlsx, pdf, legacy,
    scan)."""

    blocks: tuple[Block, ...]
    kind: str = ""
    name: str = ""

    @property
    def tables(self) -> list[TableGrid]:
        return [b for b in self.blocks if isinstance(b, TableGrid)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def between(self, start: int, stop: int | None = None) -> "Layout":
        """The blocks from index ``start`` up to (not including) ``stop``, as a Layout of their own."""
        return Layout(self.blocks[start:stop], self.kind, self.name)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)
