"""The annual report from a random register — applications, appeals, table 二 as entered: table 三's relations
hold by construction, xxgk's own checks find no error in it, the report printed as DOCX and PDF reads back to the
same cells of all three tables, and one year's 结转下年度 is the next year's 上年结转."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.check import check
from xxgk.corpus.models import Agency
from xxgk.model import Severity
from xxgk.pipeline import parse_file
from xxgk.register.book import annual_report, requests_table
from xxgk.register.models import APPLICANTS, Appeal, Application, YearEntry, outcomes
from xxgk.render import render
from xxgk.render.sample import random_report

pytestmark = pytest.mark.django_db

KINDS = [k for k, _ in APPLICANTS]
OUTCOMES = [k for k, _ in outcomes()]

application = st.tuples(
    st.dates(date(2023, 1, 1), date(2025, 12, 31)),  # received
    st.sampled_from(KINDS),
    st.one_of(st.none(), st.tuples(st.integers(0, 60), st.sampled_from(OUTCOMES))),  # answered after n days, how
)


def register(agency, entries) -> None:
    Application.objects.filter(agency=agency).delete()
    Application.objects.bulk_create([
        Application(agency=agency, number=f"{received.year}-{i:04d}", received=received, channel="online",
                    applicant_kind=kind, applicant="申请人", request="申请公开……",
                    answered=received + timedelta(days=answer[0]) if answer else None,
                    outcome=answer[1] if answer else "")
        for i, (received, kind, answer) in enumerate(entries)])


@pytest.fixture
def agency():
    return Agency.objects.create(name="示范市司法局")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(application, max_size=40))
def test_table_three_from_a_register_adds_up_and_one_year_carries_into_the_next(agency, entries):
    register(agency, entries)
    for year in (2023, 2024, 2025):
        table = requests_table(agency, year)
        for column in [*KINDS, "total"]:
            assert table["received_new"][column] + table["carried_over"][column] == \
                table["processed_total"][column] + table["carried_forward"][column]
            assert table["processed_total"][column] == sum(table[o][column] for o in OUTCOMES)
        assert table["carried_forward"] == requests_table(agency, year + 1)["carried_over"]
        assert table["received_new"]["total"] == sum(1 for r, _, _ in entries if r.year == year)


appeal = st.tuples(
    st.dates(date(2024, 1, 1), date(2024, 12, 31)),  # filed
    st.sampled_from([k for k, _ in Appeal.KINDS]),
    st.one_of(st.none(), st.tuples(st.integers(1, 200), st.sampled_from([r for r, _ in Appeal.RESULTS]))),
)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(application, min_size=1, max_size=30), appeals=st.lists(appeal, max_size=8),
       seed=st.integers(0, 10_000))
def test_the_report_written_from_the_register_reads_back_the_same_and_checks_clean(agency, entries, appeals, seed,
                                                                                   tmp_path_factory):
    register(agency, entries)
    Appeal.objects.filter(agency=agency).delete()
    Appeal.objects.bulk_create([Appeal(agency=agency, kind=kind, filed=filed, result=result[1] if result else "",
                                       decided=filed + timedelta(days=result[0]) if result else None)
                                for filed, kind, result in appeals])
    sample = random_report(seed, "2021", year=2024, agency=agency.name)  # table 二 as an officer might enter it
    YearEntry.objects.update_or_create(agency=agency, year=2024, defaults={"active": sample.active})
    report = annual_report(agency, 2024)
    assert report.review["reconsideration"]["total"] == sum(1 for _, k, _ in appeals if k == "reconsideration")
    assert [f.code for f in report.findings if f.severity is Severity.ERROR] == []
    folder = tmp_path_factory.mktemp("book")
    for fmt in ("docx", "pdf"):
        path = folder / f"report.{fmt}"
        path.write_bytes(render(report, fmt))
        back = parse_file(path)
        assert [(p, back.cell(p), v) for p, v in report.cells() if back.cell(p) != v] == []
        assert [f.code for f in back.findings if f.severity is Severity.ERROR] == []

def test_a_sentence_for_the_narrative_is_offered_only_when_its_cells_are_filled_in(agency):
    from xxgk.register.book import sentences

    report = annual_report(agency, 2025)  # an empty register: tables 三 and 四 counted (0), table 二 not entered
    offered = sentences(report)
    assert offered == [
        "本年新收政府信息公开申请0件，上年结转0件；办结0件，其中予以公开0件，部分公开0件；结转下年度继续办理0件。",
        "本年因政府信息公开被申请行政复议0件，未经复议直接被提起行政诉讼0件，复议后被提起行政诉讼0件。"]
    report.requests["granted"].pop("total")  # a blank cell: not stated as 0
    assert not any(s.startswith("本年新收") for s in sentences(report))
