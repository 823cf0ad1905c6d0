"""One report: its three tables laid out as the national format prints them, every cell with a finding marked and
the finding beside it, with its review; the findings listing; a review given on the page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ...corpus.models import FindingState
from ...corpus.queries import filter_findings, finding_row
from ...corpus.services import set_finding_state
from ...register.models import Submission, SubmissionState
from ...register.submission import due
from .. import source
from ..listing import Listing, respond
from ..models import ReturnState
from ..tables import SEVERITY_ORDER, national_tables
from . import scoped, year_of

@scoped
def report(request, pk: int):
    scope = request.scope
    found = get_object_or_404(scope.reports().select_related("agency__region", "current__source"), pk=pk)
    version = found.current
    data = version.as_report()
    findings = sorted(version.findings.select_related("reviewed_by"),
                      key=lambda f: (SEVERITY_ORDER.get(f.severity, 2), f.pk))
    tables = national_tables(data, findings)
    others = found.agency.reports.filter(current__isnull=False).exclude(pk=found.pk).order_by("year")
    returns = [{"state": r.status, "label": ReturnState(r.status).label, "note": r.note, "made_at": r.made_at,
                "made_by": r.made_by.username if r.made_by else "", "findings": r.n}
               for r in found.returns.select_related("made_by").annotate(n=Count("findings"))]
    sent = Submission.objects.filter(agency_id=found.agency_id, year=found.year) \
        .exclude(state=SubmissionState.DRAFT).first()
    explained = sent.explanations if sent is not None and sent.version_id == version.pk else {}
    for f in findings:
        f.explanation = explained.get(f.key, "")
    data_kind = source.kind(source.head(version))
    pages = sorted(source.boxes_by_page(findings)) if data_kind in ("pdf", "image") else []
    return render(request, "xxgk/report.html", {
        "source_kind": data_kind, "pages": pages,
        "report": found, "version": version, "data": data, "tables": tables, "findings": findings,
        "others": others, "states": FindingState.choices, "returns": returns,
        "submission": sent, "due": due(found.agency, found.year) if sent else None,
        "events": sent.events.select_related("made_by") if sent else []})


@scoped
def findings(request, fmt=None):
    scope = request.scope
    year = year_of(request, None)
    code, severity, state = (request.GET.get(k, "") for k in ("code", "severity", "state"))
    query = filter_findings(scope.findings(), year, code, state, severity) \
        .select_related("version__report__agency", "reviewed_by")
    query = query.order_by("version__report__agency__name", "version__report__year", "pk")
    listing = Listing(
        "findings", "核对发现的问题",
        [("agency", "机关"), ("year", "年度"), ("severity", "级别"), ("code", "代码"), ("message", "说明"),
         ("state", "处理状态"), ("reviewed_by", "处理人"), ("note", "备注")],
        query, finding_row, link=lambda row: reverse("xxgk:report", args=[row["report_id"]]) + f"#f{row['id']}")
    return respond(request, listing, fmt, "xxgk/findings.html",
                   {"year": year, "code": code, "severity": severity, "state": state,
                    "states": FindingState.choices})


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
