"""Merge, split and undo from the agency's page: recorded with who and when, undone exactly, and only within the
user's scope."""

from __future__ import annotations

import pytest

from xxgk.corpus.models import Agency, AgencyChange

pytestmark = pytest.mark.django_db

ZONE = "示范高新区管委会"
OLD_NAME = "示范高新技术产业开发区管理委员会"


def test_a_name_split_off_and_the_split_undone_give_the_agency_back(as_user):
    zone = Agency.objects.get(name=ZONE)
    client = as_user("city")
    response = client.post(f"/agencies/{zone.pk}/split", {"names": [OLD_NAME]}, follow=True)
    assert "分出“示范高新技术产业开发区管理委员会”" in response.content.decode()
    new = Agency.objects.get(name=OLD_NAME)
    assert sorted(new.reports.values_list("year", flat=True)) == [2021, 2022]
    assert sorted(zone.reports.values_list("year", flat=True)) == [2023, 2024]
    change = AgencyChange.objects.get(kind="split")
    assert change.made_by.username == "city"

    page = client.get(f"/agencies/{zone.pk}/").content.decode()
    assert f'action="/changes/{change.pk}/undo"' in page
    client.post(f"/changes/{change.pk}/undo")
    assert not Agency.objects.filter(name=OLD_NAME).exists()
    assert sorted(zone.reports.values_list("year", flat=True)) == [2021, 2022, 2023, 2024]
    change.refresh_from_db()
    assert change.undone_by.username == "city" and change.undone_at is not None
    assert "撤销" in client.get(f"/agencies/{zone.pk}/").content.decode()


def test_a_merge_from_the_page_moves_the_reports(as_user):
    zone = Agency.objects.get(name=ZONE)
    split = as_user("admin")
    split.post(f"/agencies/{zone.pk}/split", {"names": [OLD_NAME]})
    old = Agency.objects.get(name=OLD_NAME)
    split.post(f"/agencies/{zone.pk}/merge", {"other": str(old.pk)})
    assert not Agency.objects.filter(pk=old.pk).exists()
    assert zone.reports.count() == 4


def test_changes_outside_the_scope_or_by_an_observer_are_refused(as_user):
    finance = Agency.objects.get(name="示范市财政局")
    qingshan = Agency.objects.get(name="示范市青山区人民政府")
    assert as_user("qingshan").post(f"/agencies/{qingshan.pk}/merge", {"other": str(finance.pk)}).status_code == 404
    assert as_user("watcher").post(f"/agencies/{qingshan.pk}/merge", {"other": str(finance.pk)}).status_code == 403
    assert as_user("finance").post(f"/agencies/{finance.pk}/split", {"names": ["x"]}).status_code == 403
    assert Agency.objects.filter(pk__in=[finance.pk, qingshan.pk]).count() == 2 and not AgencyChange.objects.exists()
    zone = Agency.objects.get(name=ZONE)
    as_user("city").post(f"/agencies/{zone.pk}/split", {"names": [OLD_NAME]})
    change = AgencyChange.objects.get()
    assert as_user("qingshan").post(f"/changes/{change.pk}/undo").status_code == 404
    change.refresh_from_db()
    assert change.undone_at is None
