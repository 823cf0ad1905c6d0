"""A corpus in a folder that cannot be written (a read-only copy, a read-only mount): the commands that read work,
the ones that write say in one line why they cannot, and nothing changes. The folder is made read-only by a
read-only bind mount in a mount namespace of its own (``unshare``), which needs root."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest



def _run_read_only(folder, *commands: str) -> list[subprocess.CompletedProcess]:
    """Each command run with ``folder`` mounted read-only over itself."""
    results = []
    for command in commands:
        script = (f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(folder))} && "
                  f"mount -o remount,bind,ro {shlex.quote(str(folder))} && "
                  f"exec {shlex.quote(sys.executable)} -m xxgk {command}")
        results.append(subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True,
                                      env={**_env(folder)}, timeout=300))
    return results


def _env(folder) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return {**env, "XXGK_DATA_DIR": str(folder)}


def test_a_read_only_corpus_answers_queries_and_refuses_writes_in_one_line(tmp_path):
    made = subprocess.run([sys.executable, "-m", "xxgk", "demo"], env=_env(tmp_path), capture_output=True,
                          text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", f"mount --bind {tmp_path} {tmp_path} && "
                            f"mount -o remount,bind,ro {tmp_path} && ! touch {tmp_path}/x"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this machine cannot make a read-only mount (needs root and unshare)")
    before = (tmp_path / "corpus.sqlite3").read_bytes()
    agencies, findings, ingest, review = _run_read_only(
        tmp_path, "agencies", "findings --json", "ingest " + shlex.quote(str(next((tmp_path / "demo").iterdir()))),
        "review 1 --state dismissed --note 核实无误 --by 张三")
    assert agencies.returncode == 0 and "示范市人民政府" in agencies.stdout
    assert findings.returncode == 0 and findings.stdout.lstrip().startswith("[")
    for refused in (ingest, review):
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert "所在的文件夹没有写权限，只能查询，不能写入" in ingest.stderr
    assert f"数据库 {tmp_path}/corpus.sqlite3 是只读的" in review.stderr
    assert (tmp_path / "corpus.sqlite3").read_bytes() == before
