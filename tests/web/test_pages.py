"""The pages as each role sees them: what a supervisor of the region, of one district, an observer and an agency
user are shown, what they may change, and that nothing outside a scope is shown or changed."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from xxgk.corpus.models import Finding

from .conftest import PASSWORD, report_of

pytestmark = pytest.mark.django_db

PAGES = ["/", "/agencies", "/coverage", "/findings"]


def error_of(agency: str, year: int, code: str) -> Finding:
    report = report_of(agency, year)
    return Finding.objects.filter(version=report.current, code=code).order_by("pk").first()


def test_every_page_asks_a_stranger_to_sign_in(client):
    for page in [*PAGES, f"/reports/{report_of('示范市财政局', 2023).pk}/"]:
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next="), page


def test_signing_in_with_the_password_opens_the_overview(client):
    response = client.post("/login/", {"username": "city", "password": PASSWORD, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert "2024年度概览" in page and "监督人员·示范市" in page


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    for _ in range(5):
        assert client.post("/login/", {"username": "qingshan", "password": "wrong"}).status_code in (200, 429)
    response = client.post("/login/", {"username": "qingshan", "password": PASSWORD})
    assert response.status_code == 429 and "已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_role_sees_nothing(as_user):
    client = as_user("nobody")
    for page in PAGES:
        assert client.get(page).status_code == 403


def test_the_overview_counts_the_scope_only(as_user):
    city = as_user("city").get("/?year=2024").content.decode()
    assert re.search(r"<b>5</b>/6", city) and "示范市教育局" not in city  # 5 of 6 agencies reported for 2024
    qingshan = as_user("qingshan").get("/?year=2024").content.decode()
    assert re.search(r"<b>1</b>/1", qingshan)
    assert "sum.row" not in qingshan  # the 财政局's error is the city's, not the district's


def test_the_overview_trends_are_the_sums_of_the_reports(as_user):
    from django.contrib.auth import get_user_model

    from xxgk.corpus.models import Report
    from xxgk.web.access import Scope
    from xxgk.web.figures import by_year

    page = as_user("city").get("/").content.decode()
    assert page.count("<svg") == 3
    rows = {r["year"]: r for r in by_year(Scope.of(get_user_model().objects.get(username="city")))}
    data = [r.current.data["requests"] for r in Report.objects.filter(year=2022)]
    assert rows[2022]["received"] == sum(d["received_new"]["total"] for d in data)
    granted = sum(d["granted"]["total"] + d["partially_granted"]["total"] for d in data)
    assert rows[2022]["disclosure_rate"] == pytest.approx(granted / sum(d["processed_total"]["total"] for d in data))


def test_agencies_listing_is_the_same_as_html_json_and_csv(as_user):
    client = as_user("city")
    html = client.get("/agencies?q=高新").content.decode()
    assert "示范高新区管委会" in html and "示范市财政局" not in html
    data = client.get("/agencies.json?q=高新").json()
    assert data["total"] == 1 and data["rows"][0]["aliases"] == ["示范高新技术产业开发区管理委员会"]
    response = client.get("/agencies.csv?q=高新")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r["name"] for r in rows] == ["示范高新区管委会"] and rows[0]["reports"] == "4"
    assert 'href="/agencies.json?q=' in html and 'href="/agencies.csv?q=' in html


def test_listing_pages_hold_their_filters(as_user):
    client = as_user("admin")
    first = client.get("/findings.json?size=2&severity=error").json()
    assert first["total"] == 5 and first["pages"] == 3 and len(first["rows"]) == 2
    assert first["next"].startswith("/findings.json?") and "severity=error" in first["next"]
    second = client.get(first["next"]).json()
    assert {r["id"] for r in first["rows"]}.isdisjoint(r["id"] for r in second["rows"])
    assert {r["severity"] for r in first["rows"] + second["rows"]} == {"error"}


def test_the_report_page_lays_out_the_tables_and_marks_the_cells_of_each_finding(as_user):
    finding = error_of("示范市财政局", 2023, "sum.row")
    page = as_user("city").get(f"/reports/{finding.version.report_id}/").content.decode()
    for heading in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        assert heading in page
    marked = re.findall(r'class="value marked error" data-path="([^"]+)"', page)
    assert set(finding.cells) <= set(marked)
    assert finding.message in page and f'id="f{finding.pk}"' in page


def test_a_supervisor_dismisses_a_finding_with_a_note_and_it_is_recorded(as_user):
    finding = error_of("示范市青山区人民政府", 2024, "years.carry")
    client = as_user("qingshan")
    response = client.post(f"/findings/{finding.pk}/review", {"state": "dismissed", "note": ""}, follow=True)
    assert "须写明理由" in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == "open"
    client.post(f"/findings/{finding.pk}/review", {"state": "dismissed", "note": "上年报告已更正"})
    finding.refresh_from_db()
    assert (finding.state, finding.note, finding.reviewed_by.username) == ("dismissed", "上年报告已更正", "qingshan")
    assert finding.reviewed_at is not None


def test_nobody_sees_or_changes_anything_outside_their_scope(as_user):
    finance_report = report_of("示范市财政局", 2023)
    finding = error_of("示范市财政局", 2023, "sum.row")
    client = as_user("qingshan")
    assert client.get(f"/reports/{finance_report.pk}/").status_code == 404
    assert client.get(f"/agencies/{finance_report.agency_id}/").status_code == 404
    assert client.post(f"/findings/{finding.pk}/review", {"state": "dismissed", "note": "x"}).status_code == 404
    finding.refresh_from_db()
    assert finding.state == "open"
    everything = client.get("/findings.csv")
    body = b"".join(everything.streaming_content).decode()
    assert "示范市财政局" not in body and "示范市青山区人民政府" in body
    assert "示范市财政局" not in json.dumps(client.get("/agencies.json").json(), ensure_ascii=False)


def test_an_agency_user_sees_its_own_agency_only(as_user):
    client = as_user("finance")
    names = {r["name"] for r in client.get("/agencies.json").json()["rows"]}
    assert names == {"示范市财政局"}
    assert client.get(f"/reports/{report_of('示范市人民政府', 2024).pk}/").status_code == 404
    own = report_of("示范市财政局", 2023)
    assert client.get(f"/reports/{own.pk}/").status_code == 200
    agencies = {r["agency"] for r in client.get("/findings.json?size=1000").json()["rows"]}
    assert agencies == {"示范市财政局"}


def test_an_observer_reads_but_cannot_review(as_user):
    client = as_user("watcher")
    finding = error_of("示范市财政局", 2023, "sum.row")
    page = client.get(f"/reports/{finding.version.report_id}/").content.decode()
    assert finding.message in page and 'action="/findings/' not in page
    assert client.post(f"/findings/{finding.pk}/review", {"state": "confirmed"}).status_code == 403
    finding.refresh_from_db()
    assert finding.state == "open"


def test_the_agency_page_sets_its_years_side_by_side(as_user):
    agency = report_of("示范市青山区人民政府", 2024).agency
    page = as_user("city").get(f"/agencies/{agency.pk}/").content.decode()
    years = re.findall(r'<a href="/reports/\d+/">(\d{4})</a>', page)
    assert years == ["2021", "2022", "2023", "2024"]
    carry = error_of("示范市青山区人民政府", 2024, "years.carry")
    assert "本年新收申请" in page and carry.across_years and carry.message in page
    assert page.count("<svg") == 2  # applications received and 公开率 over the years


@pytest.mark.parametrize("page", [*PAGES, "report", "agency", "/agencies.json", "/findings.json"])
def test_no_page_asks_the_database_more_than_twenty_times(as_user, django_assert_max_num_queries, page):
    client = as_user("city")
    report = report_of("示范市财政局", 2023)
    url = {"report": f"/reports/{report.pk}/", "agency": f"/agencies/{report.agency_id}/"}.get(page, page)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_pages_carry_a_content_security_policy_and_no_inline_script(as_user):
    client = as_user("city")
    for page in [*PAGES, f"/reports/{report_of('示范市财政局', 2023).pk}/", "/login/"]:
        response = client.get(page)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert "https://" not in html and "http://" not in html  # nothing fetched from elsewhere


def test_the_stylesheet_is_served_by_the_site(client):
    response = client.get("/static/xxgk/site.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"/*")


def test_a_rate_is_not_computed_where_a_report_left_a_cell_it_needs_blank():
    from django.contrib.auth import get_user_model

    from xxgk.web.access import Scope
    from xxgk.web.figures import by_year

    version = report_of("示范市青山区人民政府", 2022).current
    version.data["requests"]["granted"]["total"] = None  # the report left （一）予以公开 blank
    version.save(update_fields=["data"])
    rows = {r["year"]: r for r in by_year(Scope.of(get_user_model().objects.get(username="qingshan")))}
    assert rows[2022]["disclosure_rate"] is None
    assert rows[2023]["disclosure_rate"] is not None
