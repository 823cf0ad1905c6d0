"""Information processing fees as 国办函〔2020〕109号 sets them, each tier stated; the days to pay."""

from __future__ import annotations

from datetime import date

import pytest

from xxgk.register import days, fees

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("ordinal, fee", [
    (1, 0), (10, 0),  # 10 or fewer in a calendar month: free
    (11, 100), (30, 100),  # the 11th to the 30th: 100 元 each
    (31, 200), (40, 200),  # from the 31st: each further 10 cost 100 元 more each
    (41, 300), (50, 300), (51, 400),
])
def test_by_item(ordinal, fee):
    assert fees.by_item(ordinal) == fee


@pytest.mark.parametrize("pages, fee", [
    (0, 0), (30, 0),  # 30 pages or fewer: free
    (31, 10), (100, 700),  # pages 31–100 at 10 元
    (101, 720), (200, 2700),  # pages 101–200 at 20 元
    (201, 2740), (250, 4700),  # from page 201 at 40 元
])
def test_by_pages(pages, fee):
    assert fees.by_pages(pages) == fee


def test_the_fee_is_paid_within_20_working_days_of_the_notice():
    calendar = days.load()
    # notice 2025-09-22 (Mon): 国庆中秋 10月1日–8日 off, 9月28日 (Sun) and 10月11日 (Sat) worked
    assert fees.pay_by(calendar, date(2025, 9, 22)).day == date(2025, 10, 24)
