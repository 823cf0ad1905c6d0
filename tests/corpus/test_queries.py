"""The questions asked from the command line, on the real corpus: coverage, compare, aggregate, export."""

from __future__ import annotations

import csv
import io
import json

import pytest

from xxgk.corpus.compare import repeated_share
from xxgk.corpus.ingest import ingest
from xxgk.corpus.sources import expand

from .conftest import variant, xxgk

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingested(corpus):
    return ingest(expand([corpus]))


def test_coverage_names_the_agencies_without_a_report(ingested):
    code, out = xxgk("coverage", "--year", "2024", "--json")
    assert {(r["name"], r["last_report"]) for r in json.loads(out)} == {
        ("临淄区人民政府办公室", 2023), ("淄博高新技术产业开发区", 2021)}
    code, out = xxgk("coverage", "--year", "2024", "--region", "淄博市")
    assert "淄博高新技术产业开发区" in out and "临淄区" not in out
    assert out.splitlines()[-1] == "淄博市：已知机关 3 个，2024年度已有报告 2 个，缺 1 个"
    code, out = xxgk("coverage", "--year", "2023", "--region", "洪泽", "--csv")
    assert out == "id,name,region,kind,last_report\n"


def test_compare_two_years_of_hongze(ingested):
    code, out = xxgk("compare", "洪泽区人民政府", "2023", "2024", "--json")
    rows = {r["path"]: r for r in json.loads(out)}
    received = rows["requests.received_new.total"]
    assert (received["first"], received["second"], received["delta"]) == (21, 95, 74)
    assert received["label"] == "一、本年新收政府信息公开申请数量 / 总计"
    assert "requests.carried_over.total" not in rows  # 0 both years: unchanged cells are left out
    assert rows["active.fees.amount_wan_yuan"]["delta"] == -185.28
    assert 0 <= rows["sections.overview"]["repeated"] < 0.5


def test_compare_finds_a_narrative_copied_from_last_year(tmp_path, seed_text):
    (tmp_path / "2023.txt").write_text(variant(seed_text, "沭阳县人民政府", 2023), encoding="utf-8")
    (tmp_path / "2024.txt").write_text(variant(seed_text, "沭阳县人民政府", 2023).replace("2023年", "2024年")
                                       .replace("本年度", "2024年度"), encoding="utf-8")
    ingest(expand([tmp_path]))
    code, out = xxgk("compare", "沭阳县人民政府", "2023", "2024", "--csv")
    rows = {r["path"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["sections.problems"]["repeated"]) > 0.6  # all but the sentences naming the year
    assert float(rows["sections.overview"]["repeated"]) > 0.5


def test_repeated_share_counts_whole_sentences():
    assert repeated_share("一是加强培训。二是完善制度。", "一是加强培训。三是新的内容。") == 0.5
    assert repeated_share("全年收到申请21件，办结21件。", "全年收到申请95件，办结93件。") == 1.0  # numbers changed only
    assert repeated_share("甲。", "") is None


def test_a_year_without_a_report_is_a_users_error(ingested, capsys):
    from xxgk.cli import main

    assert main(["compare", "临淄区人民政府办公室", "2022", "2023"]) == 2
    assert capsys.readouterr().err.strip() == "xxgk: “临淄区人民政府办公室”没有2022年度的报告（已有：2023）"


def test_aggregate_sums_the_region_and_checks_the_sum(ingested):
    code, out = xxgk("aggregate", "--region", "淮安市", "--year", "2024", "--json")
    total = json.loads(out)
    assert total["schema"] == "report-json/1" and total["meta"]["reports"] == 2
    assert total["requests"]["received_new"]["total"] == 95 + 72  # 洪泽区 and 淮安经济技术开发区
    assert total["active"]["fees"]["amount_wan_yuan"] == 7545
    assert all(f["code"] != "sum.row" for f in total["findings"])
    code, out = xxgk("aggregate", "--region", "淮安市", "--year", "2024")
    assert code == 0 and "淮安市（2份报告汇总）" in out


def test_export_long_and_wide(ingested, tmp_path):
    code, out = xxgk("export", "--format", "csv", "--year", "2023")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["agency"] for r in rows} == {"淮安市洪泽区人民政府", "临淄区人民政府办公室"}
    cell = next(r for r in rows if r["printed_agency"] == "洪泽区人民政府" and r["table"] == "review"
                and r["row"] == "reconsideration" and r["column"] == "total")
    assert cell["value"] == "0"

    xxgk("export", "--format", "parquet", "--wide", "-o", str(tmp_path / "c.parquet"))
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "c.parquet").to_pylist()
    assert len(table) == 7
    hongze = next(r for r in table if r["printed_agency"] == "淮安市洪泽区人民政府")
    assert hongze["requests.received_new.total"] == 95 and type(hongze["requests.received_new.total"]) is int
    assert type(hongze["active.fees.amount_wan_yuan"]) is float

    xxgk("export", "--format", "xlsx", "-o", str(tmp_path / "c.xlsx"))
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "c.xlsx").active
    assert sheet.max_row == len(list(csv.DictReader(io.StringIO(xxgk("export")[1].lstrip("\ufeff"))))) + 1


def test_exported_report_json_can_be_ingested_again(ingested, tmp_path):
    code, out = xxgk("export", "--format", "json", "--year", "2021")
    [document] = json.loads(out)
    assert document["meta"]["agency"] == "淄博高新技术产业开发区" and document["corpus"]["year"] == 2021
    path = tmp_path / "2021.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    [result] = ingest(expand([path]))
    assert result.outcome == "ingested"
    code, out = xxgk("agencies", "淄博高新", "--json")
    assert json.loads(out)[0]["reports"] == 1
