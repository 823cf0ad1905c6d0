"""The register on the site: the agency's officer registers an application, sees its deadline, records a 补正 and
the answer, and reads table 三 computed from the register; nobody outside the agency — a supervisor, an
administrator, another agency — sees an application or its applicant."""

from __future__ import annotations

import re
from datetime import date

import pytest

from xxgk.corpus.models import Agency
from xxgk.register.models import Application

pytestmark = pytest.mark.django_db

NEW = {"number": "2025-0001", "received": "2025-09-26", "channel": "online", "applicant_kind": "natural_person",
       "applicant": "王某某", "contact": "13800000000", "request": "申请公开2024年度预算执行情况"}


def test_an_officer_registers_answers_and_counts_an_application(as_user):
    client = as_user("finance")
    response = client.post("/register/new", NEW)
    application = Application.objects.get(number="2025-0001")
    assert response["Location"] == f"/register/{application.pk}/"
    page = client.get(f"/register/{application.pk}/").content.decode()
    assert "答复期限：2025-10-30" in page  # 国庆中秋 10月1日–8日 not counted, 9月28日、10月11日 worked
    client.post(f"/register/{application.pk}/", {"event": "corrected", "date": "2025-10-09"})
    page = client.get(f"/register/{application.pk}/").content.decode()
    assert "答复期限：2025-11-05" in page  # 20 working days from the 补正 of 10月9日 (10月11日 a working Saturday)
    client.post(f"/register/{application.pk}/", {"event": "answered", "date": "2025-10-20", "outcome": "granted"})
    application.refresh_from_db()
    assert (application.answered, application.outcome) == (date(2025, 10, 20), "granted")
    table = client.get("/register/table/?year=2025").content.decode()
    row = re.search(r"<th>（一）予以公开</th>(.*?)</tr>", table).group(1)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["1", "0", "0", "0", "0", "0", "1"]


def test_a_duplicate_number_is_refused(as_user):
    client = as_user("finance")
    client.post("/register/new", NEW)
    response = client.post("/register/new", NEW)
    assert "这个编号已经用过" in response.content.decode() and Application.objects.count() == 1


def test_nobody_outside_the_agency_sees_an_application(as_user):
    as_user("finance").post("/register/new", NEW)
    application = Application.objects.get()
    for username in ("city", "admin", "watcher"):
        client = as_user(username)
        assert client.get("/register/").status_code == 403
        assert client.get(f"/register/{application.pk}/").status_code == 403
        for page in ("/", "/findings.csv", "/exports/?format=json", f"/agencies/{application.agency_id}/"):
            response = client.get(page)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert "王某某".encode() not in body and b"13800000000" not in body
    other = Agency.objects.get(name="示范市教育局")
    Application.objects.create(agency=other, number="J-1", received=date(2025, 3, 3), channel="post",
                               applicant_kind="enterprise", applicant="某公司", request="……")
    mine = as_user("finance")
    assert mine.get(f"/register/{Application.objects.get(number='J-1').pk}/").status_code == 404
    assert "J-1" not in mine.get("/register/").content.decode()


def test_every_view_and_change_of_an_application_is_logged_with_who(as_user):
    from auditlog.models import LogEntry

    client = as_user("finance")
    client.post("/register/new", NEW)
    application = Application.objects.get()
    client.get(f"/register/{application.pk}/")
    client.post(f"/register/{application.pk}/", {"event": "answered", "date": "2025-10-20", "outcome": "granted"})
    entries = LogEntry.objects.get_for_object(application).order_by("pk")
    assert [(e.action, e.actor.username) for e in entries] == [
        (LogEntry.Action.CREATE, "finance"), (LogEntry.Action.ACCESS, "finance"), (LogEntry.Action.UPDATE, "finance")]
    assert "outcome" in entries[2].changes_dict
    assert "王某某" not in str(entries[0].changes_dict)  # the applicant's name is masked in the log
