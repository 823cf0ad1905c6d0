"""The register's daily work: a fee unpaid past its 20 working days closes the application as withdrawn (its row of
table 三); the officer assigned, or else every officer of the agency, is e-mailed what is due within 3 working days
or overdue — by number and deadline, never by applicant."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from xxgk.corpus.models import Agency
from xxgk.register.book import requests_table
from xxgk.register.daily import run_daily
from xxgk.register.models import Application
from xxgk.web.models import Access

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    found = Agency.objects.create(name="示范市自然资源局", kind="department")
    for username, email in (("zhao", "zhao@example.cn"), ("qian", "qian@example.cn"), ("sun", "")):
        user = get_user_model().objects.create(username=username, email=email)
        Access.objects.create(user=user, role="agency", agency=found)
    return found


def apply(agency, number: str, received: date, **more) -> Application:
    return Application.objects.create(agency=agency, number=number, received=received, channel="in_person",
                                      applicant_kind="natural_person", applicant="周某某", contact="13700000000",
                                      request="申请公开……", **more)


def test_an_unpaid_fee_lapses_the_day_after_its_time_and_is_counted_as_withdrawn(agency):
    apply(agency, "F-1", date(2025, 9, 1), fee_notice=date(2025, 9, 22), fee=100, fee_basis="按件：本月第 11 件")
    assert run_daily(date(2025, 10, 24)).lapsed == []  # 10月24日 is the last day to pay
    assert run_daily(date(2025, 10, 25)).lapsed == ["示范市自然资源局 F-1"]
    lapsed = Application.objects.get(number="F-1")
    assert (lapsed.answered, lapsed.outcome) == (date(2025, 10, 25), "other_overdue_fee")
    assert requests_table(agency, 2025)["other_overdue_fee"]["natural_person"] == 1


def test_officers_are_reminded_of_what_is_due_soon_or_overdue(agency):
    zhao = get_user_model().objects.get(username="zhao")
    apply(agency, "R-1", date(2025, 11, 3), officer=zhao)  # due 2025-12-01: within 3 working days of 11月26日
    apply(agency, "R-2", date(2025, 10, 9))  # due 2025-11-05 (10月11日 a working Saturday): overdue; no officer: every officer with an address
    apply(agency, "R-3", date(2025, 11, 20))  # due 2025-12-18: not yet
    apply(agency, "R-4", date(2025, 11, 3), answered=date(2025, 11, 10), outcome="granted")
    result = run_daily(date(2025, 11, 26))
    assert result.sent == {"zhao@example.cn": 2, "qian@example.cn": 1}
    to_zhao = next(m for m in mail.outbox if m.to == ["zhao@example.cn"])
    assert "R-1（收到 2025-11-03）答复期限 2025-12-01：即将到期" in to_zhao.body
    assert "R-2（收到 2025-10-09）答复期限 2025-11-05：已超期" in to_zhao.body
    assert all("R-3" not in m.body and "R-4" not in m.body for m in mail.outbox)
    assert all("周某某" not in m.body and "13700000000" not in m.body for m in mail.outbox)


def test_xxgk_remind_runs_the_day_s_work_from_the_command_line(agency):
    from click.testing import CliRunner

    from xxgk.cli import cli

    apply(agency, "R-2", date(2025, 10, 9))
    result = CliRunner().invoke(cli, ["remind", "--date", "2025-11-26", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == '{"lapsed": [], "sent": {"zhao@example.cn": 1, "qian@example.cn": 1}}'
    wrong = CliRunner().invoke(cli, ["remind", "--date", "2025-13-01"])
    assert wrong.exit_code != 0 and "不是日期" in wrong.output
