"""Layout → the rows of each report table (active 二, requests 三, review 四) and the paragraphs of each section.

A report's parts are told apart by their headings (二、主动公开政府信息情况 …), wherever they stand: in a paragraph,
or glued into a table cell. Where a heading is missing, a row whose label is plainly one of a table's rows moves the
part to that table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..read import Cell, Layout, Paragraph, TableGrid
from ..template import core, normalize, similarity
from ..template import load as load_template
from .cells import is_value, split_row
from .sequence import PAGE_NUMBER

# marks before a heading: [tags], <tags>, and markdown's #, bold and quote marks
_MARKUP = re.compile(r"^(?:\[[^\]]{0,40}\]|<[^>]{0,40}>|#{1,6}\s*|\*{1,2}|_{2}|>\s*)+")
TABLES = ("active", "requests", "review")
_SENTENCE = re.compile(r"[，。；,;]")
SECTIONS = ("overview", "active", "requests", "review", "problems", "other")
_HEADINGS = (
    ("overview", re.compile(r"^[一1][、.]?(总体情况|概述|基本情况)")),
    ("active", re.compile(r"^[二2][、.]?.{0,6}主动公开政府信息")),
    ("requests", re.compile(r"^[三3][、.]?收到和处理政府信息公开申请")),
    ("review", re.compile(r"^[四4][、.]?.{0,12}(行政复议|行政诉讼)")),
    ("problems", re.compile(r"^[五5][、.]?.{0,16}(存在的?主要问题|问题及改进|改进情况)")),
    ("other", re.compile(r"^[六6][、.]?其他需要报告")),
)


@dataclass
class Parts:
    """The rows found for each table, the paragraphs of each section, the blocks before the first section, and the
    texts of each table's section in reading order — every cell once and every line that holds no sentence — for a
    reading by the order of the numbers (``sequence``)."""

    rows: dict[str, list[tuple[Cell, ...]]] = field(default_factory=lambda: {k: [] for k in TABLES})
    texts: dict[str, list[Cell]] = field(default_factory=lambda: {k: [] for k in TABLES})
    paragraphs: dict[str, list[Paragraph]] = field(default_factory=lambda: {k: [] for k in SECTIONS})
    front: list = field(default_factory=list)


@lru_cache(maxsize=65536)
def heading(text: str) -> str | None:
    """The section a heading opens ("三、收到和处理政府信息公开申请情况" → "requests"), or None."""
    t = _MARKUP.sub("", normalize(text))[:40]
    for key, pattern in _HEADINGS:
        if pattern.match(t):
            return key
    return None


def split_parts(layout: Layout) -> Parts:
    """Walk the blocks in order and give every paragraph to a section and every table row to a table."""
    parts = Parts()
    section: str | None = None
    carrying = False  # lines of table 四 that a copy printed after the headings of 五 and 六
    for block in layout.blocks:
        if isinstance(block, Paragraph):
            opened = heading(block.text)
            carrying = _carries_review(section, opened, carrying, block.text)
            if carrying and not opened:
                parts.texts["review"].append(Cell(block.text, block.ref))
                parts.rows["review"].append((Cell(block.text, block.ref),))
                continue
            section = opened or section
            (parts.paragraphs[section] if section else parts.front).append(block)
            if not opened and section in parts.texts and not _SENTENCE.search(block.text):
                parts.texts[section].append(Cell(block.text, block.ref))
            if not opened and section in parts.rows and parts.rows[section] and len(block.text) < 80:
                parts.rows[section].append((Cell(block.text, block.ref),))  # a table line that lost its cells
            continue
        if section is None and not _looks_like_report_table(block):
            parts.front.append(block)
            continue
        carrying = carrying and _carries_review(section, None, carrying, " ".join(c.text for r in block.rows for c in r))
        if carrying:
            parts.rows["review"].extend(block.rows)
            parts.texts["review"].extend(c for r in block.rows for i, c in enumerate(r) if i == 0 or c is not r[i - 1])
            continue
        for row in block.rows:
            section = _row_section(row, section)
            if section in parts.rows:
                parts.rows[section].append(row)
                if not PAGE_NUMBER.match(" ".join(c.text for c in row)):
                    parts.texts[section].extend(c for i, c in enumerate(row) if i == 0 or c is not row[i - 1])
    return parts


def _carries_review(section: str | None, opened: str | None, carrying: bool, text: str) -> bool:
    """Whether a paragraph or a row still belongs to table 四 though a later heading stands before it.

    A copy that reads a page in text order (``pdftotext``) prints the headings of 五 and 六 where their lines stand,
    which may be before the lower rows of table 四 that were set beside them. Up to the first sentence, the lines
    after those headings made of numbers and pieces of table 四's header words are its rows.
    """
    if opened in ("problems", "other"):
        return section == "review" or carrying
    if opened or not carrying:
        return False
    return not _SENTENCE.search(text) and all(is_value(w) or _review_word(w) for w in text.split())


@lru_cache(maxsize=4096)
def _review_word(word: str) -> bool:
    """Whether ``word`` is a piece of table 四's header words (结果维持, 复议后起诉, 总计 …)."""
    spec = load_template("2021").table("review")
    words = "".join(normalize(label) for item in (*spec.columns, *spec.groups) for label in item.labels)
    word = normalize(word)
    return 0 < len(word) <= 8 and word in words


def _row_section(row: tuple[Cell, ...], section: str | None) -> str | None:
    for cell in row:
        found = heading(cell.text)
        if found:
            return found
    label = split_row(row).labels
    if not label:
        return section
    text = label[-1].text
    for table in ("active", "requests"):
        if section != table and _plainly(table, text):
            return table
    return section


@lru_cache(maxsize=4096)
def _plainly(table: str, text: str) -> bool:
    """True when ``text`` is, beyond doubt, the label of a row of this table in either format."""
    rows = (*load_template("2021").table(table).rows, *load_template("2019").table(table).rows)
    return any(similarity(text, label) >= 0.95 for row in rows for label in row.labels
               if table == "active" or len(core(label)) >= 4)


def _looks_like_report_table(grid: TableGrid) -> bool:
    return any(_plainly("active", split_row(r).labels[-1].text) or _plainly("requests", split_row(r).labels[-1].text)
               for r in grid.rows[:40] if split_row(r).labels)
