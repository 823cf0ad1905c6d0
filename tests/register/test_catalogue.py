"""The proactive-disclosure catalogue: index numbers as 统一社会信用代码/year-serial, and table 二 (一) counted from
it, with 现行有效 carried from the year before."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.corpus.models import Agency
from xxgk.errors import InputError
from xxgk.register import catalogue
from xxgk.register.book import annual_report
from xxgk.register.models import Publication, YearEntry

pytestmark = pytest.mark.django_db

CODE = "11370100004188917Y"  # a code with a right check digit


@pytest.fixture
def agency():
    found = Agency.objects.create(name="示范市司法局", kind="department")
    catalogue.set_credit_code(found, CODE.lower())
    return found


def item(agency, published: date, kind: str = "normative_documents", **more) -> Publication:
    return catalogue.publish(agency, title=f"关于……的通知（{published}）", publisher=agency.name, published=published,
                             kind=kind, **more)


def test_index_numbers_run_by_year(agency):
    numbers = [item(agency, d).index_no for d in (date(2025, 1, 6), date(2025, 3, 2), date(2026, 1, 5))]
    assert numbers == [f"{CODE}/2025-00001", f"{CODE}/2025-00002", f"{CODE}/2026-00001"]


def test_a_wrong_credit_code_is_refused_and_no_number_is_made_without_one():
    agency = Agency.objects.create(name="示范市统计局", kind="department")
    with pytest.raises(InputError, match="不是有效的统一社会信用代码"):
        catalogue.set_credit_code(agency, "11370100004188917X")  # the check digit is Y
    with pytest.raises(InputError, match="尚未填写统一社会信用代码"):
        item(agency, date(2025, 1, 6))
    assert not Publication.objects.exists()


def test_table_two_counts_issued_repealed_and_carries_those_in_force(agency):
    YearEntry.objects.create(agency=agency, year=2024, active={"normative_documents": {"in_force": 40},
                                                               "regulations": {"in_force": 2}})
    old = item(agency, date(2025, 2, 1))
    item(agency, date(2025, 5, 1), amends=old)  # a revision: issued, not one more in force
    item(agency, date(2025, 6, 1))
    item(agency, date(2025, 7, 1), kind="other")  # not counted in table 二
    repealed = item(agency, date(2025, 8, 1))
    repealed.repealed = date(2025, 11, 30)
    repealed.save()
    assert catalogue.counts(agency, 2025) == {
        "normative_documents": {"issued": 4, "repealed": 1, "in_force": 40 + 3 - 1},
        "regulations": {"issued": 0, "repealed": 0, "in_force": 2}}
    report = annual_report(agency, 2025)
    assert report.cell("active.normative_documents.in_force") == 42
    assert report.cell("active.normative_documents.issued") == 4
    assert not [f for f in report.findings if f.code.startswith("active")]


def test_without_the_year_before_those_in_force_are_left_to_the_officer(agency):
    item(agency, date(2025, 2, 1))
    assert catalogue.counts(agency, 2025)["normative_documents"] == {"issued": 1, "repealed": 0, "in_force": None}
    YearEntry.objects.create(agency=agency, year=2025, active={"normative_documents": {"in_force": 9,
                                                                                       "issued": 7}})
    report = annual_report(agency, 2025)
    assert report.cell("active.normative_documents.in_force") == 9  # as entered
    assert report.cell("active.normative_documents.issued") == 1  # from the catalogue, not as entered


def test_years_before_the_catalogue_began_keep_what_was_entered(agency):
    item(agency, date(2025, 2, 1))
    YearEntry.objects.create(agency=agency, year=2024, active={"normative_documents": {"issued": 5}})
    assert catalogue.counts(agency, 2024) == {}
    assert annual_report(agency, 2024).cell("active.normative_documents.issued") == 5


def test_a_revision_must_be_of_the_same_agency_and_kind(agency):
    regulation = item(agency, date(2025, 2, 1), kind="regulations")
    with pytest.raises(InputError, match="同一类别"):
        item(agency, date(2025, 3, 1), amends=regulation)
