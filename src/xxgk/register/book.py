"""What the register gives: each open application's deadline, and table 三 of the annual report computed from the
year's applications — consistent by construction: what was received and carried over is what was answered plus
what is carried forward."""

from __future__ import annotations

from datetime import date

from .calendar import Calendar, Deadline, answer_deadline
from .models import APPLICANTS, Appeal, Application, YearEntry

COLUMNS = [key for key, _ in APPLICANTS]


def deadline_of(application: Application, calendar: Calendar) -> Deadline:
    pauses = tuple((p.first, p.last) for p in application.pauses.all())
    return answer_deadline(calendar, application.received, corrected=application.corrected, pauses=pauses,
                           extended=application.extended)


def state_of(application: Application, deadline: Deadline, today: date, soon: date) -> str:
    """Where an application stands today: answered, overdue, paused (a fee awaited, a pause running), due soon
    (by ``soon``), or open."""
    if application.answered:
        return "answered"
    if deadline.day < today:
        return "overdue"
    if application.awaiting_fee or any(p.first <= today <= p.last for p in application.pauses.all()):
        return "paused"
    return "soon" if deadline.day <= soon else "open"


def requests_table(agency, year: int) -> dict[str, dict[str, int]]:
    """Table 三 of ``year``: 本年新收 (received in the year), 上年结转 (received before it and open on 1 January),
    each result row (answered in the year), 总计, and 结转下年度 (open on 31 December), each by applicant kind and
    in total."""
    from .models import outcomes

    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = {key: dict.fromkeys(COLUMNS, 0) for key in
            ["received_new", "carried_over", *[k for k, _ in outcomes()], "processed_total", "carried_forward"]}
    for a in Application.objects.filter(agency=agency, received__lte=end).exclude(answered__lt=start):
        kind = a.applicant_kind
        rows["received_new" if a.received >= start else "carried_over"][kind] += 1
        if a.answered is not None and a.answered <= end:
            rows[a.outcome][kind] += 1
            rows["processed_total"][kind] += 1
        else:
            rows["carried_forward"][kind] += 1
    for columns in rows.values():
        columns["total"] = sum(columns[c] for c in COLUMNS)
    return rows


def review_table(agency, year: int) -> dict[str, dict[str, int]]:
    """Table 四 of ``year``: the appeals filed in the year by kind, each under its result when decided by
    31 December, else 尚未审结; with the totals."""
    end = date(year, 12, 31)
    rows = {key: dict.fromkeys(("upheld", "corrected", "other", "pending", "total"), 0) for key, _ in Appeal.KINDS}
    for appeal in Appeal.objects.filter(agency=agency, filed__year=year):
        decided = appeal.result and appeal.decided and appeal.decided <= end
        rows[appeal.kind][appeal.result if decided else "pending"] += 1
        rows[appeal.kind]["total"] += 1
    return rows


def active_table(agency, year: int, entry: YearEntry | None) -> dict[str, dict]:
    """Table 二 of ``year``: as entered, with (一) counted from the catalogue once it is kept (现行有效 as entered
    only where the year before gives no figure to carry)."""
    from . import catalogue

    table = {row: dict(columns) for row, columns in (entry.active if entry else {}).items()}
    for kind, counted in catalogue.counts(agency, year).items():
        row = table.setdefault(kind, {})
        row.update({column: value for column, value in counted.items() if value is not None})
    return table


def annual_report(agency, year: int):
    """The year's annual report from the register: table 三 and 四 counted, table 二 and the narrative as entered;
    with xxgk's own findings on it, against the agency's report of the year before too when the corpus has it."""
    from .. import check
    from ..corpus.models import Report as Stored
    from ..model import Meta, Report

    entry = YearEntry.objects.filter(agency=agency, year=year).first()
    report = Report(meta=Meta(agency=agency.name, year=year, template="2021"))
    report.active = active_table(agency, year, entry)
    report.requests = requests_table(agency, year)
    report.review = review_table(agency, year)
    report.sections = dict(entry.sections) if entry else {}
    before = Stored.objects.filter(agency=agency, year=year - 1, current__isnull=False).select_related("current")
    previous = before[0].current.as_report() if before else None
    report.findings = check.check(report, previous)
    return report


# the sentences offered for the narrative: each with the cells it states, in order
SENTENCES = [
    ("本年新收政府信息公开申请{}件，上年结转{}件；办结{}件，其中予以公开{}件，部分公开{}件；结转下年度继续办理{}件。",
     ["requests.received_new.total", "requests.carried_over.total", "requests.processed_total.total",
      "requests.granted.total", "requests.partially_granted.total", "requests.carried_forward.total"]),
    ("本年因政府信息公开被申请行政复议{}件，未经复议直接被提起行政诉讼{}件，复议后被提起行政诉讼{}件。",
     ["review.reconsideration.total", "review.litigation_direct.total",
      "review.litigation_after_reconsideration.total"]),
    ("本年制发规章{}件，废止{}件，现行有效{}件。",
     ["active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force"]),
    ("本年制发行政规范性文件{}件，废止{}件，现行有效{}件。",
     ["active.normative_documents.issued", "active.normative_documents.repealed",
      "active.normative_documents.in_force"]),
]


def sentences(report) -> list[str]:
    """The year's figures as sentences the officer may insert into the narrative, worded as reports say them and
    taken from the tables, so that the narrative agrees with them; a sentence whose cells are not all filled in is
    not offered (a blank is no 0)."""
    said = []
    for text, paths in SENTENCES:
        values = [report.cell(p) for p in paths]
        if None not in values:
            said.append(text.format(*values))
    return said
