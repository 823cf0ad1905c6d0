"""Text as people see it: how many columns a string takes on a terminal or in a spreadsheet cell, and rows as CSV."""

from __future__ import annotations

import csv
import io
import unicodedata


def display_width(text: str) -> int:
    """Columns the text takes: two for a wide (Chinese) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """The text padded with spaces to ``width`` columns, on the left when ``right``."""
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def csv_text(columns: list[str], rows: list[dict]) -> str:
    """The rows as CSV under a header of ``columns``: a missing value is an empty field, a list its items joined
    by "；"."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_field(row.get(c)) for c in columns] for row in rows])
    return out.getvalue()


def _field(value):
    if value is None:
        return ""
    return "；".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value
