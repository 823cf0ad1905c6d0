"""The Django project that holds the corpus: settings, the data directory and the database it points at.

Nothing here is imported by the parsing packages; the corpus commands call ``setup()`` when they first need the
database, so ``xxgk parse`` never loads Django.
"""

from __future__ import annotations

import os

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
        migrate_database()
    _ready = True


def migrate_database() -> None:
    """Apply the migrations not yet applied; quiet, and a no-op on an up-to-date database."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from .paths import data_dir

    if connection.vendor == "sqlite":
        data_dir(create=True)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)
