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


def _state():
    """Every agency by name: its number, region, names and its reports' years with their current version's file."""
    return {a.name: (a.pk, a.region.path if a.region else None, sorted(a.names.values_list("name", flat=True)),
                     {r.year: (r.current.source.name, r.versions.count()) for r in a.reports.select_related(
                         "current__source")})
            for a in Agency.objects.all()}


@pytest.fixture
def two_spellings(tmp_path, seed_text):
    """淄博市工业和信息化局 for 2023 and 2024, and 淄博市工信局 for 2024 again and 2022, with a 淄川区 agency
    beside: merging the two puts two versions into one 2024 report."""
    files = {"a2023.txt": ("淄博市工业和信息化局", 2023), "a2024.txt": ("淄博市工业和信息化局", 2024),
             "b2024.txt": ("淄博市工信局", 2024), "b2022.txt": ("淄博市工信局", 2022),
             "c2024.txt": ("淄博市淄川区财政局", 2024)}
    for name, (agency, year) in files.items():
        (tmp_path / name).write_text(variant(seed_text, agency, year), encoding="utf-8")
    ingest(expand([tmp_path]))
    return tmp_path


def _count(region: str, year: int) -> int:
    from xxgk.corpus.aggregate import aggregate
    from xxgk.corpus.lookup import find_region

    return aggregate(find_region(region), year).meta.reports


def test_merge_then_split_gives_back_every_report(two_spellings):
    before, reports = _state(), _count("淄博市", 2024)
    code, out = xxgk("merge", "淄博市工业和信息化局", "淄博市工信局", "--by", "张三")
    assert code == 0 and "报告 2 份，名称 1 个" in out
    merged = Agency.objects.get(names__name="淄博市工信局")
    assert merged.reports.get(year=2024).versions.count() == 2 and _count("淄博市", 2024) == reports - 1
    code, out = xxgk("split", str(merged.pk), "淄博市工信局")
    assert code == 0 and "分出“淄博市工信局”" in out and "报告 2 份" in out
    after = _state()
    assert {k: v[1:] for k, v in after.items()} == {k: v[1:] for k, v in before.items()}
    assert _count("淄博市", 2024) == reports


def test_a_merge_is_recorded_and_undone_by_its_number(two_spellings):
    before = _state()
    xxgk("merge", "淄博市工业和信息化局", "淄博市工信局", "--by", "张三")
    code, out = xxgk("changes", "--json")
    [change] = json.loads(out)
    assert (change["kind"], change["made_by"], change["undone_at"]) == ("merge", "张三", None)
    assert change["summary"].startswith("“淄博市工信局”") and "并入“淄博市工业和信息化局”" in change["summary"]
    code, out = xxgk("undo", str(change["id"]), "--by", "李四")
    assert code == 0 and out.startswith(f"撤销变更 {change['id']}")
    assert _state() == before  # the same numbers too
    from xxgk.errors import InputError

    with pytest.raises(InputError, match=f"变更 {change['id']} 已于 .* 撤销"):
        xxgk("undo", str(change["id"]))


def test_a_split_is_undone_by_its_number(two_spellings):
    xxgk("merge", "淄博市工业和信息化局", "淄博市工信局")
    merged = _state()
    xxgk("split", "淄博市工业和信息化局", "淄博市工信局")
    [split, _] = json.loads(xxgk("changes", "--json")[1])
    assert split["kind"] == "split"
    assert xxgk("undo", str(split["id"]))[0] == 0
    assert {k: v[1:] for k, v in _state().items()} == {k: v[1:] for k, v in merged.items()}


def test_undoing_what_later_changes_built_on_is_refused(two_spellings):
    from xxgk.errors import InputError

    xxgk("merge", "淄博市工业和信息化局", "淄博市工信局")
    xxgk("split", "淄博市工业和信息化局", "淄博市工信局")
    first = json.loads(xxgk("changes", "--json")[1])[-1]
    with pytest.raises(InputError, match="请先撤销后来的变更"):
        xxgk("undo", str(first["id"]))


def test_a_district_government_is_not_proposed_as_its_city():
    match_agency("淄博市人民政府")
    match_agency("淄博市临淄区人民政府")
    match_agency("淄博市临淄区人民政府办公室")
    assert not MatchProposal.objects.exists()


def test_a_decided_proposal_stays_visible_with_its_decision(tmp_path, seed_text):
    match_agency("淄博市工业和信息化局")
    match_agency("淄博市工信局")
    match_agency("淄博市教育局")
    match_agency("淄博市教体局")
    first, second = MatchProposal.objects.order_by("pk")
    code, out = xxgk("proposals", "--reject", str(second.pk))
    assert code == 0 and out.strip() == f"已否决建议 {second.pk}：“淄博市教体局”与“淄博市教育局”不是同一机关"
    xxgk("merge", "淄博市工业和信息化局", "淄博市工信局")
    assert json.loads(xxgk("proposals", "--json")[1]) == []
    decided = {(p["agency"], p["candidate"], p["state"]) for p in json.loads(xxgk("proposals", "--all", "--json")[1])}
    assert decided == {("淄博市工信局", "淄博市工业和信息化局", "merged"), ("淄博市教体局", "淄博市教育局", "rejected")}
    assert "已合并" in xxgk("proposals", "--all")[1]  # the table for people in words
    [change] = json.loads(xxgk("changes", "--json")[1])
    xxgk("undo", str(change["id"]))
    assert [(p["agency"], p["state"]) for p in json.loads(xxgk("proposals", "--json")[1])] == [("淄博市工信局", "open")]
