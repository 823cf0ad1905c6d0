"""A supervisor's work: comparing two years, a region's summed report, sending a report back and seeing the
corrected version arrive, and exports of the scope — each within the user's scope only."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from xxgk.cli import cli
from xxgk.corpus.models import Region, Report
from xxgk.model import Report as ReportData
from xxgk.render import render
from xxgk.web.models import Return

from .conftest import report_of

pytestmark = pytest.mark.django_db


def test_compare_gives_the_delta_of_each_changed_cell(as_user):
    agency = report_of("示范市青山区人民政府", 2024).agency
    page = as_user("city").get(f"/compare/?agency={agency.pk}&first=2023&second=2024").content.decode()
    a = report_of("示范市青山区人民政府", 2023).current.data["requests"]["received_new"]["total"]
    b = report_of("示范市青山区人民政府", 2024).current.data["requests"]["received_new"]["total"]
    assert "一、本年新收政府信息公开申请数量 / 总计" in page
    row = page.split("一、本年新收政府信息公开申请数量 / 总计")[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == [str(a), str(b), str(b - a)]


def test_compare_outside_the_scope_is_not_found(as_user):
    agency = report_of("示范市财政局", 2023).agency
    assert as_user("qingshan").get(f"/compare/?agency={agency.pk}").status_code == 404


def test_the_region_page_sums_its_reports_and_checks_the_sum(as_user):
    city = Region.objects.get(name="示范市")
    page = as_user("city").get(f"/regions/{city.pk}/?year=2024").content.decode()
    assert "5 份报告汇总" in page
    total = sum(r.current.data["requests"]["received_new"]["total"] for r in Report.objects.filter(year=2024))
    assert f'<td class="num">{report_of("示范市财政局", 2024).current.data["requests"]["received_new"]["total"]}' \
           f'</td>' in page
    assert f">{total}<" in page.split("三、收到和处理政府信息公开申请情况")[1]
    assert as_user("qingshan").get(f"/regions/{city.pk}/?year=2024").status_code == 404
    assert as_user("finance").get(f"/regions/{city.pk}/?year=2024").status_code == 403  # its agency, not the sum


def test_a_report_sent_back_is_marked_corrected_when_a_new_version_arrives(as_user, tmp_path):
    report = report_of("示范市财政局", 2023)
    client = as_user("city")
    client.post(f"/reports/{report.pk}/return", {"note": "表三（一）予以公开行合计有误，请更正后重新发布"})
    sent = Return.objects.get(report=report)
    assert sorted(f.code for f in sent.findings.all()) == ["sum.column", "sum.row"]
    assert sent.made_by.username == "city" and sent.status == "open"
    assert "待修改" in client.get(f"/reports/{report.pk}/").content.decode()
    assert [r["state"] for r in client.get("/returns.json").json()["rows"]] == ["待修改"]

    corrected = ReportData.from_dict(report.current.data)
    granted = corrected.requests["granted"]
    granted["total"] = sum(v for k, v in granted.items() if k != "total")
    path = tmp_path / "2023_示范市财政局_更正.html"
    path.write_bytes(render(corrected, "html"))
    CliRunner().invoke(cli, ["ingest", str(path)], standalone_mode=False, catch_exceptions=False)
    report.refresh_from_db()
    sent.refresh_from_db()
    assert sent.status == "corrected"
    assert [r["state"] for r in client.get("/returns.json").json()["rows"]] == ["已收到修改版"]


def test_only_a_supervisor_sends_back_and_only_within_the_scope(as_user):
    report = report_of("示范市财政局", 2023)
    assert as_user("watcher").post(f"/reports/{report.pk}/return", {"note": "x"}).status_code == 403
    assert as_user("finance").post(f"/reports/{report.pk}/return", {"note": "x"}).status_code == 403
    assert as_user("qingshan").post(f"/reports/{report.pk}/return", {"note": "x"}).status_code == 404
    assert not Return.objects.exists()


def test_an_export_holds_the_scope_s_reports_only(as_user):
    response = as_user("qingshan").get("/exports/?format=csv&year=2024&wide=1")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["agency"] for r in rows] == ["示范市青山区人民政府"]
    assert rows[0]["requests.received_new.total"] == str(
        report_of("示范市青山区人民政府", 2024).current.data["requests"]["received_new"]["total"])
    book = load_workbook(io.BytesIO(as_user("city").get("/exports/?format=xlsx&year=2024&wide=1").content))
    agencies = [row[2] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(agencies) == sorted(r.agency.name for r in Report.objects.filter(year=2024))


@pytest.mark.parametrize("page", ["compare", "region", "returns", "exports"])
def test_the_work_pages_ask_the_database_at_most_twenty_times(as_user, django_assert_max_num_queries, page):
    client = as_user("city")
    report = report_of("示范市青山区人民政府", 2024)
    url = {"compare": f"/compare/?agency={report.agency_id}", "region": f"/regions/{report.agency.region_id}/",
           "returns": "/returns", "exports": "/exports/"}[page]
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_two_agencies_of_one_year_are_compared_and_their_repeated_text_measured(as_user):
    a, b = report_of("示范市财政局", 2024), report_of("示范市卫生健康委员会", 2024)
    page = as_user("city").get(f"/compare/?agency={a.agency_id}&other={b.agency_id}&second=2024").content.decode()
    assert "示范市财政局 与 示范市卫生健康委员会（2024年度）" in page
    x = a.current.data["requests"]["received_new"]["total"]
    y = b.current.data["requests"]["received_new"]["total"]
    assert x != y  # (the demo's two agencies received different numbers of applications)
    row = page.split("一、本年新收政府信息公开申请数量 / 总计")[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split('<td class="num">')[1:]] == [str(x), str(y), str(y - x)]
    assert "正文：总体情况（字数）" in page
