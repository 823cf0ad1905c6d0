"""Working days as the State Council arranges them, and the deadlines of 《政府信息公开条例》 counted in them.

A ``Calendar`` knows, for the years whose arrangement is published, every day that differs from the plain week: a
holiday on a weekday, a working weekend (调休). For a year whose arrangement is not yet published it counts
weekends and the statutory holidays of 《全国年节及纪念日放假办法》 (as amended in 2025: 元旦 1 day, 春节 4 — 除夕 and
正月初一至初三, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3) as days off, and every answer that relies on such a year
says it is provisional: the arrangement moves days that no rule foretells.

Periods are counted as the 条例 counts them: ``n`` working days from a day are the ``n`` working days after it
(the day itself is not counted); days paused (a third party consulted, a fee notice awaiting payment) are not
counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..errors import InputError

ANSWER_DAYS = 20  # 第三十三条: answer within 20 working days of receipt
EXTENSION_DAYS = 20  # 第三十三条: extended by at most 20 working days
CORRECTION_REQUEST_DAYS = 7  # 第三十条: ask for 补正 within 7 working days of receipt
THIRD_PARTY_DAYS = 15  # 第三十二条: the third party answers within 15 working days
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号: unpaid 20 working days after the notice = withdrawn


@lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory holidays of ``year`` by the 2025 rules, without the State Council's moves and make-up days."""
    from chinese_calendar import get_solar_terms
    from lunardate import LunarDate

    days = {date(year, 1, 1): "元旦"}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for offset in range(-1, 3):
        days[new_year + timedelta(days=offset)] = "春节"
    qingming = next(d for d, name in get_solar_terms(date(year, 4, 1), date(year, 4, 30)) if name == "清明")
    days[qingming] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
    days[LunarDate(year, 8, 15).to_solar_date()] = "中秋节"
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return days


@dataclass(frozen=True)
class Calendar:
    """``changes``: date → (working, name) for the days of published years that differ from the plain week;
    ``published``: the years whose arrangement is known."""

    changes: dict = field(default_factory=dict)
    published: frozenset = frozenset()

    def working(self, day: date) -> bool:
        if day.year in self.published:
            if day in self.changes:
                return self.changes[day][0]
            return day.weekday() < 5
        return day.weekday() < 5 and day not in statutory_holidays(day.year)

    def provisional(self, day: date) -> bool:
        return day.year not in self.published

    def name(self, day: date) -> str:
        if day.year in self.published:
            return self.changes.get(day, (None, ""))[1]
        return statutory_holidays(day.year).get(day, "")


@dataclass(frozen=True)
class Deadline:
    """The last day of a period; ``provisional`` when a day it counted (or skipped) lies in a year whose
    arrangement is not published."""

    day: date
    provisional: bool
    counted: int
    paused: int = 0

    def as_dict(self) -> dict:
        return {"deadline": self.day.isoformat(), "provisional": self.provisional, "working_days": self.counted,
                "paused_working_days": self.paused}


def working_days_after(calendar: Calendar, start: date, n: int,
                       pauses: tuple[tuple[date, date], ...] = ()) -> Deadline:
    """The ``n``-th working day after ``start``, not counting the working days within a pause (``(first, last)``,
    both days included)."""
    if n < 1:
        raise ValueError("a period is at least one working day")
    day, counted, paused, provisional = start, 0, 0, False
    while counted < n:
        day += timedelta(days=1)
        provisional |= calendar.provisional(day)
        if not calendar.working(day):
            continue
        if any(first <= day <= last for first, last in pauses):
            paused += 1
            continue
        counted += 1
    return Deadline(day, provisional, counted, paused)


def answer_deadline(calendar: Calendar, received: date, *, corrected: date | None = None,
                    pauses: tuple[tuple[date, date], ...] = (), extended: bool = False) -> Deadline:
    """The last day to answer an application received on ``received``: 20 working days, counted again from the day
    the 补正 arrived (``corrected``, 第三十条), without the days of consultation or of a fee awaiting payment
    (``pauses``), 20 more when an extension was approved (第三十三条)."""
    start = corrected or received
    if corrected is not None and corrected < received:
        raise ValueError("补正 cannot arrive before the application")
    return working_days_after(calendar, start, ANSWER_DAYS + (EXTENSION_DAYS if extended else 0), pauses)


# the days as a person writes them: 2027-02-05, 2027-02-05:2027-02-11 (or ..), 2027-02-05:2027-02-11=春节


def day_of(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"“{text.strip()}”不是日期（应为 2025-03-14 这样的写法）") from None


def span_of(text: str) -> tuple[date, date]:
    """FROM:TO or FROM..TO, both days included."""
    parts = re.split(r"\.\.|:", text.strip())
    if len(parts) != 2:
        raise InputError(f"“{text}”应写成 起始日:结束日，如 2025-03-03:2025-03-20")
    first, last = (day_of(p) for p in parts)
    if last < first:
        raise InputError(f"“{text}”的结束日早于起始日")
    return first, last


def days_off_of(text: str) -> tuple[date, date, str]:
    """DATE or FROM:TO, with an optional =NAME: the days off of a holiday."""
    span, _, name = text.partition("=")
    first, last = span_of(span) if re.search(r"\.\.|:", span) else (day_of(span),) * 2
    return first, last, name.strip() or "放假"


def each_day(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)
