"""The catalogue on the site: the officer gives the agency's credit code, registers items and sees their index
numbers, imports items and table 二's counts from CSV (GBK) and XLSX after a preview that names each wrong row —
nothing stored while a row is wrong — and the year's report takes table 二 (一) from the catalogue."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from xxgk.register.models import Publication, YearEntry

pytestmark = pytest.mark.django_db

CODE = "11370100004188917Y"


def _signed_in_with_code(as_user):
    client = as_user("finance")
    client.post("/register/catalogue", {"action": "credit_code", "credit_code": CODE})
    return client


def test_an_item_gets_the_next_index_number_and_is_listed(as_user):
    client = as_user("finance")
    page = client.get("/register/catalogue").content.decode()
    assert 'name="credit_code"' in page
    response = client.post("/register/catalogue", {"action": "credit_code", "credit_code": "123"}, follow=True)
    assert "“123”不是有效的统一社会信用代码" in response.content.decode()
    client.post("/register/catalogue", {"action": "credit_code", "credit_code": CODE})
    response = client.post("/register/catalogue", {
        "action": "new", "title": "示范市财政局关于规范政府采购的通知", "publisher": "示范市财政局",
        "published": "2025-04-01", "doc_number": "示财规〔2025〕1号", "topic": "财政", "genre": "通知",
        "kind": "normative_documents"}, follow=True)
    assert f"已登记 {CODE}/2025-00001" in response.content.decode()
    rows = client.get("/register/catalogue.json").json()["rows"]
    assert [(r["index_no"], r["kind"], r["validity"]) for r in rows] == [(f"{CODE}/2025-00001", "行政规范性文件",
                                                                          "有效")]
    csv = b"".join(client.get("/register/catalogue.csv").streaming_content).decode("utf-8-sig")
    assert "示财规〔2025〕1号" in csv


def test_a_wrong_row_is_named_in_the_preview_and_nothing_is_stored(as_user):
    client = _signed_in_with_code(as_user)
    sheet = ("标题,发布机构,公开日期,文号,主题分类,体裁,类别,废止日期\n"
             "关于A的通知,示范市财政局,2025-03-01,,财政,通知,行政规范性文件,\n"
             "关于B的通知,示范市财政局,2025-13-01,,财政,通知,规章,\n"
             ",示范市财政局,2025-05-01,,财政,通知,公告,\n").encode("gbk")
    response = client.post("/register/catalogue/import", {
        "what": "catalogue", "file": SimpleUploadedFile("目录.csv", sheet)})
    page = response.content.decode()
    assert "2 行有误" in page
    assert "“公开日期”不是日期：2025-13-01" in page
    assert "缺少“标题”" in page and "类别应为规章、行政规范性文件或其他：公告" in page
    assert "确认导入" not in page
    client.post("/register/catalogue/import", {"confirm": "1"})
    assert not Publication.objects.exists()


def test_an_xlsx_catalogue_is_previewed_then_imported_and_counted_in_table_two(as_user):
    from datetime import date

    from openpyxl import Workbook

    client = _signed_in_with_code(as_user)
    book = Workbook()
    book.active.append(["标题", "发布机构", "公开日期", "类别", "废止日期"])
    book.active.append(["示范市政府规章一", "示范市人民政府", date(2025, 2, 3), "规章", None])
    book.active.append(["规范性文件一", "示范市财政局", date(2025, 6, 9), "行政规范性文件", date(2025, 12, 1)])
    data = io.BytesIO()
    book.save(data)
    page = client.post("/register/catalogue/import", {
        "what": "catalogue", "file": SimpleUploadedFile("目录.xlsx", data.getvalue())}).content.decode()
    assert "共 2 行" in page and "确认导入" in page and not Publication.objects.exists()
    client.post("/register/catalogue/import", {"confirm": "1"})
    assert list(Publication.objects.order_by("index_no").values_list("index_no", "kind")) == [
        (f"{CODE}/2025-00001", "regulations"), (f"{CODE}/2025-00002", "normative_documents")]
    report = client.get("/register/report/?year=2025").content.decode()
    assert report.count("主动公开目录</a>计算") == 6  # 规章 and 规范性文件: issued, repealed, in force
    # 现行有效 carried from the corpus's 2024 report of 示范市财政局 (规章 103, 规范性文件 178)
    assert "104 <span" in report and "178 <span" in report


def test_the_year_s_counts_are_imported_into_table_two(as_user):
    client = as_user("finance")
    sheet = "项目,数值\n行政许可,120\n行政处罚,8\n行政强制,0\n行政事业性收费,1.5\n".encode()
    page = client.post("/register/catalogue/import", {
        "what": "counts", "year": "2025", "file": SimpleUploadedFile("数量.csv", sheet)}).content.decode()
    assert "确认导入" in page
    client.post("/register/catalogue/import", {"confirm": "1"})
    entry = YearEntry.objects.get(year=2025)
    assert entry.active == {"licensing": {"decisions": 120}, "punishment": {"decisions": 8},
                            "coercion": {"decisions": 0}, "fees": {"amount_wan_yuan": 1.5}}
    wrong = "项目,数值\n行政许可,很多\n行政裁决,3\n".encode()
    page = client.post("/register/catalogue/import", {
        "what": "counts", "year": "2025", "file": SimpleUploadedFile("数量.csv", wrong)}).content.decode()
    assert "数值应为整数：很多" in page and "项目应为行政许可、行政处罚、行政强制、行政事业性收费之一：行政裁决" in page


def test_a_damaged_spreadsheet_says_so(as_user):
    client = as_user("finance")
    response = client.post("/register/catalogue/import", {
        "what": "catalogue", "file": SimpleUploadedFile("目录.xlsx", b"PK\x03\x04 not really a zip")}, follow=True)
    assert "无法读取 Excel 文件" in response.content.decode()


def test_the_catalogue_is_the_agency_s_own(as_user):
    for username in ("city", "admin", "watcher"):
        assert as_user(username).get("/register/catalogue").status_code == 403
        assert as_user(username).post("/register/catalogue/import", {"confirm": "1"}).status_code == 403
