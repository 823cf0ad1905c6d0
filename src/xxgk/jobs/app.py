"""The Celery application: broker from ``XXGK_BROKER_URL``, tasks acknowledged only when done, so that a task of a
worker killed mid-way (kill -9, the machine gone) is delivered again."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

from ..errors import InputError


def broker_url() -> str:
    url = os.environ.get("XXGK_BROKER_URL", "")
    if not url:
        raise InputError("未设置任务队列：请把 XXGK_BROKER_URL 设为 Redis 的地址，如 redis://127.0.0.1:6379/0")
    if not url.startswith(("redis://", "rediss://")):
        raise InputError(f"XXGK_BROKER_URL 应为 redis:// 地址，而不是“{url}”")
    return url


def make_app() -> Celery:
    app = Celery("xxgk", broker=os.environ.get("XXGK_BROKER_URL") or "redis://127.0.0.1:6379/0",
                 include=["xxgk.jobs.tasks"])
    app.conf.update(
        task_acks_late=True,  # a task counts as delivered when it finishes, not when a worker takes it
        task_reject_on_worker_lost=True,  # a worker process that dies mid-task gives its task back
        worker_prefetch_multiplier=1,  # a worker holds one task at a time: a slow scan does not hold others back
        broker_transport_options={"visibility_timeout": int(os.environ.get("XXGK_VISIBILITY_TIMEOUT", "900"))},
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,  # the database keeps each job's state
        worker_send_task_events=True,  # for Flower and `celery events`, for those who run them
        task_send_sent_event=True,
        worker_hijack_root_logger=False,
        timezone="Asia/Shanghai",
        # the register's daily work, for a worker started with --beat (or `celery beat`); cron may run
        # `xxgk remind` instead
        beat_schedule={"register-daily": {"task": "xxgk.register_daily",
                                          "schedule": crontab(hour=7, minute=30)}},
    )
    return app


app = make_app()


@worker_process_init.connect
def _open_the_corpus(**_):
    """Each worker process opens its own database connection, and reads on one core: a machine's cores are used by
    running as many worker processes (``-c``)."""
    from ..corpus.ingest import one_core_each
    from ..site import setup

    setup()
    one_core_each()
