"""The questions the corpus answers, each a function returning rows (dicts) for a table, JSON or CSV."""

from __future__ import annotations

from django.db.models import Count, F, Max, Min, Prefetch, Q

from .models import Agency, AgencyChange, AgencyName, Finding, MatchProposal, ProposalState, Region, Report


def agencies(text: str | None = None, region: Region | None = None) -> list[dict]:
    """Agencies whose name (any they used) contains ``text``, in ``region`` and below."""
    query = Agency.objects.in_region(region)
    if text:
        query = query.search(text)
    return [agency_row(a) for a in with_reports(query).order_by("region__name", "name")]


def with_reports(query):
    """Agencies with what a row of them shows: region, report count, first and last year, every name used."""
    return query.select_related("region__parent__parent").annotate(
        reports_count=Count("reports", distinct=True), first=Min("reports__year"), last=Max("reports__year")) \
        .prefetch_related(Prefetch("names", queryset=AgencyName.objects.order_by("name")))


def agency_row(a: Agency) -> dict:
    """One agency (of ``with_reports``) as a row."""
    return {"id": a.pk, "name": a.name, "kind": a.get_kind_display(), "region": a.region.path if a.region else None,
            "credit_code": a.credit_code, "reports": a.reports_count,
            "years": f"{a.first}–{a.last}" if a.first and a.first != a.last else a.first,
            "aliases": [n.name for n in a.names.all() if n.name != a.name]}


def proposals(every: bool = False) -> list[dict]:
    """Pairs of agencies that may be one, the likeliest first (only those awaiting a person unless ``every``)."""
    query = MatchProposal.objects.select_related("agency", "candidate")
    if not every:
        query = query.filter(state=ProposalState.OPEN)
    else:
        query = query.exclude(agency=None, state=ProposalState.OPEN).exclude(candidate=None, state=ProposalState.OPEN)
    return [{"id": p.pk, "agency_id": p.agency_id, "agency": p.agency.name if p.agency else p.agency_name,
             "candidate_id": p.candidate_id, "candidate": p.candidate.name if p.candidate else p.candidate_name,
             "score": p.score, "state": p.state, "reason": p.reason}
            for p in query]


def coverage(year: int, region: Region | None = None) -> list[dict]:
    """The agencies of ``region`` that have no report for ``year``, with the last year they reported."""
    query = Agency.objects.without_report(year, region).select_related("region").annotate(
        last=Max("reports__year"))
    return [{"id": a.pk, "name": a.name, "region": a.region.path if a.region else None,
             "kind": a.get_kind_display(), "last_report": a.last} for a in query.order_by("region__name", "name")]


def coverage_counts(year: int, region: Region | None = None) -> tuple[int, int]:
    """(agencies with a report for ``year``, agencies known) in ``region``."""
    query = Agency.objects.in_region(region)
    return query.filter(reports__year=year).distinct().count(), query.count()


def findings(region: Region | None = None, year: int | None = None, code: str | None = None,
             state: str | None = None, severity: str | None = None) -> list[dict]:
    """The findings of the current versions, filtered; ``code`` matches a whole code or its family ("sum")."""
    query = Finding.objects.filter(version__report__current=F("version"))
    if region is not None:
        query = query.filter(version__report__agency__region_id__in=region.subtree_ids())
    query = filter_findings(query, year, code, state, severity)
    return _finding_rows(query.order_by("version__report__agency__name", "version__report__year", "pk"))


def filter_findings(query, year: int | None = None, code: str | None = None, state: str | None = None,
                    severity: str | None = None):
    """A query of findings narrowed to a report year, a code or its family ("sum" is sum.*), a review state and a
    severity; an empty or None filter narrows nothing."""
    if year is not None:
        query = query.filter(version__report__year=year)
    if code:
        query = query.filter(Q(code=code) | Q(code__startswith=code.rstrip(".") + "."))
    if state:
        query = query.filter(state=state)
    if severity:
        query = query.filter(severity=severity)
    return query


def finding_rows(ids) -> list[dict]:
    """The findings with these ids, as ``findings`` gives them."""
    return _finding_rows(Finding.objects.filter(pk__in=list(ids)).order_by("pk"))


def _finding_rows(query) -> list[dict]:
    return [finding_row(f) for f in query.select_related("version__report__agency", "reviewed_by")]


def finding_row(f: Finding) -> dict:
    """One finding as a row: its report, agency and year, what it says, the cells it names, and its review."""
    report = f.version.report
    return {"id": f.pk, "report_id": report.pk, "agency": report.agency.name, "year": report.year, "code": f.code,
            "severity": f.severity, "state": f.state, "message": f.message, "cells": f.cells,
            "reviewed_by": f.reviewed_by.username if f.reviewed_by else None,
            "reviewed_at": f.reviewed_at.isoformat(timespec="seconds") if f.reviewed_at else None,
            "note": f.note, "where": f.where}


def orphaned_reviews(region: Region | None = None, year: int | None = None) -> list[dict]:
    """The reviews a person gave that no finding of the current version carries any more: the finding is gone, or
    a newer reading names other cells. Each once, from the latest version that had it."""
    query = Finding.objects.exclude(state="open").exclude(version__report__current=F("version")).filter(
        version__report__current__isnull=False)
    if region is not None:
        query = query.filter(version__report__agency__region_id__in=region.subtree_ids())
    if year is not None:
        query = query.filter(version__report__year=year)
    query = query.select_related("version__report__agency", "reviewed_by").order_by("-version__created", "-pk")
    current = {(report, key) for report, key in Finding.objects.filter(
        version__report__current=F("version")).values_list("version__report_id", "key")}
    rows, seen = [], set()
    for f in query:
        mark = (f.version.report_id, f.key)
        if mark in current or mark in seen:
            continue
        seen.add(mark)
        rows.append({"id": f.pk, "agency": f.version.report.agency.name, "year": f.version.report.year,
                     "code": f.code, "severity": f.severity, "state": f.state, "message": f.message,
                     "cells": f.cells, "reviewed_by": f.reviewed_by.username if f.reviewed_by else None,
                     "reviewed_at": f.reviewed_at.isoformat(timespec="seconds") if f.reviewed_at else None,
                     "note": f.note, "parser_version": f.version.parser_version})
    return sorted(rows, key=lambda r: (r["agency"], r["year"], r["id"]))


def current_reports(region: Region | None = None, year: int | None = None):
    query = Report.objects.in_region(region).filter(current__isnull=False)
    if year is not None:
        query = query.filter(year=year)
    return query.select_related("agency__region", "current")


def change_row(change: AgencyChange) -> dict:
    when = (lambda t: t.isoformat(timespec="seconds") if t else None)
    return {"id": change.pk, "kind": change.kind, "summary": change.summary,
            "made_by": change.made_by.username if change.made_by else None, "made_at": when(change.made_at),
            "undone_at": when(change.undone_at), "agency_id": change.agency_id, "other_id": change.other_id}


def changes() -> list[dict]:
    """Every merge and split, the latest first."""
    return [change_row(c) for c in AgencyChange.objects.select_related("made_by")]


def stored_sources(agency: Agency | None = None, year: int | None = None, older_than: str | None = None):
    """(name, sha256) of the file behind each current report (of an agency, of a year; read by a parser other
    than ``older_than``), in a stable order."""
    query = Report.objects.filter(current__isnull=False)
    if agency is not None:
        query = query.filter(agency=agency)
    if year is not None:
        query = query.filter(year=year)
    if older_than is not None:
        query = query.exclude(current__parser_version=older_than).exclude(current__parser_version="report-json")
    return list(query.order_by("agency__name", "year").values_list("current__source__name", "current__source__sha256"))
