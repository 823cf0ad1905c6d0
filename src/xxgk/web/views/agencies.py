"""Agencies: the listing (any name an agency used, by region and kind), one agency's years side by side, and the
agencies that have not reported for a year."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ...corpus.models import AgencyChange, AgencyKind, Finding, MatchProposal, ProposalState, Region
from ...corpus.queries import agency_row, with_reports
from .. import charts, figures
from ..figures import cell_of, share
from ..listing import Listing, respond
from . import scoped, year_of

# the figures of one agency's years shown side by side: (heading, report-json cell)
YEAR_CELLS = [
    ("本年新收申请", "requests.received_new.total"), ("上年结转", "requests.carried_over.total"),
    ("予以公开", "requests.granted.total"), ("部分公开", "requests.partially_granted.total"),
    ("办理总计", "requests.processed_total.total"), ("结转下年", "requests.carried_forward.total"),
    ("行政复议总计", "review.reconsideration.total"), ("复议纠正", "review.reconsideration.corrected"),
    ("行政诉讼（直接起诉）总计", "review.litigation_direct.total"),
    ("规范性文件现行有效", "active.normative_documents.in_force"),
]


def _region(request, scope) -> Region | None:
    value = request.GET.get("region", "")
    if not value:
        return None
    regions = scope.regions()
    found = regions.filter(pk=int(value)).first() if value.isdigit() else regions.named(value).first()
    return found


@scoped
def agencies(request, fmt=None):
    scope = request.scope
    query = scope.agencies()
    text, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    region = _region(request, scope)
    if text:
        query = query.search(text)
    if region is not None:
        query = query.filter(region_id__in=region.subtree_ids())
    if kind in AgencyKind.values:
        query = query.filter(kind=kind)
    query = with_reports(query).order_by("region__name", "name", "pk")
    listing = Listing(
        "agencies", "机关", [("name", "机关"), ("region", "地区"), ("kind", "类别"), ("reports", "报告数"),
                             ("years", "年度"), ("aliases", "曾用名称"), ("credit_code", "统一社会信用代码")],
        query, agency_row, link=lambda row: reverse("xxgk:agency", args=[row["id"]]))
    return respond(request, listing, fmt, "xxgk/agencies.html",
                   {"q": text, "kind": kind, "kinds": AgencyKind.choices, "region": region,
                    "regions": scope.regions().order_by("name")[:500]})


@scoped
def agency(request, pk: int):
    scope = request.scope
    found = get_object_or_404(scope.agencies().select_related("region__parent__parent"), pk=pk)
    reports = list(scope.reports().filter(agency=found).select_related("current").order_by("year"))
    data = {r.year: r.current.data for r in reports}
    rows = [(heading, [cell_of(data[r.year], path) for r in reports]) for heading, path in YEAR_CELLS]
    trends = [("本年新收申请（件）", charts.trend([(y, cell_of(d, "requests.received_new.total")) for y, d in data.items()])),
              ("公开率", charts.trend([(y, _rate(d)) for y, d in data.items()], percent=True))]
    across = Finding.objects.filter(version__in=[r.current_id for r in reports], across_years=True) \
        .select_related("version__report").order_by("version__report__year", "pk")
    counts = dict(Finding.objects.filter(version__in=[r.current_id for r in reports]).values_list(
        "version_id").annotate(n=Count("pk")).values_list("version_id", "n"))
    changes = AgencyChange.objects.filter(Q(agency=found) | Q(other=found)).select_related("made_by", "undone_by") \
        .order_by("-pk")[:20]
    proposals = MatchProposal.objects.filter(Q(agency=found) | Q(candidate=found), state=ProposalState.OPEN) \
        .select_related("agency", "candidate")
    visible = set(scope.agencies().filter(pk__in=[p.candidate_id if p.agency_id == found.pk else p.agency_id
                                                  for p in proposals]).values_list("pk", flat=True))
    candidates = [p.candidate if p.agency_id == found.pk else p.agency for p in proposals]
    return render(request, "xxgk/agency.html", {
        "agency": found, "reports": [(r, counts.get(r.current_id, 0)) for r in reports], "rows": rows,
        "across": across, "names": found.names.order_by("name"), "changes": changes, "charts": trends,
        "candidates": [c for c in candidates if c is not None and c.pk in visible]})


def _rate(data: dict) -> float | None:
    """公开率 of one report: (予以公开 + 部分公开) / 总计."""
    return share([cell_of(data, f"requests.{row}.total") for row in ("granted", "partially_granted")],
                 [cell_of(data, "requests.processed_total.total")])


@scoped
def coverage(request, fmt=None):
    """The agencies of the scope that have no report for the year."""
    scope = request.scope
    years = figures.years(scope)
    year = year_of(request, years[0] if years else None)
    query = scope.agencies().exclude(reports__year=year).select_related("region__parent__parent") \
        .annotate(last=Max("reports__year")).order_by("region__name", "name", "pk")
    region = _region(request, scope)
    if region is not None:
        query = query.filter(region_id__in=region.subtree_ids())
    listing = Listing(
        "coverage", f"{year}年度未发布报告的机关", [("name", "机关"), ("region", "地区"), ("kind", "类别"),
                                                   ("last_report", "最近报告年度")],
        query, lambda a: {"id": a.pk, "name": a.name, "region": a.region.path if a.region else None,
                          "kind": a.get_kind_display(), "last_report": a.last},
        link=lambda row: reverse("xxgk:agency", args=[row["id"]]))
    return respond(request, listing, fmt, "xxgk/listing.html", {"year": year, "years": years})
