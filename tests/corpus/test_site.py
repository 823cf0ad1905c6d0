"""The database settings: a SQLite file in the data directory by default, PostgreSQL from a URL; the parse
commands never load Django."""

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
