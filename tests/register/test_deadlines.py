"""Answer deadlines of 《政府信息公开条例》 on the State Council's real arrangements of 2024–2026 (holidays and the
weekends worked in exchange, 调休), with 补正 restarting the clock, paused days and an extension; a year whose
arrangement is not entered gives a provisional answer until it is. Every date is stated here, counted by hand."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from xxgk.cli import cli, main
from xxgk.register import days
from xxgk.register.calendar import answer_deadline, statutory_holidays, working_days_after

pytestmark = pytest.mark.django_db

D = date.fromisoformat

# received, options, answer deadline, last day to ask for 补正, why
CASES = [
    ("2024-09-30", {}, "2024-11-01", "2024-10-15", "国庆 10月1日–7日放假，10月12日（周六）上班"),
    ("2024-02-02", {}, "2024-03-06", "2024-02-18", "春节 2月10日–17日放假，2月4日、18日（周日）上班"),
    ("2025-01-24", {}, "2025-02-27", "2025-02-10", "春节 1月28日–2月4日放假，1月26日（周日）、2月8日（周六）上班"),
    ("2025-04-25", {}, "2025-05-27", "2025-05-08", "劳动节 5月1日–5日放假，4月27日（周日）上班"),
    ("2025-09-26", {}, "2025-10-30", "2025-10-13", "国庆中秋 10月1日–8日放假，9月28日（周日）、10月11日（周六）上班"),
    ("2026-02-13", {}, "2026-03-19", "2026-03-02", "春节 2月15日–23日放假，2月14日、28日（周六）上班"),
    ("2025-03-03", {"corrected": "2025-03-10"}, "2025-04-08", "2025-03-12", "补正后重新起算；清明 4月4日放假"),
    ("2025-03-03", {"pauses": [("2025-03-05", "2025-03-11")]}, "2025-04-08", "2025-03-12",
     "征求第三方意见的 5 个工作日不计入"),
    ("2025-09-26", {"extended": True}, "2025-11-27", "2025-10-13", "延长 20 个工作日，共 40 个"),
]


@pytest.mark.parametrize("received, options, answer, correction, why", CASES, ids=[c[4] for c in CASES])
def test_the_answer_deadline_counts_the_arranged_working_days(received, options, answer, correction, why):
    calendar = days.load()
    corrected = D(options["corrected"]) if "corrected" in options else None
    pauses = tuple((D(a), D(b)) for a, b in options.get("pauses", []))
    found = answer_deadline(calendar, D(received), corrected=corrected, pauses=pauses,
                            extended=options.get("extended", False))
    assert (found.day, found.provisional) == (D(answer), False)
    assert working_days_after(calendar, D(received), 7).day == D(correction)


def test_a_deadline_in_a_year_not_yet_arranged_is_provisional_until_the_arrangement_is_entered():
    calendar = days.load()
    found = answer_deadline(calendar, D("2026-12-07"))
    # Dec 8–31 give 18 working days; 2027-01-01 is 元旦 by the statutory rules; Jan 4 and 5 are the 19th and 20th
    assert (found.day, found.provisional) == (D("2027-01-05"), True)
    # an administrator enters the year's arrangement (here one that gives 1月1日–3日 and 1月4日 off, for the test)
    days.enter_year(2027, {D("2027-01-01"): "元旦", D("2027-01-02"): "元旦", D("2027-01-03"): "元旦",
                           D("2027-01-04"): "元旦"}, [], source="test")
    again = answer_deadline(days.load(), D("2026-12-07"))
    assert (again.day, again.provisional) == (D("2027-01-06"), False)


def test_the_statutory_holidays_follow_the_2025_rules():
    holidays = statutory_holidays(2027)
    assert [d for d, name in holidays.items() if name == "春节"] == [D("2027-02-05"), D("2027-02-06"),
                                                                   D("2027-02-07"), D("2027-02-08")]
    assert [d for d, name in holidays.items() if name == "劳动节"] == [D("2027-05-01"), D("2027-05-02")]
    assert len(holidays) == 13


def test_the_command_answers_in_json_with_the_deadline_and_whether_it_is_provisional():
    result = CliRunner().invoke(cli, ["deadline", "2025-03-03", "--pause", "2025-03-05:2025-03-11", "--json"],
                                standalone_mode=False, catch_exceptions=False)
    data = json.loads(result.output)
    assert (data["deadline"], data["provisional"], data["paused_working_days"]) == ("2025-04-08", False, 5)
    result = CliRunner().invoke(cli, ["deadline", "2026-12-30", "--json"], standalone_mode=False,
                                catch_exceptions=False)
    data = json.loads(result.output)
    assert data["provisional"] is True and data["provisional_years"] == [2027]


@pytest.mark.parametrize("args, says", [
    (["deadline", "2025-02-30"], "不是日期"),
    (["deadline", "2025-03-10", "--corrected", "2025-03-03"], "早于收到申请"),
    (["deadline", "2025-03-10", "--pause", "2025-03-20:2025-03-12"], "结束日早于起始日"),
    (["calendar", "2027", "--on", "2027-01-04"], "是工作日，不是调休上班的周末"),
])
def test_each_mistake_is_one_line(args, says, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
