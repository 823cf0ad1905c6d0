"""The originals in an S3-compatible object store (moto's server, started here), as several machines share them:
the machine that queues the files and each worker have data directories of their own, so a worker can only
read a file by its hash from the bucket."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time

import pytest

from ..corpus.conftest import variant
from ..ports import free_port
from .cluster import COMMAND, database, environment, run_batch, stored, wait, workers, xxgk

BROKER = "redis://127.0.0.1:6379/14"
BUCKET = "xxgk-originals"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "xxgk-test", "AWS_SECRET_ACCESS_KEY": "xxgk-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """A local S3 endpoint with an empty bucket."""
    import boto3

    port = free_port()
    log = open(tmp_path_factory.mktemp("s3") / "moto.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, "moto's server did not start"
            time.sleep(0.2)
    client = boto3.client("s3", endpoint_url=url, aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                          aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    try:
        yield url, client
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def machines(endpoint, tmp_path_factory):
    """Three machines' environments (the one that queues, two workers), each with its own data directory, all
    with one database, one broker and one bucket; the two workers running."""
    import redis

    url, _ = endpoint
    redis.Redis.from_url(BROKER).flushdb()
    logs = tmp_path_factory.mktemp("machines")
    with database() as database_url:
        envs = [environment(XXGK_DATABASE_URL=database_url, XXGK_BROKER_URL=BROKER, XXGK_DATA_DIR=str(logs / f"m{i}"),
                            XXGK_S3_BUCKET=BUCKET, XXGK_S3_ENDPOINT_URL=url, **CREDENTIALS) for i in range(3)]
        with workers(envs[1:], logs):
            yield envs, logs


def test_workers_read_the_originals_from_the_bucket_and_store_what_a_local_ingest_stores(machines, endpoint, seed,
                                                                                          tmp_path):
    from xxgk.corpus.store import sha256
    from xxgk.render import render
    from xxgk.render.sample import random_report

    envs, logs = machines
    _, client = endpoint
    reports = tmp_path / "reports"
    reports.mkdir()
    for i, county in enumerate(("涟水县", "盱眙县", "金湖县")):
        (reports / f"{i}.txt").write_text(variant(seed("003").read_text(encoding="utf-8"), f"淮安市{county}人民政府",
                                                  2024), encoding="utf-8")
    (reports / "3.pdf").write_bytes(render(random_report(5, "2021", year=2024, agency="淮安市洪泽区人民政府"), "pdf"))
    jobs = run_batch(envs[0], reports)
    assert sorted(j["state"] for j in jobs) == ["done"] * 4, jobs
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    digests = {sha256(p.read_bytes()) for p in reports.iterdir()}
    assert keys == {f"sources/{d[:2]}/{d}" for d in digests}
    for machine in range(3):  # nothing kept on any machine's own disk
        assert not (logs / f"m{machine}" / "sources").exists()
    local = {k: v for k, v in envs[0].items()
             if k not in ("XXGK_DATABASE_URL", "XXGK_BROKER_URL", "XXGK_S3_BUCKET", "XXGK_S3_ENDPOINT_URL")}
    local["XXGK_DATA_DIR"] = str(tmp_path / "local")
    xxgk(local, "ingest", "-q", str(reports))
    assert stored(envs[0]) == stored(local)


def test_a_reparse_on_another_machine_reads_the_files_from_the_bucket(machines, tmp_path):
    """`xxgk reparse` without the queue, on a machine that never saw the files: each is read from the bucket (a
    file missing there would fail) and, read by this parser already, found unchanged."""
    envs, _ = machines
    elsewhere = {k: v for k, v in envs[0].items() if k != "XXGK_BROKER_URL"}
    elsewhere["XXGK_DATA_DIR"] = str(tmp_path / "elsewhere")
    out = xxgk(elsewhere, "reparse", "--all", "--json")
    assert out.strip() == '{"ingested": 0, "skipped": 4, "failed": 0}'


def test_an_export_made_by_a_worker_is_kept_in_the_bucket_and_fetched_on_another_machine(machines, endpoint,
                                                                                          tmp_path):
    envs, logs = machines
    _, client = endpoint
    said = xxgk(envs[0], "export", "--queue", "--format", "csv", "-o", "全部.csv")
    batch = int(re.search(r"批次 (\d+)", said)[1])
    [job] = wait(envs[0], batch)
    assert (job["state"], job["output"]) == ("done", f"{job['id']}/全部.csv")
    keys = {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET, Prefix="exports/")["Contents"]}
    assert keys == {f"exports/{job['id']}/全部.csv"}
    assert not any((logs / f"m{machine}" / "exports").exists() for machine in range(3))
    elsewhere = {**envs[0], "XXGK_DATA_DIR": str(tmp_path / "elsewhere")}
    xxgk(elsewhere, "jobs", str(batch), "--download", str(tmp_path / "fetched.csv"))
    assert (tmp_path / "fetched.csv").read_bytes() == xxgk_bytes(envs[0], "export", "--format", "csv")


def xxgk_bytes(env, *args) -> bytes:
    return subprocess.run(COMMAND + list(args), env=env, capture_output=True, check=True, timeout=300).stdout


def test_a_store_out_of_reach_is_one_line_and_nothing_is_stored(tmp_path, seed):
    env = environment(XXGK_DATA_DIR=str(tmp_path / "data"), XXGK_S3_BUCKET=BUCKET, AWS_MAX_ATTEMPTS="1",
                      XXGK_S3_ENDPOINT_URL=f"http://127.0.0.1:{free_port()}", **CREDENTIALS)
    env.pop("XXGK_DATABASE_URL", None)
    env.pop("XXGK_BROKER_URL", None)
    done = subprocess.run(COMMAND + ["ingest", str(seed("003"))], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("xxgk: 文件库暂时无法访问（") and done.stderr.count("\n") == 1, done.stderr
    assert xxgk(env, "agencies", "--json").strip() == "[]"
