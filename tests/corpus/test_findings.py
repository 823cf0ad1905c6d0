"""Findings in the corpus: filtered by region, year, code and state; reviewed by a person, and the review kept
when the report is parsed again and the finding is the same."""

from __future__ import annotations

import json

import pytest
from django.db.models import F

from xxgk.corpus.ingest import ingest
from xxgk.corpus.models import Finding
from xxgk.corpus.services import set_finding_state
from xxgk.corpus.sources import expand
from xxgk.errors import InputError

from .conftest import xxgk

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(corpus):
    return ingest(expand([corpus]))


def test_findings_filtered_by_region_year_and_code(ingested):
    code, out = xxgk("findings", "--region", "洪泽区", "--year", "2023", "--code", "sum", "--json")
    rows = json.loads(out)
    assert [(r["agency"], r["code"], r["severity"], r["state"]) for r in rows] == \
        [("淮安市洪泽区人民政府", "sum.review", "error", "open")] * 2
    code, out = xxgk("findings", "--severity", "error")
    assert "临淄区人民政府办公室" in out and "错误" in out and "待处理" in out


def test_review_by_command_and_the_review_survives_a_reparse(ingested, corpus):
    ids = [str(f.pk) for f in Finding.objects.filter(code="sum.review")]
    code, out = xxgk("review", *ids, "--state", "confirmed", "--by", "张三", "--note", "已退回修改")
    assert code == 0
    code, out = xxgk("findings", "--state", "confirmed", "--json")
    assert [(r["code"], r["reviewed_by"], r["note"]) for r in json.loads(out)] == \
        [("sum.review", "张三", "已退回修改")] * 2

    ingest(expand([corpus / "pdf" / "hongze_2023.pdf"]), reparse=True, parser_version="9.9")
    current = Finding.objects.filter(code="sum.review", version__parser_version="9.9")
    assert [(f.state, f.reviewed_by.username, f.note) for f in current] == [("confirmed", "张三", "已退回修改")] * 2
    assert Finding.objects.filter(code="sum.review").count() == 4  # the old version keeps its own


def test_a_wrong_state_is_a_users_error(ingested):
    with pytest.raises(InputError):
        set_finding_state(Finding.objects.first(), "closed")


def test_findings_json_says_where_each_stands_as_parse_does(ingested, corpus):
    from xxgk.pipeline import parse_file

    rows = json.loads(xxgk("findings", "--region", "洪泽区", "--year", "2023", "--code", "sum", "--json")[1])
    parsed = parse_file(corpus / "pdf" / "hongze_2023.pdf").to_dict()["findings"]
    assert [r["where"] for r in rows] == [f["where"] for f in parsed if f["code"] == "sum.review"]
    assert all(w["page"] and w["box"] for r in rows for w in r["where"])


@pytest.fixture
def two_years(tmp_path, seed_text):
    from .conftest import variant

    for year in (2023, 2024):
        (tmp_path / f"{year}.txt").write_text(variant(seed_text, "淄博市工业和信息化局", year), encoding="utf-8")
    ingest(expand([tmp_path]))
    return tmp_path


@pytest.mark.parametrize("reread", [2023, 2024])
def test_a_dismissed_finding_across_years_stays_dismissed_when_either_year_is_read_again(two_years, reread):
    carry = list(Finding.objects.filter(code="years.carry").values_list("pk", "key"))
    assert carry
    xxgk("review", *[str(pk) for pk, _ in carry], "--state", "dismissed", "--by", "李四", "--note", "上年报告有误，已核实")
    ingest(expand([two_years / f"{reread}.txt"]), reparse=True, parser_version="9.9")
    current = Finding.objects.filter(code="years.carry", version__report__current=F("version"))
    assert sorted(f.key for f in current) == sorted(key for _, key in carry)
    assert {(f.state, f.reviewed_by.username, f.note) for f in current} == {("dismissed", "李四", "上年报告有误，已核实")}


def test_a_review_whose_finding_moved_is_listed_not_dropped(ingested):
    from xxgk.corpus.models import Report
    from xxgk.corpus.services import store_version

    [first, _] = Finding.objects.filter(code="sum.review")
    xxgk("review", str(first.pk), "--state", "confirmed", "--by", "张三")
    report = Report.objects.get(pk=first.version.report_id)
    data = report.current.as_report()
    for f in data.findings:  # a better reading places the same problem on other cells
        if f.code == "sum.review":
            f.cells = [c.replace("reconsideration", "litigation_direct") for c in f.cells]
    store_version(report.agency, data, report.current.source, "9.9")
    rows = json.loads(xxgk("findings", "--orphaned", "--json")[1])
    assert [(r["id"], r["state"], r["reviewed_by"], r["parser_version"]) for r in rows] == \
        [(first.pk, "confirmed", "张三", report.current.parser_version)]
    assert xxgk("findings", "--orphaned")[1].count("sum.review") == 1


def test_review_and_ingest_speak_json(ingested, corpus, tmp_path):
    ids = [str(f.pk) for f in Finding.objects.filter(code="sum.review")]
    rows = json.loads(xxgk("review", *ids, "--state", "dismissed", "--by", "王五", "--json")[1])
    assert [(r["state"], r["reviewed_by"]) for r in rows] == [("dismissed", "王五")] * 2
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("不是年报", encoding="utf-8")
    code, out = xxgk("ingest", str(corpus / "pdf"), str(tmp_path / "in"), "--json")
    assert code == 1
    assert sorted((r["outcome"], r["path"].rsplit("/", 1)[-1]) for r in json.loads(out)) == \
        [("failed", "x.txt"), ("skipped", "hongze_2023.pdf"), ("skipped", "hongze_2024.pdf")]
