"""Upload: files or a zip dropped on the page, sent to the workers; the batch's page shows each file's progress and
result as it arrives (the page asks ``.json`` every two seconds until every file is finished)."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ...errors import InputError
from ..uploads import batch_state, receive, uploads_of
from . import scoped

@scoped(supervise=True)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST":
        try:
            batch = receive(request.FILES.getlist("files"), request.user)
        except InputError as e:
            messages.error(request, e.message)
            return redirect("xxgk:upload")
        return redirect("xxgk:batch", pk=batch.pk)
    return render(request, "xxgk/upload.html",
                  {"recent": uploads_of(request.user, request.scope).select_related("batch", "user")[:10]})


@scoped(supervise=True)
def batch(request, pk: int, fmt=None):
    """One upload's files: state, the report each became (where it is within the user's scope), or why it failed."""
    upload = get_object_or_404(uploads_of(request.user, request.scope), batch_id=pk)
    state = batch_state(upload, request.scope)
    if fmt == "json":
        return JsonResponse(state, json_dumps_params={"ensure_ascii": False})
    return render(request, "xxgk/batch.html", {"upload": upload, **state,
                                               "json_url": reverse("xxgk:batch-json", kwargs={"pk": pk, "fmt": "json"})})
