"""Files through real Celery workers over the real Redis broker into a real PostgreSQL database: stored as a local
ingest stores them, one file parsed once however often it arrives, a damaged file failing with its reason while
the rest of its batch completes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import psycopg
import pytest

from ..corpus.conftest import variant
from .cluster import COMMAND, database, environment, run_batch, stored, wait, workers, xxgk

BROKER = "redis://127.0.0.1:6379/13"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A fresh database, an empty queue and two worker processes, as two machines would run them."""
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    data = tmp_path_factory.mktemp("jobs")
    with database() as url:
        env = environment(XXGK_DATABASE_URL=url, XXGK_BROKER_URL=BROKER, XXGK_DATA_DIR=str(data / "data"))
        with workers([env, env], data) as started:
            yield env, data, started


def test_a_batch_through_two_workers_is_stored_as_a_local_ingest_stores_it(cluster, corpus, tmp_path):
    env, data, workers = cluster
    jobs = run_batch(env, corpus)
    assert sorted(j["state"] for j in jobs) == ["done"] * 7 + ["skipped"]  # the blank template is no report
    assert len({j["worker"].split(":")[1] for j in jobs}) == 2, "both workers took files"
    local = {k: v for k, v in env.items() if k not in ("XXGK_DATABASE_URL", "XXGK_BROKER_URL")}
    local["XXGK_DATA_DIR"] = str(tmp_path / "local")
    xxgk(local, "ingest", "-q", str(corpus))
    assert stored(env) == stored(local)


def test_reparse_fans_the_stored_corpus_out_over_the_workers(cluster):
    """Every current report's file goes out again as one batch; read by this same parser already, each is found
    done."""
    env, _, _ = cluster
    batch = json.loads(xxgk(env, "reparse", "--all", "--json"))["batch"]
    jobs = wait(env, batch)
    assert len(jobs) == 7 and {(j["state"], j["error"]) for j in jobs} == {("skipped", "内容相同的文件已入库")}


def test_one_file_sent_twice_at_once_is_parsed_once(cluster, seed, tmp_path):
    env, data, _ = cluster
    text = variant(seed("003").read_text(encoding="utf-8"), "淮安市清江浦区人民政府", 2024)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    jobs = run_batch(env, tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt")
    assert sorted(j["state"] for j in jobs) == ["done", "skipped", "skipped"]
    assert {j["error"] for j in jobs if j["state"] == "skipped"} == {"内容相同的文件已入库"}
    found = json.loads(xxgk(env, "agencies", "清江浦", "--json"))
    assert [(a["name"], a["reports"]) for a in found] == [("淮安市清江浦区人民政府", 1)]


def test_a_damaged_file_fails_with_its_reason_and_the_rest_completes(cluster, seed, tmp_path):
    env, data, _ = cluster
    (tmp_path / "坏的.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF")
    (tmp_path / "好的.txt").write_text(variant(seed("003").read_text(encoding="utf-8"), "淮安市淮阴区人民政府", 2024),
                                      encoding="utf-8")
    jobs = {j["file"].rsplit("/", 1)[-1]: j for j in run_batch(env, tmp_path)}
    assert jobs["好的.txt"]["state"] == "done" and jobs["坏的.pdf"]["state"] == "failed"
    assert jobs["坏的.pdf"]["error"].startswith(str(tmp_path / "坏的.pdf")) and "\n" not in jobs["坏的.pdf"]["error"]
    assert jobs["坏的.pdf"]["attempts"] == 1  # a bad file is not retried


def test_without_a_broker_queueing_is_one_line(tmp_path, seed):
    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_BROKER_URL", "DJANGO_SETTINGS_MODULE")}
    env["XXGK_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(COMMAND + ["ingest", "--queue", str(seed("000"))], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "xxgk: 未设置任务队列：请把 XXGK_BROKER_URL 设为 Redis 的地址，如 redis://127.0.0.1:6379/0"


def _years_findings(env) -> list[tuple]:
    found = json.loads(xxgk(env, "findings", "--code", "years", "--region", "示范市", "--json"))
    return sorted((f["agency"], f["year"], f["code"], tuple(f["cells"]), f["message"], f["state"]) for f in found)


def test_recheck_through_the_workers_checks_each_agencys_years_afresh_keeping_reviews(cluster):
    """Findings across years that an older version did not give (deleted here) come back, one job per agency,
    and a reviewed finding keeps its review."""
    env, _, _ = cluster
    xxgk(env, "demo")
    before = json.loads(xxgk(env, "findings", "--code", "years", "--region", "示范市", "--json"))
    assert len(before) >= 2, "the demo plants carry-overs that are not last year's"
    xxgk(env, "review", str(before[0]["id"]), "--state", "confirmed", "--by", "张三")
    expected = _years_findings(env)
    with psycopg.connect(env["XXGK_DATABASE_URL"], autocommit=True) as connection:
        gone = connection.execute("DELETE FROM corpus_finding WHERE across_years AND id <> %s",
                                  [before[0]["id"]]).rowcount
    assert gone == len(before) - 1 and len(_years_findings(env)) == 1
    done = json.loads(xxgk(env, "recheck", "--region", "示范市", "--json"))
    jobs = wait(env, done["batch"])
    agencies = json.loads(xxgk(env, "agencies", "--region", "示范市", "--json"))
    assert sorted(j["file"] for j in jobs) == sorted(a["name"] for a in agencies)
    assert {j["state"] for j in jobs} == {"done"} and {j["kind"] for j in jobs} == {"recheck"}
    assert _years_findings(env) == expected
    assert any(j["output"] != "跨年度发现 0 条" for j in jobs)


def test_an_export_made_by_a_worker_is_the_export_made_here(cluster, tmp_path):
    env, _, _ = cluster
    said = xxgk(env, "export", "--queue", "--format", "xlsx", "--wide", "--region", "示范市", "-o", "示范市.xlsx")
    batch = int(re.search(r"批次 (\d+)", said)[1])
    [job] = wait(env, batch)
    assert (job["kind"], job["state"], job["output"]) == ("export", "done", f"{job['id']}/示范市.xlsx")
    xxgk(env, "jobs", str(batch), "--download", str(tmp_path / "worker.xlsx"))
    xxgk(env, "export", "--format", "xlsx", "--wide", "--region", "示范市", "-o", str(tmp_path / "here.xlsx"))
    assert _cells(tmp_path / "worker.xlsx") == _cells(tmp_path / "here.xlsx")
    assert len(_cells(tmp_path / "here.xlsx")) == 1 + len(json.loads(xxgk(env, "export", "--format", "json",
                                                                            "--region", "示范市")))
    other = json.loads(xxgk(env, "reparse", "--agency", "示范市人民政府", "--json"))["batch"]
    wait(env, other)
    refused = subprocess.run(COMMAND + ["jobs", str(other), "--download", str(tmp_path / "x.csv")], env=env,
                             capture_output=True, text=True, timeout=60)
    assert (refused.returncode, refused.stderr.strip()) == (2, f"xxgk: 批次 {other} 不是导出")


def _cells(path) -> list[tuple]:
    from openpyxl import load_workbook

    return [tuple(row) for row in load_workbook(path, read_only=True)["reports"].iter_rows(values_only=True)]


def test_stats_count_and_time_the_jobs_by_kind(cluster):
    env, _, _ = cluster
    stats = {row["kind"]: row for row in json.loads(xxgk(env, "jobs", "--stats", "--json"))}
    assert {"ingest", "reparse", "recheck", "export"} <= set(stats)
    every = [j for b in json.loads(xxgk(env, "jobs", "--json")) for j in json.loads(xxgk(env, "jobs", str(b["id"]),
                                                                                        "--json"))]
    for kind, row in stats.items():
        mine = [j for j in every if j["kind"] == kind]
        assert row["jobs"] == len(mine) and row["failed"] == sum(j["state"] == "failed" for j in mine), kind
        times = sorted(j["seconds"] for j in mine if j["state"] in ("done", "skipped"))
        assert row["longest_seconds"] == (times[-1] if times else None), kind
    assert stats["ingest"]["failed"] >= 1 and "坏的.pdf" in stats["ingest"]["top_error"]


def test_a_worker_killed_mid_task_leaves_nothing_half_stored_and_the_task_completes(cluster, tmp_path):
    """A scan takes seconds to read: the worker reading it is killed with SIGKILL, master and child, as when a
    machine goes away. The task is delivered again (its message was never acknowledged) and another worker
    stores the report once."""
    import signal

    from xxgk.render import render
    from xxgk.render.sample import random_report

    from ..scanmaker import image_pdf, pages

    env, data, workers = cluster
    report = random_report(11, "2021", agency="淮安市淮安区人民政府")
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(image_pdf(pages(render(report, "pdf"), 150), 150))
    batch = json.loads(xxgk(env, "ingest", "--queue", "--json", str(scan)))["batch"]
    deadline = time.monotonic() + 60
    while (job := json.loads(xxgk(env, "jobs", str(batch), "--json"))[0])["state"] != "running":
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    child = int(job["worker"].split(":")[1])
    master = next(w for w in workers if w.poll() is None and _parent(child) == w.pid)
    os.kill(child, signal.SIGKILL)
    master.kill()
    master.wait(timeout=10)
    [job] = wait(env, batch)
    assert (job["state"], job["attempts"] >= 2) == ("done", True), job
    assert int(job["worker"].split(":")[1]) != child
    found = json.loads(xxgk(env, "agencies", "淮安区", "--json"))
    assert [(a["name"], a["reports"]) for a in found] == [("淮安市淮安区人民政府", 1)]
    versions = json.loads(xxgk(env, "export", "--format", "json"))
    assert [d["meta"]["agency"] for d in versions].count("淮安市淮安区人民政府") == 1


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])
