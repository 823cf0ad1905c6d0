"""The year's report on its way from the agency to the supervisor: the officer submits it (each error finding
explained), the supervisor sends it back, accepts it and publishes it; the listing of the scope's submissions
with their statutory dates."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from ...errors import InputError
from ...register import submission as flow
from ...register.models import Submission, SubmissionState
from ..listing import Listing, respond
from . import scoped, year_of
from .register import officer_agency


@scoped(change=True)
def submit(request):
    """The officer sends the register's report of the year, with a word for each error finding it carries."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    agency = officer_agency(request)
    year = year_of(request, date.today().year - 1)
    explanations = {key.removeprefix("explain:"): value for key, value in request.POST.items()
                    if key.startswith("explain:")}
    try:
        done = flow.submit(agency, year, explanations, user=request.user)
        messages.success(request, f"已将 {year} 年度报告报送（{done.get_state_display()}），请等待审核")
    except InputError as e:
        messages.error(request, e.message)
    return redirect(f"{reverse('xxgk:register-report')}?year={year}")


def _waiting(request, pk: int, step: str) -> Submission:
    """The submission of the scope's report ``pk`` that ``step`` can move."""
    report = get_object_or_404(request.scope.reports(), pk=pk)
    found = Submission.objects.filter(agency_id=report.agency_id, year=report.year).first()
    if found is None:
        raise InputError("这份报告不是经登记簿报送的")
    if step == "accept" and found.version_id != report.current_id:
        raise InputError("报告已有更新的版本，请核对后再接收")
    return found


@scoped(supervise=True)
def accept(request, pk: int):
    return _step(request, pk, "accept")


@scoped(supervise=True)
def publish(request, pk: int):
    return _step(request, pk, "publish")


def _step(request, pk: int, step: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        found = _waiting(request, pk, step)
        if step == "accept":
            flow.accept(found, request.user, request.POST.get("comment", "").strip())
            messages.success(request, f"已接收 {found.agency.name} {found.year} 年度报告")
        else:
            flow.publish(found, request.user)
            messages.success(request, f"已公开 {found.agency.name} {found.year} 年度报告")
    except InputError as e:
        messages.error(request, e.message)
    return redirect("xxgk:report", pk=pk)


@scoped
def submissions(request, fmt=None):
    """The scope's submissions of a year, with their state and statutory date; overdue ones first."""
    year = year_of(request, date.today().year - 1)
    query = Submission.objects.filter(agency__in=request.scope.agencies(), year=year) \
        .exclude(state=SubmissionState.DRAFT).select_related("agency", "version").order_by("agency__name")
    state = request.GET.get("state", "")
    if state in SubmissionState.values:
        query = query.filter(state=state)
    listing = Listing(
        "submissions", f"{year} 年度报告报送情况",
        [("agency", "机关"), ("year", "年度"), ("state", "状态"), ("due", "法定期限"), ("explained", "已说明的错误")],
        query, _row, link=lambda row: reverse("xxgk:report", args=[row["report_id"]]) if row["report_id"] else "")
    return respond(request, listing, fmt, "xxgk/listing.html", {"year": year, "years": _years()})


def _years() -> list[int]:
    return sorted(set(Submission.objects.values_list("year", flat=True)), reverse=True)


def _row(found: Submission) -> dict:
    return {"id": found.pk, "report_id": found.version.report_id if found.version else None,
            "agency": found.agency.name, "year": found.year, "state": found.get_state_display(),
            "due": flow.due(found.agency, found.year).isoformat(), "explained": len(found.explanations)}
