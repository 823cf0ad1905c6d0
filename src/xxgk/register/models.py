"""The working-day calendar as the State Council arranges it, kept in the database: the days that differ from the
plain week, and the years whose arrangement is entered."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarYear(models.Model):
    """A year whose arrangement (国务院办公厅关于部分节假日安排的通知) is known: from the chinesecalendar package, or
    entered by an administrator when it is published."""

    year = models.IntegerField(unique=True)
    source = models.CharField(max_length=32, help_text="chinesecalendar, or who entered it")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]


class CalendarDay(models.Model):
    """A day of a published year that differs from the plain week: a holiday on a weekday or at a weekend, or a
    weekend on which people work (调休)."""

    day = models.DateField(unique=True)
    working = models.BooleanField()
    name = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["day"]
