"""Batches of jobs: files put in the store and queued, agencies to check across years, exports (the tasks sent
once the batch is committed); retried, cancelled, and counted."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.db.models import Count

from ..corpus import store
from ..corpus.models import FINISHED, Batch, Job, JobKind, JobState
from .app import broker_url


def enqueue(items, *, reparse: bool = False, note: str = "", on_item=None) -> Batch:
    """A batch with one job per item: each file is kept in the store by its hash first, so any worker can read
    it; the tasks are sent once the batch is in the database."""
    broker_url()
    kept = []
    for item in items:
        data = item.read_bytes()
        digest = store.sha256(data)
        store.keep(data, digest)
        kept.append(Job(kind=JobKind.REPARSE if reparse else JobKind.INGEST, name=str(item)[:500], sha256=digest))
        on_item and on_item(item)
    return _batch(kept, note=note)


def enqueue_stored(sources, *, note: str = "") -> Batch:
    """A batch that reads again, with the current parser, files already in the store (``(name, sha256)`` pairs)."""
    broker_url()
    return _batch([Job(kind=JobKind.REPARSE, name=name[:500], sha256=digest) for name, digest in sources],
                  note=note)


def enqueue_rechecks(agencies, *, note: str = "") -> Batch:
    """A batch that checks each agency's years against each other afresh, one job per agency."""
    broker_url()
    return _batch([Job(kind=JobKind.RECHECK, name=a.name[:500], agency=a) for a in agencies], note=note)


def enqueue_export(name: str, params: dict) -> Batch:
    """A batch of one export (``params``: fmt, wide, region, year), written to the store of exports as ``name``."""
    broker_url()
    return _batch([Job(kind=JobKind.EXPORT, name=name[:500], params=params)], note="export")


def _batch(jobs: list[Job], *, note: str = "") -> Batch:
    with transaction.atomic():
        batch = Batch.objects.create(note=note[:200])
        for job in jobs:
            job.batch = batch
        created = Job.objects.bulk_create(jobs)
        transaction.on_commit(lambda: _send([(j.pk, j.kind) for j in created]))
    return batch


def _send(jobs: list[tuple[int, str]]) -> None:
    """One task per job, of the job's kind. With the broker out of reach the jobs stay queued and unsent;
    ``retry`` sends them."""
    from kombu.exceptions import OperationalError

    from .tasks import TASKS

    for job_id, kind in jobs:
        try:
            task = TASKS[kind].delay(job_id)
        except OperationalError:
            return
        Job.objects.filter(pk=job_id).update(task_id=task.id)


def unsent(batch: Batch) -> int:
    """How many jobs of the batch wait without having been sent (the broker was out of reach)."""
    return batch.jobs.filter(state=JobState.QUEUED, task_id="").count()


def retry(batch: Batch) -> int:
    """Queue again the failed jobs of a batch, and send again those still waiting (never sent while the broker
    was out of reach, or lost with a broker that keeps nothing on disk); how many. A job delivered twice is done
    once."""
    broker_url()
    with transaction.atomic():
        ids = list(batch.jobs.filter(state__in=[JobState.FAILED, JobState.QUEUED]).values_list("pk", "kind"))
        Job.objects.filter(pk__in=[pk for pk, _ in ids]).update(state=JobState.QUEUED, error="", started=None,
                                                                 finished=None)
        transaction.on_commit(lambda: _send(ids))
    return len(ids)


def cancel(batch: Batch) -> int:
    """Stop the jobs of a batch not yet begun; how many. A job already running finishes."""
    from .app import app

    ids = list(batch.jobs.filter(state=JobState.QUEUED).values_list("pk", "task_id"))
    Job.objects.filter(pk__in=[pk for pk, _ in ids], state=JobState.QUEUED).update(state=JobState.CANCELLED)
    for _, task_id in ids:
        if task_id:
            app.control.revoke(task_id)
    return len(ids)


def download(batch: Batch, path: str) -> int:
    """Copy the batch's export out of the store of exports to ``path``, written whole; its size. One line when
    the batch has no export or it is not made yet."""
    import os
    import shutil
    import tempfile

    from ..errors import InputError

    job = batch.jobs.filter(kind=JobKind.EXPORT).first()
    if job is None:
        raise InputError(f"批次 {batch.pk} 不是导出")
    if job.state != JobState.DONE:
        reason = f"：{job.error}" if job.error else ""
        raise InputError(f"批次 {batch.pk} 的导出尚未完成（{JobState(job.state).label}{reason}）")
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with store.open_export(job.output) as source, os.fdopen(fd, "wb") as target:
            shutil.copyfileobj(source, target)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return os.path.getsize(path)


def batches() -> list[dict]:
    """Each batch with its kind of work and its count of jobs in each state, the latest first."""
    counts: dict[int, Counter] = {}
    kinds: dict[int, set] = {}
    for batch_id, kind, state, n in Job.objects.values_list("batch_id", "kind", "state").annotate(n=Count("pk")):
        counts.setdefault(batch_id, Counter())[state] += n
        kinds.setdefault(batch_id, set()).add(kind)
    return [{"id": b.pk, "created": timezone.localtime(b.created).isoformat(timespec="seconds"),
             "kind": ",".join(sorted(kinds.get(b.pk, ()))), "total": sum(counts.get(b.pk, {}).values()),
             **{s.value: counts.get(b.pk, Counter())[s.value] for s in JobState}}
            for b in Batch.objects.all()]


def jobs(batch: Batch) -> list[dict]:
    return [{"id": j.pk, "kind": j.kind, "file": j.name, "state": j.state, "attempts": j.attempts,
             "worker": j.worker, "report_id": j.report_id, "output": j.output or None, "error": j.error or None,
             "seconds": _seconds(j.started, j.finished)}
            for j in batch.jobs.all()]


def _seconds(started, finished) -> float | None:
    return round((finished - started).total_seconds(), 3) if started and finished else None


def done(batch: Batch) -> bool:
    return not batch.jobs.exclude(state__in=FINISHED).exists()


def stats() -> list[dict]:
    """Per kind of task: how many jobs in each state, the median and longest seconds a finished one took, and
    the reason most failures gave."""
    import statistics

    rows = {}
    for kind, state, started, finished, error in Job.objects.values_list("kind", "state", "started", "finished",
                                                                          "error"):
        row = rows.setdefault(kind, {"states": Counter(), "times": [], "errors": Counter()})
        row["states"][state] += 1
        if state in (JobState.DONE, JobState.SKIPPED) and _seconds(started, finished) is not None:
            row["times"].append(_seconds(started, finished))
        if state == JobState.FAILED:
            row["errors"][error] += 1
    return [{"kind": kind, "jobs": sum(r["states"].values()),
             **{s.value: r["states"][s.value] for s in JobState},
             "median_seconds": round(statistics.median(r["times"]), 3) if r["times"] else None,
             "longest_seconds": max(r["times"]) if r["times"] else None,
             "top_error": r["errors"].most_common(1)[0][0] if r["errors"] else None}
            for kind, r in sorted(rows.items(), key=lambda kv: list(JobKind.values).index(kv[0]))]
