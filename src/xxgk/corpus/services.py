"""The corpus's rules: storing a version with its findings, checking across years, reviewing findings, merging
and splitting agencies. Commands, views and the API all call these."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .. import check as checks
from ..errors import InputError
from ..model import Finding as FindingData
from ..model import Report as ReportData
from .models import Agency, AgencyName, Finding, FindingState, MatchProposal, ProposalState, Report, ReportVersion
from .models import Source

REVIEW_FIELDS = ("state", "reviewed_by_id", "reviewed_at", "note")


def finding_key(finding: FindingData) -> str:
    """What makes two findings the same across re-parses: the code and the cells (a digest of them when long)."""
    cells = ",".join(sorted(finding.cells))
    if len(cells) > 200:
        cells = "#" + hashlib.sha256(cells.encode()).hexdigest()[:32]
    return finding.code + "|" + cells


def store_version(agency: Agency, data: ReportData, source: Source, parser_version: str) -> ReportVersion:
    """A new version of ``agency``'s report for the report's year, made current; the findings a person reviewed
    in the version it replaces keep their review."""
    report, _ = Report.objects.get_or_create(agency=agency, year=data.meta.year)
    previous = report.current
    version = ReportVersion.objects.create(
        report=report, source=source, parser_version=parser_version, printed_agency=data.meta.agency or "",
        template=data.meta.template or "", data=data.to_dict())
    _store_findings(version, data.findings, across_years=False, reviewed=_reviews(previous, across_years=False))
    report.current = version
    report.save(update_fields=["current"])
    if data.meta.year >= (agency.reports.order_by("-year").values_list("year", flat=True).first() or 0):
        if agency.name != version.printed_agency and version.printed_agency:
            agency.name = version.printed_agency
            agency.save(update_fields=["name"])
    return version


def check_years_around(report: Report) -> None:
    """Check ``report`` against the agency's year before, and the year after against it."""
    for this_year in (report.year, report.year + 1):
        this = Report.objects.filter(agency_id=report.agency_id, year=this_year).select_related("current").first()
        if this is not None and this.current is not None:
            recheck_years(this)


def recheck_years(report: Report) -> list[Finding]:
    """Replace the current version's findings across years with those against the year before, keeping reviews."""
    version = report.current
    reviewed = _reviews(version, across_years=True)
    version.findings.filter(across_years=True).delete()
    last = Report.objects.filter(agency_id=report.agency_id, year=report.year - 1).select_related("current").first()
    if last is None or last.current is None:
        return []
    found = checks.check_years(version.as_report(), last.current.as_report())
    return _store_findings(version, found, across_years=True, reviewed=reviewed)


def _reviews(version: ReportVersion | None, across_years: bool) -> dict[str, list[dict]]:
    """The review of each reviewed finding of ``version``, by finding key, in order."""
    reviews: dict[str, list[dict]] = defaultdict(list)
    if version is None:
        return reviews
    rows = version.findings.filter(across_years=across_years).exclude(state=FindingState.OPEN)
    for key, *review in rows.values_list("key", *REVIEW_FIELDS):
        reviews[key].append(dict(zip(REVIEW_FIELDS, review)))
    return reviews


def _store_findings(version, findings, across_years: bool, reviewed: dict[str, list[dict]]) -> list[Finding]:
    rows = []
    for f in findings:
        key = finding_key(f)
        review = reviewed[key].pop(0) if reviewed.get(key) else {}
        rows.append(Finding(version=version, code=f.code, severity=str(f.severity), message=f.message,
                            cells=list(f.cells), where=[w.model_dump(exclude_defaults=True) for w in f.where],
                            key=key, across_years=across_years, **review))
    return Finding.objects.bulk_create(rows)


def set_finding_state(finding: Finding, state: str, *, user=None, note: str = "") -> Finding:
    """Record a person's review of a finding: confirmed, dismissed, or open again."""
    if state not in FindingState.values:
        raise InputError(f"处理状态应为 {'、'.join(FindingState.values)} 之一，而不是“{state}”")
    finding.state = state
    finding.reviewed_by = user
    finding.reviewed_at = None if state == FindingState.OPEN else timezone.now()
    finding.note = note
    finding.save(update_fields=["state", "reviewed_by", "reviewed_at", "note"])
    return finding


def reviewer(username: str | None):
    """The user a review is recorded for, created on first use."""
    if not username:
        return None
    user, _ = get_user_model().objects.get_or_create(username=username)
    return user


@transaction.atomic
def merge_agencies(keep: Agency, other: Agency) -> Agency:
    """Make ``other`` a name of ``keep``: its names, reports and proposals move over and it is deleted. Where
    both have a report for a year, ``other``'s versions join ``keep``'s report."""
    if keep.pk == other.pk:
        raise InputError("不能把一个机关与它自己合并")
    if keep.credit_code and other.credit_code and keep.credit_code != other.credit_code:
        raise InputError(f"两个机关的统一社会信用代码不同（{keep.credit_code}、{other.credit_code}），不能合并")
    AgencyName.objects.filter(agency=other).update(agency=keep)
    for report in list(other.reports.all()):
        target = keep.reports.filter(year=report.year).first()
        if target is None:
            report.agency = keep
            report.save(update_fields=["agency"])
            continue
        report.versions.update(report=target)
        newest = target.versions.order_by("-created", "-pk").first()
        target.current = newest
        target.save(update_fields=["current"])
        report.delete()
    if other.credit_code and not keep.credit_code:
        keep.credit_code, other.credit_code = other.credit_code, None
        other.save(update_fields=["credit_code"])
    if keep.region is None:
        keep.region = other.region
    keep.save()
    MatchProposal.objects.filter(agency=other).delete()
    MatchProposal.objects.filter(candidate=other).delete()
    other.delete()
    _settle(keep)
    return keep


@transaction.atomic
def split_agency(agency: Agency, names: list[str]) -> Agency:
    """A new agency for the given names of ``agency``, taking the reports whose current version printed one."""
    own = {n.name: n for n in agency.names.all()}
    unknown = [n for n in names if n not in own]
    if unknown:
        raise InputError(f"“{agency.name}”没有用过名称“{unknown[0]}”（用过：{'、'.join(own)}）")
    if set(names) == set(own):
        raise InputError("不能把一个机关的全部名称都分出去")
    first = own[names[0]]
    new = Agency.objects.create(name=first.name, kind=agency.kind, region=agency.region)
    AgencyName.objects.filter(agency=agency, name__in=names).update(agency=new)
    for report in list(agency.reports.select_related("current")):
        if report.current and report.current.printed_agency in names:
            report.agency = new
            report.save(update_fields=["agency"])
    MatchProposal.objects.create(agency=new, candidate=agency, score=1.0, reason="由拆分产生",
                                 state=ProposalState.REJECTED)
    _settle(agency)
    _settle(new)
    return new


def _settle(agency: Agency) -> None:
    """After its reports changed hands: the agency takes the name of its latest report, and its years are
    checked against each other afresh."""
    reports = list(agency.reports.select_related("current").order_by("year"))
    latest = next((r.current.printed_agency for r in reversed(reports) if r.current), "")
    if latest and agency.name != latest:
        agency.name = latest
        agency.save(update_fields=["name"])
    for report in reports:
        if report.current is not None:
            recheck_years(report)


def reject_proposal(proposal: MatchProposal) -> MatchProposal:
    proposal.state = ProposalState.REJECTED
    proposal.save(update_fields=["state"])
    return proposal
