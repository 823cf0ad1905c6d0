"""Ingest: each file goes through ``STEPS`` — hash and skip known files, read and check, then, in one
transaction, keep the source, match the agency, store the version and check across years. A step stops a file
with ``SkipFile`` or ``FailFile``; one file's failure never stops the batch."""

from __future__ import annotations

import functools
import json
import multiprocessing
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, connections, transaction

from .. import __version__
from .. import check as checks
from ..errors import InputError, XxgkError
from ..model import Report as ReportData
from ..pipeline import parse_file
from . import services, store
from .matching import adopt_regions, match_agency
from .models import Report, ReportVersion, Source
from .sources import Item

PARSER_VERSION = __version__
REPORT_JSON = "report-json"  # the parser version of a report read from report-json as it is
WRITE_LOCK = 0x78786B67  # the advisory lock id that corpus writers take in turn on PostgreSQL


class Outcome(StrEnum):
    INGESTED = "ingested"
    SKIPPED = "skipped"
    FAILED = "failed"


OUTCOME_LABELS = {Outcome.INGESTED: "已入库", Outcome.SKIPPED: "已跳过", Outcome.FAILED: "失败"}


@dataclass(frozen=True)
class IngestResult:
    path: str
    outcome: Outcome
    report_id: int | None = None
    error: str = ""


class SkipFile(Exception):
    """Stop the file: nothing to do (the reason says why)."""


class FailFile(Exception):
    """Stop the file: it cannot be ingested (the reason says why)."""


@dataclass
class FileContext:
    """What the steps know about one file so far."""

    item: Item
    reparse: bool
    parser_version: str
    agency: object = None  # the agency the file is known to be of (a report the register wrote), else matched
    data: bytes = b""
    digest: str = ""
    report: ReportData | None = None
    report_id: int | None = None
    stored: dict = field(default_factory=dict)


def hash_and_skip_known(ctx: FileContext) -> None:
    ctx.data = ctx.item.read_bytes()
    ctx.digest = store.sha256(ctx.data)
    source = Source.objects.filter(sha256=ctx.digest).first()
    if source is None:
        return
    versions = set(source.versions.values_list("parser_version", flat=True))
    if not versions:
        return
    if not ctx.reparse or ctx.parser_version in versions or REPORT_JSON in versions:
        raise SkipFile("内容相同的文件已入库")


def read_and_check(ctx: FileContext) -> None:
    try:
        report = _report_json(ctx.data)
        if report is None:
            report = _parse_bytes(ctx.item, ctx.data)
        else:
            ctx.parser_version = REPORT_JSON
    except XxgkError as e:
        raise FailFile(e.message) from None
    if not report.meta.agency and report.meta.year is None and all(v is None for _, v in report.cells()):
        raise SkipFile("空白的报告格式，没有机关、年度和数字")
    if not report.meta.agency:
        raise FailFile("未能从报告中读出机关名称")
    if report.meta.year is None:
        raise FailFile("未能从报告中读出统计年度")
    ctx.report = report


def _report_json(data: bytes) -> ReportData | None:
    """The report in a report-json file (as ``xxgk parse --json`` or ``xxgk export`` writes it), None when the file
    is not report-json. The checks run afresh; findings made while reading the tables (layout, units) are kept."""
    if not data.lstrip()[:1] == b"{":
        return None
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("schema") != "report-json/1":
        return None
    if "expected_findings" in raw:
        raise SkipFile("标注文件（*.expected.json），不是报告")
    try:
        report = ReportData.from_dict(raw)
    except ValueError as e:
        raise FailFile(f"report-json 内容不合格式：{str(e).splitlines()[0]}") from None
    fresh = checks.check(report)
    by_rules = {code for r in checks.RULES for code in r.codes}
    report.findings = [f for f in report.findings if f.code not in by_rules] + fresh
    return report


def _parse_bytes(item: Item, data: bytes) -> ReportData:
    """The report in an item; a member of an archive or a stored original is read from a copy under a short name
    (a member's name may be longer than a file name can be). A problem is told by the item's name: its place
    inside the archive, or the name a stored file was sent under."""
    with tempfile.TemporaryDirectory(prefix="xxgk-") as tmp:
        path = Path(item.path)
        if item.copied:
            path = Path(tmp) / ("member" + Path(item.name).suffix[:12])
            path.write_bytes(data)
        try:
            return parse_file(path)
        except XxgkError as e:
            if str(path) == str(item):
                raise
            raise e.at(str(item)) from None


def take_the_write_lock(ctx: FileContext) -> None:
    """One writer at a time, so that two processes storing the same new agency make one agency, not two.
    SQLite has it already (transactions begin IMMEDIATE); on PostgreSQL it is an advisory lock that the
    transaction's end releases. Parsing, the slow part, runs outside it."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])


def keep_source(ctx: FileContext) -> None:
    if ReportVersion.objects.filter(source__sha256=ctx.digest, parser_version=ctx.parser_version).exists():
        raise SkipFile("内容相同的文件已入库")  # by another process, since this one looked
    store.keep(ctx.data, ctx.digest)
    source, _ = Source.objects.get_or_create(sha256=ctx.digest, defaults={"name": ctx.item.name[:255],
                                                                          "size": len(ctx.data)})
    ctx.stored["source"] = source


def match_the_agency(ctx: FileContext) -> None:
    if ctx.agency is not None:
        ctx.stored["agency"] = ctx.agency
        return
    ctx.stored["agency"] = match_agency(ctx.report.meta.agency, ctx.report.meta.index_no).agency


def store_the_version(ctx: FileContext) -> None:
    version = services.store_version(ctx.stored["agency"], ctx.report, ctx.stored["source"], ctx.parser_version)
    ctx.report_id = version.report_id


def check_across_years(ctx: FileContext) -> None:
    services.check_years_around(Report.objects.get(pk=ctx.report_id))


OUTSIDE = (hash_and_skip_known, read_and_check)  # read-only: parsing runs outside any transaction
# one transaction per file
INSIDE = (take_the_write_lock, keep_source, match_the_agency, store_the_version, check_across_years)
STEPS = OUTSIDE + INSIDE
ATTEMPTS = 3  # a transaction that collides with a parallel one is tried again


def ingest_item(item: Item, *, reparse: bool = False, parser_version: str = PARSER_VERSION,
                agency=None) -> IngestResult:
    """Ingest one file (of ``agency`` when that is known, else of the agency its printed name matches); never
    raises for a problem of the file."""
    ctx = FileContext(item, reparse, parser_version, agency)
    try:
        for step in OUTSIDE:
            step(ctx)
        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic():
                    ctx.stored.clear()
                    for step in INSIDE:
                        step(ctx)
                break
            except (IntegrityError, OperationalError):
                if attempt == ATTEMPTS - 1:
                    raise
                connections["default"].close()
    except store.Unavailable:
        raise  # the store, not the file: the caller retries or says so
    except SkipFile as e:
        return IngestResult(str(item), Outcome.SKIPPED, None, str(e))
    except FailFile as e:
        return IngestResult(str(item), Outcome.FAILED, None, str(e))
    except XxgkError as e:
        return IngestResult(str(item), Outcome.FAILED, None, e.message)
    except OSError as e:
        return IngestResult(str(item), Outcome.FAILED, None, f"无法读取：{e.strerror or e}")
    except (OperationalError, InterfaceError):
        raise  # the database, not the file: the caller retries or says so
    except DatabaseError as e:
        return IngestResult(str(item), Outcome.FAILED, None, f"数据库拒绝了这份报告（{str(e).splitlines()[0]}）")
    except Exception as e:  # a bug met on one file is reported with it and the batch goes on
        return IngestResult(str(item), Outcome.FAILED, None, f"程序错误（{type(e).__name__}: {e}）")
    return IngestResult(str(item), Outcome.INGESTED, ctx.report_id)


def ingest(items: list[Item], *, processes: int = 1, reparse: bool = False, parser_version: str = PARSER_VERSION,
           on_result=None) -> list[IngestResult]:
    """Ingest every item, in this process (``processes=1``) or in forked workers; ``on_result(result)`` is called
    as each file finishes. Years are checked again at the end for every agency touched, so reports of one agency
    stored at the same moment by two workers still meet."""
    from ..site.paths import read_only_database

    if read_only_database():
        raise InputError(read_only_database())
    options = {"reparse": reparse, "parser_version": parser_version}
    results = []
    if processes <= 1 or len(items) <= 1:
        for item in items:
            results.append(ingest_item(item, **options))
            on_result and on_result(results[-1])
    else:
        connections.close_all()  # each worker opens its own connection; none is shared across the fork
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, initializer=one_core_each) as pool:
            for result in pool.imap_unordered(functools.partial(_ingest_in_worker, **options), items):
                results.append(result)
                on_result and on_result(result)
        connections.close_all()
        _recheck_years([r.report_id for r in results if r.outcome == Outcome.INGESTED])
    if any(r.outcome == Outcome.INGESTED for r in results):
        adopt_regions()
    return results


def one_core_each() -> None:
    """In a process that reads beside others, OCR on one core (unless XXGK_OCR_THREADS says otherwise)."""
    import os

    os.environ.setdefault("XXGK_OCR_THREADS", "1")


def _ingest_in_worker(item: Item, **options) -> IngestResult:
    return ingest_item(item, **options)


def _recheck_years(report_ids: list[int]) -> None:
    agencies = set(Report.objects.filter(pk__in=report_ids).values_list("agency_id", flat=True))
    for agency_id in agencies:
        with transaction.atomic():
            for report in Report.objects.filter(agency_id=agency_id, current__isnull=False).select_related("current"):
                services.recheck_years(report)
