"""The Django project that holds the corpus: settings, the data directory and the database it points at.

Nothing here is imported by the parsing packages; the corpus commands call ``setup()`` when they first need the
database, so ``xxgk parse`` never loads Django.
"""

from __future__ import annotations

import os
from pathlib import Path
from contextlib import contextmanager

SETTINGS_MODULE = "xxgk.site.settings"
_ready = False


def setup(migrate: bool = True) -> None:
    """Configure Django once and, with ``migrate``, bring the database up to date (creating it on first use)."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()
    if migrate:
        from django.db import DatabaseError

        from ..errors import InputError
        from .problems import database_problem

        try:
            migrate_database()
        except DatabaseError as e:
            raise InputError(database_problem(e) or f"数据库无法使用：{str(e).splitlines()[0]}") from None
        except PermissionError as e:
            raise InputError(f"无法创建数据文件夹 {e.filename}：没有写权限（见 XXGK_DATA_DIR）") from None
    _ready = True


def migrate_database() -> None:
    """Apply the migrations not yet applied; quiet, and a no-op on an up-to-date database. Several processes that
    start on a new database at once migrate it one after the other, under a lock (an advisory lock on PostgreSQL,
    a lock file beside the SQLite file), each looking again once it holds the lock."""
    from django.db import connection

    from .paths import data_dir

    if _sqlite_file(connection):
        data_dir(create=True)
        # a new file's first connection turns it to WAL (the connection's init_command): one process at a time,
        # for two that open a new file at the same moment may find it locked by the other's conversion
        file = _sqlite_file(connection)
        new = file.parent.is_dir() and (not file.exists() or file.stat().st_size == 0)
        if new:  # (an existing file is WAL already; a missing folder: connecting says why it cannot)
            with _migration_lock(connection):
                connection.ensure_connection()
    if not _pending(connection):
        return
    with _migration_lock(connection):
        if _pending(connection):
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)


def _pending(connection) -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _sqlite_file(connection) -> Path | None:
    """The file of a SQLite database; None for another database or one in memory."""
    from .paths import sqlite_file

    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(sqlite_file(name))


MIGRATION_LOCK = 0x78786B6D  # the advisory lock key of migrations (not the writers' lock)


@contextmanager
def _migration_lock(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
    elif _sqlite_file(connection):
        import fcntl

        with open(f"{_sqlite_file(connection)}.migrate.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    else:
        yield
