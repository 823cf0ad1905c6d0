"""Batches of jobs: files put in the store and queued (the tasks sent once the batch is committed), retried,
cancelled, and counted."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.db.models import Count

from ..corpus import store
from ..corpus.models import FINISHED, Batch, Job, JobState
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
        kept.append((str(item), digest))
        on_item and on_item(item)
    with transaction.atomic():
        batch = Batch.objects.create(reparse=reparse, note=note[:200])
        jobs = Job.objects.bulk_create([Job(batch=batch, name=name[:500], sha256=digest) for name, digest in kept])
        transaction.on_commit(lambda: _send([j.pk for j in jobs]))
    return batch


def enqueue_stored(sources, *, note: str = "") -> Batch:
    """A batch that reads again, with the current parser, files already in the store (``(name, sha256)`` pairs)."""
    broker_url()
    with transaction.atomic():
        batch = Batch.objects.create(reparse=True, note=note[:200])
        jobs = Job.objects.bulk_create([Job(batch=batch, name=name[:500], sha256=digest) for name, digest in sources])
        transaction.on_commit(lambda: _send([j.pk for j in jobs]))
    return batch


def _send(job_ids: list[int]) -> None:
    """One task per job. With the broker out of reach the jobs stay queued and unsent; ``retry`` sends them."""
    from kombu.exceptions import OperationalError

    from .tasks import ingest_job

    for job_id in job_ids:
        try:
            task = ingest_job.delay(job_id)
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
        ids = list(batch.jobs.filter(state__in=[JobState.FAILED, JobState.QUEUED]).values_list("pk", flat=True))
        Job.objects.filter(pk__in=ids).update(state=JobState.QUEUED, error="", started=None, finished=None)
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


def batches() -> list[dict]:
    """Each batch with its count of jobs in each state, the latest first."""
    counts: dict[int, Counter] = {}
    for batch_id, state, n in Job.objects.values_list("batch_id", "state").annotate(n=Count("pk")):
        counts.setdefault(batch_id, Counter())[state] = n
    return [{"id": b.pk, "created": timezone.localtime(b.created).isoformat(timespec="seconds"), "total": sum(counts.get(b.pk, {}).values()),
             **{s.value: counts.get(b.pk, Counter())[s.value] for s in JobState}}
            for b in Batch.objects.all()]


def jobs(batch: Batch) -> list[dict]:
    return [{"id": j.pk, "file": j.name, "state": j.state, "attempts": j.attempts, "worker": j.worker,
             "report_id": j.report_id, "error": j.error or None,
             "seconds": round((j.finished - j.started).total_seconds(), 3) if j.finished and j.started else None}
            for j in batch.jobs.all()]


def done(batch: Batch) -> bool:
    return not batch.jobs.exclude(state__in=FINISHED).exists()


def stats() -> list[dict]:
    """Per state: how many jobs, and for finished ones the median and longest seconds a job took."""
    import statistics

    times: dict[str, list[float]] = {}
    for state, started, finished in Job.objects.values_list("state", "started", "finished"):
        times.setdefault(state, [])
        if started and finished:
            times[state].append((finished - started).total_seconds())
    return [{"state": state, "jobs": Job.objects.filter(state=state).count(),
             "median_seconds": round(statistics.median(t), 3) if t else None,
             "longest_seconds": round(max(t), 3) if t else None} for state, t in sorted(times.items())]
