"""The workers and their batches: ``xxgk worker`` runs one, ``xxgk jobs`` says how the batches stand, ``xxgk
reparse`` reads the stored corpus again, ``xxgk recheck`` checks agencies' years against each other afresh."""

from __future__ import annotations

import json
import os
import sys

import click

from .corpus import open_corpus
from .output import YEAR, announce, emit, output_options, writable

BATCH_COLUMNS = [("id", "批次"), ("created", "时间"), ("kind", "类型"), ("total", "任务"), ("queued", "排队"), ("running", "处理中"),
                 ("done", "已入库"), ("skipped", "跳过"), ("failed", "失败"), ("cancelled", "取消")]
JOB_COLUMNS = [("id", "编号"), ("file", "文件 / 机关"), ("state", "状态"), ("attempts", "次数"), ("seconds", "秒"),
               ("output", "结果"), ("error", "原因")]
STATS_COLUMNS = [("kind", "类型"), ("jobs", "任务数"), ("queued", "排队"), ("running", "处理中"), ("done", "完成"),
                 ("skipped", "跳过"), ("failed", "失败"), ("cancelled", "取消"), ("median_seconds", "耗时中位数（秒）"),
                 ("longest_seconds", "最长（秒）"), ("top_error", "最常见的失败原因")]


@click.command("jobs")
@click.argument("batch", type=int, required=False)
@click.option("--retry", is_flag=True, help="把该批次失败的文件重新排队，并重新发出仍在排队的文件。Queue the batch's "
                                           "failed files again, and send again those still waiting.")
@click.option("--cancel", is_flag=True, help="取消该批次尚未开始的文件。Cancel the batch's files not yet begun.")
@click.option("--stats", is_flag=True, help="按任务类型统计任务数、耗时和失败。Counts, durations and failures by kind "
                                           "of task.")
@click.option("--download", type=click.Path(dir_okay=False, path_type=str),
              help="把该批次导出的文件保存到这里。Save the batch's export to this file.")
@output_options
def jobs_command(batch, retry, cancel, stats, download, fmt):
    """任务队列中的批次：每批排队、处理中、完成、失败的文件数；给出批次编号则列出每个文件及失败原因。

    The batches sent to the workers and how they stand; with BATCH, each file of it with its state and the reason
    of a failure. --retry queues the failed ones again and sends again those still waiting (never sent while the
    broker was out of reach, or lost with a broker that keeps nothing on disk); --cancel stops those not yet
    begun.

    \\b
    例 / examples:
      xxgk jobs
      xxgk jobs 3 --json
      xxgk jobs 3 --retry
      xxgk jobs --stats
      xxgk jobs 7 --download 2024.xlsx
    """
    from ..errors import InputError

    if (retry or cancel or download) and batch is None:
        raise InputError("--retry、--cancel 和 --download 需要给出批次编号，如 xxgk jobs 3 --retry")
    if download:
        writable(download)
    open_corpus()
    from ..corpus.models import JobKind, JobState
    from ..jobs import batches

    labels = {"state": dict(JobState.choices), "kind": dict(JobKind.choices)}
    if stats:
        emit(STATS_COLUMNS, batches.stats(), fmt, labels=labels, empty="还没有任务。")
        return 0
    if batch is None:
        emit(BATCH_COLUMNS, batches.batches(), fmt, empty="还没有批次。")
        return 0
    from ..corpus.lookup import find_batch

    found = find_batch(batch)
    if retry:
        click.echo(f"批次 {batch}：{batches.retry(found)} 项失败或仍在排队的任务已重新发出")
    elif cancel:
        click.echo(f"批次 {batch}：{batches.cancel(found)} 项尚未开始的任务已取消")
    elif download:
        size = batches.download(found, download)
        click.echo(f"已将批次 {batch} 的导出保存到 {download}（{size} 字节）", err=True)
    else:
        rows = batches.jobs(found)
        emit([(k, k) for k in rows[0]] if fmt and rows else JOB_COLUMNS, rows, fmt, labels=labels)
    return 0


@click.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(1, 256), default=None,
              help="并行处理的进程数，默认为本机的 CPU 核数；每个进程用一个核。Worker processes (default: one per "
                   "core; each reads on one core).")
@click.option("--loglevel", "-l", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              default="INFO", show_default=True, help="日志级别。Log level.")
@click.option("--beat", is_flag=True,
              help="同时按时运行每日任务（登记簿的提醒和逾期未缴费的处理）；只在一个工作进程上开启。Run the daily "
                   "schedule too (one worker only).")
def worker_command(concurrency, loglevel, beat):
    """启动任务队列的工作进程（Celery），处理 xxgk ingest --queue 送来的文件。

    Start a Celery worker with xxgk's settings: XXGK_BROKER_URL (Redis) for the queue, XXGK_DATABASE_URL (the
    shared PostgreSQL) and the store of originals (the data directory, or on several machines an S3 bucket:
    XXGK_S3_BUCKET, XXGK_S3_ENDPOINT_URL) as for every command. Run any number, on any number of machines.

    \\b
    例 / examples:
      XXGK_BROKER_URL=redis://127.0.0.1:6379/0 xxgk worker -c 2
    """
    from ..jobs.app import app, broker_url
    from ..site.paths import data_dir

    broker_url()
    os.environ.setdefault("XXGK_CONN_MAX_AGE", "300")  # each process keeps its database connection between tasks
    open_corpus()
    concurrency = concurrency or len(os.sched_getaffinity(0))  # the cores this process may run on
    from django.db import connections

    connections.close_all()  # each forked process opens its own; none shares this one's socket
    app.worker_main(["worker", f"--concurrency={concurrency}", f"--loglevel={loglevel.upper()}",
                     "--without-gossip", "--without-mingle", "--pool=prefork",
                     *(["--beat", f"--schedule={data_dir(create=True) / 'celerybeat-schedule'}"] if beat else [])])
    return 0


@click.command("reparse")
@click.option("--all", "every", is_flag=True, help="报告库中的全部报告。Every report of the corpus.")
@click.option("--agency", "-a", help="只读这一机关的报告。Only this agency's reports.")
@click.option("--year", "-y", type=YEAR, help="只读这一年度的报告。Only this year's.")
@click.option("--outdated", is_flag=True, help="只读由旧版解析器读取的报告。Only those read by an older parser.")
@click.option("--json", "fmt", flag_value="json", help="输出 JSON。Print JSON.")
def reparse_command(every, agency, year, outdated, fmt):
    """用当前版本的解析器重新读取报告库中已存的文件：交给任务队列的工作进程（有 XXGK_BROKER_URL 时），否则在本机读取。

    Read the stored files of the corpus again with the current parser — all of them, or an agency's, a year's, or
    those an older parser read — as one batch for the workers when XXGK_BROKER_URL is set, else here. Old
    versions are kept; reviews carry over to the same findings.

    \\b
    例 / examples:
      xxgk reparse --all
      xxgk reparse --year 2024 --outdated
      xxgk reparse --agency 洪泽区人民政府
    """
    import os

    from ..errors import InputError

    if not (every or agency or year or outdated):
        raise InputError("请说明要重新读取哪些报告：--all，或 --agency、--year、--outdated")
    open_corpus()
    from ..corpus import lookup, queries
    from ..corpus.ingest import PARSER_VERSION

    sources = queries.stored_sources(lookup.find_agency(agency) if agency else None, year,
                                     PARSER_VERSION if outdated else None)
    if os.environ.get("XXGK_BROKER_URL"):
        from ..jobs import batches

        batch = batches.enqueue_stored(sources, note="reparse")
        if fmt == "json":
            click.echo(json.dumps({"batch": batch.pk, "files": len(sources)}))
        else:
            click.echo(f"已将 {len(sources)} 份报告的文件交给任务队列重新读取，批次 {batch.pk}；用 xxgk jobs {batch.pk} 查看进度")
        return 0
    from ..corpus.ingest import Outcome, ingest
    from ..corpus.sources import Item

    results = ingest([Item.stored(d, n) for n, d in sources], reparse=True)
    counts = {o: sum(r.outcome == o for r in results) for o in Outcome}
    if fmt == "json":
        click.echo(json.dumps({str(o): n for o, n in counts.items()}))
    else:
        click.echo(f"重新读取 {len(results)} 份：新版本 {counts[Outcome.INGESTED]} 份，无需重读 {counts[Outcome.SKIPPED]} 份，"
                   f"失败 {counts[Outcome.FAILED]} 份")
    return 1 if counts[Outcome.FAILED] else 0


@click.command("recheck")
@click.option("--all", "every", is_flag=True, help="报告库中的全部机关。Every agency of the corpus.")
@click.option("--agency", "-a", help="只核对这一机关。Only this agency.")
@click.option("--region", "-r", help="只核对这一地区（含下级）的机关。Only the agencies of this region and below.")
@click.option("--json", "fmt", flag_value="json", help="输出 JSON。Print JSON.")
def recheck_command(every, agency, region, fmt):
    """重新核对机关各年度报告之间的关系（上年结转、逐年变化），保留已有的人工处理结果：交给任务队列（有 XXGK_BROKER_URL
    时），否则在本机进行。

    Check each agency's years against each other afresh — all agencies, one, or a region's — keeping the reviews
    of findings that are found again: one job per agency for the workers when XXGK_BROKER_URL is set, else here.

    \b
    例 / examples:
      xxgk recheck --all
      xxgk recheck --agency 洪泽区人民政府
      xxgk recheck --region 淮安市
    """
    from ..errors import InputError

    if not (every or agency or region):
        raise InputError("请说明要核对哪些机关：--all，或 --agency、--region")
    open_corpus()
    from ..corpus import lookup
    from ..corpus.models import Agency

    if agency:
        agencies = [lookup.find_agency(agency)]
    else:
        query = Agency.objects.in_region(lookup.find_region(region))
        agencies = list(query.filter(reports__isnull=False).distinct().order_by("pk"))
    if os.environ.get("XXGK_BROKER_URL"):
        from ..jobs import batches

        return announce(batches.enqueue_rechecks(agencies, note="recheck"), f"{len(agencies)} 个机关的跨年度核对",
                        fmt)
    from ..corpus.services import recheck_agency

    found = 0
    with click.progressbar(agencies, label="核对中", file=sys.stderr, hidden=len(agencies) < 20 or fmt == "json") as bar:
        for a in bar:
            found += recheck_agency(a)
    if fmt == "json":
        click.echo(json.dumps({"agencies": len(agencies), "findings": found}))
    else:
        click.echo(f"核对了 {len(agencies)} 个机关的各年度报告：跨年度发现 {found} 条")
    return 0
