"""A region's reports summed into one report-json, checked like any report."""

from __future__ import annotations

from collections import Counter

from .. import check as checks
from ..errors import InputError
from ..model import TABLES, Meta
from ..model import Report as ReportData
from .models import Region
from .queries import current_reports


def aggregate(region: Region, year: int) -> ReportData:
    """The sum of every current report of ``region`` and below for ``year``, cell by cell. A cell no report
    prints stays blank; the reports in another format than most are left out and counted in ``meta``."""
    reports = [r.current.as_report() for r in current_reports(region, year)]
    if not reports:
        raise InputError(f"{region.path}没有{year}年度的报告")
    template = Counter(r.meta.template for r in reports).most_common(1)[0][0]
    same = [r for r in reports if r.meta.template == template]
    total = ReportData(meta=Meta(agency=f"{region.path}（{len(same)}份报告汇总）", year=year, template=template))
    total.meta.reports = len(same)
    total.meta.left_out = len(reports) - len(same)
    for table in TABLES:
        summed: dict[str, dict] = {}
        for report in same:
            for row, columns in getattr(report, table).items():
                target = summed.setdefault(row, {})
                for column, value in columns.items():
                    before = target.get(column)
                    target[column] = value if before is None else before if value is None else before + value
        for columns in summed.values():
            for column, value in columns.items():
                if isinstance(value, float):
                    columns[column] = round(value, 4)
        setattr(total, table, summed)
    total.findings = checks.check(total)
    return total
