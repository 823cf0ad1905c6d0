"""Letters (告知书) on an application, written as DOCX from templates an agency can edit in Word: a default
template of each kind is made here with the letter's fields as Jinja placeholders (docxtpl fills them); an agency
may download it, edit it and upload its own. Each letter is numbered in the agency's year and kept as sent; a
deadline counted on a year whose holidays are not yet published is marked provisional in the letter too."""

from __future__ import annotations

import io
from datetime import date

from django.db import transaction

from ..errors import InputError
from . import days, fees
from .book import deadline_of
from .calendar import THIRD_PARTY_DAYS, working_days_after
from .models import Application, Letter, LetterTemplate

# kind → (title, paragraphs of the default template)
KINDS = {
    "correction": ("政府信息公开申请补正告知书", [
        "本机关于{{ received }}收到你（单位）提出的政府信息公开申请（编号{{ application }}）：“{{ request }}”。",
        "经审查，你（单位）的申请内容不够明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请你（单位）"
        "对申请内容作出补正，说明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。",
        "答复期限自本机关收到补正的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]),
    "extension": ("政府信息公开申请延期答复告知书", [
        "本机关于{{ received }}收到你（单位）提出的政府信息公开申请（编号{{ application }}）：“{{ request }}”。",
        "因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条"
        "第二款的规定，答复期限延长20个工作日，本机关将于{{ deadline }}前作出答复。{{ provisional }}",
    ]),
    "consultation": ("政府信息公开征求意见书", [
        "本机关于{{ received }}收到一件政府信息公开申请（编号{{ application }}），申请公开“{{ request }}”。",
        "该信息公开可能损害你（单位）的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求"
        "你（单位）的意见，请于{{ reply_by }}前提出意见。{{ provisional }}",
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
    ]),
    "fee": ("收取信息处理费通知书", [
        "本机关于{{ received }}收到你（单位）提出的政府信息公开申请（编号{{ application }}）：“{{ request }}”。",
        "根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），你（单位）的申请应缴纳信息处理费{{ fee }}元"
        "（{{ fee_basis }}）。请于{{ pay_by }}前缴纳。{{ provisional }}",
        "自本通知发出之日至缴纳费用之日的期间，不计算在答复期限内。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]),
    "answer": ("政府信息公开申请答复书", [
        "本机关于{{ received }}收到你（单位）提出的政府信息公开申请（编号{{ application }}）：“{{ request }}”。",
        "经审查，现答复如下：{{ outcome }}。",
        "如对本答复不服，可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法提起行政诉讼。",
    ]),
}


def default_template(kind: str) -> bytes:
    """The default template of ``kind``: title, number, the applicant, the paragraphs, the agency and the date."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title, paragraphs = KINDS[kind]
    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
    document.add_paragraph("{{ number }}").alignment = WD_ALIGN_PARAGRAPH.CENTER
    # the letter is to the applicant, but a consultation is to the third party (who is not told the applicant)
    document.add_paragraph("{{ third_party }}：" if kind == "consultation" else "{{ applicant }}：")
    for text in paragraphs:
        document.add_paragraph(text)
    for text in ("{{ agency }}", "{{ date }}"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def template_of(agency, kind: str) -> bytes:
    own = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    return bytes(own.content) if own else default_template(kind)


def set_template(agency, kind: str, data: bytes, user=None) -> None:
    """The agency's own template of ``kind``, after it is tried on a sample letter."""
    if kind not in KINDS:
        raise InputError(f"未知的告知书类别：{kind}")
    _fill(data, _sample_fields())
    LetterTemplate.objects.update_or_create(agency=agency, kind=kind, defaults={"content": data,
                                                                               "uploaded_by": user})


def kinds_for(application: Application) -> list[str]:
    """The letters an application's state calls for."""
    found = ["correction"] if application.answered is None else []
    if any(p.kind == "consultation" for p in application.pauses.all()):
        found.append("consultation")
    if application.extended:
        found.append("extension")
    if application.fee_notice:
        found.append("fee")
    if application.answered:
        found.append("answer")
    return found


@transaction.atomic
def issue(application: Application, kind: str, user=None, today: date | None = None) -> Letter:
    """A numbered letter of ``kind`` on ``application``, written from the agency's template and kept."""
    if kind not in kinds_for(application):
        raise InputError(f"这件申请现在不需要{KINDS[kind][0] if kind in KINDS else kind}")
    today = today or date.today()
    agency = type(application.agency).objects.select_for_update().get(pk=application.agency_id)
    serial = (Letter.objects.filter(agency=agency, year=today.year).order_by("-serial")
              .values_list("serial", flat=True).first() or 0) + 1
    fields = _fields(application, today) | {"number": f"〔{today.year}〕{serial}号"}
    content = _fill(template_of(agency, kind), fields)
    return Letter.objects.create(agency=agency, application=application, kind=kind, year=today.year, serial=serial,
                                 issued=today, content=content, made_by=user)


def _fields(application: Application, today: date) -> dict[str, str]:
    calendar = days.load()
    deadline = deadline_of(application, calendar)
    pay_by = fees.pay_by(calendar, application.fee_notice) if application.fee_notice else None
    consulted = [p for p in application.pauses.all() if p.kind == "consultation"]
    reply_by = working_days_after(calendar, consulted[-1].first, THIRD_PARTY_DAYS) if consulted else None
    provisional = any(d is not None and d.provisional for d in (deadline, pay_by, reply_by))
    return {
        "third_party": consulted[-1].party if consulted else "", "reply_by": _day(reply_by.day) if reply_by else "",
        "agency": application.agency.name, "applicant": application.applicant, "application": application.number,
        "request": application.request, "received": _day(application.received), "date": _day(today),
        "deadline": _day(deadline.day), "outcome": application.get_outcome_display() if application.outcome else "",
        "fee": str(application.fee or ""), "fee_basis": application.fee_basis,
        "pay_by": _day(pay_by.day) if pay_by else "",
        "provisional": "（所涉年份的节假日安排尚未公布，上述日期为暂定，安排公布后如有变化另行告知。）" if provisional else "",
    }


def _sample_fields() -> dict[str, str]:
    return {key: "示例" for key in ("agency", "applicant", "application", "request", "received", "date", "deadline",
                                  "outcome", "fee", "fee_basis", "pay_by", "provisional", "number", "third_party",
                                  "reply_by")}


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fill(template: bytes, fields: dict[str, str]) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(fields, autoescape=True)
    except TemplateError as e:
        raise InputError(f"告知书模板有误：{e.message or e}") from None
    except Exception as e:  # not a DOCX, or a damaged one
        raise InputError(f"告知书模板不是可用的 Word 文件（{type(e).__name__}）") from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
