"""A supervisor's decisions about agencies, on the agency's page: merge another agency into it (the other becomes a
name of it), split names off it, and undo either — each recorded with who and when."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ...corpus.models import AgencyChange
from ...corpus.services import merge_agencies, split_agency, undo_change
from ...errors import InputError
from . import scoped


@require_POST
@scoped(supervise=True)
def merge(request, pk: int):
    agencies = request.scope.agencies()
    keep = get_object_or_404(agencies, pk=pk)
    other_id = request.POST.get("other", "")
    other = get_object_or_404(agencies, pk=int(other_id)) if other_id.isdigit() else None
    if other is None:
        messages.error(request, "请选择要并入的机关")
        return redirect("xxgk:agency", pk=pk)
    try:
        with transaction.atomic():
            change = merge_agencies(keep, other, user=request.user)
    except InputError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"{change.summary}（变更 {change.pk}，可撤销）")
    return redirect("xxgk:agency", pk=pk)


@require_POST
@scoped(supervise=True)
def split(request, pk: int):
    agency = get_object_or_404(request.scope.agencies(), pk=pk)
    names = request.POST.getlist("names")
    if not names:
        messages.error(request, "请勾选要分出的名称")
        return redirect("xxgk:agency", pk=pk)
    try:
        change = split_agency(agency, names, user=request.user)
    except InputError as e:
        messages.error(request, e.message)
        return redirect("xxgk:agency", pk=pk)
    messages.success(request, f"{change.summary}（变更 {change.pk}，可撤销）")
    return redirect("xxgk:agency", pk=pk)


@require_POST
@scoped(supervise=True)
def undo(request, pk: int):
    """Undo a change whose agencies are all within the user's scope."""
    change = get_object_or_404(AgencyChange, pk=pk)
    visible = set(request.scope.agencies().values_list("pk", flat=True))
    touched = {i for i in (change.agency_id, change.other_id) if i is not None}
    if not touched or not touched <= visible:
        raise Http404("没有这项变更")
    try:
        undoing = undo_change(change, user=request.user)
    except InputError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已撤销变更 {change.pk}：{undoing.summary}")
    return redirect("xxgk:agency", pk=change.agency_id)
