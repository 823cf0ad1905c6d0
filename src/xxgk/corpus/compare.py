"""One agency's reports of two years side by side: the cells that changed, and how much of the later narrative
repeats the earlier one word for word."""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Report as ReportData
from ..template import load
from .models import Agency

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")
SECTION_NAMES = {"overview": "总体情况", "problems": "存在的主要问题及改进情况", "other": "其他需要报告的事项"}


def report_of(agency: Agency, year: int) -> ReportData:
    report = agency.reports.filter(year=year, current__isnull=False).select_related("current").first()
    if report is None:
        years = "、".join(str(y) for y in agency.reports.values_list("year", flat=True)) or "无"
        raise InputError(f"“{agency.name}”没有{year}年度的报告（已有：{years}）")
    return report.current.as_report()


def compare(agency: Agency, first: int, second: int, every: bool = False) -> list[dict]:
    """A row per cell that differs (each cell with ``every``) and a row per narrative section with the share of
    the later year's text that repeats the earlier year's sentences."""
    return compare_reports(report_of(agency, first), report_of(agency, second), every)


def compare_reports(a: ReportData, b: ReportData, every: bool = False) -> list[dict]:
    """Two reports side by side (two years of one agency, or two agencies' reports of a year): the cells that
    differ and how much of ``b``'s narrative repeats ``a``'s, sentence for sentence."""
    labels = _labels(b.meta.template or a.meta.template or "2021")
    rows = []
    paths = dict.fromkeys([p for p, _ in a.cells()] + [p for p, _ in b.cells()])
    for path in paths:
        x, y = a.cell(path), b.cell(path)
        if x == y and not every:
            continue
        delta = y - x if isinstance(x, (int, float)) and isinstance(y, (int, float)) else None
        rows.append({"path": path, "label": labels.get(path, path), "first": x, "second": y,
                     "delta": round(delta, 4) if isinstance(delta, float) else delta, "repeated": None})
    for key in dict.fromkeys(list(a.sections) + list(b.sections)):
        x, y = a.sections.get(key, ""), b.sections.get(key, "")
        rows.append({"path": f"sections.{key}", "label": f"正文：{SECTION_NAMES.get(key, key)}（字数）",
                     "first": len(x), "second": len(y), "delta": len(y) - len(x), "repeated": repeated_share(x, y)})
    return rows


def repeated_share(earlier: str, later: str) -> float | None:
    """The share of ``later``'s characters in sentences that also stand, word for word, in ``earlier`` — but for
    their numbers: a sentence copied from last year with this year's counts put in is still copied."""
    sentences = [s.strip() for s in _SENTENCE_END.split(later) if s.strip()]
    total = sum(len(s) for s in sentences)
    if not total:
        return None
    seen = {_shape(s) for s in _SENTENCE_END.split(earlier) if s.strip()}
    return round(sum(len(s) for s in sentences if _shape(s) in seen) / total, 4)


def _shape(sentence: str) -> str:
    """A sentence with each number (a count, a year, an amount) as one mark."""
    return _NUMBER.sub("#", sentence.strip())


def _labels(template: str) -> dict[str, str]:
    """Each cell path's printed row and column: "requests.granted.total" → "（一）予以公开 / 总计"."""
    spec = load(template)
    labels = {}
    for row in spec.active.rows:
        for column in row.columns:
            labels[f"active.{row.key}.{column}"] = f"{row.label} / {spec.active.column(column).label}"
    for row in spec.requests.rows:
        for column in spec.requests.columns:
            labels[f"requests.{row.key}.{column.key}"] = f"{row.printed} / {column.label}"
    for group in spec.review.groups:
        for column in spec.review.columns:
            labels[f"review.{group.key}.{column.key}"] = f"{group.label} / {column.label}"
    return labels
