"""The agency's register, for the agency's own staff only (applicants' personal data never leaves it, and every
view and change of an application is logged): the
applications with their deadlines (overdue, due soon, paused, answered), a new application, its events (补正
received, a pause, an extension, the answer), and table 三 of a year computed from it."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from auditlog.signals import accessed
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ...corpus import store
from ...corpus.services import finding_key
from ...errors import InputError
from ...register import catalogue, days, fees, letters
from ...register.book import annual_report as build_report
from ...register.book import deadline_of, requests_table, sentences, state_of
from ...register.calendar import CORRECTION_REQUEST_DAYS, THIRD_PARTY_DAYS, working_days_after
from ...register.models import Appeal, Application, Attachment, Pause, YearEntry, outcomes
from ...register.submission import STEPS, due, submission_of
from ...render import render as render_report
from ...template import load
from . import scoped, year_of

DUE_SOON = 5  # working days


def officer_agency(request):
    """The agency of the signed-in officer; the register is for no one else."""
    if request.scope.role != "agency":
        raise PermissionDenied("登记簿只对本机关的工作人员开放")
    return request.scope.agency


class ApplicationForm(forms.ModelForm):
    """A new application; the day it counts as received is found from its channel (第三十一条)."""

    class Meta:
        model = Application
        fields = ["number", "channel", "submitted", "confirmed", "applicant_kind", "applicant", "contact", "request"]
        widgets = {"submitted": forms.DateInput(attrs={"type": "date"}),
                   "confirmed": forms.DateInput(attrs={"type": "date"}), "request": forms.Textarea(attrs={"rows": 3})}
        labels = {"number": "编号", "channel": "方式", "submitted": "提交日期", "confirmed": "签收或确认日期",
                  "applicant_kind": "申请人类别", "applicant": "申请人", "contact": "联系方式", "request": "申请内容"}
        help_texts = {"submitted": "当面提交、寄出或在网上、传真提交之日",
                      "confirmed": "邮寄：本机关签收之日；平常信函、网络、传真：与申请人确认之日（当面提交不填）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted"].required = True

    def clean(self):
        data = super().clean()
        if data.get("channel") and data.get("submitted"):
            try:
                self.instance.received = Application.received_on(data["channel"], data["submitted"],
                                                                 data.get("confirmed"))
            except ValueError as e:
                self.add_error("confirmed", str(e))
        return data


@scoped(change=True)
def applications(request):
    """The agency's applications, newest first, 50 a page: where each stands is counted for the open ones (whose
    clock runs), the answered ones are counted by the database."""
    agency = officer_agency(request)
    calendar = days.load()
    today = date.today()
    within = request.GET.get("within", "")
    within = int(within) if within.isdigit() and 1 <= int(within) <= 60 else DUE_SOON
    soon = working_days_after(calendar, today, within).day
    query = Application.objects.filter(agency=agency).select_related("officer").prefetch_related("pauses") \
        .order_by("-received", "-pk")
    mine = request.GET.get("officer") == "me"
    if mine:
        query = query.filter(officer=request.user)

    def row(a):
        deadline = deadline_of(a, calendar)
        return {"application": a, "deadline": deadline, "state": state_of(a, deadline, today, soon)}

    unanswered = [row(a) for a in query.filter(answered=None)]
    counts = {s: sum(1 for r in unanswered if r["state"] == s) for s in ("overdue", "soon", "paused", "open")}
    counts["answered"] = query.exclude(answered=None).count()
    show = request.GET.get("state", "")
    if show in counts and show != "answered":
        shown = [r for r in unanswered if r["state"] == show]
    else:
        shown = query.exclude(answered=None) if show == "answered" else query
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    rows = [r if isinstance(r, dict) else row(r) for r in page.object_list]
    return render(request, "xxgk/register.html", {
        "agency": agency, "rows": rows, "counts": counts, "page": page, "show": show, "today": today,
        "mine": mine, "within": within})


@scoped(change=True)
def new_application(request):
    agency = officer_agency(request)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if Application.objects.filter(agency=agency, number=form.cleaned_data["number"]).exists():
            form.add_error("number", "这个编号已经用过")
        else:
            application = form.save(commit=False)
            application.agency, application.created_by = agency, request.user
            application.save()
            messages.success(request, f"已登记申请 {application.number}")
            return redirect("xxgk:application", pk=application.pk)
    return render(request, "xxgk/application_new.html", {"form": form})


@scoped(change=True)
def application(request, pk: int):
    agency = officer_agency(request)
    found = get_object_or_404(Application.objects.filter(agency=agency).prefetch_related("pauses"), pk=pk)
    if request.method == "POST":
        record = EVENTS.get(request.POST.get("event", ""))
        try:
            if record is None or (found.answered and record is not _assigned):
                raise InputError("这件申请已经答复" if found.answered else "未知的记录")
            messages.success(request, record(found, request.POST))
        except InputError as e:
            messages.error(request, e.message)
        return redirect("xxgk:application", pk=pk)
    accessed.send(Application, instance=found)  # a view of the applicant's data, logged
    calendar = days.load()
    return render(request, "xxgk/application.html", {
        "application": found, "deadline": deadline_of(found, calendar),
        "pay_by": fees.pay_by(calendar, found.fee_notice).day if found.awaiting_fee else None,
        "correction_by": working_days_after(calendar, found.received, CORRECTION_REQUEST_DAYS).day,
        "consultations": [(p, working_days_after(calendar, p.first, THIRD_PARTY_DAYS).day)
                          for p in found.pauses.all() if p.kind == "consultation"],
        "outcomes": outcomes(), "officers": _officers(agency),
        "letters": [(letter, letters.KINDS[letter.kind][0]) for letter in found.letters.defer("content")],
        "letter_kinds": [(k, letters.KINDS[k][0]) for k in letters.kinds_for(found)],
        "attachments": found.attachments.all(),
        "appeals": found.appeals.all(), "appeal_kinds": Appeal.KINDS, "appeal_results": Appeal.RESULTS})


def _day(post, key: str, application: Application) -> date:
    try:
        day = date.fromisoformat(post.get(key, ""))
    except ValueError:
        raise InputError("请填写日期") from None
    if day < application.received:
        raise InputError("日期早于收到申请的日期")
    return day


def _corrected(application: Application, post) -> str:
    application.corrected = _day(post, "date", application)
    application.save(update_fields=["corrected"])
    return "已记录收到补正：期限自此重新计算"


def _pause(application: Application, post) -> str:
    first, last = _day(post, "date", application), _day(post, "last", application)
    if last < first:
        raise InputError("结束日不能早于起始日")
    Pause.objects.create(application=application, kind="consultation", first=first, last=last,
                         party=post.get("party", "").strip()[:200])
    return "已记录征求意见：其间的工作日不计入期限"


def _extended(application: Application, post) -> str:
    application.extended = True
    application.save(update_fields=["extended"])
    return "已记录延长答复期限 20 个工作日"


def _answered(application: Application, post) -> str:
    if post.get("outcome") not in dict(outcomes()):
        raise InputError("请选择答复结果")
    application.answered, application.outcome = _day(post, "date", application), post["outcome"]
    application.save(update_fields=["answered", "outcome"])
    return "已记录答复"


def _fee_notice(application: Application, post) -> str:
    if application.fee_notice:
        raise InputError("已发出过收费通知")
    day = _day(post, "date", application)
    if post.get("basis") == "pages":
        try:
            pages = int(post.get("pages", ""))
        except ValueError:
            raise InputError("请填写页数") from None
        fee, basis = fees.by_pages(pages), f"按量：{pages} 页"
    else:
        ordinal = application.month_ordinal()
        fee, basis = fees.by_item(ordinal), f"按件：本月第 {ordinal} 件"
    if fee == 0:
        raise InputError(f"{basis}，不收费，无需发出收费通知")
    application.fee_notice, application.fee, application.fee_basis = day, fee, basis
    application.save(update_fields=["fee_notice", "fee", "fee_basis"])
    pay_by = fees.pay_by(days.load(), day).day
    return f"已记录收费通知：{fee} 元（{basis}），缴费期限 {pay_by.isoformat()}，其间不计入答复期限"


def _fee_paid(application: Application, post) -> str:
    if not application.fee_notice or application.fee_paid:
        raise InputError("没有待缴的费用")
    day = _day(post, "date", application)
    pay_by = fees.pay_by(days.load(), application.fee_notice).day
    if day < application.fee_notice or day > pay_by:
        raise InputError(f"缴费日期应在收费通知（{application.fee_notice.isoformat()}）与缴费期限"
                         f"（{pay_by.isoformat()}）之间")
    application.fee_paid = day
    application.save(update_fields=["fee_paid"])
    Pause.objects.create(application=application, kind="fee", first=application.fee_notice, last=day)
    return "已记录缴费：答复期限自此继续计算"


def _assigned(application: Application, post) -> str:
    officer = _officers(application.agency).filter(pk=post.get("officer") or 0).first()
    if officer is None:
        raise InputError("请选择本机关的经办人")
    application.officer = officer
    application.save(update_fields=["officer"])
    return f"已交由 {officer.get_username()} 办理"


def _officers(agency):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(access__role="agency", access__agency=agency, is_active=True)


# an event of an application's clock → how it is recorded (its message, or InputError saying what is wrong)
EVENTS = {"corrected": _corrected, "pause": _pause, "extended": _extended, "answered": _answered,
          "fee_notice": _fee_notice, "fee_paid": _fee_paid, "assigned": _assigned}


@scoped(change=True)
def year_table(request):
    """Table 三 of a year as the register gives it, in the national layout's rows."""
    agency = officer_agency(request)
    year = year_of(request, date.today().year)
    table = requests_table(agency, year)
    spec = load("2021").requests
    labels = {r.key: r.label for r in spec.rows}
    columns = [(c.key, c.label) for c in spec.columns]
    rows = [(labels[key], [values[c] for c, _ in columns]) for key, values in table.items()]
    return render(request, "xxgk/register_table.html", {"year": year, "rows": rows, "columns": columns,
                                                        "agency": agency})


NARRATIVE = ("overview", "problems", "other")  # the sections the officer writes (二 to 四 are the tables)


def _active_cells():
    """Table 二's cells as (path key "row.column", row label, column label, amount?)."""
    spec = load("2021").active
    return [(f"{row.key}.{column}", row.label, spec.column(column).label, spec.column(column).amount)
            for row in spec.rows for column in row.columns]


@scoped(change=True)
def annual_report(request):
    """The year's report from the register: table 二 and the narrative entered here, 三 and 四 counted, xxgk's own
    checks on it, and the report as DOCX, HTML or PDF in the national layout."""
    agency = officer_agency(request)
    year = year_of(request, date.today().year)
    if request.method == "POST":
        active, wrong = {}, []
        for key, row_label, column_label, amount in _active_cells():
            value = request.POST.get(key, "").strip()
            if not value:
                continue
            try:
                number = float(value) if amount else int(value)
            except ValueError:
                wrong.append(f"{row_label}·{column_label}")
                continue
            row, column = key.split(".")
            active.setdefault(row, {})[column] = number
        if wrong:
            messages.error(request, "这些单元格应填数字：" + "、".join(wrong))
        else:
            YearEntry.objects.update_or_create(agency=agency, year=year, defaults={
                "active": active, "sections": {k: request.POST.get(k, "").strip() for k in NARRATIVE
                                               if request.POST.get(k, "").strip()}})
            messages.success(request, f"已保存 {year} 年度报告的表二和正文")
        return redirect(f"{request.path}?year={year}")
    report = build_report(agency, year)
    sent = submission_of(agency, year)
    counted = catalogue.counts(agency, year)
    cells = [{"key": key, "row": row, "column": column, "amount": amount, "value": report.cell(f"active.{key}"),
              "counted": counted.get(key.split(".")[0], {}).get(key.split(".")[1]) is not None}
             for key, row, column, amount in _active_cells()]
    return render(request, "xxgk/register_report.html", {
        "agency": agency, "year": year, "report": report, "cells": cells,
        "sections": [(k, load("2021").sections[k], report.sections.get(k, "")) for k in NARRATIVE],
        "errors": [{"finding": f, "key": finding_key(f), "explanation": sent.explanations.get(finding_key(f), "")}
                   for f in report.findings if f.severity == "error"],
        "sentences": sentences(report), "submission": sent, "events": sent.events.select_related("made_by") if sent.pk else [],
        "due": due(agency, year), "may_submit": sent.state in STEPS["submit"]})


@scoped(change=True)
def annual_report_file(request, year: int, fmt: str):
    agency = officer_agency(request)
    types = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
    year = int(year)
    response = HttpResponse(render_report(build_report(agency, year), fmt), content_type=types[fmt])
    name = f"{agency.name}{year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def own_application(request, pk: int) -> Application:
    """One of the officer's agency's applications (404 for any other)."""
    return get_object_or_404(Application.objects.filter(agency=officer_agency(request)), pk=pk)


@require_POST
@scoped(change=True)
def record_appeal(request, pk: int):
    """A 行政复议 or 行政诉讼 on the application's decision, with its result when decided."""
    found = own_application(request, pk)
    agency = found.agency
    kinds, results = dict(Appeal.KINDS), dict(Appeal.RESULTS)
    try:
        filed = date.fromisoformat(request.POST.get("filed", ""))
        decided = date.fromisoformat(request.POST["decided"]) if request.POST.get("decided") else None
    except ValueError:
        messages.error(request, "请填写日期")
        return redirect("xxgk:application", pk=pk)
    kind, result = request.POST.get("kind", ""), request.POST.get("result", "")
    if kind not in kinds or (result and result not in results) or bool(result) != bool(decided):
        messages.error(request, "请选择类别；有结果时须同时填写结果和审结日期")
    elif decided is not None and decided < filed:
        messages.error(request, "审结日期早于提起日期")
    else:
        Appeal.objects.create(agency=agency, application=found, kind=kind, filed=filed, result=result,
                              decided=decided)
        messages.success(request, f"已记录{kinds[kind]}")
    return redirect("xxgk:application", pk=pk)


@require_POST
@scoped(change=True)
def attach(request, pk: int):
    """Files that came with the application, kept in the store."""
    found = own_application(request, pk)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "请选择文件")
    elif any(f.size > settings.XXGK_UPLOAD_MAX_BYTES for f in files):
        messages.error(request, f"单个文件不能超过 {settings.XXGK_UPLOAD_MAX_BYTES // 1024 // 1024} MB")
    else:
        for upload in files:
            data = upload.read()
            digest = store.sha256(data)
            store.keep(data, digest)
            Attachment.objects.create(application=found, name=upload.name[:255], sha256=digest, size=len(data),
                                      added_by=request.user)
        messages.success(request, f"已附上 {len(files)} 个文件")
    return redirect("xxgk:application", pk=pk)


@scoped(change=True)
def attachment(request, pk: int):
    """One attachment, downloaded (and the view logged, as any view of an applicant's data)."""
    found = get_object_or_404(Attachment.objects.filter(application__agency=officer_agency(request)), pk=pk)
    accessed.send(Attachment, instance=found)
    response = FileResponse(store.open_original(found.sha256), as_attachment=True, filename=found.name,
                            content_type="application/octet-stream")
    response["Content-Security-Policy"] = "sandbox"
    return response
