"""xxgk demo fills a fresh corpus with reports xxgk writes itself, and the questions give real answers."""

import json

import pytest

from .conftest import xxgk

pytestmark = pytest.mark.django_db


def test_demo_shows_the_errors_it_was_given():
    code, out = xxgk("demo")
    assert code == 0 and out.splitlines()[0] == "已入库 23 份，已跳过 0 份，失败 0 份"
    code, out = xxgk("findings", "--region", "示范市", "--severity", "error", "--json")
    assert sorted({(f["agency"], f["year"], f["code"]) for f in json.loads(out)}) == [
        ("示范市卫生健康委员会", 2024, "sum.review"),
        ("示范市财政局", 2023, "sum.column"), ("示范市财政局", 2023, "sum.row"),
        ("示范市青山区人民政府", 2024, "years.carry")]
    code, out = xxgk("findings", "--code", "years.in_force")
    assert out.strip() == "没有符合条件的问题。"
    code, out = xxgk("coverage", "--year", "2024", "--json")
    assert [r["name"] for r in json.loads(out)] == ["示范市教育局"]
    code, out = xxgk("agencies", "高新", "--json")
    [zone] = json.loads(out)
    assert zone["reports"] == 4 and zone["aliases"] == ["示范高新技术产业开发区管理委员会"]


def test_recheck_here_gives_back_the_findings_across_years_and_keeps_their_reviews():
    """Without a broker `xxgk recheck` works here: findings across years an older version did not give (deleted
    here) come back, and a dismissed one stays dismissed."""
    from xxgk.corpus.models import Finding

    xxgk("demo")
    _, out = xxgk("findings", "--code", "years", "--json")
    before = json.loads(out)
    assert len(before) >= 2
    xxgk("review", str(before[0]["id"]), "--state", "dismissed", "--by", "李四")
    Finding.objects.filter(across_years=True).exclude(pk=before[0]["id"]).delete()
    code, out = xxgk("recheck", "--region", "示范市")
    assert (code, out.strip()) == (0, f"核对了 6 个机关的各年度报告：跨年度发现 {len(before)} 条")
    _, out = xxgk("findings", "--code", "years", "--json")
    after = json.loads(out)
    assert sorted((f["agency"], f["year"], f["message"]) for f in after) == \
        sorted((f["agency"], f["year"], f["message"]) for f in before)
    assert [f["state"] for f in after if f["message"] == before[0]["message"]] == ["dismissed"]
    from xxgk.errors import InputError

    with pytest.raises(InputError, match="请说明要核对哪些机关"):
        xxgk("recheck")
