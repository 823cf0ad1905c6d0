"""Reports per second through Celery workers (1 and 2 worker processes) against the local ingest, over a generated
corpus of text, PDF and scanned reports, and the queue's overhead per task.

    .venv/bin/python bench/jobs.py                   # 40 reports (text, PDF, a few scans), 3 runs each
    .venv/bin/python bench/jobs.py -n 80 --runs 5

Needs the local Redis (127.0.0.1:6379, database 12 is emptied) and PostgreSQL (a database per run is made and
dropped). Each worker process, as each process of `ingest -p`, reads on one core (OCR with one thread). The
overhead per task is measured on files already stored (each task then ends at once, after its bookkeeping): the
span from the batch's recording until its last task ends, by the database's clock, over the number of tasks, with
one worker process taking one task at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
import redis

from xxgk.render import render
from xxgk.render.sample import random_report

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
BROKER = "redis://127.0.0.1:6379/12"
COMMAND = [sys.executable, "-c", "import sys; from xxgk.cli import main; sys.exit(main(sys.argv[1:]))"]


def corpus(folder: Path, count: int) -> Path:
    from tests.scanmaker import image_pdf, pages

    for i in range(count):
        report = random_report(i, "2021", year=2024, agency=f"示范市第{i}区人民政府")
        if i % 10 == 9:  # one in ten a scan
            (folder / f"{i}.pdf").write_bytes(image_pdf(pages(render(report, "pdf"), 150), 150))
        elif i % 2:
            (folder / f"{i}.pdf").write_bytes(render(report, "pdf"))
        else:
            (folder / f"{i}.txt").write_bytes(render(report, "txt"))
    return folder


def fresh_env(data: Path) -> tuple[dict, str]:
    name = f"xxgk_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(XXGK_DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{name}", XXGK_DATA_DIR=str(data))
    subprocess.run(COMMAND + ["agencies"], env=env, check=True, capture_output=True)
    return env, name


def drop(name: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def run(command, env) -> str:
    return subprocess.run(COMMAND + command, env=env, check=True, capture_output=True, text=True).stdout


def through_workers(folder: Path, workers: int, tmp: Path) -> tuple[float, float]:
    """Seconds to store the corpus through ``workers`` worker processes, and the milliseconds per task of a batch
    of stored files, from the batch's recording until its last task ends (the database's clock), over the number
    of tasks: the queue's cost when a task has nothing to parse."""
    redis.Redis.from_url(BROKER).flushdb()
    env, name = fresh_env(tmp / f"w{workers}-{uuid.uuid4().hex[:6]}")
    env["XXGK_BROKER_URL"] = BROKER
    worker = subprocess.Popen(COMMAND + ["worker", "-c", str(workers), "-l", "WARNING"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready(workers)
        start = time.perf_counter()
        batch = json.loads(run(["ingest", "--queue", "--json", str(folder)], env))["batch"]
        jobs = wait(env, batch)
        seconds = time.perf_counter() - start
        assert all(j["state"] == "done" for j in jobs), [j for j in jobs if j["state"] != "done"]
        again = json.loads(run(["reparse", "--all", "--json"], env))["batch"]
        wait(env, again)
        with psycopg.connect(env["XXGK_DATABASE_URL"], autocommit=True) as c:
            span, count = c.execute(
                "SELECT EXTRACT(EPOCH FROM max(j.finished) - b.created), count(*) FROM corpus_job j "
                "JOIN corpus_batch b ON b.id = j.batch_id WHERE b.id = %s GROUP BY b.created", [again]).fetchone()
        return seconds, float(span) / count * 1000
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        drop(name)


def ready(processes: int) -> None:
    """Wait until the worker answers, then a moment for its processes to open the corpus."""
    os.environ["XXGK_BROKER_URL"] = BROKER
    from xxgk.jobs.app import app

    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline:
            raise SystemExit("the worker did not start")
    time.sleep(1 + processes / 2)


def wait(env, batch: int) -> list[dict]:
    """The batch's jobs once all are finished, asked of the database directly: a command started to ask would
    take a core from the workers."""
    with psycopg.connect(env["XXGK_DATABASE_URL"], autocommit=True) as c:
        while True:
            rows = c.execute("SELECT state FROM corpus_job WHERE batch_id = %s", [batch]).fetchall()
            if all(state not in ("queued", "running") for state, in rows):
                return [{"state": state} for state, in rows]
            time.sleep(0.05)


def local(folder: Path, processes: int, tmp: Path) -> float:
    env, name = fresh_env(tmp / f"l{processes}-{uuid.uuid4().hex[:6]}")
    try:
        start = time.perf_counter()
        run(["ingest", "-q", "-p", str(processes), str(folder)], env)
        return time.perf_counter() - start
    finally:
        drop(name)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=40, help="reports in the generated corpus")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "corpus").mkdir()
        folder = corpus(tmp / "corpus", args.n)
        figures: dict[str, list[float]] = {}
        overhead: list[float] = []
        for _ in range(args.runs):
            for processes in (1, 2):
                figures.setdefault(f"local ingest -p {processes}", []).append(local(folder, processes, tmp))
                seconds, per_task = through_workers(folder, processes, tmp)
                figures.setdefault(f"{processes} worker process{'es' if processes > 1 else ''}", []).append(seconds)
                if processes == 1:  # one task at a time: the span over the count is each task's cost
                    overhead.append(per_task)
        print(f"{args.n} reports (text, PDF, one in ten a scan); median of {args.runs} runs")
        for label, values in figures.items():
            s = statistics.median(values)
            print(f"  {label:22} {s:7.2f} s   {args.n / s:6.2f} reports/s")
        one, two = (statistics.median(figures[k]) for k in ("1 worker process", "2 worker processes"))
        print(f"  2 workers / 1 worker: {one / two:.2f}×")
        print(f"  queue overhead per task (stored files, nothing to parse): median {statistics.median(overhead):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
