"""The web tests of a module share one corpus: the demo region (示范市 with its 青山区 and 高新区, 23 reports, some
wrong) and a user of each role, stored when the module starts and removed when it ends (so that the tests run
later, transactional ones included, find the database as they expect). Each test runs in a transaction rolled
back after it."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

PASSWORD = "示范-Passw0rd-2024"
# username → (role, region name, agency name)
USERS = {
    "admin": ("admin", None, None),
    "city": ("supervisor", "示范市", None),
    "qingshan": ("supervisor", "青山区", None),
    "watcher": ("observer", "示范市", None),
    "finance": ("agency", None, "示范市财政局"),
}


@pytest.fixture(scope="module", autouse=True)
def demo_corpus(request, tmp_path_factory):
    """The demo corpus and the users, for a module whose tests use the database."""
    marks = getattr(request.module, "pytestmark", [])
    if not any(m.name == "django_db" for m in (marks if isinstance(marks, list) else [marks])):
        yield
        return
    request.getfixturevalue("django_db_setup")  # the test database, made first
    yield from _stored(request.getfixturevalue("django_db_blocker"), tmp_path_factory)


def _stored(django_db_blocker, tmp_path_factory):
    from click.testing import CliRunner
    from django.contrib.auth.hashers import make_password

    from xxgk.cli import cli
    from xxgk.corpus.models import Agency, Region
    from xxgk.web.models import Access
    from django.contrib.auth import get_user_model

    before = os.environ.get("XXGK_DATA_DIR")
    os.environ["XXGK_DATA_DIR"] = str(tmp_path_factory.mktemp("web-data"))
    with django_db_blocker.unblock():
        result = CliRunner().invoke(cli, ["demo"], standalone_mode=False, catch_exceptions=False)
        assert result.output.startswith("已入库 23 份"), result.output
        hashed = make_password(PASSWORD)
        for username, (role, region, agency) in USERS.items():
            user = get_user_model().objects.create(username=username, password=hashed,
                                                   is_superuser=role == "admin")
            Access.objects.create(user=user, role=role, region=Region.objects.get(name=region) if region else None,
                                  agency=Agency.objects.get(name=agency) if agency else None)
        get_user_model().objects.create(username="nobody", password=hashed)  # a user without a role
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # the flush empties the working-day calendar its migration seeded too: seed it again
        import importlib

        from django.apps import apps

        importlib.import_module("xxgk.register.migrations.0002_package_arrangements").seed(apps, None)
    if before is None:
        os.environ.pop("XXGK_DATA_DIR", None)
    else:
        os.environ["XXGK_DATA_DIR"] = before


@pytest.fixture
def as_user(client, db):
    """as_user("city") → the test client signed in as that user."""
    from django.contrib.auth import get_user_model

    def sign_in(username: str):
        client.force_login(get_user_model().objects.get(username=username),
                           backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


def report_of(agency: str, year: int):
    from xxgk.corpus.models import Report

    return Report.objects.get(agency__name=agency, year=year)
