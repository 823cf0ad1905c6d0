"""The tasks. Each is idempotent: run twice, or again after a crash, it finds the work done or does it whole."""

from __future__ import annotations

import os
import socket
import threading
import time

from celery.exceptions import Reject

from .app import app

RETRY_DELAYS = (2, 5, 15, 30, 60)  # seconds before each retry of a transient error (database, broker)
LOCK_RETRY_DELAYS = (1, 2, 4, 8)  # seconds between tries to take a file's lock while the broker cannot be reached
PARSE_LOCK_SECONDS = 1800  # the longest a task waits for another worker to finish the same file


@app.task(bind=True, name="xxgk.ingest_job", max_retries=len(RETRY_DELAYS))
def ingest_job(self, job_id: int) -> str:
    """Parse and store the file of one job, read by its hash from the store. One file is parsed once even when
    it arrives twice at the same moment: the parse runs under a lock on the hash. A problem of the moment (the
    database, the store of originals or the broker out of reach) puts the job back in the queue for a later try;
    a problem of the file fails it at once."""
    from django.db import close_old_connections
    from django.utils import timezone

    from ..corpus.ingest import Outcome, ingest_item
    from ..corpus.matching import adopt_regions
    from ..corpus.models import FINISHED, Job, JobState
    from ..corpus.sources import Item

    close_old_connections()
    try:
        job = Job.objects.select_related("batch").filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return "nothing to do"
        with _file_lock(job.sha256):
            job.refresh_from_db()  # a second delivery of the same job waited for the first: it is done
            if job.state in FINISHED:
                return "nothing to do"
            Job.objects.filter(pk=job_id).update(state=JobState.RUNNING, started=timezone.now(),
                                                 attempts=job.attempts + 1,
                                                 worker=f"{socket.gethostname()}:{os.getpid()}")
            result = ingest_item(Item.stored(job.sha256, job.name), reparse=job.batch.reparse)
        state = {Outcome.INGESTED: JobState.DONE, Outcome.SKIPPED: JobState.SKIPPED,
                 Outcome.FAILED: JobState.FAILED}[result.outcome]
        Job.objects.filter(pk=job_id).update(state=state, error=result.error, report_id=result.report_id,
                                             finished=timezone.now())
        if state == JobState.DONE:
            adopt_regions()
        return state
    except transient_errors() as e:
        close_old_connections()
        if self.request.retries >= len(RETRY_DELAYS):
            _fail(job_id, f"多次重试仍未成功（{one_line(e)}）")
            raise Reject(str(e), requeue=False)
        _back_in_queue(job_id)
        raise self.retry(exc=e, countdown=RETRY_DELAYS[self.request.retries])
    except Exception as e:  # a bug: the job says so rather than stay running
        _fail(job_id, f"程序错误（{one_line(e)}）")
        raise


def transient_errors() -> tuple[type[BaseException], ...]:
    """What a later try may not meet: the database connection lost, the store of originals or the broker's Redis
    out of reach for a while."""
    from django.db import InterfaceError, OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError

    from ..corpus.store import Unavailable

    return (OperationalError, InterfaceError, Unavailable, RedisConnectionError, RedisTimeoutError)


def one_line(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text.splitlines()[0]}" if text else type(error).__name__


def _back_in_queue(job_id: int) -> None:
    """The job waits again (shown as queued) until its retry; when even the database cannot be told, the retry
    finds the job running and does it again, which is the same."""
    from ..corpus.models import Job, JobState

    try:
        Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(state=JobState.QUEUED, started=None)
    except transient_errors():
        pass


def _fail(job_id: int, reason: str) -> None:
    from django.utils import timezone

    from ..corpus.models import Job, JobState

    try:
        Job.objects.filter(pk=job_id).update(state=JobState.FAILED, error=reason[:1000], finished=timezone.now())
    except transient_errors():
        pass


class _file_lock:
    """A lock on one file's hash in the broker's Redis, held while the file is parsed and stored. It lives a short
    while and is renewed while the work goes on, so a worker that dies (kill -9, the machine gone) lets it go by
    itself and the task delivered again can take it."""

    def __init__(self, digest: str):
        import redis

        from .app import broker_url

        self.seconds = float(os.environ.get("XXGK_FILE_LOCK_SECONDS", "60"))
        self.lock = redis.Redis.from_url(broker_url()).lock(f"xxgk:file:{digest}", timeout=self.seconds,
                                                            blocking_timeout=PARSE_LOCK_SECONDS,
                                                            thread_local=False)  # renewed from another thread
        self.done = threading.Event()

    def __enter__(self):
        from redis.exceptions import ConnectionError as RedisConnectionError

        for delay in (*LOCK_RETRY_DELAYS, None):  # the broker's Redis restarting: wait for it a little
            try:
                acquired = self.lock.acquire()
                break
            except RedisConnectionError:
                if delay is None:
                    raise
                time.sleep(delay)
        if not acquired:
            raise TimeoutError("another worker holds this file for too long")
        threading.Thread(target=self._renew, daemon=True).start()
        return self

    def _renew(self) -> None:
        from redis.exceptions import LockError, RedisError

        while not self.done.wait(self.seconds / 3):
            try:
                self.lock.reacquire()
            except LockError:  # lost: it lapsed while the broker was away
                return
            except RedisError:  # the broker away for a moment: try again at the next turn
                continue

    def __exit__(self, *exc):
        from redis.exceptions import LockError, RedisError

        self.done.set()
        try:
            self.lock.release()
        except (LockError, RedisError):  # expired meanwhile, or the broker away: it lapses by itself
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
