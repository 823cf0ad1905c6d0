"""Conformity to the template beyond what extraction notes: the format the year calls for, a readable year."""

from __future__ import annotations

from ..model import Report, finding
from ..template import for_year, load
from .registry import rule


@rule("template.wrong_format")
def format_of_year(report: Report, previous=None):
    """A report for 2021 on printed in the 2019 format, or one for 2019–2020 in the 2021 format."""
    year, name = report.meta.year, report.meta.template
    if year is None or name is None:
        return
    expected = for_year(year)
    if expected.name != name:
        yield finding("template.wrong_format", year=year, expected=f"{expected.title}格式",
                      actual=f"{load(name).title}格式")


@rule("meta.year_missing")
def year_known(report: Report, previous=None):
    """The year the report covers could not be read."""
    if report.meta.year is None:
        yield finding("meta.year_missing")
