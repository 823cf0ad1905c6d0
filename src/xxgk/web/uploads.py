"""Reports sent through the site: each file checked for size and kind, kept in the store, and read by the workers
(never in the web process), as a batch of jobs the page follows."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from django.db.models import Count
from django.urls import reverse

from ..corpus.models import FINISHED, Batch, JobState
from ..corpus.sources import items_of
from ..errors import InputError, ReadError
from ..jobs.app import broker_url
from ..read.registry import HEAD_BYTES, choose
from .models import Upload

MAX_FILES = 500
SHOWN = 1000  # files of a batch listed with its state


def refuse(upload) -> str | None:
    """Why an uploaded file is not taken (too large, or of no kind xxgk reads), or None."""
    limit = settings.XXGK_UPLOAD_MAX_BYTES
    if upload.size > limit:
        return f"{upload.name}：超过 {limit // 1024 // 1024} MB"
    if upload.size == 0:
        return f"{upload.name}：是空文件"
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        # an archive, a DOCX or an XLSX: the members are judged one by one by the workers
        valid = zipfile.is_zipfile(upload)
        upload.seek(0)
        return None if valid else f"{upload.name}：压缩包已损坏，无法打开"
    try:
        choose(head, upload.name)
    except ReadError:
        return f"{upload.name}：不是 xxgk 能读的文件（文本、网页、Word、Excel、PDF、图片或 zip 压缩包）"
    return None


def receive(uploads: list, user) -> Batch:
    """A batch of jobs for the uploaded files (an archive's members each a job), sent to the workers once it is
    recorded. InputError when no broker is set, when a file is refused, or when nothing is left to read."""
    broker_url()
    if not uploads:
        raise InputError("请选择要上传的文件")
    if len(uploads) > MAX_FILES:
        raise InputError(f"一次最多上传 {MAX_FILES} 个文件")
    refused = [why for upload in uploads if (why := refuse(upload))]
    if refused:
        raise InputError("；".join(refused[:5]) + ("……" if len(refused) > 5 else ""))
    from ..jobs.batches import enqueue

    with tempfile.TemporaryDirectory(prefix="xxgk-upload-") as folder:
        items = []
        for number, upload in enumerate(uploads):
            path = Path(folder) / f"{number}{Path(upload.name).suffix[:10]}"
            with open(path, "wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                items += items_of(path, shown=Path(upload.name).name)
            except zipfile.BadZipFile:
                raise InputError(f"{upload.name}：压缩包已损坏，无法打开") from None
        if not items:
            raise InputError("压缩包中没有文件")
        with transaction.atomic():
            batch = enqueue(items, note=f"网页上传（{user.get_username()}）")
            Upload.objects.create(batch=batch, user=user, files=len(uploads))
    return batch


def uploads_of(user, scope):
    """The uploads a user may follow: their own (an administrator: everyone's)."""
    query = Upload.objects.select_related("batch", "user")
    return query if scope.role == "admin" else query.filter(user=user)


def batch_state(upload: Upload, scope) -> dict:
    """How far the workers are with an upload: counts by state, and each file's state, the page of the report it
    became (where that report is within ``scope``), or why it failed."""
    jobs = list(upload.batch.jobs.order_by("pk")[:SHOWN])
    visible = set(scope.reports().filter(pk__in=[j.report_id for j in jobs if j.report_id])
                  .values_list("pk", flat=True))
    rows = [{"id": j.pk, "name": j.name, "state": j.state, "state_label": j.get_state_display(),
             "error": j.error or ("报告所属机关不在您的管辖范围内" if j.report_id and j.report_id not in visible else ""),
             "report": reverse("xxgk:report", args=[j.report_id]) if j.report_id in visible else None}
            for j in jobs]
    counts = dict(upload.batch.jobs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    total = sum(counts.values())
    finished = sum(counts.get(s, 0) for s in FINISHED)
    return {"batch": upload.batch_id, "total": total, "finished": finished, "done": finished == total,
            "counts": {JobState(s).label: n for s, n in counts.items()}, "jobs": rows}
