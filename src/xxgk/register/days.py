"""The calendar in the database ↔ ``calendar.Calendar``; the arrangement of a year entered or replaced."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ..errors import InputError
from .calendar import Calendar
from .models import CalendarDay, CalendarYear


def load() -> Calendar:
    """The calendar as the database holds it."""
    changes = {d: (w, n) for d, w, n in CalendarDay.objects.values_list("day", "working", "name")}
    return Calendar(changes, frozenset(CalendarYear.objects.values_list("year", flat=True)))



@transaction.atomic
def enter_year(year: int, days_off: dict[date, str], working_weekends: list[date], *, source: str, user=None) -> int:
    """The arrangement of ``year``: its holidays (weekends among them too) and its working weekends; replaces any
    earlier arrangement of the year. Returns the number of days recorded."""
    wrong = [d for d in [*days_off, *working_weekends] if d.year != year]
    if wrong:
        raise InputError(f"{wrong[0].isoformat()} 不在 {year} 年")
    weekdays = [d for d in working_weekends if d.weekday() < 5]
    if weekdays:
        raise InputError(f"{weekdays[0].isoformat()} 是工作日，不是调休上班的周末")
    both = set(days_off) & set(working_weekends)
    if both:
        raise InputError(f"{min(both).isoformat()} 不能既放假又上班")
    CalendarDay.objects.filter(day__year=year).delete()
    CalendarDay.objects.bulk_create([CalendarDay(day=d, working=False, name=n) for d, n in sorted(days_off.items())]
                                    + [CalendarDay(day=d, working=True, name="调休上班") for d in working_weekends])
    CalendarYear.objects.update_or_create(year=year, defaults={"source": source, "entered_by": user})
    return len(days_off) + len(working_weekends)
