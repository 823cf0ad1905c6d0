"""Upload: files or a zip dropped on the page, sent to the workers; the batch's page shows each file's progress and
result as it arrives (the page asks ``.json`` every two seconds until every file is finished)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ...corpus.models import FINISHED, JobState
from ...errors import InputError
from ..models import Upload
from ..uploads import receive
from . import scoped

SHOWN = 1000  # files of a batch listed on its page


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
    return render(request, "xxgk/upload.html", {"recent": _uploads(request).select_related("batch", "user")[:10]})


def _uploads(request):
    """The uploads a user may follow: their own (an administrator: everyone's)."""
    query = Upload.objects.all()
    return query if request.scope.role == "admin" else query.filter(user=request.user)


@scoped(supervise=True)
def batch(request, pk: int, fmt=None):
    """One upload's files: state, the report each became (where it is within the user's scope), or why it failed."""
    upload = get_object_or_404(_uploads(request).select_related("batch"), batch_id=pk)
    jobs = list(upload.batch.jobs.order_by("pk")[:SHOWN])
    visible = set(request.scope.reports().filter(pk__in=[j.report_id for j in jobs if j.report_id])
                  .values_list("pk", flat=True))
    rows = [{"id": j.pk, "name": j.name, "state": j.state, "state_label": j.get_state_display(),
             "error": j.error or ("报告所属机关不在您的管辖范围内" if j.report_id and j.report_id not in visible else ""),
             "report": reverse("xxgk:report", args=[j.report_id]) if j.report_id in visible else None}
            for j in jobs]
    counts = dict(upload.batch.jobs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    total = sum(counts.values())
    finished = sum(counts.get(s, 0) for s in FINISHED)
    summary = {"total": total, "finished": finished, "done": finished == total,
               "counts": {JobState(s).label: n for s, n in counts.items()}}
    if fmt == "json":
        return JsonResponse({"batch": pk, **summary, "jobs": rows}, json_dumps_params={"ensure_ascii": False})
    return render(request, "xxgk/batch.html", {"upload": upload, "jobs": rows, **summary,
                                               "json_url": reverse("xxgk:batch-json", kwargs={"pk": pk, "fmt": "json"})})
