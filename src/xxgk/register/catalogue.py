"""The proactive-disclosure catalogue: items numbered as the agency's 统一社会信用代码/year-serial (索引号), and
table 二 (一) counted from it — 本年制发 and 本年废止 of the year, 现行有效 carried from the year before (as the
report of the year before printed it, or as entered for it) plus the new ones less the repealed."""

from __future__ import annotations

from django.db import transaction
from stdnum.cn import uscc

from ..errors import InputError
from .models import Publication, YearEntry

KINDS = ("regulations", "normative_documents")  # the rows of table 二 (一)


def set_credit_code(agency, code: str) -> None:
    """The agency's 统一社会信用代码, checked (its check digit too) before any index number uses it."""
    code = code.strip().upper()
    if not uscc.is_valid(code):
        raise InputError(f"“{code}”不是有效的统一社会信用代码")
    agency.credit_code = code
    agency.save(update_fields=["credit_code"])


@transaction.atomic
def publish(agency, **fields) -> Publication:
    """A new catalogue item with the next index number of its year (the agency's row locked while it is taken)."""
    type(agency).objects.select_for_update().get(pk=agency.pk)
    if not agency.credit_code:
        raise InputError("本机关尚未填写统一社会信用代码，无法生成索引号")
    year = fields["published"].year
    prefix = f"{agency.credit_code}/{year}-"
    taken = Publication.objects.filter(index_no__startswith=prefix).values_list("index_no", flat=True)
    serial = max((int(n.removeprefix(prefix)) for n in taken), default=0) + 1
    amends = fields.get("amends")
    if amends is not None and (amends.agency_id != agency.pk or amends.kind != fields.get("kind")):
        raise InputError("修订的须是本机关同一类别的文件")
    if fields.get("repealed") and fields["repealed"] < fields["published"]:
        raise InputError("废止日期早于公开日期")
    return Publication.objects.create(agency=agency, index_no=f"{prefix}{serial:05d}", **fields)


def counts(agency, year: int) -> dict[str, dict[str, int | None]]:
    """Table 二 (一) of ``year`` — issued, repealed and in force (None when the year before gives no figure to
    carry) of each kind — once the catalogue is kept: from the year of its first item on; before it, nothing."""
    first = Publication.objects.filter(agency=agency).order_by("published").values_list("published", flat=True)
    if not first or year < first[0].year:
        return {}
    items = Publication.objects.filter(agency=agency)
    rows = {}
    for kind in KINDS:
        of_kind = items.filter(kind=kind)
        issued = of_kind.filter(published__year=year)
        new = issued.filter(amends=None).count()
        repealed = of_kind.filter(repealed__year=year).count()
        carried = carried_in_force(agency, kind, year)
        rows[kind] = {"issued": issued.count(), "repealed": repealed,
                      "in_force": None if carried is None else carried + new - repealed}
    return rows


def carried_in_force(agency, kind: str, year: int) -> int | None:
    """现行有效 at the end of the year before: as the agency's report of that year printed it in the corpus, else as
    entered in the register for that year; None when neither has it."""
    from ..corpus.models import Report

    before = Report.objects.filter(agency=agency, year=year - 1, current__isnull=False).select_related("current")
    if before:
        value = before[0].current.as_report().cell(f"active.{kind}.in_force")
        if value is not None:
            return int(value)
    entry = YearEntry.objects.filter(agency=agency, year=year - 1).first()
    value = entry.active.get(kind, {}).get("in_force") if entry else None
    return None if value is None else int(value)
