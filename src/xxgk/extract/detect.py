"""Which national format the tables follow, from their own labels; the year decides only when they are silent."""

from __future__ import annotations

from ..read import Cell
from ..template import Template, for_year, load, normalize
from .cells import split_row
from .labels import match_row


def detect_template(active: list[tuple[Cell, ...]], requests: list[tuple[Cell, ...]], year: int | None) -> Template:
    """The 2021 or 2019 template: the active table's column headings, then the (六) sub-rows, then the year."""
    text = "".join(normalize(c.text) for row in active for c in row)
    votes = {name: sum(1 for label in load(name).active.signature if normalize(label) in text) for name in ("2021", "2019")}
    if votes["2021"] != votes["2019"]:
        return load(max(votes, key=votes.get))
    modern = load("2021").requests
    if any((spec := match_row(modern, split_row(r))[0]) is not None and spec.key.startswith("other_") for r in requests):
        return load("2021")
    return for_year(year)
