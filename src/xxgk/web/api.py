"""The JSON API (Django Ninja) over the same scope and services as the pages: ``/api/``, its OpenAPI document at
``/api/openapi.json`` and interactive docs at ``/api/docs`` (served from the package). Scripts send
``Authorization: Bearer <token>`` (``xxgk createuser --token``); a signed-in browser uses its session."""

from __future__ import annotations

from typing import Callable, ClassVar

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, NinjaAPI, Schema
from pydantic import model_validator
from ninja.files import UploadedFile
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth

from .. import __version__
from ..corpus import export
from ..corpus.models import FindingState
from ..corpus.queries import agency_row, filter_findings, finding_row, with_reports
from ..corpus.services import set_finding_state
from ..errors import InputError
from . import figures
from .access import Scope
from .models import ApiToken
from .uploads import batch_state, receive, uploads_of
from .views.work import export_response


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


api = NinjaAPI(title="xxgk", version=__version__, auth=[TokenAuth(), django_auth], urls_namespace="api",
               description="政府信息公开工作年度报告：机关、报告、核对问题及其处理。")


def scope_of(request) -> Scope:
    scope = Scope.of(request.user)
    if scope is None:
        raise HttpError(403, "此账号尚未分配角色")
    return scope


class Rows(Schema):
    """A schema whose items may be given as model objects: ``row`` makes each the row the pages show, so that a
    paginated endpoint returns its query and only the page's objects are read."""

    row: ClassVar[Callable[[object], dict]]

    @model_validator(mode="before")
    @classmethod
    def _from_object(cls, value):
        value = getattr(value, "_obj", value)  # (Ninja hands the object over wrapped in its DjangoGetter)
        return value if isinstance(value, dict) else cls.row(value)


class Region(Schema):
    id: int
    name: str
    path: str
    kind: str
    parent_id: int | None


class Agency(Rows):
    row: ClassVar = staticmethod(agency_row)
    id: int
    name: str
    kind: str
    region: str | None
    credit_code: str | None
    reports: int
    years: str | int | None
    aliases: list[str]


def _report_item(r) -> dict:
    return {"id": r.pk, "agency_id": r.agency_id, "agency": r.agency.name, "year": r.year,
            "template": r.current.template, "parser_version": r.current.parser_version, "findings": r.n}


class ReportItem(Rows):
    row: ClassVar = staticmethod(_report_item)
    id: int
    agency_id: int
    agency: str
    year: int
    template: str
    parser_version: str
    findings: int


class Finding(Rows):
    row: ClassVar = staticmethod(finding_row)
    id: int
    report_id: int
    agency: str
    year: int
    code: str
    severity: str
    message: str
    cells: list[str]
    state: str
    reviewed_by: str | None
    reviewed_at: str | None
    note: str


class Review(Schema):
    state: str
    note: str = ""


class Coverage(Schema):
    region_id: int | None
    region: str
    known: int
    reported: int
    missing: int


@api.get("/regions", response=list[Region], tags=["地区"])
def regions(request):
    return [{"id": r.pk, "name": r.name, "path": r.path, "kind": r.kind, "parent_id": r.parent_id}
            for r in scope_of(request).regions().select_related("parent__parent__parent")]


@api.get("/agencies", response=list[Agency], tags=["机关"])
@paginate(PageNumberPagination, page_size=100)
def agencies(request, q: str = "", region: int | None = None):
    scope = scope_of(request)
    query = scope.agencies()
    if q:
        query = query.search(q)
    if region is not None:
        query = query.filter(region_id__in=get_object_or_404(scope.regions(), pk=region).subtree_ids())
    return with_reports(query).order_by("pk")


@api.get("/agencies/{agency_id}", response=Agency, tags=["机关"])
def agency(request, agency_id: int):
    return agency_row(get_object_or_404(with_reports(scope_of(request).agencies()), pk=agency_id))


@api.get("/reports", response=list[ReportItem], tags=["报告"])
@paginate(PageNumberPagination, page_size=100)
def reports(request, year: int | None = None, agency: int | None = None):
    query = scope_of(request).reports().select_related("agency", "current").annotate(
        n=Count("current__findings")).order_by("pk")
    if year is not None:
        query = query.filter(year=year)
    if agency is not None:
        query = query.filter(agency_id=agency)
    return query


@api.get("/reports/{report_id}", tags=["报告"])
def report(request, report_id: int):
    """The current version's report-json, as ``xxgk parse --json`` gives it."""
    found = get_object_or_404(scope_of(request).reports().select_related("current"), pk=report_id)
    return found.current.data


@api.get("/findings", response=list[Finding], tags=["问题"])
@paginate(PageNumberPagination, page_size=100)
def findings(request, year: int | None = None, code: str = "", severity: str = "", state: str = "",
             report: int | None = None):
    query = filter_findings(scope_of(request).findings(), year, code, state, severity)
    if report is not None:
        query = query.filter(version__report_id=report)
    return query.select_related("version__report__agency", "reviewed_by").order_by("pk")


@api.post("/findings/{finding_id}/review", response=Finding, tags=["问题"])
def review(request, finding_id: int, payload: Review):
    """Confirm, dismiss (a note required) or reopen a finding; recorded with who and when."""
    scope = scope_of(request)
    if not scope.can_change:
        raise HttpError(403, "只读账号不能处理问题")
    finding = get_object_or_404(scope.findings().select_related("version__report__agency"), pk=finding_id)
    if payload.state not in FindingState.values:
        raise HttpError(422, f"处理状态应为 {'、'.join(FindingState.values)} 之一")
    if payload.state == FindingState.DISMISSED and not payload.note.strip():
        raise HttpError(422, "排除一个问题须写明理由")
    set_finding_state(finding, payload.state, user=request.user, note=payload.note.strip())
    return finding_row(finding)


@api.get("/coverage", response=list[Coverage], tags=["地区"])
def coverage(request, year: int):
    """Per region of the scope: agencies known, with a report for ``year``, and missing."""
    return figures.coverage_by_region(scope_of(request), year)


@api.post("/uploads", tags=["上传"])
def upload(request, files: list[UploadedFile] = File(...)):
    """Report files or zip archives, read by the workers as one batch; follow it at ``/api/batches/{batch}``."""
    scope = scope_of(request)
    if not scope.supervises:
        raise HttpError(403, "只有监督人员和管理员可以上传")
    try:
        batch = receive(files, request.user)
    except InputError as e:
        raise HttpError(422, e.message) from None
    return {"batch": batch.pk, "jobs": batch.jobs.count()}


@api.get("/batches/{batch_id}", tags=["上传"])
def batch(request, batch_id: int):
    """An upload's progress: counts by state and each file's state, report or reason."""
    scope = scope_of(request)
    return batch_state(get_object_or_404(uploads_of(request.user, scope), batch_id=batch_id), scope)


@api.get("/exports", tags=["导出"])
def exports(request, format: str = "csv", year: int | None = None, wide: bool = False):
    """The scope's current reports as CSV, XLSX, Parquet or JSON: a row per cell, or per report with ``wide``."""
    if format not in export.FORMATS:
        raise HttpError(422, f"format 应为 {'、'.join(export.FORMATS)} 之一")
    return export_response(scope_of(request), format, year, wide)


class ApplicationPage(Schema):
    items: list[dict]
    count: int


@api.get("/register/applications", response=ApplicationPage, tags=["登记簿"])
def applications(request, state: str = "", page: int = 1):
    """The agency's applications with their deadlines and where each stands (overdue, soon, paused, open,
    answered), 100 a page; for the agency's own staff only — nobody else sees an applicant."""
    from datetime import date

    from ..register import days
    from ..register.book import deadline_of, state_of
    from ..register.calendar import working_days_after
    from ..register.models import Application

    scope = scope_of(request)
    if scope.role != "agency":
        raise HttpError(403, "登记簿只对本机关的工作人员开放")
    calendar, today = days.load(), date.today()
    soon = working_days_after(calendar, today, 5).day
    query = Application.objects.filter(agency=scope.agency).select_related("officer").prefetch_related("pauses") \
        .order_by("-received", "-pk")
    rows = []
    for a in query.iterator(chunk_size=500) if state else query[(max(page, 1) - 1) * 100:max(page, 1) * 100]:
        deadline = deadline_of(a, calendar)
        rows.append({"id": a.pk, "number": a.number, "received": a.received.isoformat(), "channel": a.channel,
                     "applicant_kind": a.applicant_kind, "applicant": a.applicant, "contact": a.contact,
                     "deadline": deadline.day.isoformat(), "provisional": deadline.provisional,
                     "state": state_of(a, deadline, today, soon), "outcome": a.outcome or None,
                     "answered": a.answered.isoformat() if a.answered else None,
                     "officer": a.officer.username if a.officer else None})
    if state:  # (where an application stands is known only by counting its days)
        rows = [r for r in rows if r["state"] == state]
        return {"items": rows[(max(page, 1) - 1) * 100:max(page, 1) * 100], "count": len(rows)}
    return {"items": rows, "count": query.count()}


@api.get("/submissions", tags=["报送"])
def submissions(request, year: int):
    """The year's reports submitted through the register by the agencies of the scope: state, statutory date,
    the version submitted."""
    from ..register.models import Submission, SubmissionState
    from ..register.submission import due

    query = Submission.objects.filter(agency__in=scope_of(request).agencies(), year=year) \
        .exclude(state=SubmissionState.DRAFT).select_related("agency", "version").order_by("agency__name")
    return [{"id": s.pk, "agency_id": s.agency_id, "agency": s.agency.name, "year": s.year, "state": s.state,
             "due": due(s.agency, s.year).isoformat(), "report_id": s.version.report_id if s.version else None,
             "explained": len(s.explanations)} for s in query]
