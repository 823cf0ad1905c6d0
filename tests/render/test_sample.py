"""Sample reports are right by construction: every relation of the template holds, and the text agrees."""

from __future__ import annotations

import pytest

from xxgk.check import check
from xxgk.render.sample import random_report
from xxgk.template import load

CASES = [(seed, template, legacy) for seed in range(60) for template, legacy in
         (("2021", False), ("2021", True), ("2019", False))]


@pytest.mark.parametrize("seed, template, legacy", CASES)
def test_no_finding_on_a_sample(seed, template, legacy):
    assert check(random_report(seed, template, legacy_other=legacy)) == []


@pytest.mark.parametrize("seed", range(20))
def test_relations_hold(seed):
    report = random_report(seed)
    req = report.requests
    applicants = [c.key for c in load("2021").requests.columns][:-1]
    results = [r.key for r in load("2021").requests.rows if r.result and not r.legacy]
    for row in req.values():
        assert row["total"] == sum(row[c] for c in applicants)
    for column in [*applicants, "total"]:
        assert req["processed_total"][column] == sum(req[r][column] for r in results)
        assert req["received_new"][column] + req["carried_over"][column] == \
            req["processed_total"][column] + req["carried_forward"][column]
        assert all(req[r][column] >= 0 for r in req)
    for group in report.review.values():
        assert group["total"] == group["upheld"] + group["corrected"] + group["other"] + group["pending"]


def test_same_seed_same_report():
    assert random_report(3).to_dict() == random_report(3).to_dict()
    assert random_report(3).to_dict() != random_report(4).to_dict()


@pytest.mark.parametrize("template", ["2021", "2019"])
def test_meta_and_rows(template):
    report = random_report(5, template, year=None, agency="淄博市财政局")
    spec = load(template)
    assert report.meta.agency == "淄博市财政局" and report.meta.template == template
    assert spec.years[0] <= report.meta.year <= spec.years[1]
    assert list(report.active) == [r.key for r in spec.active.rows]
    assert list(report.review) == [g.key for g in spec.review.groups]
    assert isinstance(report.active["fees" if template == "2021" else "procurement"]["amount_wan_yuan"], float)


def test_amounts_have_two_decimals():
    for seed in range(30):
        amount = random_report(seed).active["fees"]["amount_wan_yuan"]
        assert round(amount, 2) == amount


def test_narrative_states_the_table():
    report = random_report(12)
    req, rev = report.requests, report.review
    text = report.sections["overview"]
    assert f"全年共收到政府信息公开申请{req['received_new']['total']}件" in text
    assert f"结转下年度继续办理{req['carried_forward']['total']}件" in text
    assert f"行政复议{rev['reconsideration']['total']}件" in text
    assert set(report.sections) == {"overview", "problems", "other"}
