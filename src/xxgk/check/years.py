"""One year against the last, for the same agency (spec relation 5)."""

from __future__ import annotations

from ..model import Report, finding
from ..template import load
from .registry import rule


@rule("years.carry", across_years=True)
def carried_over_matches_last_year(report: Report, previous: Report):
    """This year's 上年结转 equals last year's 结转下年度继续办理, column by column."""
    spec = load(report.meta.template or "2021").requests
    for column in spec.columns:
        this = report.cell(f"requests.carried_over.{column.key}")
        last = previous.cell(f"requests.carried_forward.{column.key}")
        if this is None or last is None or this == last:
            continue
        path = f"requests.carried_over.{column.key}"
        yield finding("years.carry", cells=[path], where=report.where(path), table="requests",
                      column=f"“{column.label}”栏", this=this, last=last, year=previous.meta.year)


@rule("years.in_force", across_years=True)
def in_force_continues(report: Report, previous: Report):
    """2021 format: 现行有效件数 ≈ last year's + 本年制发 − 本年废止 (a warning: documents also expire)."""
    if report.meta.template != "2021" or previous.meta.template != "2021":
        return
    spec = load("2021").active
    for row in ("regulations", "normative_documents"):
        values = [report.cell(f"active.{row}.{c}") for c in ("in_force", "issued", "repealed")]
        last = previous.cell(f"active.{row}.in_force")
        if last is None or any(v is None for v in values):
            continue
        this, issued, repealed = values
        expected = last + issued - repealed
        if this != expected:
            path = f"active.{row}.in_force"
            yield finding("years.in_force", cells=[path], where=report.where(path), table="active",
                          row=spec.row(row).label, last=last, issued=issued, repealed=repealed, expected=expected,
                          this=this)
