"""Ingesting the real reports of the shared corpus: one agency per real agency, every version kept, the findings
of the checks stored, files seen before skipped, one bad file never stopping the rest."""

from __future__ import annotations

import json
import io
import zipfile

import pytest

from xxgk.corpus.ingest import Outcome, ingest
from xxgk.corpus.models import Agency, Finding, Report, ReportVersion, Source
from xxgk.corpus.sources import expand

from .conftest import variant, xxgk

pytestmark = pytest.mark.django_db

REAL_AGENCIES = {"淮安市洪泽区人民政府", "淄博经济开发区管理委员会", "淄博市工业和信息化局", "淄博高新技术产业开发区",
                 "淮安经济技术开发区", "临淄区人民政府办公室"}


@pytest.fixture
def ingested(corpus):
    return ingest(expand([corpus]))


def test_one_agency_per_real_agency(ingested):
    assert {a.name for a in Agency.objects.all()} == REAL_AGENCIES
    hongze = Agency.objects.get(name="淮安市洪泽区人民政府")
    assert sorted(hongze.reports.values_list("year", flat=True)) == [2023, 2024]
    assert set(hongze.names.values_list("name", flat=True)) == {"洪泽区人民政府", "淮安市洪泽区人民政府"}
    assert hongze.region.path == "淮安市洪泽区" and hongze.kind == "government"


def test_every_report_and_its_source_are_stored(ingested, data_dir):
    outcomes = {r.path.rsplit("/", 1)[-1]: r.outcome for r in ingested}
    assert list(outcomes.values()).count(Outcome.INGESTED) == 7
    assert outcomes["template_2021.docx"] == Outcome.SKIPPED  # the blank national form has no agency or numbers
    assert Report.objects.count() == ReportVersion.objects.count() == Source.objects.count() == 7
    for source in Source.objects.all():
        assert (data_dir / "sources" / source.sha256[:2] / source.sha256).stat().st_size == source.size


def test_the_credit_code_comes_from_the_index_number(ingested):
    assert Agency.objects.get(name="淮安经济技术开发区").credit_code == "113208007833785008"


def test_the_expected_findings_are_stored(ingested):
    def codes(name, year):
        report = Report.objects.get(agency__names__name=name, year=year)
        return sorted(report.current.findings.values_list("code", flat=True))

    assert codes("洪泽区人民政府", 2023) == ["sum.review", "sum.review", "template.old_other_row"]
    assert codes("淮安市洪泽区人民政府", 2024) == ["template.old_other_row", "text.table_mismatch"]
    assert codes("淄博经济开发区管理委员会", 2024) == []
    assert codes("临淄区人民政府办公室", 2023) == ["layout.cell_count"]
    finding = Finding.objects.get(code="layout.cell_count")
    assert finding.cells and finding.where[0]["line"] == 28 and finding.state == "open"


def test_the_hongze_reports_agree_across_years(ingested):
    assert not Finding.objects.filter(across_years=True).exists()


def test_the_cross_year_finding_where_the_numbers_disagree(ingested, tmp_path, seed_text):
    last_year = tmp_path / "2023.txt"  # 淮安经济技术开发区 2023: 结转下年度 2, where 2024 says 上年结转 7
    last_year.write_text(seed_text.replace("2024", "2023").replace("2025", "2024"), encoding="utf-8")
    [result] = ingest(expand([last_year]))
    assert result.outcome == Outcome.INGESTED
    agency = Agency.objects.get(name="淮安经济技术开发区")
    assert sorted(agency.reports.values_list("year", flat=True)) == [2023, 2024]
    found = Finding.objects.filter(across_years=True)
    assert [(f.code, f.version.report.year, f.cells) for f in found] == [
        ("years.carry", 2024, ["requests.carried_over.natural_person"]),
        ("years.carry", 2024, ["requests.carried_over.total"])]
    assert "2023年度报告" in found[0].message


def test_the_same_file_twice_is_skipped(ingested, corpus, tmp_path):
    copy = tmp_path / "copy.pdf"
    copy.write_bytes((corpus / "pdf" / "hongze_2024.pdf").read_bytes())
    results = ingest(expand([corpus, copy]))
    assert {r.outcome for r in results} == {Outcome.SKIPPED}
    assert ReportVersion.objects.count() == 7


def test_a_bad_file_fails_alone(tmp_path, seed):
    (tmp_path / "a.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "c.txt").write_text("这不是年度报告。", encoding="utf-8")
    results = {r.path.rsplit("/", 1)[-1]: r for r in ingest(expand([tmp_path]))}
    assert results["a.txt"].outcome == Outcome.INGESTED
    assert results["b.pdf"].outcome == results["c.txt"].outcome == Outcome.FAILED
    assert results["b.pdf"].error and results["c.txt"].error
    assert Source.objects.count() == 1


def test_a_new_parser_version_reparses_on_request_and_keeps_the_old(ingested, corpus):
    pdf = corpus / "pdf" / "hongze_2023.pdf"
    assert ingest(expand([pdf]), parser_version="9.9")[0].outcome == Outcome.SKIPPED
    [result] = ingest(expand([pdf]), reparse=True, parser_version="9.9")
    report = Report.objects.get(pk=result.report_id)
    assert sorted(report.versions.values_list("parser_version", flat=True)) == ["0.1.0", "9.9"]
    assert report.current.parser_version == "9.9"
    assert ingest(expand([pdf]), reparse=True, parser_version="9.9")[0].outcome == Outcome.SKIPPED


def test_zip_archives_and_report_json(tmp_path, seed, seed_text):
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("2024/淄博.txt", seed("000").read_text(encoding="utf-8"))
        z.writestr("2024/other.txt", variant(seed_text, "沭阳县人民政府", 2024))
    code, out = xxgk("parse", str(seed("001")), "--json")
    (tmp_path / "gongxin.json").write_text(out, encoding="utf-8")
    results = ingest(expand([archive, tmp_path / "gongxin.json"]))
    assert [r.outcome for r in results] == [Outcome.INGESTED] * 3
    assert results[0].path.endswith("reports.zip!2024/other.txt")
    gongxin = Report.objects.get(agency__name="淄博市工业和信息化局")
    assert gongxin.current.parser_version == "report-json"
    assert list(gongxin.current.findings.values_list("code", flat=True)) == ["layout.cell_count_resolved"]


def test_ingest_command_prints_a_summary(corpus, tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really")
    code, out = xxgk("ingest", str(corpus), str(tmp_path / "bad.docx"))
    assert code == 1
    assert out.splitlines()[0] == "已入库 7 份，已跳过 1 份，失败 1 份"
    assert f"失败 {tmp_path / 'bad.docx'}：" in out
    code, out = xxgk("ingest", str(corpus))
    assert code == 0 and out.splitlines()[0] == "已入库 0 份，已跳过 8 份，失败 0 份"
    assert "跳过 7 份：内容相同的文件已入库" in out


def test_a_missing_path_is_one_line(capsys):
    from xxgk.cli import main

    assert main(["ingest", "no/such/folder"]) == 2
    assert capsys.readouterr().err.strip() == "xxgk: 找不到文件或文件夹：no/such/folder"


def test_report_json_round_trip_keeps_the_cells(ingested):
    version = Report.objects.get(agency__name="淄博市工业和信息化局").current
    assert version.as_report().cell("requests.received_new.total") == json.loads(
        json.dumps(version.data))["requests"]["received_new"]["total"]


def _gbk_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """A member whose name is stored in GBK without the UTF-8 flag, as archivers on Chinese Windows write it."""
    info = zipfile.ZipInfo(name.encode("gbk").decode("cp437"))
    archive.writestr(info, data)


def test_archives_as_people_send_them(tmp_path, seed, seed_text):
    """A member's name longer than a file name may be, GBK member names, a zip inside the zip; a member that cannot
    be read is named by its place inside the archive."""
    long_name = "淄博市" + "关于政府信息公开工作年度报告的说明" * 6 + ".txt"
    assert len(long_name.encode("utf-8")) > 255
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("区县/沭阳.txt", variant(seed_text, "沭阳县人民政府", 2024))
        z.writestr("区县/坏的.pdf", b"%PDF-1.7 broken")
    archive = tmp_path / "报告.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(long_name, seed("000").read_text(encoding="utf-8"))
        _gbk_member(z, "工信局年报.txt", seed("001").read_bytes())
        z.writestr("区县.zip", inner.getvalue())
    results = {r.path.split("!", 1)[1]: r for r in ingest(expand([archive]))}
    assert sorted(results) == sorted([long_name, "工信局年报.txt", "区县.zip!区县/沭阳.txt", "区县.zip!区县/坏的.pdf"])
    assert [k for k, r in results.items() if r.outcome != Outcome.INGESTED] == ["区县.zip!区县/坏的.pdf"]
    failed = results["区县.zip!区县/坏的.pdf"].error
    assert failed.startswith(f"{archive}!区县.zip!区县/坏的.pdf") and "xxgk-" not in failed
    assert Report.objects.filter(agency__name="沭阳县人民政府").exists()
