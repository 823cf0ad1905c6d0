"""Money cells in the unit the format asks for: an amount in 万元 that reads as if it were printed in 元.

A fee of one agency's year is seldom above 10 亿元; printed in 元 under a 万元 heading, it reads ten thousand times
too large. Against the year before, the same slip shows as a jump of about ten thousand times.
"""

from __future__ import annotations

from ..model import Report, finding
from ..template import load
from .registry import rule

LARGEST_WAN_YUAN = 100_000  # 10 亿元: above this a single agency's year of fees is taken for a value in 元
SLIP = (2_000, 50_000)  # a ratio to the year before in this range reads as 元 against 万元


def _amounts(report: Report):
    """(path, row label, column label, value) of each amount cell in 万元 that the format states the unit of."""
    spec = load(report.meta.template or "2021").active
    for column in spec.columns:
        if not column.amount or column.unit_unstated:
            continue
        for row in spec.rows:
            path = f"active.{row.key}.{column.key}"
            if column.key in row.columns and report.cell(path) is not None:
                yield path, row.label, column.label, report.cell(path)


@rule("unit.suspect")
def amount_in_yuan(report: Report, previous=None):
    """An amount far too large for 万元."""
    for path, row, column, value in _amounts(report):
        if value > LARGEST_WAN_YUAN:
            yield finding("unit.suspect", cells=[path], where=report.where(path), table="active", row=row,
                          column=column, value=f"{value:g}", yuan=f"{value / 10_000:g}")


@rule("years.unit", across_years=True)
def amount_jump(report: Report, previous: Report):
    """An amount about ten thousand times the year before's, or a ten-thousandth of it."""
    last = {path: value for path, _, _, value in _amounts(previous)}
    for path, row, column, value in _amounts(report):
        before = last.get(path)
        if not before or not value:
            continue
        ratio = max(value, before) / min(value, before)
        if SLIP[0] <= ratio <= SLIP[1]:
            yield finding("years.unit", cells=[path], where=report.where(path), table="active", row=row,
                          column=column, this=f"{value:g}", last=f"{before:g}", year=previous.meta.year,
                          ratio=f"{ratio:,.0f}")
