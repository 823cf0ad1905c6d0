"""The database settings: a SQLite file in the data directory by default, PostgreSQL from a URL; the parse
commands never load Django."""

import json
import subprocess
import sys

import pytest

from xxgk.errors import InputError
from xxgk.site.paths import database_settings


def test_sqlite_in_the_data_directory_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("XXGK_DATA_DIR", str(tmp_path))
    db = database_settings("")
    assert db["ENGINE"] == "django.db.backends.sqlite3" and db["NAME"] == str(tmp_path / "corpus.sqlite3")


def test_postgresql_from_a_url():
    db = database_settings("postgresql://xxgk:p%40ss@db.local:6543/reports")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == \
        ("django.db.backends.postgresql", "reports", "xxgk", "p@ss", "db.local", "6543")
    assert database_settings("sqlite:////var/x.db")["NAME"] == "/var/x.db"


def test_an_unknown_url_is_a_users_error():
    with pytest.raises(InputError, match="XXGK_DATABASE_URL"):
        database_settings("mysql://root@localhost/x")


def test_the_command_line_loads_django_only_for_the_corpus():
    code = "import sys, xxgk.cli; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_sqlite_database_is_made_on_first_use(tmp_path):
    import os

    from .conftest import xxgk_process

    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["XXGK_DATA_DIR"] = str(tmp_path / "fresh")
    process = xxgk_process("agencies", env=env)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == "（无）" and (tmp_path / "fresh" / "corpus.sqlite3").stat().st_size > 0


def _fresh_env(tmp_path, url: str | None = None) -> dict:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("XXGK_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["XXGK_DATA_DIR"] = str(tmp_path / "data")
    if url is not None:
        env["XXGK_DATABASE_URL"] = url
    return env


@pytest.mark.parametrize("url, line", [
    ("postgresql://postgres@127.0.0.1:1/test",
     "xxgk: 无法连接数据库服务器 127.0.0.1:1：服务器没有运行，或 XXGK_DATABASE_URL 的主机、端口不对"),
    ("postgresql://postgres@127.0.0.1:5432/xxgk_no_such_database",
     "xxgk: 数据库服务器 127.0.0.1:5432 上没有数据库“xxgk_no_such_database”：请先创建（createdb xxgk_no_such_database）"
     "或改正 XXGK_DATABASE_URL"),
    ("postgresql://xxgk_no_such_role@127.0.0.1:5432/test",
     "xxgk: 数据库服务器 127.0.0.1:5432 上没有用户“xxgk_no_such_role”：请改正 XXGK_DATABASE_URL 中的用户名"),
    ("sqlite:////xxgk-no-such-folder/corpus.db",
     "xxgk: 无法打开 SQLite 数据库 /xxgk-no-such-folder/corpus.db：所在文件夹不存在或没有写权限"),
])
def test_a_database_that_cannot_be_used_is_one_line(tmp_path, url, line):
    from .conftest import xxgk_process

    process = xxgk_process("agencies", env=_fresh_env(tmp_path, url))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and out == ""
    assert err.strip().splitlines() == [line]


def test_a_relative_sqlite_path_is_relative_to_the_working_directory(tmp_path):
    from .conftest import xxgk_process

    process = xxgk_process("agencies", env=_fresh_env(tmp_path, "sqlite:///rel.db"), cwd=tmp_path)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert (tmp_path / "rel.db").stat().st_size > 0


def _first_ingests_at_once(tmp_path, env, seed) -> None:
    """Two processes ingest one report each into a database no process has used yet: both succeed."""
    from .conftest import variant, xxgk_process

    text = seed("003").read_text(encoding="utf-8")
    for i, agency in enumerate(("淮安市甲局", "淮安市乙局")):
        (tmp_path / f"in{i}").mkdir()
        (tmp_path / f"in{i}" / "report.txt").write_text(variant(text, agency, 2024), encoding="utf-8")
    processes = [xxgk_process("ingest", "-q", str(tmp_path / f"in{i}"), env=env) for i in range(2)]
    results = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err for _, err in results]
    listing = xxgk_process("agencies", "--json", env=env)
    out, err = listing.communicate(timeout=60)
    assert sorted(a["name"] for a in json.loads(out)) == ["淮安市乙局", "淮安市甲局"]


def test_two_first_ingests_at_once_on_sqlite(tmp_path, seed):
    _first_ingests_at_once(tmp_path, _fresh_env(tmp_path), seed)


def test_two_first_ingests_at_once_on_postgresql(tmp_path, seed):
    import uuid

    import psycopg

    name = f"xxgk_race_{uuid.uuid4().hex[:12]}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        _first_ingests_at_once(tmp_path, _fresh_env(tmp_path, f"postgresql://postgres@127.0.0.1:5432/{name}"), seed)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
