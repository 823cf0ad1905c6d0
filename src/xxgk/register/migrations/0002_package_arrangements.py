"""The State Council's arrangements of 2004–2026 as the chinesecalendar package records them."""

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("register", "CalendarDay")
    CalendarYear = apps.get_model("register", "CalendarYear")
    names = {h.value: h.chinese for h in constants.Holiday}
    days = [CalendarDay(day=d, working=False, name=names.get(h, h)) for d, h in constants.holidays.items()]
    days += [CalendarDay(day=d, working=True, name=f"{names.get(h, h)}调休上班")
             for d, h in constants.workdays.items() if d.weekday() >= 5]
    CalendarDay.objects.bulk_create(days, batch_size=500)
    years = sorted({d.day.year for d in days})
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source="chinesecalendar") for y in years])


def unseed(apps, schema_editor):
    apps.get_model("register", "CalendarDay").objects.all().delete()
    apps.get_model("register", "CalendarYear").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
