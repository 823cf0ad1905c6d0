"""The statutory clock: ``xxgk deadline`` counts an application's answer deadline in working days, ``xxgk
calendar`` shows or enters a year's arrangement of holidays and working weekends."""

from __future__ import annotations

import json
from datetime import date

import click

from .corpus import open_corpus


class Day(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        return value if isinstance(value, date) else _parsed(_rules().day_of, value, param, ctx, self)


class Span(click.ParamType):
    """FROM:TO or FROM..TO, both days included."""

    name = "FROM:TO"

    def convert(self, value, param, ctx):
        return value if isinstance(value, tuple) else _parsed(_rules().span_of, value, param, ctx, self)


class DaysOff(click.ParamType):
    """DATE, or FROM:TO, with an optional =NAME: the days off of a holiday."""

    name = "DATE[:TO][=NAME]"

    def convert(self, value, param, ctx):
        return value if isinstance(value, tuple) else _parsed(_rules().days_off_of, value, param, ctx, self)


def _rules():
    from ..register import calendar  # (no database: the command has not opened the corpus yet)

    return calendar


def _parsed(parse, value, param, ctx, kind):
    from ..errors import InputError

    try:
        return parse(value)
    except InputError as e:
        kind.fail(e.message, param, ctx)


DATE, SPAN = Day(), Span()


@click.command("deadline")
@click.argument("received", type=DATE)
@click.option("--corrected", type=DATE, help="收到补正的日期：期限自此重新计算（第三十条）。The day the 补正 arrived.")
@click.option("--pause", "pauses", type=SPAN, multiple=True,
              help="不计入期限的日子，如征求第三方意见、待缴费（起止日均含），可重复。Days not counted.")
@click.option("--extended", is_flag=True, help="经批准延长答复期限 20 个工作日（第三十三条）。Extension approved.")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。Print JSON.")
def deadline_command(received, corrected, pauses, extended, as_json):
    """依申请公开的答复期限：收到申请之日起 20 个工作日（按国务院节假日安排，含调休）。

    The answer deadline of an application received on RECEIVED: 20 working days (the State Council's
    arrangement of holidays and working weekends), counted again from the 补正, without paused days, 20 more
    with an extension. A year whose arrangement is not yet entered is counted by the statutory holidays alone
    and the answer says it is provisional.

    \b
    例 / examples:
      xxgk deadline 2025-09-26
      xxgk deadline 2025-03-03 --corrected 2025-03-10 --pause 2025-03-12:2025-03-20 --json
    """
    open_corpus()
    from ..errors import InputError
    from ..register import days
    from ..register.calendar import CORRECTION_REQUEST_DAYS, answer_deadline, working_days_after

    calendar = days.load()
    if corrected is not None and corrected < received:
        raise InputError("收到补正的日期早于收到申请的日期")
    answer = answer_deadline(calendar, received, corrected=corrected, pauses=tuple(pauses), extended=extended)
    correction = working_days_after(calendar, received, CORRECTION_REQUEST_DAYS)
    unknown = sorted({d.year for d in _rules().each_day(received, answer.day) if calendar.provisional(d)})
    if as_json:
        click.echo(json.dumps({"received": received.isoformat(), **answer.as_dict(),
                               "correction_request_by": correction.day.isoformat(),
                               "provisional_years": unknown}, ensure_ascii=False))
        return
    click.echo(f"答复期限：{answer.day.isoformat()}（{_weekday(answer.day)}，"
               f"第 {answer.counted} 个工作日{'，其间暂停 %d 个工作日' % answer.paused if answer.paused else ''}）")
    click.echo(f"如需补正，应在 {correction.day.isoformat()} 前一次性告知申请人（7 个工作日）")
    if answer.provisional:
        click.echo(f"暂定：{'、'.join(map(str, unknown))} 年的节假日安排尚未录入，只按法定节假日和周末计算；"
                   "安排公布后用 xxgk calendar 录入，期限随之重算")


def _weekday(day: date) -> str:
    return "周" + "一二三四五六日"[day.weekday()]


@click.command("calendar")
@click.argument("year", type=click.IntRange(2004, 2100))
@click.option("--off", "days_off", type=DaysOff(), multiple=True,
              help="放假的日子：日期、起止日（2027-02-05:2027-02-11），可加“=名称”；可重复。Days off.")
@click.option("--on", "working", type=DATE, multiple=True, help="调休上班的周末；可重复。Working weekends.")
@click.option("--by", help="录入人。Who enters the arrangement.")
def calendar_command(year, days_off, working, by):
    """显示或录入一年的节假日安排（国务院办公厅每年 11 月前后公布）。

    Show the arrangement of YEAR, or enter it: every day off (--off) and every working weekend (--on). The
    arrangements of 2004–2026 come with xxgk; an entered year replaces what was there and makes the deadlines
    of that year final.

    \b
    例 / examples:
      xxgk calendar 2026
      xxgk calendar 2027 --off 2027-01-01=元旦 --off 2027-02-05:2027-02-11=春节 --on 2027-02-14 --by 张三
    """
    open_corpus()
    from ..corpus.services import reviewer
    from ..register import days
    from ..register.models import CalendarDay, CalendarYear

    if not days_off and not working:
        entered = CalendarYear.objects.filter(year=year).first()
        if entered is None:
            calendar = days.load()
            holidays = [d for d in _rules().each_day(date(year, 1, 1), date(year, 12, 31)) if calendar.name(d)]
            click.echo(f"{year} 年的节假日安排尚未录入；暂按法定节假日计算：")
            for d in holidays:
                click.echo(f"  {d.isoformat()} {_weekday(d)} {calendar.name(d)}")
            return
        click.echo(f"{year} 年的节假日安排（来源：{entered.source}）：")
        for d in CalendarDay.objects.filter(day__year=year):
            click.echo(f"  {d.day.isoformat()} {_weekday(d.day)} {'上班' if d.working else '放假'} {d.name}")
        return
    off = {d: name for first, last, name in days_off for d in _rules().each_day(first, last)}
    count = days.enter_year(year, off, list(working), source=by or "录入", user=reviewer(by))
    click.echo(f"已录入 {year} 年的节假日安排：{count} 天（放假 {len(off)} 天，调休上班 {len(working)} 天）")


@click.command("remind")
@click.option("--date", "today", type=DATE, help="按这一天运行（默认今天）。Run as of this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。Print JSON.")
def remind_command(today, as_json):
    """登记簿的每日任务：逾期未缴费的申请按放弃处理，向经办人发送即将到期和已超期申请的提醒邮件。

    The register's daily work, for cron where no Celery beat runs: applications whose fee stayed unpaid past
    its 20 working days are closed as withdrawn, and each officer is e-mailed the applications due within 3
    working days or overdue (SMTP when XXGK_SMTP_HOST is set, else files under the data directory's outbox/).

    \b
    例 / examples:
      xxgk remind
      30 7 * * * xxgk remind        (crontab)
    """
    open_corpus()
    from django.utils import timezone

    from ..register.daily import run_daily

    result = run_daily(today or timezone.localdate())
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    click.echo(f"按放弃处理（逾期未缴费）：{len(result.lapsed)} 件{'：' + '、'.join(result.lapsed) if result.lapsed else ''}")
    click.echo(f"已发送提醒：{len(result.sent)} 人，共 {sum(result.sent.values())} 件")
