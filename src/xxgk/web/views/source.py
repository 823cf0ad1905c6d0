"""The published file behind a report: a web page or text in a sandboxed frame, a PDF's pages as images with the
places of the findings boxed."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from .. import source
from . import scoped

# a stored page is somebody else's HTML: it may show itself, but run nothing and reach nothing
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


def _version(request, pk: int):
    report = get_object_or_404(request.scope.reports().select_related("current__source"), pk=pk)
    return report.current


@scoped
def original(request, pk: int):
    version = _version(request, pk)
    data = source.original(version)
    kind = source.kind(data)
    if kind == "html":
        response = HttpResponse(data, content_type="text/html")
        response["Content-Security-Policy"] = SANDBOX
    else:
        response = HttpResponse(data, content_type="application/pdf" if kind == "pdf" else
                                "application/octet-stream")
        response["Content-Disposition"] = "inline" if kind == "pdf" else "attachment"  # (a scan: its pages below)
        response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, max-age=3600"
    return response


@scoped
def page(request, pk: int, number: int):
    """Page ``number`` of the report's PDF or scan, with a box around the places its findings point at (only the places of
    ``?finding=`` when given)."""
    version = _version(request, pk)
    data = source.original(version)
    if source.kind(data) not in ("pdf", "image"):
        raise Http404("原文不是 PDF 或扫描图片")
    findings = version.findings.all()
    chosen = request.GET.get("finding", "")
    if chosen.isdigit():
        findings = findings.filter(pk=int(chosen))
    boxes = [box for _, box in source.boxes_by_page(findings).get(number, [])]
    image = source.page_image(data, number, boxes)
    if image is None:
        raise Http404("没有这一页")
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
