"""The year's report from the register to the supervisor: draft → submitted → returned (with findings and a
comment) → resubmitted → accepted → published. What is submitted is the DOCX the register writes, read back into
the supervisor's corpus as any report is; an error finding blocks submission unless the officer explains it.
The statutory dates (条例第五十条): a department's report by 31 January, a government's by 31 March."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.db import transaction

from ..corpus import store
from ..corpus.ingest import Outcome, ingest_item
from ..corpus.models import AgencyKind, ReportVersion
from ..corpus.services import finding_key
from ..corpus.sources import Item
from ..errors import InputError
from ..render import render
from .book import annual_report
from .models import Submission, SubmissionEvent
from .models import SubmissionState as State

# a step → the states it may start from
STEPS = {
    "submit": (State.DRAFT, State.RETURNED),
    "return": (State.SUBMITTED, State.RESUBMITTED),
    "accept": (State.SUBMITTED, State.RESUBMITTED),
    "publish": (State.ACCEPTED,),
}
WAITING = (State.SUBMITTED, State.RESUBMITTED)  # with the supervisor


def due(agency, year: int) -> date:
    """The day the report of ``year`` is due: 31 March of the next year for a people's government, 31 January for
    its departments and every other agency."""
    return date(year + 1, 3, 31) if agency.kind == AgencyKind.GOVERNMENT else date(year + 1, 1, 31)


def submission_of(agency, year: int) -> Submission:
    """The agency's submission of ``year``, a draft not yet stored when there is none."""
    return Submission.objects.filter(agency=agency, year=year).first() or Submission(agency=agency, year=year)


def unexplained(report, explanations: dict[str, str]) -> list:
    """The report's error findings that carry no explanation."""
    return [f for f in report.findings if f.severity == "error" and not explanations.get(finding_key(f), "").strip()]


def file_name(agency, year: int) -> str:
    return f"{agency.name}{year}年政府信息公开工作年度报告.docx"


def submit(agency, year: int, explanations: dict[str, str], user=None) -> Submission:
    """Send the register's report of ``year`` to the supervisor: written as DOCX, read back into the corpus as a
    new version of the agency's report, and the submission moved to submitted (or resubmitted)."""
    current = submission_of(agency, year)
    _may(current, "submit")
    report = annual_report(agency, year)
    missing = unexplained(report, explanations)
    if missing:
        raise InputError(f"还有 {len(missing)} 个错误没有说明，不能报送（{missing[0].message}）")
    kept = {finding_key(f): explanations[finding_key(f)].strip() for f in report.findings
            if f.severity == "error"}
    data = render(report, "docx")
    with tempfile.TemporaryDirectory(prefix="xxgk-") as tmp:
        path = Path(tmp) / "report.docx"
        path.write_bytes(data)
        result = ingest_item(Item(str(path), shown=file_name(agency, year)), agency=agency)
    if result.outcome == Outcome.FAILED:
        raise InputError(f"报告未能存入：{result.error}")
    # (skipped when unchanged since the last submission: the same file, already stored)
    version = ReportVersion.objects.filter(source__sha256=store.sha256(data), report__agency=agency,
                                           report__year=year).order_by("-pk").first()
    if version is None:
        raise InputError(f"报告未能存入：{result.error or '读回的报告不是本机关本年度的'}")
    with transaction.atomic():
        submission = _locked(agency, year)
        _may(submission, "submit")
        state = State.RESUBMITTED if submission.state == State.RETURNED else State.SUBMITTED
        submission.version, submission.explanations = version, kept
        return _move(submission, state, user, "")


def send_back(version: ReportVersion, comment: str, user=None) -> Submission | None:
    """A submitted version sent back by the supervisor: its submission returned with the comment; None when the
    version came by another way (an upload), which has no submission to move."""
    submission = Submission.objects.filter(version=version, state__in=WAITING).first()
    if submission is None:
        return None
    with transaction.atomic():
        submission = _locked(submission.agency, submission.year)
        _may(submission, "return")
        return _move(submission, State.RETURNED, user, comment)


def accept(submission: Submission, user=None, comment: str = "") -> Submission:
    with transaction.atomic():
        submission = _locked(submission.agency, submission.year)
        _may(submission, "accept")
        return _move(submission, State.ACCEPTED, user, comment)


def publish(submission: Submission, user=None) -> Submission:
    """An accepted report made public on the region's page, as of today."""
    with transaction.atomic():
        submission = _locked(submission.agency, submission.year)
        _may(submission, "publish")
        submission.published = date.today()
        return _move(submission, State.PUBLISHED, user, "")


def _locked(agency, year: int) -> Submission:
    submission, _ = Submission.objects.select_for_update().get_or_create(agency=agency, year=year)
    return submission


def _may(submission: Submission, step: str) -> None:
    if submission.state not in STEPS[step]:
        words = {"submit": "报送", "return": "退回", "accept": "接收", "publish": "公开"}[step]
        raise InputError(f"{submission.year} 年度报告{State(submission.state).label}，不能{words}")


def _move(submission: Submission, state: State, user, comment: str) -> Submission:
    submission.state = state
    submission.save()
    SubmissionEvent.objects.create(submission=submission, state=state, made_by=user, comment=comment)
    return submission
