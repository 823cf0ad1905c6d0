"""The tasks. Each is idempotent: run twice, or again after a crash, it finds the work done or does it whole."""

from __future__ import annotations

import os
import socket
import threading

from celery.exceptions import Reject

from .app import app

RETRY_DELAYS = (2, 5, 15, 30, 60)  # seconds before each retry of a transient error (database, broker)
PARSE_LOCK_SECONDS = 1800  # the longest a task waits for another worker to finish the same file


@app.task(bind=True, name="xxgk.ingest_job", max_retries=len(RETRY_DELAYS))
def ingest_job(self, job_id: int) -> str:
    """Parse and store the file of one job, read by its hash from the store. One file is parsed once even when
    it arrives twice at the same moment: the parse runs under a lock on the hash."""
    from django.db import InterfaceError, OperationalError, close_old_connections

    from ..corpus.ingest import Outcome, ingest_item
    from ..corpus.matching import adopt_regions
    from ..corpus.models import FINISHED, Job, JobState
    from ..corpus.sources import Item
    from ..corpus.store import stored_path
    from django.utils import timezone

    close_old_connections()
    try:
        job = Job.objects.select_related("batch").filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return "nothing to do"
        Job.objects.filter(pk=job_id).update(state=JobState.RUNNING, started=timezone.now(),
                                             attempts=job.attempts + 1, worker=f"{socket.gethostname()}:{os.getpid()}")
        item = Item(str(stored_path(job.sha256)), shown=job.name)
        with _file_lock(job.sha256):
            result = ingest_item(item, reparse=job.batch.reparse)
        state = {Outcome.INGESTED: JobState.DONE, Outcome.SKIPPED: JobState.SKIPPED,
                 Outcome.FAILED: JobState.FAILED}[result.outcome]
        Job.objects.filter(pk=job_id).update(state=state, error=result.error, report_id=result.report_id,
                                             finished=timezone.now())
        if state == JobState.DONE:
            adopt_regions()
        return state
    except (OperationalError, InterfaceError) as e:  # the database went away for a moment: try again later
        close_old_connections()
        if self.request.retries >= len(RETRY_DELAYS):
            raise Reject(str(e), requeue=False)
        raise self.retry(exc=e, countdown=RETRY_DELAYS[self.request.retries])


class _file_lock:
    """A lock on one file's hash in the broker's Redis, held while the file is parsed and stored. It lives a short
    while and is renewed while the work goes on, so a worker that dies (kill -9, the machine gone) lets it go by
    itself and the task delivered again can take it."""

    def __init__(self, digest: str):
        import redis

        from .app import broker_url

        self.seconds = float(os.environ.get("XXGK_FILE_LOCK_SECONDS", "60"))
        self.lock = redis.Redis.from_url(broker_url()).lock(f"xxgk:file:{digest}", timeout=self.seconds,
                                                            blocking_timeout=PARSE_LOCK_SECONDS)
        self.done = threading.Event()

    def __enter__(self):
        if not self.lock.acquire():
            raise TimeoutError("another worker holds this file for too long")
        threading.Thread(target=self._renew, daemon=True).start()
        return self

    def _renew(self) -> None:
        from redis.exceptions import LockError, RedisError

        while not self.done.wait(self.seconds / 3):
            try:
                self.lock.reacquire()
            except (LockError, RedisError):
                return

    def __exit__(self, *exc):
        from redis.exceptions import LockError

        self.done.set()
        try:
            self.lock.release()
        except LockError:  # expired meanwhile: nothing to release
            pass
        return False


@app.task(name="xxgk.register_daily")
def register_daily() -> dict:
    """The register's daily work (fees lapsed, reminders sent), as of today in China."""
    from django.db import close_old_connections
    from django.utils import timezone

    from ..register.daily import run_daily

    close_old_connections()
    return run_daily(timezone.localdate()).as_dict()
