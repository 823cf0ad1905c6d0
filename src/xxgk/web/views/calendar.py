"""The working-day calendar: a year's holidays and working weekends as the deadlines count them (or, for a year
whose arrangement is not yet published, the statutory holidays they are provisionally counted by); an
administrator enters the arrangement when the State Council publishes it, and every deadline follows."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ...errors import InputError
from ...register import days
from ...register.calendar import day_of, days_off_of, each_day
from ...register.models import CalendarDay, CalendarYear
from . import scoped, year_of


@scoped
def calendar(request):
    year = year_of(request, date.today().year + 1)
    if request.method == "POST":
        if request.scope.role != "admin":
            raise PermissionDenied("只有管理员可以录入节假日安排")
        try:
            off = {d: name for line in request.POST.get("off", "").splitlines() if line.strip()
                   for first, last, name in [days_off_of(line)] for d in each_day(first, last)}
            working = [day_of(line) for line in request.POST.get("on", "").splitlines() if line.strip()]
            if not off:
                raise InputError("请至少填写一个放假的日子")
            count = days.enter_year(year, off, working, source=request.user.get_username(), user=request.user)
            messages.success(request, f"已录入 {year} 年的节假日安排：{count} 天；期限随之重算")
        except InputError as e:
            messages.error(request, e.message)
        return redirect(f"{request.path}?year={year}")
    entered = CalendarYear.objects.filter(year=year).select_related("entered_by").first()
    if entered:
        shown = [(d.day, d.working, d.name) for d in CalendarDay.objects.filter(day__year=year)]
    else:
        known = days.load()
        shown = [(d, False, known.name(d)) for d in each_day(date(year, 1, 1), date(year, 12, 31)) if known.name(d)]
    return render(request, "xxgk/calendar.html", {"year": year, "entered": entered, "days": shown,
                                                  "may_enter": request.scope.role == "admin"})
