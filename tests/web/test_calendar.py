"""The working-day calendar on the site: a year without its arrangement is shown as provisional, an
administrator enters the arrangement and an application's deadline follows it at once; nobody else may enter it."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.corpus.models import Agency
from xxgk.register.models import Application, CalendarYear

pytestmark = pytest.mark.django_db

ARRANGEMENT = {"off": "2027-01-01=元旦\n2027-02-05:2027-02-13=春节\n2027-10-01:2027-10-07=国庆节",
               "on": "2027-02-20\n2027-10-09"}


def test_an_administrator_enters_next_year_s_arrangement_and_deadlines_follow(as_user):
    agency = Agency.objects.get(name="示范市财政局")
    application = Application.objects.create(agency=agency, number="D-1", received=date(2026, 12, 21),
                                             channel="in_person", applicant_kind="natural_person",
                                             applicant="某某", request="……")
    officer = as_user("finance")
    assert "暂定：节假日安排尚未录入" in officer.get(f"/register/{application.pk}/").content.decode()
    page = officer.get("/calendar/?year=2027").content.decode()
    assert "2027 年的节假日安排尚未录入" in page and "春节" in page and 'name="off"' not in page
    assert officer.post("/calendar/?year=2027", ARRANGEMENT).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()

    admin = as_user("admin")
    response = admin.post("/calendar/?year=2027", ARRANGEMENT, follow=True)
    assert "已录入 2027 年的节假日安排：19 天" in response.content.decode()
    page = as_user("finance").get(f"/register/{application.pk}/").content.decode()
    # 20 working days from 2026-12-21 with 2027-01-01 off: 2027-01-19, no longer provisional
    assert "答复期限：2027-01-19" in page and "暂定" not in page


def test_a_wrong_line_is_named_and_nothing_changes(as_user):
    admin = as_user("admin")
    response = admin.post("/calendar/?year=2027", {"off": "2027-02-05:2027-02-01=春节", "on": ""}, follow=True)
    assert "的结束日早于起始日" in response.content.decode()
    response = admin.post("/calendar/?year=2027", {"off": "2027-01-01", "on": "2027-01-04"}, follow=True)
    assert "2027-01-04 是工作日，不是调休上班的周末" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
