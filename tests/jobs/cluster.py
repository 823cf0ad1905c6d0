"""Real worker processes for the tests: a fresh PostgreSQL database, a Redis database emptied, `xxgk worker`
processes started as machines would start them, and the commands a user runs against them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager

import psycopg

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
COMMAND = [sys.executable, "-c", "import sys; from xxgk.cli import main; sys.exit(main(sys.argv[1:]))"]


@contextmanager
def database():
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    name = f"xxgk_jobs_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def environment(**settings) -> dict:
    """This process's environment with xxgk's settings for a cluster; short timeouts, so that a task lost with
    its worker comes back within seconds."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(XXGK_VISIBILITY_TIMEOUT="20", XXGK_FILE_LOCK_SECONDS="6", **settings)
    return env


@contextmanager
def workers(envs: list[dict], logs):
    """One `xxgk worker -c 1` per environment (each its own machine), the database migrated first."""
    subprocess.run(COMMAND + ["agencies"], env=envs[0], check=True, capture_output=True, timeout=120)
    files = [open(logs / f"worker{i}.log", "w") for i in range(len(envs))]
    started = [subprocess.Popen(COMMAND + ["worker", "-c", "1", "-l", "WARNING"], env=env, stdout=log,
                                stderr=subprocess.STDOUT) for env, log in zip(envs, files)]
    try:
        yield started
    finally:
        for worker in started:
            worker.terminate()
        for worker in started:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        for log in files:
            log.close()


def xxgk(env, *args, check=True) -> str:
    done = subprocess.run(COMMAND + list(args), env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout


def queue(env, *paths) -> int:
    """Queue the files; the batch's number."""
    return json.loads(xxgk(env, "ingest", "--queue", "--json", *map(str, paths)))["batch"]


def run_batch(env, *paths) -> list[dict]:
    """Queue the files, wait until every job of the batch is finished, and give its jobs."""
    return wait(env, queue(env, *paths))


def wait(env, batch: int, seconds: float = 240) -> list[dict]:
    """The jobs of a batch, once every one is finished."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs = json.loads(xxgk(env, "jobs", str(batch), "--json"))
        if all(j["state"] not in ("queued", "running") for j in jobs):
            return jobs
        time.sleep(0.5)
    raise AssertionError(f"batch {batch} not finished: {jobs}")


def stored(env) -> dict:
    """Each stored report by agency and year: its cells, its findings' codes and its agency's region."""
    docs = json.loads(xxgk(env, "export", "--format", "json"))
    return {(d["corpus"]["agency"], d["year"] if "year" in d else d["meta"]["year"]):
            ({t: d[t] for t in ("active", "requests", "review")}, sorted(f["code"] for f in d["findings"]),
             d["corpus"]["region"]) for d in docs}
