"""Information processing fees as 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) fixes them, in 元: 按件
(the applicant's applications to the agency in one calendar month: the first 10 free, the 11th to 30th 100 元
each, and from the 31st on 100 元 more for each further 10) or 按量 (pages of one application: 30 free, the 31st to
100th 10 元 a page, the 101st to 200th 20 元, from the 201st on 40 元). The applicant pays within 20 working days
of the notice; the days in between are not counted in the answer period, and unpaid by then the application is
taken as withdrawn."""

from __future__ import annotations

from datetime import date

from .calendar import Calendar, Deadline, working_days_after

PAY_DAYS = 20  # working days from the fee notice
PAGE_TIERS = ((30, 0), (100, 10), (200, 20), (None, 40))  # (up to this page, 元 a page)


def by_item(ordinal: int) -> int:
    """The fee for an application that is the applicant's ``ordinal``-th to the agency in its calendar month."""
    if ordinal < 1:
        raise ValueError("an application is at least the first of its month")
    if ordinal <= 10:
        return 0
    if ordinal <= 30:
        return 100
    return 100 + 100 * ((ordinal - 31) // 10 + 1)


def by_pages(pages: int) -> int:
    """The fee for an application whose information fills ``pages`` pages, each page at its tier's rate."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    fee, below = 0, 0
    for upto, rate in PAGE_TIERS:
        top = pages if upto is None else min(pages, upto)
        if top > below:
            fee += (top - below) * rate
        if upto is None or pages <= upto:
            break
        below = upto
    return fee


def pay_by(calendar: Calendar, notice: date) -> Deadline:
    """The last day to pay a fee noticed on ``notice``; unpaid after it, the application is withdrawn."""
    return working_days_after(calendar, notice, PAY_DAYS)
