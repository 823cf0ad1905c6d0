"""The public read-only pages: the annual reports that supervisors accepted and published, by region, as the
agency submitted them. No sign-in; nothing but the published report (no findings, no register)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from ...corpus.models import Region
from ...register.models import Submission, SubmissionState
from ...template import load
from ..tables import national_tables
from . import year_of

PUBLISHED = Submission.objects.filter(state=SubmissionState.PUBLISHED).select_related("agency", "version")


def regions(request):
    """The regions whose agencies have published reports, with how many."""
    counts = dict(PUBLISHED.values_list("agency__region").annotate(n=Count("pk")).values_list("agency__region", "n"))
    shown = [{"region": r, "count": counts[r.pk]} for r in Region.objects.filter(pk__in=counts)]
    return render(request, "xxgk/public_regions.html", {"regions": sorted(shown, key=lambda r: r["region"].path)})


def region(request, pk: int):
    """A region's published reports of a year (and of the regions below it)."""
    found = get_object_or_404(Region, pk=pk)
    published = PUBLISHED.filter(agency__region_id__in=found.subtree_ids())
    years = sorted(set(published.values_list("year", flat=True)), reverse=True)
    year = year_of(request, years[0] if years else None)
    return render(request, "xxgk/public_region.html", {
        "region": found, "year": year, "years": years,
        "published": published.filter(year=year).order_by("agency__name")})


def report(request, pk: int):
    """One published report: its tables in the national layout and its narrative."""
    found = get_object_or_404(PUBLISHED, pk=pk)
    data = found.version.as_report()
    titles = load(data.meta.template or "2021").sections
    sections = [(key, titles.get(key, key), text) for key, text in data.sections.items() if text]
    return render(request, "xxgk/public_report.html", {
        "submission": found, "data": data, "tables": national_tables(data),
        "before": [s[1:] for s in sections if s[0] == "overview"],  # 一、总体情况 comes before the tables
        "after": [s[1:] for s in sections if s[0] != "overview"]})
