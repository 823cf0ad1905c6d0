"""The corpus tests run on a database Django's test setup makes (SQLite, or PostgreSQL when XXGK_DATABASE_URL
names one), with the data directory in a temporary folder."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xxgk.cli import cli


@pytest.fixture(scope="session")
def django_db_modify_db_settings(tmp_path_factory):
    """A file, not memory, for the SQLite test database: a command run as a separate process must see it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    monkeypatch.setenv("XXGK_DATA_DIR", str(path))
    return path


@pytest.fixture
def database_url():
    """The test database as an XXGK_DATABASE_URL, for commands run as separate processes."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgresql://{s['USER']}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def xxgk(*args: str) -> tuple[int, str]:
    """Run an xxgk command in this process: (exit code, output)."""
    result = CliRunner().invoke(cli, list(args), standalone_mode=False, catch_exceptions=False)
    return (result.return_value or 0), result.output


def xxgk_process(*args: str, env: dict, **kwargs) -> subprocess.Popen:
    run = "import sys; from xxgk.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen([sys.executable, "-c", run, *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def variant(text: str, agency: str, year: int) -> str:
    """A report text of another agency and year: seed 003 (淮安经济技术开发区, 2024) renamed and moved."""
    text = text.replace("淮安经济技术开发区", agency)
    text = re.sub(r"113208007833785008/", "", text)
    return text.replace("2025", str(year + 1)).replace("2024", str(year))


@pytest.fixture
def seed_text(seed):
    return seed("003").read_text(encoding="utf-8")
