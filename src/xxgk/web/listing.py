"""Every listing a permalink: its filters in the query string, the page as HTML, and the same rows as ``.json``
(a page, with the address of the next) or ``.csv`` (every row, streamed, with a BOM so that Excel reads Chinese)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import islice
from typing import Callable

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
FORMATS = (None, "json", "csv")
CHUNK = 2000  # objects read at a time for a CSV of every row


@dataclass
class Listing:
    """``columns`` (key, heading) of the rows ``row`` makes from each object of ``query``; ``link`` gives the
    address a row's first column points at."""

    name: str
    title: str
    columns: list[tuple[str, str]]
    query: object
    row: Callable[[object], dict]
    link: Callable[[dict], str] | None = None

    def rows(self, objects) -> list[dict]:
        return [self.row(o) for o in objects]


def page_size(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("size", PAGE_SIZE)), MAX_PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE


def respond(request: HttpRequest, listing: Listing, fmt: str | None, template: str = "xxgk/listing.html",
            context: dict | None = None) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("未知的格式")
    if fmt == "csv":
        return _csv(listing)
    paginator = Paginator(listing.query, page_size(request))
    page = paginator.get_page(request.GET.get("page"))
    rows = listing.rows(page.object_list)
    if fmt == "json":
        return JsonResponse({"rows": rows, "total": paginator.count, "page": page.number,
                             "pages": paginator.num_pages,
                             "next": _with(request, page=page.next_page_number()) if page.has_next() else None},
                            json_dumps_params={"ensure_ascii": False})
    shown = [{"link": listing.link(row) if listing.link else None,
              "cells": [_shown(row.get(key)) for key, _ in listing.columns]} for row in rows]
    return render(request, template, {
        "listing": listing, "rows": shown, "page": page, "paginator": paginator,
        "json_url": _suffixed(request, "json"), "csv_url": _suffixed(request, "csv"),
        "previous_url": _with(request, page=page.previous_page_number()) if page.has_previous() else None,
        "next_url": _with(request, page=page.next_page_number()) if page.has_next() else None,
        **(context or {})})


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return str(value)


def _csv(listing: Listing) -> StreamingHttpResponse:
    keys = [key for key, _ in listing.columns]

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"
        writer.writerow(keys)
        objects = listing.query.iterator(chunk_size=CHUNK) if hasattr(listing.query, "iterator") \
            else iter(listing.query)
        while chunk := list(islice(objects, CHUNK)):
            for row in listing.rows(chunk):
                writer.writerow([_cell(row.get(k)) for k in keys])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{listing.name}.csv"'
    return response


def _cell(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


def _with(request: HttpRequest, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"{request.path}?{query.urlencode()}"


def _suffixed(request: HttpRequest, fmt: str) -> str:
    path = request.path.rstrip("/")
    for old in ("json", "csv"):
        path = path.removesuffix("." + old)
    query = request.GET.copy()
    if fmt == "csv":  # (a CSV holds every row: no page)
        query.pop("page", None)
    return f"{path}.{fmt}" + (f"?{query.urlencode()}" if query else "")
