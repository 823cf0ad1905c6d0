"""The same agency across years and spellings: recognised where the evidence is clear, proposed where it is only
likely, merged and split by a command."""

from __future__ import annotations

import json

import pytest

from xxgk.corpus.ingest import ingest
from xxgk.corpus.matching import match_agency
from xxgk.corpus.models import Agency, MatchProposal, Report
from xxgk.corpus.sources import expand

from .conftest import variant, xxgk

pytestmark = pytest.mark.django_db


def test_short_and_long_names_of_one_zone_are_one_agency():
    first = match_agency("淄博高新技术产业开发区管理委员会")
    assert match_agency("淄博高新区管委会").agency == first.agency
    assert match_agency("淄博高新技术产业开发区").agency == first.agency
    assert match_agency("淄博经济开发区管理委员会").agency != first.agency
    assert not MatchProposal.objects.exists()


def test_a_name_with_its_wider_region_in_front_is_the_same_agency():
    a = match_agency("洪泽区人民政府").agency
    b = match_agency("淮安市洪泽区人民政府")
    assert (b.agency, b.reason) == (a, "longer_name")
    a.refresh_from_db()
    assert a.region.path == "淮安市洪泽区"


def test_the_credit_code_decides_over_the_name():
    a = match_agency("淮安经济技术开发区", "113208007833785008/2025-00001").agency
    assert match_agency("淮安经开区党政办公室", "113208007833785008/2024-00003").agency == a
    other = match_agency("淮安经济技术开发区管理委员会", "11320800MB1234567X/2024-00001").agency
    assert other != a  # same name, another credit code: another agency


def test_a_likely_match_is_proposed_not_merged():
    a = match_agency("淄博市工业和信息化局").agency
    b = match_agency("淄博市工信局").agency
    assert a != b
    [proposal] = MatchProposal.objects.all()
    assert (proposal.agency, proposal.candidate, proposal.state) == (b, a, "open")


def test_unlike_names_are_not_proposed():
    match_agency("淄博市财政局")
    match_agency("淄博市教育局")
    match_agency("淄博市工业和信息化局")
    assert not MatchProposal.objects.exists()


def test_merge_and_split_by_command(tmp_path, seed_text):
    (tmp_path / "a.txt").write_text(variant(seed_text, "淄博市工业和信息化局", 2023), encoding="utf-8")
    (tmp_path / "b.txt").write_text(variant(seed_text, "淄博市工信局", 2024), encoding="utf-8")
    ingest(expand([tmp_path]))
    code, out = xxgk("proposals", "--json")
    [proposal] = json.loads(out)
    assert (proposal["agency"], proposal["candidate"]) == ("淄博市工信局", "淄博市工业和信息化局")

    code, out = xxgk("merge", "淄博市工业和信息化局", "淄博市工信局")
    assert code == 0 and "并入" in out
    [agency] = Agency.objects.all()
    assert sorted(agency.reports.values_list("year", flat=True)) == [2023, 2024]
    assert agency.name == "淄博市工信局"  # the name of its latest report
    assert not MatchProposal.objects.filter(state="open").exists()
    # merged: the two years now meet, and 2024's 上年结转 7 disagrees with 2023's 结转下年度 2
    assert set(agency.reports.get(year=2024).current.findings.filter(across_years=True)
               .values_list("code", flat=True)) == {"years.carry"}

    code, out = xxgk("split", str(agency.pk), "淄博市工信局")
    assert code == 0
    assert {a.name: list(a.reports.values_list("year", flat=True)) for a in Agency.objects.all()} == \
        {"淄博市工业和信息化局": [2023], "淄博市工信局": [2024]}
    assert not Report.objects.get(year=2024).current.findings.filter(across_years=True).exists()


def test_merge_refuses_what_cannot_be_one(capsys):
    from xxgk.cli import main

    match_agency("淮安经济技术开发区", "113208007833785008/2025-00001")
    match_agency("淄博经济开发区管理委员会", "11370300MB1234567X/2024-1")
    assert main(["merge", "淮安经济技术开发区", "淄博经济开发区管理委员会"]) == 2
    assert "统一社会信用代码不同" in capsys.readouterr().err
    assert main(["merge", "淮安", "没有这个机关"]) == 2
    assert capsys.readouterr().err.strip() == "xxgk: 报告库中没有名称含“没有这个机关”的机关"


def test_agencies_search_by_name_and_region(corpus):
    ingest(expand([corpus]))
    code, out = xxgk("agencies", "洪泽", "--json")
    [hongze] = json.loads(out)
    assert (hongze["name"], hongze["region"], hongze["aliases"]) == ("淮安市洪泽区人民政府", "淮安市洪泽区",
                                                                     ["洪泽区人民政府"])
    code, out = xxgk("agencies", "--region", "淄博市", "--csv")
    names = {line.split(",")[1] for line in out.splitlines()[1:]}
    assert names == {"淄博市工业和信息化局", "淄博经济开发区管理委员会", "淄博高新技术产业开发区"}
    code, out = xxgk("agencies", "--region", "淮安")
    assert code == 0 and "淮安经济技术开发区" in out and "洪泽区人民政府" in out
