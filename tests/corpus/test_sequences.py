"""Random sequences of what people do to the corpus — merge, split, review, read again, undo — keep it whole:
after every step each version belongs to one report of one agency, each report's current version is its own,
every review is carried to the same finding of the current version (where a person may have changed it
since) or listed as orphaned; and undoing every merge and split gives back
the agencies as they were."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xxgk.corpus import queries, services
from xxgk.corpus.ingest import ingest
from xxgk.corpus.models import Agency, AgencyChange, Finding, Report, ReportVersion
from xxgk.corpus.sources import expand
from xxgk.errors import InputError

from .conftest import variant

pytestmark = pytest.mark.django_db(transaction=False)

FILES = {"a2023.txt": ("淄博市工业和信息化局", 2023), "a2024.txt": ("淄博市工业和信息化局", 2024),
         "b2024.txt": ("淄博市工信局", 2024), "b2022.txt": ("淄博市工信局", 2022),
         "c2024.txt": ("淄博市教育局", 2024)}

STEP = st.one_of(
    st.tuples(st.just("merge"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("split"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("review"), st.integers(0, 99), st.sampled_from(["confirmed", "dismissed", "open"])),
    st.tuples(st.just("reread"), st.sampled_from(sorted(FILES)), st.integers(0, 0)),
    st.tuples(st.just("undo"), st.integers(0, 9), st.integers(0, 0)),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, corpus):
    path = tmp_path_factory.mktemp("sequences")
    text = (corpus / "seeds").glob("003_*.txt").__next__().read_text(encoding="utf-8")
    for name, (agency, year) in FILES.items():
        (path / name).write_text(variant(text, agency, year), encoding="utf-8")
    return path


def agencies_now():
    """Each agency by the set of its names: its region and its report years."""
    return {frozenset(a.names.values_list("name", flat=True)): (a.region_id, sorted(a.reports.values_list("year", flat=True)))
            for a in Agency.objects.all()}


def assert_whole():
    for version in ReportVersion.objects.select_related("report"):
        assert Agency.objects.filter(pk=version.report.agency_id).exists()
    for report in Report.objects.all():
        assert report.versions.exists(), f"report {report.pk} has no version"
        assert report.current_id in set(report.versions.values_list("pk", flat=True))
    assert Report.objects.values("agency", "year").distinct().count() == Report.objects.count()
    carried = set(Finding.objects.filter(version__report__current=F("version")).values_list("version__report_id",
                                                                                              "key"))
    orphaned = {r["id"] for r in queries.orphaned_reviews()}
    for f in Finding.objects.exclude(state="open").exclude(version__report__current=F("version")).select_related(
            "version"):
        newer = Finding.objects.filter(version__report_id=f.version.report_id, key=f.key,
                                       version__created__gt=f.version.created).exclude(state="open").exists()
        assert (f.version.report_id, f.key) in carried or f.pk in orphaned or newer, f"review {f.pk} lost"


def do(step, rereads):
    kind, a, b = step
    agencies = list(Agency.objects.order_by("pk"))
    if kind == "merge" and len(agencies) > 1:
        keep, other = agencies[a % len(agencies)], agencies[b % len(agencies)]
        try:
            services.merge_agencies(keep, other)
        except InputError:
            pass
    elif kind == "split":
        agency = agencies[a % len(agencies)]
        names = sorted(agency.names.values_list("name", flat=True))
        if len(names) > 1:
            services.split_agency(agency, [names[b % len(names)]])
    elif kind == "review":
        findings = list(Finding.objects.filter(version__report__current=F("version")).order_by("pk"))
        if findings:
            services.set_finding_state(findings[a % len(findings)], b, note="看过")
    elif kind == "reread":
        rereads.append(a)
        ingest(expand([FOLDER[0] / a]), reparse=True, parser_version=f"9.{len(rereads)}")
    elif kind == "undo":
        undoable = [c for c in AgencyChange.objects.filter(undone_at=None).order_by("-pk") if "undoes" not in c.moved]
        if undoable:
            services.undo_change(undoable[0])  # the latest: undoing an earlier one first is refused


FOLDER: list = []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=7))
def test_any_sequence_keeps_the_corpus_whole_and_undo_gives_back_the_start(folder, steps):
    FOLDER[:] = [folder]
    with transaction.atomic():
        ingest(expand([folder]))
        start = agencies_now()
        rereads: list = []
        for step in steps:
            do(step, rereads)
            assert_whole()
        for change in list(AgencyChange.objects.filter(undone_at=None).order_by("-pk")):
            if "undoes" not in change.moved:
                services.undo_change(change)
                assert_whole()
        assert agencies_now() == start
        transaction.set_rollback(True)
