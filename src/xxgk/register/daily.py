"""The register's daily work, run each morning by Celery beat (``xxgk worker --beat``) or by cron (``xxgk remind``):
an application whose fee stayed unpaid past its time is closed as withdrawn (table 三's 其他处理 row for it), and
each officer is sent by e-mail the applications due within a few working days or overdue — the officer assigned,
else every officer of the agency. A message names the applications by number and deadline, never the applicant."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail

from . import days, fees
from .book import deadline_of, state_of
from .calendar import working_days_after
from .models import Application

DUE_WITHIN = 3  # working days
LAPSED = "other_overdue_fee"


@dataclass
class DailyResult:
    lapsed: list[str] = field(default_factory=list)  # numbers of the applications closed
    sent: dict[str, int] = field(default_factory=dict)  # e-mail address → applications named

    def as_dict(self) -> dict:
        return {"lapsed": self.lapsed, "sent": self.sent}


def run_daily(today: date) -> DailyResult:
    calendar = days.load()
    result = DailyResult()
    for application in Application.objects.filter(fee_notice__isnull=False, fee_paid=None, answered=None):
        last = fees.pay_by(calendar, application.fee_notice).day
        if last < today:
            application.answered, application.outcome = last + timedelta(days=1), LAPSED
            application.save(update_fields=["answered", "outcome"])
            result.lapsed.append(f"{application.agency.name} {application.number}")
    soon = working_days_after(calendar, today, DUE_WITHIN).day
    due = defaultdict(list)  # officer → lines
    for application in Application.objects.filter(answered=None).select_related("agency", "officer") \
            .prefetch_related("pauses"):
        deadline = deadline_of(application, calendar)
        state = {"overdue": "已超期", "soon": "即将到期"}.get(state_of(application, deadline, today, soon))
        if state is None:  # open with time left, or its clock paused
            continue
        line = f"{application.number}（收到 {application.received.isoformat()}）答复期限 {deadline.day.isoformat()}" \
               f"{'（暂定）' if deadline.provisional else ''}：{state}"
        for officer in _officers(application):
            due[officer].append(line)
    for officer, lines in due.items():
        send_mail(f"政府信息公开申请：{len(lines)} 件即将到期或已超期",
                  f"{officer.get_username()}，您好：\n\n以下申请需要在期限内答复：\n\n" + "\n".join(lines)
                  + "\n\n请登录 xxgk 登记簿处理。", None, [officer.email])
        result.sent[officer.email] = len(lines)
    return result


def _officers(application: Application) -> list:
    """Who is reminded of an application: its officer, else the agency's officers with an e-mail address."""
    if application.officer is not None and application.officer.email:
        return [application.officer]
    return list(get_user_model().objects.filter(access__role="agency", access__agency=application.agency_id,
                                                is_active=True).exclude(email=""))
