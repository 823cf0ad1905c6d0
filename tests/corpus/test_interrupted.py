"""An ingest killed midway (kill -9) leaves a consistent database, and running it again completes it; files
ingested by parallel processes give the same database as one process."""

from __future__ import annotations

import os
import signal
import time

import pytest

from xxgk.corpus.ingest import Outcome, ingest
from xxgk.corpus.models import Agency, AgencyName, Finding, Report, ReportVersion, Source
from xxgk.corpus.sources import expand
from xxgk.corpus import store

from .conftest import variant, xxgk_process

pytestmark = pytest.mark.django_db(transaction=True)

COUNTIES = ["沭阳", "泗阳", "泗洪", "宿豫", "宿城", "涟水", "盱眙", "金湖", "淮阴", "清江浦", "灌云", "灌南", "东海",
            "赣榆", "海州", "连云", "响水", "滨海", "阜宁", "射阳"]


def many_reports(folder, seed_text, years=(2022, 2023, 2024)):
    folder.mkdir()
    for county in COUNTIES:
        for year in years:
            (folder / f"{county}{year}.txt").write_text(variant(seed_text, f"{county}县人民政府", year),
                                                        encoding="utf-8")
    return len(COUNTIES) * len(years)


def assert_consistent():
    """Nothing half-stored: every report has its current version, every source a version and its file, every
    agency a name and a report."""
    assert not Report.objects.filter(current__isnull=True).exists()
    assert not Source.objects.filter(versions__isnull=True).exists()
    assert not Agency.objects.filter(reports__isnull=True).exists()
    assert not Agency.objects.filter(names__isnull=True).exists()
    for source in Source.objects.all():
        assert store.size(source.sha256) == source.size
    assert ReportVersion.objects.count() == Source.objects.count()


def test_killed_ingest_is_consistent_and_a_rerun_completes_it(tmp_path, seed_text, database_url, data_dir):
    total = many_reports(tmp_path / "reports", seed_text)
    env = {**os.environ, "XXGK_DATABASE_URL": database_url, "XXGK_DATA_DIR": str(data_dir)}
    process = xxgk_process("ingest", str(tmp_path / "reports"), env=env)
    deadline = time.monotonic() + 60
    while Report.objects.count() < 5:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = Report.objects.count()
    assert 5 <= stored < total
    assert_consistent()

    process = xxgk_process("ingest", str(tmp_path / "reports"), env=env)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert out.splitlines()[0] == f"已入库 {total - stored} 份，已跳过 {stored} 份，失败 0 份"
    assert Report.objects.count() == total and Agency.objects.count() == len(COUNTIES)
    assert_consistent()


def test_parallel_processes_give_the_same_corpus(tmp_path, seed_text):
    total = many_reports(tmp_path / "reports", seed_text)
    results = ingest(expand([tmp_path / "reports"]), processes=2)
    assert [r.outcome for r in results].count(Outcome.INGESTED) == total
    assert Agency.objects.count() == AgencyName.objects.count() == len(COUNTIES)
    assert Report.objects.count() == total
    assert_consistent()
    # each county's 2023 and 2024 disagree on 上年结转 (7) and 结转下年度 (2): found whichever process stored which
    assert Finding.objects.filter(across_years=True, code="years.carry").count() == 2 * 2 * len(COUNTIES)


def test_the_same_file_twice_in_one_parallel_batch_is_stored_once(tmp_path, seed):
    folder = tmp_path / "twice"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (folder / name).write_bytes(seed("000").read_bytes())
    results = ingest(expand([folder]), processes=2)
    assert sorted(r.outcome for r in results) == ["ingested", "skipped", "skipped", "skipped"]
    assert ReportVersion.objects.count() == 1
