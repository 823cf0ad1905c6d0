"""A supervisor's work on the reports: compare two years of an agency, a region's summed report, sending a report
back to its agency (and seeing the corrected version arrive), and exports of the scope."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ...corpus import export
from ...corpus.aggregate import aggregate
from ...corpus.compare import compare as compare_years
from ...corpus.compare import compare_reports, report_of
from ...errors import InputError
from ...register import submission
from .. import figures
from ..figures import cell_of
from ..listing import Listing, respond
from ..models import Return, ReturnState
from ..tables import national_tables
from . import scoped, year_of

EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "parquet": "application/vnd.apache.parquet"}


@scoped
def compare(request):
    """Two years of one agency, or one year of two agencies (``other``): the cells that differ, with their delta,
    and how much narrative repeats."""
    scope = request.scope
    agency, other = (_agency(scope, request.GET.get(k, "")) for k in ("agency", "other"))
    years = sorted(scope.reports().filter(agency=agency).values_list("year", flat=True)) if agency else []
    first = year_of(request, years[-2] if len(years) > 1 else None, "first")
    second = year_of(request, years[-1] if years else None, "second")
    rows, error = [], None
    try:
        if agency and other:
            rows = compare_reports(report_of(agency, second), report_of(other, second))
        elif agency and first and second:
            rows = compare_years(agency, first, second)
    except InputError as e:
        error = e.message
    return render(request, "xxgk/compare.html", {
        "agency": agency, "other": other, "years": years, "first": first, "second": second, "rows": rows,
        "error": error, "agencies": scope.agencies().order_by("name")[:1000]})


def _agency(scope, value: str):
    return get_object_or_404(scope.agencies(), pk=int(value)) if value.isdigit() else None


@scoped
def region(request, pk: int):
    """The region's reports of a year summed cell by cell, with its own checks and the agencies it sums; not for
    an agency user, whose scope is its own agency, not the region's sum."""
    scope = request.scope
    if scope.role == "agency":
        raise PermissionDenied("地区汇总不在机关用户的范围内")
    found = get_object_or_404(scope.regions().select_related("parent__parent"), pk=pk)
    years = figures.years(scope)
    year = year_of(request, years[0] if years else None)
    total, error = None, None
    try:
        total = aggregate(found, year) if year else None
    except InputError as e:
        error = e.message
    reports = scope.reports().filter(agency__region_id__in=found.subtree_ids(), year=year) \
        .select_related("agency", "current").order_by("agency__name")
    parts = [{"report": r, "received": cell_of(r.current.data, "requests.received_new.total"),
              "processed": cell_of(r.current.data, "requests.processed_total.total"),
              "reconsidered": cell_of(r.current.data, "review.reconsideration.total")} for r in reports]
    tables = national_tables(total) if total is not None else []
    return render(request, "xxgk/region.html", {"region": found, "year": year, "years": years, "total": total,
                                                "tables": tables, "parts": parts, "error": error,
                                                "children": found.children.order_by("name")})


@scoped(supervise=True)
def send_back(request, pk: int):
    """Send a report back to its agency with its open error findings and a note."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = get_object_or_404(request.scope.reports().select_related("current", "agency"), pk=pk)
    note = request.POST.get("note", "").strip()
    open_errors = report.current.findings.filter(state="open", severity="error")
    chosen = open_errors.filter(pk__in=[int(v) for v in request.POST.getlist("findings") if v.isdigit()]) \
        if request.POST.getlist("findings") else open_errors
    if not note and not chosen.exists():
        messages.error(request, "退回须写明理由，或附上待修改的问题")
        return redirect("xxgk:report", pk=pk)
    with transaction.atomic():
        sent = Return.objects.create(report=report, version=report.current, note=note, made_by=request.user)
        sent.findings.set(chosen)
        submission.send_back(report.current, note, request.user)
    messages.success(request, f"已将报告退回{report.agency.name}，附 {sent.findings.count()} 个待修改的问题")
    return redirect("xxgk:report", pk=pk)


@scoped
def returns(request, fmt=None):
    """The reports sent back in the scope, and whether a corrected version has arrived."""
    query = Return.objects.filter(report__in=request.scope.reports()).select_related(
        "report__agency", "report__current", "made_by").order_by("-made_at", "-pk")
    state = request.GET.get("state", "")
    if state in ReturnState.values:  # (whether a correction arrived is known by comparing versions)
        query = [sent for sent in query if sent.status == state]
    listing = Listing(
        "returns", "退回的报告", [("agency", "机关"), ("year", "年度"), ("state", "状态"), ("note", "退回理由"),
                                ("made_by", "退回人"), ("made_at", "退回时间"), ("arrived", "修改版")],
        query, _return_row, link=lambda row: reverse("xxgk:report", args=[row["report_id"]]))
    return respond(request, listing, fmt, "xxgk/listing.html")


def _return_row(sent: Return) -> dict:
    state = sent.status
    return {"id": sent.pk, "report_id": sent.report_id, "agency": sent.report.agency.name, "year": sent.report.year,
            "state": ReturnState(state).label, "note": sent.note,
            "made_by": sent.made_by.username if sent.made_by else None,
            "made_at": sent.made_at.isoformat(timespec="seconds"),
            "arrived": sent.report.current.created.isoformat(timespec="seconds")
            if state == ReturnState.CORRECTED else None}


@scoped
def exports(request):
    """The scope's reports as a data set: a row per cell or per report, in CSV, XLSX, Parquet or JSON."""
    fmt = request.GET.get("format")
    if fmt is None:
        return render(request, "xxgk/exports.html", {"formats": export.FORMATS,
                                                     "years": figures.years(request.scope)})
    if fmt not in export.FORMATS:
        raise Http404("未知的导出格式")
    return export_response(request.scope, fmt, year_of(request, None), bool(request.GET.get("wide")))


def export_response(scope, fmt: str, year: int | None, wide: bool) -> HttpResponse:
    """The scope's current reports (of ``year``, or all) as a file to download."""
    data, _ = export.export_file(fmt, wide=wide and fmt != "json", year=year, within=scope.reports())
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    name = f"xxgk-{year or '全部'}{'-wide' if wide else ''}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
