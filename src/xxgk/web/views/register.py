"""The agency's register, for the agency's own staff only (applicants' personal data never leaves it, and every
view and change of an application is logged): the
applications with their deadlines (overdue, due soon, paused, answered), a new application, its events (补正
received, a pause, an extension, the answer), and table 三 of a year computed from it."""

from __future__ import annotations

from datetime import date

from auditlog.signals import accessed
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from ...register import days
from ...register.book import deadline_of, requests_table
from ...register.calendar import working_days_after
from ...register.models import Application, Pause, outcomes
from ...template import load
from . import scoped, year_of

DUE_SOON = 5  # working days


def _agency(request):
    if request.scope.role != "agency":
        raise PermissionDenied("登记簿只对本机关的工作人员开放")
    return request.scope.agency


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["number", "received", "channel", "applicant_kind", "applicant", "contact", "request"]
        widgets = {"received": forms.DateInput(attrs={"type": "date"}), "request": forms.Textarea(attrs={"rows": 3})}
        labels = {"number": "编号", "received": "收到日期", "channel": "方式", "applicant_kind": "申请人类别",
                  "applicant": "申请人", "contact": "联系方式", "request": "申请内容"}


@scoped(change=True)
def applications(request):
    agency = _agency(request)
    calendar = days.load()
    today = date.today()
    soon = working_days_after(calendar, today, DUE_SOON).day
    rows = []
    for a in Application.objects.filter(agency=agency).prefetch_related("pauses").order_by("-received", "-pk")[:500]:
        deadline = deadline_of(a, calendar)
        paused = any(p.first <= today <= p.last for p in a.pauses.all())
        state = "answered" if a.answered else "overdue" if deadline.day < today else "paused" if paused \
            else "soon" if deadline.day <= soon else "open"
        rows.append({"application": a, "deadline": deadline, "state": state})
    show = request.GET.get("state", "")
    counts = {s: sum(1 for r in rows if r["state"] == s) for s in ("overdue", "soon", "paused", "open", "answered")}
    return render(request, "xxgk/register.html", {
        "agency": agency, "rows": [r for r in rows if not show or r["state"] == show], "counts": counts,
        "show": show, "today": today})


@scoped(change=True)
def new_application(request):
    agency = _agency(request)
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
    agency = _agency(request)
    found = get_object_or_404(Application.objects.filter(agency=agency).prefetch_related("pauses"), pk=pk)
    if request.method == "POST":
        event = request.POST.get("event")
        try:
            on = date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            messages.error(request, "请填写日期")
            return redirect("xxgk:application", pk=pk)
        if on < found.received:
            messages.error(request, "日期早于收到申请的日期")
        elif event == "corrected":
            found.corrected = on
            found.save(update_fields=["corrected"])
            messages.success(request, "已记录收到补正：期限自此重新计算")
        elif event == "pause":
            try:
                last = date.fromisoformat(request.POST.get("last", ""))
            except ValueError:
                last = None
            if last is None or last < on:
                messages.error(request, "暂停的结束日应不早于起始日")
            else:
                Pause.objects.create(application=found, kind=request.POST.get("kind", "consultation"),
                                     first=on, last=last)
                messages.success(request, "已记录暂停：其间的工作日不计入期限")
        elif event == "extended":
            found.extended = True
            found.save(update_fields=["extended"])
            messages.success(request, "已记录延长答复期限 20 个工作日")
        elif event == "answered" and request.POST.get("outcome") in dict(outcomes()):
            found.answered, found.outcome = on, request.POST["outcome"]
            found.save(update_fields=["answered", "outcome"])
            messages.success(request, "已记录答复")
        else:
            messages.error(request, "请选择答复结果")
        return redirect("xxgk:application", pk=pk)
    accessed.send(Application, instance=found)  # a view of the applicant's data, logged
    return render(request, "xxgk/application.html", {
        "application": found, "deadline": deadline_of(found, days.load()), "outcomes": outcomes()})


@scoped(change=True)
def year_table(request):
    """Table 三 of a year as the register gives it, in the national layout's rows."""
    agency = _agency(request)
    year = year_of(request, date.today().year)
    table = requests_table(agency, year)
    spec = load("2021").requests
    labels = {r.key: r.label for r in spec.rows}
    columns = [(c.key, c.label) for c in spec.columns]
    rows = [(labels[key], [values[c] for c, _ in columns]) for key, values in table.items()]
    return render(request, "xxgk/register_table.html", {"year": year, "rows": rows, "columns": columns,
                                                        "agency": agency})
