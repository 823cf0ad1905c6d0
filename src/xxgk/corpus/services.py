"""The corpus's rules: storing a version with its findings, checking across years, reviewing findings, merging
and splitting agencies. Commands, views and the API all call these."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import check as checks
from ..errors import InputError
from ..model import Finding as FindingData
from ..model import Report as ReportData
from ..names import agency_kind
from .matching import resolve_region
from .models import (Agency, AgencyChange, AgencyName, ChangeKind, Finding, FindingState, MatchProposal, ProposalState,
                     Report, ReportVersion, Source)

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
    if not version.findings.filter(across_years=True).exists():  # a new version: the reviews of the one before
        prior = report.versions.exclude(pk=version.pk).order_by("-created", "-pk").first()
        reviewed = _reviews(prior, across_years=True)
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
def merge_agencies(keep: Agency, other: Agency, *, user=None) -> AgencyChange:
    """Make ``other`` a name of ``keep``: its names, reports and proposals move over and it is deleted. Where
    both have a report for a year, ``other``'s versions join ``keep``'s report. The change is recorded with all
    that moved, so that ``undo`` gives ``other`` back as it was."""
    if keep.pk == other.pk:
        raise InputError("不能把一个机关与它自己合并")
    if keep.credit_code and other.credit_code and keep.credit_code != other.credit_code:
        raise InputError(f"两个机关的统一社会信用代码不同（{keep.credit_code}、{other.credit_code}），不能合并")
    moved = {"keep_id": keep.pk, "agency": _snapshot(other), "names": list(other.names.values_list("name", flat=True)),
             "reports": [], "versions": [], "currents": {}, "region_taken": keep.region is None,
             "credit_code_taken": bool(other.credit_code and not keep.credit_code)}
    AgencyName.objects.filter(agency=other).update(agency=keep)
    for report in list(other.reports.all()):
        moved["versions"] += [{"version": v, "year": report.year} for v in report.versions.values_list("pk", flat=True)]
        target = keep.reports.filter(year=report.year).first()
        if target is None:
            moved["reports"].append(report.pk)
            report.agency = keep
            report.save(update_fields=["agency"])
            continue
        moved["currents"][str(report.year)] = target.current_id
        report.versions.update(report=target)
        target.current = target.versions.order_by("-created", "-pk").first()
        target.save(update_fields=["current"])
        report.delete()
    if moved["credit_code_taken"]:
        keep.credit_code, other.credit_code = other.credit_code, None
        other.save(update_fields=["credit_code"])
    if keep.region is None:
        keep.region = other.region
    keep.save()
    between = MatchProposal.objects.filter(Q(agency=other, candidate=keep) | Q(agency=keep, candidate=other))
    moved["proposals"] = list(between.values("id", "state"))
    for proposal in between.select_related("agency", "candidate"):
        _decide(proposal, ProposalState.MERGED)
    others = MatchProposal.objects.filter(Q(agency=other) | Q(candidate=other)).exclude(pk__in=between)
    moved["other_proposals"] = list(others.values("agency_id", "candidate_id", "score", "reason", "state"))
    others.delete()
    count = len({v["year"] for v in moved["versions"]})
    summary = f"“{other.name}”（{other.pk}）并入“{keep.name}”（{keep.pk}）：报告 {count} 份，名称 {len(moved['names'])} 个"
    other.delete()
    _settle(keep)
    return AgencyChange.objects.create(kind=ChangeKind.MERGE, agency=keep, summary=summary, moved=moved,
                                       made_by=user)


@transaction.atomic
def split_agency(agency: Agency, names: list[str], *, user=None) -> AgencyChange:
    """A new agency for the given names of ``agency``, taking every version that printed one of them (a whole
    report, or the versions a merge added to a report of the same year). The new agency is what a merge that
    brought these names in recorded of it (kind, region, credit code), else what its name says."""
    own = {n.name: n for n in agency.names.all()}
    unknown = [n for n in names if n not in own]
    if unknown:
        raise InputError(f"“{agency.name}”没有用过名称“{unknown[0]}”（用过：{'、'.join(own)}）")
    if set(names) == set(own):
        raise InputError("不能把一个机关的全部名称都分出去")
    was = _merged_as(agency, names)
    new = _restore(was) if was else Agency.objects.create(
        name=names[0], kind=agency_kind(names[0]), region=resolve_region(names[0]) or agency.region)
    AgencyName.objects.filter(agency=agency, name__in=names).update(agency=new)
    moved = {"agency_id": agency.pk, "new_id": new.pk, "names": list(names), "reports": [], "versions": [],
             "currents": {}}
    for report in list(agency.reports.all()):
        leaving = list(report.versions.filter(printed_agency__in=names).values_list("pk", flat=True))
        if not leaving:
            continue
        if len(leaving) == report.versions.count():
            moved["reports"].append(report.pk)
            report.agency = new
            report.save(update_fields=["agency"])
            continue
        moved["currents"][str(report.pk)] = report.current_id
        target = Report.objects.create(agency=new, year=report.year)
        ReportVersion.objects.filter(pk__in=leaving).update(report=target)
        moved["versions"] += [{"version": v, "year": report.year, "report": report.pk} for v in leaving]
        for changed in (report, target):
            changed.current = changed.versions.order_by("-created", "-pk").first()
            changed.save(update_fields=["current"])
    if was and was.get("credit_code") and agency.credit_code == was["credit_code"]:
        agency.credit_code = None
        agency.save(update_fields=["credit_code"])
        new.credit_code = was["credit_code"]
        new.save(update_fields=["credit_code"])
    MatchProposal.objects.get_or_create(agency=new, candidate=agency, defaults={
        "score": 1.0, "reason": "由拆分产生", "state": ProposalState.REJECTED})
    _settle(agency)
    _settle(new)
    count = len(moved["reports"]) + len({v["year"] for v in moved["versions"]})
    summary = f"从“{agency.name}”（{agency.pk}）分出“{new.name}”（{new.pk}）：报告 {count} 份，名称 {len(names)} 个"
    return AgencyChange.objects.create(kind=ChangeKind.SPLIT, agency=agency, other=new, summary=summary,
                                       moved=moved, made_by=user)


@transaction.atomic
def undo_change(change: AgencyChange, *, user=None) -> AgencyChange:
    """Undo a merge (the merged agency back as it was, with its names, reports and versions) or a split (the
    split-off agency merged back); the change is marked undone, and the undoing is a change of its own."""
    if change.undone_at is not None:
        raise InputError(f"变更 {change.pk} 已于 {timezone.localtime(change.undone_at):%Y-%m-%d %H:%M} 撤销")
    if "undoes" in change.moved:
        raise InputError(f"变更 {change.pk} 本身是一次撤销，不能再撤销")
    involved = _agency_ids(change)
    later = [c for c in AgencyChange.objects.filter(pk__gt=change.pk, undone_at=None).order_by("pk")
             if "undoes" not in c.moved and _agency_ids(c) & involved]
    if later:
        raise InputError(f"变更 {change.pk} 之后这些机关又有变更（{later[0].pk}），请先撤销后来的变更")
    if change.kind == ChangeKind.MERGE:
        undoing = _unmerge(change, user)
    else:
        agency, new = (Agency.objects.filter(pk=change.moved[k]).first() for k in ("agency_id", "new_id"))
        if agency is None or new is None:
            raise InputError(f"变更 {change.pk} 涉及的机关已不存在，无法撤销")
        undoing = merge_agencies(agency, new, user=user)
        undoing.summary = f"撤销变更 {change.pk}：{undoing.summary}"
        undoing.moved = {**undoing.moved, "undoes": change.pk}
        undoing.save(update_fields=["summary", "moved"])
    AgencyChange.objects.filter(pk=change.pk).update(undone_at=timezone.now(), undone_by=user)
    return undoing


def _agency_ids(change: AgencyChange) -> set[int]:
    """The agencies a change made or touched, by number (the records keep them when an agency is gone)."""
    m = change.moved
    if change.kind == ChangeKind.MERGE:
        return {m["keep_id"], m["agency"]["id"]}
    return {m["agency_id"], m["new_id"]}


def _unmerge(change: AgencyChange, user) -> AgencyChange:
    moved = change.moved
    keep = Agency.objects.filter(pk=moved["keep_id"]).first()
    if keep is None:
        raise InputError(f"变更 {change.pk} 保留的机关已不存在，无法撤销")
    other = _restore(moved["agency"])
    AgencyName.objects.filter(agency=keep, name__in=moved["names"]).update(agency=other)
    since = ReportVersion.objects.filter(report__agency=keep, printed_agency__in=moved["names"])  # read after
    back = moved["versions"] + [{"version": pk, "year": year} for pk, year in since.values_list("pk", "report__year")]
    for year, versions in _by_year(back).items():
        _give_back(keep, other, year, versions, moved["currents"].get(str(year)))
    if moved.get("credit_code_taken") and keep.credit_code == moved["agency"]["credit_code"]:
        keep.credit_code = None
        keep.save(update_fields=["credit_code"])
        other.credit_code = moved["agency"]["credit_code"]
        other.save(update_fields=["credit_code"])
    if moved.get("region_taken"):
        keep.region = None
        keep.save(update_fields=["region"])
    for p in moved.get("other_proposals", []):
        MatchProposal.objects.get_or_create(agency_id=p["agency_id"], candidate_id=p["candidate_id"], defaults=p)
    for p in moved.get("proposals", []):
        proposal = MatchProposal.objects.filter(pk=p["id"]).first()
        if proposal is not None:
            proposal.agency_id = proposal.agency_id or other.pk
            proposal.candidate_id = proposal.candidate_id or other.pk
            proposal.state = p["state"]
            proposal.save(update_fields=["agency", "candidate", "state"])
    _settle(keep)
    _settle(other)
    summary = f"撤销变更 {change.pk}：从“{keep.name}”（{keep.pk}）恢复“{other.name}”（{other.pk}）"
    return AgencyChange.objects.create(kind=ChangeKind.SPLIT, agency=keep, other=other, summary=summary,
                                       moved={"agency_id": keep.pk, "new_id": other.pk, "names": moved["names"],
                                              "undoes": change.pk}, made_by=user)


def _give_back(keep: Agency, other: Agency, year: int, versions: list[int], current: int | None) -> None:
    """Hand ``other`` back its versions of a year: the whole report when it holds only those, else a report of
    its own for them, ``keep``'s report keeping the current version it had (or its newest)."""
    report = keep.reports.filter(year=year).first()
    if report is None:
        return
    if set(report.versions.values_list("pk", flat=True)) <= set(versions):
        report.agency = other
        report.save(update_fields=["agency"])
        return
    mine = Report.objects.create(agency=other, year=year)
    report.versions.filter(pk__in=versions).update(report=mine)
    for changed, wanted in ((mine, None), (report, current)):
        changed.current = (changed.versions.filter(pk=wanted).first() if wanted else None) or \
            changed.versions.order_by("-created", "-pk").first()
        changed.save(update_fields=["current"])


def _snapshot(agency: Agency) -> dict:
    return {"id": agency.pk, "name": agency.name, "kind": agency.kind, "region_id": agency.region_id,
            "credit_code": agency.credit_code}


def _restore(snapshot: dict) -> Agency:
    """The agency a merge removed, under its old number when that is free."""
    fields = {"name": snapshot["name"], "kind": snapshot["kind"], "region_id": snapshot["region_id"]}
    if not Agency.objects.filter(pk=snapshot["id"]).exists():
        return Agency.objects.create(pk=snapshot["id"], **fields)
    return Agency.objects.create(**fields)


def _merged_as(agency: Agency, names: list[str]) -> dict | None:
    """The merged agency as recorded by the latest merge into ``agency`` that brought in one of ``names``."""
    for change in AgencyChange.objects.filter(kind=ChangeKind.MERGE, agency=agency, undone_at=None):
        if set(names) & set(change.moved.get("names", [])):
            return change.moved["agency"]
    return None


def _by_year(versions: list[dict]) -> dict[int, list[int]]:
    years: dict[int, list[int]] = defaultdict(list)
    for v in versions:
        years[v["year"]].append(v["version"])
    return years


def _settle(agency: Agency) -> None:
    """After its reports changed hands: the agency takes the name of its latest report, and its years are
    checked against each other afresh."""
    reports = list(agency.reports.select_related("current").order_by("year"))
    latest = next((r.current.printed_agency for r in reversed(reports) if r.current), "")
    if latest and agency.name != latest:
        agency.name = latest
        agency.save(update_fields=["name"])
    recheck_agency(agency)


@transaction.atomic
def recheck_agency(agency: Agency) -> int:
    """Check each of the agency's years against the year before, afresh, keeping reviews; how many findings
    across years it has now. All of them or none: never some years checked and others not."""
    found = 0
    for report in agency.reports.select_related("current").order_by("year"):
        if report.current is not None:
            found += len(recheck_years(report))
    return found


def reject_proposal(proposal: MatchProposal) -> MatchProposal:
    return _decide(proposal, ProposalState.REJECTED)


def _decide(proposal: MatchProposal, state: str) -> MatchProposal:
    """Record a person's decision on a proposal, with the two names as they stand now."""
    proposal.state = state
    proposal.agency_name = proposal.agency.name if proposal.agency else proposal.agency_name
    proposal.candidate_name = proposal.candidate.name if proposal.candidate else proposal.candidate_name
    proposal.save(update_fields=["state", "agency_name", "candidate_name"])
    return proposal
