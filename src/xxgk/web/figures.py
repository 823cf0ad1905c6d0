"""The headline figures of a scope, summed in the database from the stored report-json: applications received,
the 公开率 and the 复议纠错率 by year, coverage by region, findings by severity and code."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, F, FloatField, Max, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from ..corpus.models import AgencyChange, ReportVersion
from .access import Scope

# report-json cells summed per year
CELLS = {
    "received": "requests__received_new__total",
    "granted": "requests__granted__total",
    "partially": "requests__partially_granted__total",
    "processed": "requests__processed_total__total",
    "reconsidered": "review__reconsideration__total",
    "corrected": "review__reconsideration__corrected",
    "pending": "review__reconsideration__pending",
}


def _sum(cell: str) -> Sum:
    return Sum(Cast(KT(f"data__{cell}"), FloatField()))


def _printed(cell: str) -> Count:
    """How many versions print a value in the cell (not missing, not a JSON null, which SQLite would sum as 0)."""
    return Count("pk", filter=Q(**{f"data__{cell}__isnull": False}) & ~Q(**{f"data__{cell}": None}))


def by_year(scope: Scope) -> list[dict]:
    """One row a year: reports, applications received, 公开率 = (予以公开 + 部分公开) / 总计, and 复议纠错率 = 纠正 /
    (总计 − 尚未审结). A figure is None where a report of the year left a cell it needs blank: a blank is not a
    0."""
    versions = ReportVersion.objects.filter(report__in=scope.reports(), report__current=F("pk"))
    rows = versions.values(year=F("report__year")).annotate(
        reports=Count("pk"), **{k: _sum(c) for k, c in CELLS.items()},
        **{f"{k}_printed": _printed(c) for k, c in CELLS.items()}).order_by("year")
    out = []
    for r in rows:
        for key in CELLS:  # a sum over reports of which some left the cell blank is no figure of the year
            if r[f"{key}_printed"] < r["reports"]:
                r[key] = None
        out.append({"year": r["year"], "reports": r["reports"], "received": r["received"],
                    "disclosure_rate": share([r["granted"], r["partially"]], [r["processed"]]),
                    "correction_rate": share([r["corrected"]], [r["reconsidered"], r["pending"]], minus=True)})
    return out


def cell_of(data: dict, path: str):
    """A cell of stored report-json by its path ("requests.granted.total"); None where it is not printed."""
    table, row, column = path.split(".")
    return (data.get(table) or {}).get(row, {}).get(column)


def share(parts: list, whole: list, minus: bool = False) -> float | None:
    """sum(parts) / whole (whole[0] − whole[1] with ``minus``); None when a term is unknown or the whole is 0."""
    if any(v is None for v in parts + whole):
        return None
    total = whole[0] - whole[1] if minus else sum(whole)
    return sum(parts) / total if total > 0 else None


def years(scope: Scope) -> list[int]:
    return list(scope.reports().values_list("year", flat=True).distinct().order_by("-year"))


def coverage_by_region(scope: Scope, year: int) -> list[dict]:
    """Per region: agencies known, agencies with a report for ``year``, and so how many have not reported."""
    rows = scope.agencies().values("region_id").annotate(
        known=Count("pk", distinct=True), reported=Count("pk", filter=Q(reports__year=year), distinct=True))
    names = {r.pk: r.path for r in scope.regions().filter(pk__in=[r["region_id"] for r in rows]).select_related(
        "parent__parent__parent")}
    out = [{"region_id": r["region_id"], "region": names.get(r["region_id"], "（未定地区）"), "known": r["known"],
            "reported": r["reported"], "missing": r["known"] - r["reported"]} for r in rows]
    return sorted(out, key=lambda r: (-r["missing"], r["region"]))


def findings_by_code(scope: Scope, year: int) -> list[dict]:
    return list(scope.findings().filter(version__report__year=year).values("severity", "code")
                .annotate(count=Count("pk"), open=Count("pk", filter=Q(state="open"))).order_by("severity", "-count"))


def remembered(scope: Scope, name: str, compute, *args):
    """``compute(scope, *args)``, kept in the cache until a report version is stored or an agency changes (a merge,
    a split, an undo): the sums over a region's reports are read far more often than the corpus changes."""
    versions = ReportVersion.objects.aggregate(last=Max("pk"))["last"]
    changes = AgencyChange.objects.aggregate(last=Max("pk"), undone=Max("undone_at"))
    key = ":".join(map(str, ("xxgk", name, scope.role, scope.region.pk if scope.region else "-",
                             scope.agency.pk if scope.agency else "-", versions, changes["last"],
                             changes["undone"], *args)))
    found = cache.get(key)
    if found is None:
        found = compute(scope, *args)
        cache.set(key, found, 3600)
    return found
