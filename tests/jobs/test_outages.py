"""A batch outlives the services it runs on: the broker's Redis stopped and started in the middle of it, the
database dropping every worker's connection — no file lost, none stored twice, none failed for it. The broker
here is a Redis server of the test's own, which keeps its queue on disk (appendonly), as a broker must to
survive a restart."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import psycopg
import pytest

from ..corpus.conftest import variant
from ..ports import free_port
from .cluster import ADMIN, COMMAND, database, environment, queue, wait, workers, xxgk

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


class Broker:
    """A Redis server on a port of its own, its queue kept in its folder across a restart."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=open(self.folder / "redis.log", "a"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()  # SIGTERM: Redis writes its append-only file and exits
        self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outages")
    broker = Broker(folder)
    broker.start()
    try:
        with database() as url:
            env = environment(XXGK_DATABASE_URL=url, XXGK_BROKER_URL=broker.url, XXGK_DATA_DIR=str(folder / "data"))
            with workers([env, env], folder):
                yield env, broker, url.rsplit("/", 1)[1]
    finally:
        if broker.process.poll() is None:
            broker.stop()


def reports(folder, seed, counties, scans=()) -> list:
    """Text reports of the counties, and scans (seconds each to read) of the agencies in ``scans``."""
    from xxgk.render import render
    from xxgk.render.sample import random_report

    from ..scanmaker import image_pdf, pages

    folder.mkdir()
    text = seed("003").read_text(encoding="utf-8")
    for i, agency in enumerate(scans):
        (folder / f"扫描{i}.pdf").write_bytes(image_pdf(pages(render(random_report(20 + i, "2021", year=2024,
                                                                                  agency=agency), "pdf"), 150), 150))
    for county in counties:
        (folder / f"{county}.txt").write_text(variant(text, f"{county}人民政府", 2024), encoding="utf-8")
    return [f"{county}人民政府" for county in counties] + list(scans)


def stored_once(env, agencies) -> bool:
    names = [d["meta"]["agency"] for d in json.loads(xxgk(env, "export", "--format", "json"))]
    return all(names.count(a) == 1 for a in agencies)


def first_finished(env, batch: int) -> None:
    deadline = time.monotonic() + 120
    while not any(j["state"] == "done" for j in json.loads(xxgk(env, "jobs", str(batch), "--json"))):
        assert time.monotonic() < deadline
        time.sleep(0.2)


def test_the_broker_stopped_and_started_mid_batch_loses_no_file(cluster, seed, tmp_path):
    env, broker, _ = cluster
    agencies = reports(tmp_path / "in", seed, [f"淮安市{c}" for c in ("涟水县", "盱眙县", "金湖县", "洪泽区", "淮阴区", "淮安区")],
                       scans=["宿迁市沭阳县人民政府", "宿迁市泗阳县人民政府"])
    batch = queue(env, tmp_path / "in")
    first_finished(env, batch)
    broker.stop()
    time.sleep(5)  # the workers lose the broker for a while
    broker.start()
    jobs = wait(env, batch, seconds=300)
    assert [j["state"] for j in jobs] == ["done"] * len(agencies), jobs
    assert stored_once(env, agencies)


def test_the_database_dropping_every_workers_connection_fails_no_file(cluster, seed, tmp_path):
    env, _, name = cluster
    agencies = reports(tmp_path / "in", seed, [f"南通市{c}" for c in ("崇川区", "通州区", "海门区", "如东县")],
                       scans=["徐州市沛县人民政府", "徐州市丰县人民政府"])
    batch = queue(env, tmp_path / "in")
    first_finished(env, batch)
    for _ in range(6):  # between two looks at the batch, so that only the workers' connections are cut
        with psycopg.connect(ADMIN, autocommit=True) as connection:
            connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        time.sleep(1)
    jobs = wait(env, batch, seconds=300)
    assert [j["state"] for j in jobs] == ["done"] * len(agencies), jobs
    assert stored_once(env, agencies)


def test_files_queued_while_the_broker_is_away_are_recorded_and_sent_by_retry(seed, tmp_path):
    """The batch is recorded though its tasks cannot be sent; once the broker is back, --retry sends them and the
    workers store each file."""
    broker = Broker(tmp_path)  # not started yet
    agencies = reports(tmp_path / "in", seed, ["扬州市宝应县", "扬州市高邮市"])
    with database() as url:
        env = environment(XXGK_DATABASE_URL=url, XXGK_BROKER_URL=broker.url, XXGK_DATA_DIR=str(tmp_path / "data"))
        done = subprocess.run(COMMAND + ["ingest", "--queue", "--json", str(tmp_path / "in")], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 1
        batch = json.loads(done.stdout)["batch"]
        assert json.loads(done.stdout)["unsent"] == 2
        assert done.stderr.strip() == (f"xxgk: 任务队列暂时无法连接，2 项任务已登记但尚未发出；队列恢复后用 xxgk jobs {batch} "
                                       "--retry 发出")
        assert [j["state"] for j in json.loads(xxgk(env, "jobs", str(batch), "--json"))] == ["queued", "queued"]
        broker.start()
        try:
            with workers([env], tmp_path):
                assert xxgk(env, "jobs", str(batch), "--retry").strip() == f"批次 {batch}：2 项失败或仍在排队的任务已重新发出"
                assert [j["state"] for j in wait(env, batch)] == ["done", "done"]
                assert stored_once(env, agencies)
        finally:
            broker.stop()
