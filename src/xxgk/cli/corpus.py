"""The corpus commands: ingest files into the database, and ask it of coverage, comparisons, sums and exports.
Django is set up only when one of these commands runs, so ``xxgk parse`` stays quick."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from .output import YEAR, announce, emit, output_options, writable


def open_corpus() -> None:
    """Set Django up for the corpus database; the commands call it first, so ``xxgk parse`` never loads Django."""
    from ..site import setup

    setup()


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, show_default=True,
              help="并行进程数。Parse files in this many processes.")
@click.option("--reparse", is_flag=True, help="已入库的文件若由旧版解析器读取，用当前版本重新解析（保留旧版本）。"
              "Re-read files stored by an older parser version; the old version is kept.")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条。No progress bar.")
@click.option("--json", "fmt", flag_value="json", help="每个文件的结果输出为 JSON。Print each file's result as JSON.")
@click.option("--queue", is_flag=True, help="交给任务队列的工作进程处理（需 XXGK_BROKER_URL），立即返回批次编号。"
              "Send the files to the workers (XXGK_BROKER_URL) and return at once with the batch's number.")
def ingest_command(paths, processes, reparse, quiet, fmt=None, queue=False):
    """把年度报告存入报告库：文件、文件夹或 zip 压缩包。

    Ingest reports (any kind `xxgk parse` reads, report-json files, folders, zip archives) into the corpus
    database. Each file is one transaction: an interrupted run leaves no half-stored report and running it again
    picks up where it stopped. A file already stored (same content) is skipped. Reports of one agency for
    consecutive years are checked against each other. Exit 1 when a file failed, after the others are stored.

    \b
    例 / examples:
      xxgk ingest ../shared/corpus/
      xxgk ingest 2024年报.zip 补报/ --processes 2
      xxgk ingest 年报/ --reparse          re-read with a newer parser
      xxgk ingest 年报/ --queue            to the workers (xxgk worker); see xxgk jobs
    """
    from ..corpus.sources import expand

    items = expand(paths)
    if queue:
        return _queue(items, reparse, fmt)
    open_corpus()
    from ..corpus.ingest import OUTCOME_LABELS, Outcome, ingest

    hidden = quiet or not sys.stderr.isatty()
    with click.progressbar(length=len(items), label="入库", file=sys.stderr, hidden=hidden,
                           show_pos=True) as bar:
        results = ingest(items, processes=processes, reparse=reparse, on_result=lambda r: bar.update(1))
    counts = Counter(r.outcome for r in results)
    if fmt == "json":
        emit([("path", "path"), ("outcome", "outcome"), ("report_id", "report_id"), ("error", "error")],
             [{"path": r.path, "outcome": str(r.outcome), "report_id": r.report_id, "error": r.error or None}
              for r in results], fmt)
        return 1 if counts[Outcome.FAILED] else 0
    click.echo("，".join(f"{OUTCOME_LABELS[o]} {counts[o]} 份" for o in Outcome))
    for reason, n in Counter(r.error for r in results if r.outcome == Outcome.SKIPPED).most_common():
        click.echo(f"  跳过 {n} 份：{reason}")
    for r in sorted((r for r in results if r.outcome == Outcome.FAILED), key=lambda r: r.path):
        click.echo(f"  失败 {r.path}：{r.error}")
    return 1 if counts[Outcome.FAILED] else 0


@click.command("coverage")
@click.option("--year", "-y", type=YEAR, required=True, help="年度。Year the reports cover.")
@click.option("--region", "-r", help="地区（含下级）。Region, with the regions below it.")
@output_options
def coverage_command(year, region, fmt):
    """哪些机关没有某年度的报告。

    List the agencies (of a region and below) known to the corpus that have no report for the year, with the
    last year each one reported.

    \b
    例 / examples:
      xxgk coverage --year 2024 --region 淄博市
      xxgk coverage -y 2024 --csv > 未报送.csv
    """
    open_corpus()
    from ..corpus import lookup, queries

    place = lookup.find_region(region)
    rows = queries.coverage(year, place)
    columns = [("id", "编号"), ("name", "机关"), ("region", "地区"), ("kind", "类别"), ("last_report", "最近报告年度")]
    emit(columns, rows, fmt, empty=f"{year}年度报告齐全。")
    if not fmt:
        have, known = queries.coverage_counts(year, place)
        click.echo(f"{place.path if place else '全部'}：已知机关 {known} 个，{year}年度已有报告 {have} 个，缺 {known - have} 个")
    return 0


@click.command("compare")
@click.argument("agency")
@click.argument("first", type=YEAR)
@click.argument("second", type=YEAR)
@click.option("--all", "every", is_flag=True, help="列出全部单元格，包括未变的。Every cell, changed or not.")
@output_options
def compare_command(agency, first, second, every, fmt):
    """比较同一机关两个年度的报告：三张表变动的单元格，正文逐字重复的比例。

    Compare an agency's reports of two years: the cells of the three tables that changed, and for each part of
    the narrative the share of the later text that repeats the earlier year's sentences word for word.

    \b
    例 / examples:
      xxgk compare 洪泽区人民政府 2023 2024
      xxgk compare 12 2023 2024 --all --csv
    """
    if first == second:
        from ..errors import InputError

        raise InputError(f"两个年度相同（{first}）：请给出要比较的两个不同年度，如 {first - 1} {first}")
    open_corpus()
    from ..corpus import lookup
    from ..corpus.compare import compare

    rows = compare(lookup.find_agency(agency), first, second, every)
    columns = [("path", "单元格"), ("label", "行 / 栏"), ("first", f"{first}年度"), ("second", f"{second}年度"),
               ("delta", "变化"), ("repeated", "逐字重复")]
    emit(columns, rows, fmt, shares=("repeated",))
    return 0


@click.command("aggregate")
@click.option("--region", "-r", required=True, help="地区（含下级）。Region, with the regions below it.")
@click.option("--year", "-y", type=YEAR, required=True, help="年度。Year the reports cover.")
@output_options
def aggregate_command(region, year, fmt):
    """汇总一个地区某年度的全部报告为一份（report-json），并核对汇总结果。

    Sum the current reports of a region and below for a year into one report, cell by cell (a cell no report
    prints stays blank), and check the sum like any report. --json prints report-json, --csv one row per cell.

    \b
    例 / examples:
      xxgk aggregate --region 淄博市 --year 2024
      xxgk aggregate -r 淮安市 -y 2024 --json > 淮安市2024汇总.json
    """
    open_corpus()
    from ..corpus import lookup
    from ..corpus.aggregate import aggregate
    from .render import render_report

    total = aggregate(lookup.find_region(region), year)
    if fmt == "json":
        click.echo(total.to_json())
    elif fmt == "csv":
        emit([("path", "path"), ("value", "value")], [{"path": p, "value": v} for p, v in total.cells()], fmt)
    else:
        click.echo(render_report(f"{total.meta.agency}，{year}年度", total))
    return 0


@click.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]), default="csv",
              show_default=True, help="文件格式。File format.")
@click.option("--wide", is_flag=True, help="每份报告一行，每个单元格一列。One row per report, a column per cell.")
@click.option("--region", "-r", help="地区（含下级）。Region, with the regions below it.")
@click.option("--year", "-y", type=YEAR, help="年度。Year the reports cover.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str),
              help="写入文件（xlsx、parquet 必须）。Write to this file (needed for xlsx and parquet).")
@click.option("--queue", is_flag=True,
              help="交给任务队列的工作进程导出（需 XXGK_BROKER_URL），完成后用 xxgk jobs 批次 --download 取回。Let a "
                   "worker make it; fetch it with xxgk jobs BATCH --download.")
def export_command(fmt, wide, region, year, output, queue):
    """导出报告库：每份报告每个单元格一行，或每份报告一行（--wide）。

    Export the current version of every report (of a region, of a year): one row per report and cell, or with
    --wide one row per report and a column per cell. JSON without --wide is each report's report-json. With
    --queue a worker makes the file and keeps it in the store of exports.

    \b
    例 / examples:
      xxgk export --format csv > 单元格.csv
      xxgk export --format xlsx --wide --year 2024 -o 2024.xlsx
      xxgk export --format parquet -o corpus.parquet
      xxgk export --format xlsx --queue && xxgk jobs 7 --download 全部.xlsx
    """
    from ..errors import InputError

    if fmt in ("xlsx", "parquet") and not (output or queue):
        raise InputError(f"{fmt} 格式请用 --output 指定文件")
    if output and not queue:
        writable(output)
    if queue:
        from ..jobs.app import broker_url

        broker_url()
    open_corpus()
    from ..corpus import export, lookup

    place = lookup.find_region(region)
    if queue:
        from ..jobs import batches

        name = Path(output).name if output else f"xxgk-{year or '全部'}{'-wide' if wide else ''}.{fmt}"
        batch = batches.enqueue_export(name, {"fmt": fmt, "wide": wide, "year": year,
                                              "region_id": place.pk if place else None})
        return announce(batch, f"导出文件 {name}", None)
    data, rows = export.export_file(fmt, wide=wide, region=place, year=year)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"已导出 {rows} 行到 {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _queue(items, reparse: bool, fmt: str | None) -> int:
    from ..jobs.app import broker_url

    broker_url()
    open_corpus()
    from ..jobs import batches

    batch = batches.enqueue(items, reparse=reparse)
    return announce(batch, f"{len(items)} 个文件", fmt)


@click.command("demo")
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, help="并行进程数。Processes.")
def demo_command(processes):
    """用 xxgk 自己生成的示范报告填充报告库（示范市，几个机关，四个年度，部分报告带有常见错误）。

    Fill the corpus with reports xxgk writes itself: an imaginary 示范市 with a few agencies over four years,
    some with typical errors (a total that is not the sum, a carry-over that is not last year's, a missing
    report, a zone that shortened its name). The files are kept under the data directory's demo/ folder.

    \b
    例 / examples:
      xxgk demo && xxgk findings --region 示范市 && xxgk coverage --year 2024
    """
    open_corpus()
    from ..corpus.demo import demo_files
    from ..site.paths import data_dir

    folder = data_dir(create=True) / "demo"
    demo_files(folder)
    return ingest_command.callback((str(folder),), processes, False, True, None)
