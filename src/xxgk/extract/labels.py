"""Table rows → template rows, by their printed labels."""

from __future__ import annotations

from functools import lru_cache

from ..template import RowSpec, TableSpec, normalize, numbering, similarity
from ..read import Cell
from .cells import SplitRow, is_value, label_positions, split_row

MATCH_THRESHOLD = 0.8


@lru_cache(maxsize=8192)
def _best(table: TableSpec, text: str) -> tuple[float, RowSpec | None]:
    best: tuple[float, RowSpec | None] = (0.0, None)
    for row in table.rows:
        for label in row.labels:
            score = similarity(text, label)
            if score and numbering(text) and numbering(text) == numbering(label):
                score += 0.01
            if score > best[0]:
                best = (score, row)
    return best


def match_row(table: TableSpec, row: SplitRow) -> tuple[RowSpec | None, float]:
    """The template row a split grid row prints, and how sure: the last label cell decides, else the last two
    together. A label that is only a column heading ("总计", "其他") with no value cells is a header, not a row."""
    if not row.labels:
        return None, 0.0
    candidates = [row.labels[-1].text]
    if len(row.labels) > 1:
        candidates.append(row.labels[-2].text + row.labels[-1].text)
    score, spec = max((_best(table, c) for c in candidates), key=lambda pair: pair[0])
    if spec is None or score < MATCH_THRESHOLD:
        return None, score
    if _is_heading(table, row.labels[-1].text) and not any(c.text.strip() and is_value(c.text) for c in row.values):
        return None, score
    return spec, score


def _is_heading(table: TableSpec, text: str) -> bool:
    """True for a column heading of the table as printed ("总计", "其他"), not a numbered row ("（七）总计")."""
    return normalize(text) in _headings(table)


@lru_cache(maxsize=64)
def _headings(table: TableSpec) -> frozenset[str]:
    return frozenset(normalize(label) for column in (*table.columns, *table.groups) for label in column.labels)


def find_row(table: TableSpec, cells: tuple[Cell, ...]) -> tuple[RowSpec | None, SplitRow]:
    """The template row a grid row prints and the row split at its label.

    Words printed where a value belongs ("见附件") would pass for the last label; when the last label matches no
    row, the label cells before it are tried, and what follows the matching one counts as values.
    """
    positions = label_positions(cells)
    for last in reversed(positions[-3:]):
        split = split_row(cells, last)
        if last != positions[-1] and any(_is_heading(table, c.text) for c in split.values):
            continue
        spec, _ = match_row(table, split)
        if spec is not None:
            return spec, split
    return None, split_row(cells)
