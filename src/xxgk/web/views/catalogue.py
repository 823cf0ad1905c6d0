"""The agency's proactive-disclosure catalogue: its items with their index numbers (as a listing, .json and
.csv too), a new item, an item repealed, the agency's 统一社会信用代码; and imports from a spreadsheet — catalogue
items, or the year's counts of table 二 — shown as a preview with each row's errors before anything is stored."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ...errors import InputError
from ...register import catalogue, imports
from ...register.models import Publication, YearEntry
from ..listing import Listing, respond
from . import scoped, year_of
from .register import officer_agency

PREVIEW = "xxgk-import"  # the session key of an import waiting for its confirmation


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "publisher", "published", "doc_number", "topic", "genre", "kind", "amends"]
        widgets = {"published": forms.DateInput(attrs={"type": "date"})}
        labels = {"title": "标题", "publisher": "发布机构", "published": "公开日期", "doc_number": "文号",
                  "topic": "主题分类", "genre": "体裁", "kind": "类别（表二）", "amends": "修订的文件"}

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amends"].queryset = Publication.objects.filter(
            agency=agency, kind__in=catalogue.KINDS, repealed=None)
        self.fields["amends"].required = False


@scoped(change=True)
def publications(request, fmt=None):
    agency = officer_agency(request)
    if request.method == "POST":
        return _post(request, agency)
    query = Publication.objects.filter(agency=agency)
    year = year_of(request, None)
    if year:
        query = query.filter(published__year=year)
    listing = Listing(
        "catalogue", "主动公开目录",
        [("index_no", "索引号"), ("title", "标题"), ("publisher", "发布机构"), ("published", "公开日期"),
         ("doc_number", "文号"), ("topic", "主题分类"), ("genre", "体裁"), ("kind", "类别"), ("validity", "时效")],
        query, _row)
    this_year = year or date.today().year
    return respond(request, listing, fmt, "xxgk/catalogue.html", {
        "agency": agency, "form": PublicationForm(agency=agency), "year": year,
        "counts": catalogue.counts(agency, this_year), "counts_year": this_year,
        "kinds": dict(Publication.KINDS), "repealable": query.filter(kind__in=catalogue.KINDS, repealed=None)})


def _row(item: Publication) -> dict:
    return {"id": item.pk, "index_no": item.index_no, "title": item.title, "publisher": item.publisher,
            "published": item.published.isoformat(), "doc_number": item.doc_number, "topic": item.topic,
            "genre": item.genre, "kind": item.get_kind_display(), "validity": item.validity}


def _post(request, agency):
    action = request.POST.get("action")
    try:
        if action == "credit_code":
            catalogue.set_credit_code(agency, request.POST.get("credit_code", ""))
            messages.success(request, "已记录统一社会信用代码")
        elif action == "repeal":
            item = get_object_or_404(Publication, agency=agency, pk=request.POST.get("item") or 0)
            item.repealed = date.fromisoformat(request.POST.get("date", ""))
            if item.repealed < item.published:
                raise InputError("废止日期早于公开日期")
            item.save(update_fields=["repealed"])
            messages.success(request, f"已记录废止：{item.title}")
        else:
            form = PublicationForm(request.POST, agency=agency)
            if not form.is_valid():
                raise InputError("；".join(f"{form.fields[k].label}：{v[0]}" if k in form.fields else v[0]
                                          for k, v in form.errors.items()))
            item = catalogue.publish(agency, **form.cleaned_data)
            messages.success(request, f"已登记 {item.index_no}")
    except ValueError:
        messages.error(request, "请填写日期")
    except InputError as e:
        messages.error(request, e.message)
    return redirect("xxgk:catalogue")


@scoped(change=True)
def import_rows(request):
    """A spreadsheet of catalogue items (``what=catalogue``) or of the year's counts (``what=counts``): a preview
    first, stored on confirmation."""
    agency = officer_agency(request)
    what = request.POST.get("what") or request.GET.get("what", "catalogue")
    year = year_of(request, date.today().year)
    posted = request.POST.get("year", "")
    if posted:
        if not (posted.isdigit() and 2008 <= int(posted) <= 2100):
            messages.error(request, f"年度不对：{posted}")
            return redirect(f"{reverse('xxgk:catalogue-import')}?what={what}")
        year = int(posted)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request, agency)
    rows = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise InputError("请选择文件")
            if upload.size > 5 * 1024 * 1024:
                raise InputError("文件超过 5 MB")
            sheet = imports.read_sheet(upload.name, upload.read())
            rows = (imports.count_rows if what == "counts" else imports.catalogue_rows)(sheet)
            if not rows:
                raise InputError("文件中没有数据行")
        except InputError as e:
            messages.error(request, e.message)
            rows = None
        if rows and not any(r.errors for r in rows):
            request.session[PREVIEW] = {"what": what, "year": year,
                                        "rows": [_stored(r.values) for r in rows]}
    columns = list(imports.CATALOGUE_COLUMNS) if what == "catalogue" else ["项目", "数值"]
    keys = list(imports.CATALOGUE_COLUMNS.values()) if what == "catalogue" else ["item", "value"]
    return render(request, "xxgk/import.html", {
        "what": what, "year": year, "columns": columns,
        "rows": [{"number": r.number, "cells": [r.values.get(k) for k in keys], "errors": r.errors}
                 for r in rows] if rows else None,
        "wrong": sum(1 for r in rows if r.errors) if rows else 0})


def _stored(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _confirm(request, agency):
    waiting = request.session.pop(PREVIEW, None)
    if not waiting:
        messages.error(request, "没有待确认的导入，请重新选择文件")
        return redirect("xxgk:catalogue-import")
    try:
        with transaction.atomic():
            if waiting["what"] == "counts":
                entry, _ = YearEntry.objects.get_or_create(agency=agency, year=waiting["year"])
                for row in waiting["rows"]:
                    key, column = imports.COUNT_ROWS[row["item"]]
                    entry.active.setdefault(key, {})[column] = row["value"]
                entry.save(update_fields=["active"])
                done = f"已导入 {waiting['year']} 年的 {len(waiting['rows'])} 项数量"
            else:
                for row in waiting["rows"]:
                    catalogue.publish(agency, **{k: date.fromisoformat(v) if k in ("published", "repealed") and v
                                                 else v for k, v in row.items()})
                done = f"已导入 {len(waiting['rows'])} 条目录"
    except InputError as e:
        messages.error(request, f"未导入：{e.message}")
        return redirect("xxgk:catalogue-import")
    messages.success(request, done)
    if waiting["what"] == "counts":
        return redirect(f"{reverse('xxgk:register-report')}?year={waiting['year']}")
    return redirect("xxgk:catalogue")
