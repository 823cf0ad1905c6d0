"""The JSON API (Django Ninja) over the same scope and services as the pages: ``/api/``, its OpenAPI document at
``/api/openapi.json`` and interactive docs at ``/api/docs`` (served from the package). Scripts send
``Authorization: Bearer <token>`` (``xxgk createuser --token``); a signed-in browser uses its session."""

from __future__ import annotations

from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, NinjaAPI, Schema
from ninja.files import UploadedFile
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth

from .. import __version__
from ..corpus import export
from ..corpus.models import FindingState
from ..errors import InputError
from ..corpus.services import set_finding_state
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


class Region(Schema):
    id: int
    name: str
    path: str
    kind: str
    parent_id: int | None


class Agency(Schema):
    id: int
    name: str
    kind: str
    region: str | None
    credit_code: str | None
    reports: int
    first_year: int | None
    last_year: int | None


class ReportItem(Schema):
    id: int
    agency_id: int
    agency: str
    year: int
    template: str
    parser_version: str
    findings: int


class Finding(Schema):
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
    query = query.select_related("region__parent__parent").annotate(
        n=Count("reports", distinct=True), first=Min("reports__year"), last=Max("reports__year")).order_by("pk")
    return [_agency(a) for a in query]


def _agency(a) -> dict:
    return {"id": a.pk, "name": a.name, "kind": a.kind, "region": a.region.path if a.region else None,
            "credit_code": a.credit_code, "reports": a.n, "first_year": a.first, "last_year": a.last}


@api.get("/agencies/{agency_id}", response=Agency, tags=["机关"])
def agency(request, agency_id: int):
    query = scope_of(request).agencies().select_related("region").annotate(
        n=Count("reports", distinct=True), first=Min("reports__year"), last=Max("reports__year"))
    return _agency(get_object_or_404(query, pk=agency_id))


@api.get("/reports", response=list[ReportItem], tags=["报告"])
@paginate(PageNumberPagination, page_size=100)
def reports(request, year: int | None = None, agency: int | None = None):
    query = scope_of(request).reports().select_related("agency", "current").annotate(
        n=Count("current__findings")).order_by("pk")
    if year is not None:
        query = query.filter(year=year)
    if agency is not None:
        query = query.filter(agency_id=agency)
    return [{"id": r.pk, "agency_id": r.agency_id, "agency": r.agency.name, "year": r.year,
             "template": r.current.template, "parser_version": r.current.parser_version, "findings": r.n}
            for r in query]


@api.get("/reports/{report_id}", tags=["报告"])
def report(request, report_id: int):
    """The current version's report-json, as ``xxgk parse --json`` gives it."""
    found = get_object_or_404(scope_of(request).reports().select_related("current"), pk=report_id)
    return found.current.data


@api.get("/findings", response=list[Finding], tags=["问题"])
@paginate(PageNumberPagination, page_size=100)
def findings(request, year: int | None = None, code: str = "", severity: str = "", state: str = "",
             report: int | None = None):
    query = scope_of(request).findings().select_related("version__report__agency", "reviewed_by").order_by("pk")
    if year is not None:
        query = query.filter(version__report__year=year)
    if code:
        query = query.filter(Q(code=code) | Q(code__startswith=code.rstrip(".") + "."))
    if severity:
        query = query.filter(severity=severity)
    if state:
        query = query.filter(state=state)
    if report is not None:
        query = query.filter(version__report_id=report)
    return [_finding(f) for f in query]


def _finding(f) -> dict:
    return {"id": f.pk, "report_id": f.version.report_id, "agency": f.version.report.agency.name,
            "year": f.version.report.year, "code": f.code, "severity": f.severity, "message": f.message,
            "cells": f.cells, "state": f.state, "reviewed_by": f.reviewed_by.username if f.reviewed_by else None,
            "reviewed_at": f.reviewed_at.isoformat(timespec="seconds") if f.reviewed_at else None, "note": f.note}


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
    return _finding(finding)


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
