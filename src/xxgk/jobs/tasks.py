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
LOCK_WAIT_SECONDS = 1800  # the longest a task waits for another worker to finish the same work


@app.task(bind=True, name="xxgk.ingest_job", max_retries=len(RETRY_DELAYS))
def ingest_job(self, job_id: int) -> str:
    """Parse and store the file of one job, read by its hash from the store. One file is parsed once even when
    it arrives twice at the same moment: the parse runs under a lock on the hash."""
    return _run(self, job_id, lambda job: f"file:{job.sha256}", _ingest, after_done=_adopt_regions)


@app.task(bind=True, name="xxgk.recheck_job", max_retries=len(RETRY_DELAYS))
def recheck_job(self, job_id: int) -> str:
    """Check an agency's years against each other afresh (all of them, or none), under a lock on the agency."""
    return _run(self, job_id, lambda job: f"agency:{job.agency_id}", _recheck)


@app.task(bind=True, name="xxgk.export_job", max_retries=len(RETRY_DELAYS))
def export_job(self, job_id: int) -> str:
    """Write an export to the store of exports, whole: a run again replaces it."""
    return _run(self, job_id, lambda job: f"job:{job.pk}", _export)


def _ingest(job) -> dict:
    from ..corpus.ingest import Outcome, ingest_item
    from ..corpus.models import JobKind, JobState
    from ..corpus.sources import Item

    result = ingest_item(Item.stored(job.sha256, job.name), reparse=job.kind == JobKind.REPARSE)
    state = {Outcome.INGESTED: JobState.DONE, Outcome.SKIPPED: JobState.SKIPPED,
             Outcome.FAILED: JobState.FAILED}[result.outcome]
    return {"state": state, "error": result.error, "report_id": result.report_id}


def _adopt_regions() -> None:
    from ..corpus.matching import adopt_regions

    adopt_regions()


def _recheck(job) -> dict:
    from ..corpus.models import JobState
    from ..corpus.services import recheck_agency

    found = recheck_agency(job.agency)
    return {"state": JobState.DONE, "error": "", "output": f"跨年度发现 {found} 条"}


def _export(job) -> dict:
    from ..corpus import export, store
    from ..corpus.models import JobState, Region
    from ..errors import InputError

    p = job.params
    region = None
    if p.get("region_id") is not None:
        region = Region.objects.filter(pk=p["region_id"]).first()
        if region is None:
            raise InputError(f"要导出的地区（编号 {p['region_id']}）已不在报告库中")
    data, _ = export.export_file(p["fmt"], wide=p.get("wide", False), region=region, year=p.get("year"))
    return {"state": JobState.DONE, "error": "", "output": store.keep_export(f"{job.pk}/{job.name}", data)}


TASKS = {"ingest": ingest_job, "reparse": ingest_job, "recheck": recheck_job, "export": export_job}


def _run(task, job_id: int, lock_key, work, after_done=None) -> str:
    """Run one job's ``work`` under the lock ``lock_key(job)`` names, and record how it ended. A job found
    finished (a second delivery, a run again after a crash) is left as it is. A problem of the moment (the
    database, the store or the broker out of reach) puts the job back in the queue for a later try; a problem
    of the input (an unknown region, a damaged file) fails it at once with its one line; a bug fails it with its
    reason rather than leave it running."""
    from django.db import close_old_connections
    from django.utils import timezone

    from ..corpus.models import FINISHED, Job, JobState
    from ..errors import XxgkError

    close_old_connections()
    try:
        job = Job.objects.select_related("batch", "agency").filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return "nothing to do"
        with _lock(lock_key(job)):
            job.refresh_from_db()  # a second delivery of the same job waited for the first: it is done
            if job.state in FINISHED:
                return "nothing to do"
            Job.objects.filter(pk=job_id).update(state=JobState.RUNNING, started=timezone.now(),
                                                 attempts=job.attempts + 1,
                                                 worker=f"{socket.gethostname()}:{os.getpid()}")
            try:
                fields = work(job)
            except transient_errors():
                raise
            except XxgkError as e:
                fields = {"state": JobState.FAILED, "error": e.message}
        Job.objects.filter(pk=job_id).update(finished=timezone.now(), **fields)
        if fields["state"] == JobState.DONE and after_done:
            after_done()
        return fields["state"]
    except transient_errors() as e:
        close_old_connections()
        if task.request.retries >= len(RETRY_DELAYS):
            _fail(job_id, f"多次重试仍未成功（{one_line(e)}）")
            raise Reject(str(e), requeue=False)
        _back_in_queue(job_id)
        raise task.retry(exc=e, countdown=RETRY_DELAYS[task.request.retries])
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


class _lock:
    """A lock in the broker's Redis on what a job works on (a file's hash, an agency), held while the work goes
    on. It lives a short while and is renewed meanwhile, so a worker that dies (kill -9, the machine gone) lets it
    go by itself and the task delivered again can take it."""

    def __init__(self, key: str):
        import redis

        from .app import broker_url

        self.seconds = float(os.environ.get("XXGK_FILE_LOCK_SECONDS", "60"))
        self.lock = redis.Redis.from_url(broker_url()).lock(f"xxgk:{key}", timeout=self.seconds,
                                                            blocking_timeout=LOCK_WAIT_SECONDS,
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
            raise TimeoutError(f"another worker holds {self.lock.name} for too long")
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
