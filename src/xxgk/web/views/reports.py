"""One report: its three tables laid out as the national format prints them, every cell with a finding marked and
the finding beside it, with its review; the findings listing; a review given on the page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ...corpus.models import FindingState
from ...corpus.services import set_finding_state
from ...render import build
from .. import source
from ..listing import Listing, respond
from ..models import ReturnState
from . import scoped, year_of

SEVERITY_ORDER = {"error": 0, "warning": 1}


@scoped
def report(request, pk: int):
    scope = request.scope
    found = get_object_or_404(scope.reports().select_related("agency__region", "current__source"), pk=pk)
    version = found.current
    data = version.as_report()
    findings = sorted(version.findings.select_related("reviewed_by"),
                      key=lambda f: (SEVERITY_ORDER.get(f.severity, 2), f.pk))
    marked: dict[str, list] = {}
    for f in findings:
        for path in f.cells:
            marked.setdefault(path, []).append(f)
    document = build(data)
    tables = [{"heading": s.heading, "rows": [[_cell(c, marked, grid.header_rows) for c in row]
                                              for row in grid.rows()]}
              for s in document.sections if (grid := s.table) is not None]
    others = found.agency.reports.filter(current__isnull=False).exclude(pk=found.pk).order_by("year")
    returns = [{"state": r.status, "label": ReturnState(r.status).label, "note": r.note, "made_at": r.made_at,
                "made_by": r.made_by.username if r.made_by else "", "findings": r.n}
               for r in found.returns.select_related("made_by").annotate(n=Count("findings"))]
    data_kind = source.kind(source.head(version))
    pages = sorted(source.boxes_by_page(findings)) if data_kind in ("pdf", "image") else []
    return render(request, "xxgk/report.html", {
        "source_kind": data_kind, "pages": pages,
        "report": found, "version": version, "data": data, "tables": tables, "findings": findings,
        "others": others, "states": FindingState.choices, "returns": returns,
        "sections": [(s.heading, s.paragraphs) for s in document.sections]})


def _cell(cell, marked: dict, header_rows: int) -> dict:
    found = marked.get(cell.path, []) if cell.path else []
    worst = min((SEVERITY_ORDER.get(f.severity, 2) for f in found), default=None)
    return {"text": cell.text, "rowspan": cell.rowspan, "colspan": cell.colspan, "role": str(cell.role),
            "head": cell.row < header_rows, "path": cell.path, "findings": [f.pk for f in found],
            "mark": {0: "error", 1: "warning"}.get(worst, "") if found else ""}


@scoped
def findings(request, fmt=None):
    scope = request.scope
    query = scope.findings().select_related("version__report__agency", "reviewed_by")
    year = year_of(request, None)
    if year is not None:
        query = query.filter(version__report__year=year)
    code, severity, state = (request.GET.get(k, "") for k in ("code", "severity", "state"))
    if code:
        query = query.filter(Q(code=code) | Q(code__startswith=code.rstrip(".") + "."))
    if severity:
        query = query.filter(severity=severity)
    if state:
        query = query.filter(state=state)
    query = query.order_by("version__report__agency__name", "version__report__year", "pk")
    listing = Listing(
        "findings", "核对发现的问题",
        [("agency", "机关"), ("year", "年度"), ("severity", "级别"), ("code", "代码"), ("message", "说明"),
         ("state", "处理状态"), ("reviewed_by", "处理人"), ("note", "备注")],
        query, _finding_row, link=lambda row: reverse("xxgk:report", args=[row["report_id"]]) + f"#f{row['id']}")
    return respond(request, listing, fmt, "xxgk/findings.html",
                   {"year": year, "code": code, "severity": severity, "state": state,
                    "states": FindingState.choices})


def _finding_row(f) -> dict:
    report = f.version.report
    return {"id": f.pk, "report_id": report.pk, "agency": report.agency.name, "year": report.year,
            "severity": f.severity, "code": f.code, "message": f.message, "cells": f.cells, "state": f.state,
            "reviewed_by": f.reviewed_by.username if f.reviewed_by else None,
            "reviewed_at": f.reviewed_at.isoformat(timespec="seconds") if f.reviewed_at else None, "note": f.note}


@scoped(change=True)
def review(request, pk: int):
    """Confirm or dismiss a finding (with a note), or open it again; recorded with who and when."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    finding = get_object_or_404(request.scope.findings().select_related("version__report"), pk=pk)
    state, note = request.POST.get("state", ""), request.POST.get("note", "").strip()
    if state not in FindingState.values:
        messages.error(request, "处理状态无效")
    elif state == FindingState.DISMISSED and not note:
        messages.error(request, "排除一个问题须写明理由")
    else:
        set_finding_state(finding, state, user=request.user, note=note)
        messages.success(request, f"已将问题 {finding.code} 标为“{FindingState(state).label}”")
    return redirect(reverse("xxgk:report", args=[finding.version.report_id]) + f"#f{finding.pk}")
