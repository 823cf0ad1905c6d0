"""The year at a glance for the user's scope: who has not reported, what the checks found, the trends."""

from __future__ import annotations

from django.shortcuts import render

from .. import charts, figures
from . import scoped, year_of


@scoped
def overview(request):
    scope = request.scope
    years = figures.remembered(scope, "year-list", figures.years)
    year = year_of(request, years[0] if years else None)
    context = {"years": years, "year": year}
    if year is not None:
        regions = figures.remembered(scope, "coverage", figures.coverage_by_region, year)
        trend = figures.remembered(scope, "years", figures.by_year)
        context.update(
            regions=regions[:30],
            known=sum(r["known"] for r in regions), reported=sum(r["reported"] for r in regions),
            findings=figures.findings_by_code(scope, year), trend=trend,
            charts=[("本年新收申请（件）", charts.trend([(r["year"], r["received"]) for r in trend])),
                    ("公开率", charts.trend([(r["year"], r["disclosure_rate"]) for r in trend], percent=True)),
                    ("复议纠错率", charts.trend([(r["year"], r["correction_rate"]) for r in trend], percent=True))])
        context["missing"] = context["known"] - context["reported"]
    return render(request, "xxgk/overview.html", context)
