"""The corpus commands: ingest files into the database and ask it questions. Django is set up only when one of
these commands runs, so ``xxgk parse`` stays quick."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter

import click

from .render import _pad, _width


def _open_corpus() -> None:
    from ..site import setup

    setup()


# -- output: a table for people, --json and --csv for programs ------------------------------------------------

def output_options(command):
    """Add --json and --csv to a listing command; it then returns (columns, rows) and this prints them."""
    command = click.option("--csv", "fmt", flag_value="csv", help="输出 CSV。Print CSV.")(command)
    command = click.option("--json", "fmt", flag_value="json", help="输出 JSON。Print JSON.")(command)
    return command


def emit(columns: list[tuple[str, str]], rows: list[dict], fmt: str | None, empty: str = "（无）",
         labels: dict[str, dict] | None = None) -> None:
    """Print ``rows`` (dicts keyed by the first item of each column) as a table, JSON or CSV; in a table the
    codes of a column found in ``labels`` are shown as their Chinese labels."""
    keys = [key for key, _ in columns]
    if fmt is None and labels:
        rows = [{k: labels[k].get(v, v) if k in labels else v for k, v in row.items()} for row in rows]
    if fmt == "json":
        click.echo(json.dumps([{k: row.get(k) for k in keys} for row in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([[_csv_cell(row.get(k)) for k in keys] for row in rows])
        click.echo(out.getvalue(), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        cells = [[_cell(row.get(k)) for k in keys] for row in rows]
        widths = [max([_width(h)] + [_width(c[i]) for c in cells]) for i, (_, h) in enumerate(columns)]
        click.echo("  ".join(_pad(h, w) for (_, h), w in zip(columns, widths)).rstrip())
        for c in cells:
            click.echo("  ".join(_pad(v, w) for v, w in zip(c, widths)).rstrip())


def _csv_cell(value):
    if value is None:
        return ""
    return "；".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2%}" if 0 <= value <= 1 else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


# -- ingest ------------------------------------------------------------------------------------------------------

@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--processes", "-p", type=click.IntRange(1, 64), default=1, show_default=True,
              help="并行进程数。Parse files in this many processes.")
@click.option("--reparse", is_flag=True, help="已入库的文件若由旧版解析器读取，用当前版本重新解析（保留旧版本）。"
              "Re-read files stored by an older parser version; the old version is kept.")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度条。No progress bar.")
def ingest_command(paths, processes, reparse, quiet):
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
    """
    from ..corpus.sources import expand

    items = expand(paths)
    _open_corpus()
    from ..corpus.ingest import OUTCOME_LABELS, Outcome, ingest

    hidden = quiet or not sys.stderr.isatty()
    with click.progressbar(length=len(items), label="入库", file=sys.stderr, hidden=hidden,
                           show_pos=True) as bar:
        results = ingest(items, processes=processes, reparse=reparse, on_result=lambda r: bar.update(1))
    counts = Counter(r.outcome for r in results)
    click.echo("，".join(f"{OUTCOME_LABELS[o]} {counts[o]} 份" for o in Outcome))
    for reason, n in Counter(r.error for r in results if r.outcome == Outcome.SKIPPED).most_common():
        click.echo(f"  跳过 {n} 份：{reason}")
    for r in sorted((r for r in results if r.outcome == Outcome.FAILED), key=lambda r: r.path):
        click.echo(f"  失败 {r.path}：{r.error}")
    return 1 if counts[Outcome.FAILED] else 0


# -- agencies: search, proposals, merge, split --------------------------------------------------------------------

AGENCY_COLUMNS = [("id", "编号"), ("name", "机关"), ("kind", "类别"), ("region", "地区"), ("reports", "报告数"),
                  ("years", "年度"), ("credit_code", "统一社会信用代码"), ("aliases", "曾用名称")]


@click.command("agencies")
@click.argument("text", required=False)
@click.option("--region", "-r", help="地区（含下级）。Region, with the regions below it.")
@output_options
def agencies_command(text, region, fmt):
    """查找报告库中的机关：按名称（含曾用名称）和地区。

    List the agencies of the corpus whose name (any name they used) contains TEXT, in a region and below.

    \b
    例 / examples:
      xxgk agencies 洪泽
      xxgk agencies --region 淄博市 --csv > 淄博机关.csv
    """
    _open_corpus()
    from ..corpus import lookup, queries

    emit(AGENCY_COLUMNS, queries.agencies(text, lookup.find_region(region)), fmt)
    return 0


@click.command("proposals")
@click.option("--all", "every", is_flag=True, help="也列出已合并、已否决的。Also those already decided.")
@click.option("--reject", "reject", type=int, multiple=True, metavar="ID",
              help="否决这一建议：不是同一机关。Reject this proposal: not one agency.")
@output_options
def proposals_command(every, reject, fmt):
    """列出可能是同一机关、有待确认的机关对；用 xxgk merge 合并，或 --reject 否决。

    List pairs of agencies that may be one (alike names, no clear evidence). Confirm one with `xxgk merge`,
    reject it with --reject ID.

    \b
    例 / examples:
      xxgk proposals
      xxgk merge 12 7          confirm: agency 7 is agency 12
      xxgk proposals --reject 3
    """
    _open_corpus()
    from ..corpus import queries, services
    from ..corpus.models import MatchProposal
    from ..errors import InputError

    for pk in reject:
        proposal = MatchProposal.objects.filter(pk=pk).first()
        if proposal is None:
            raise InputError(f"没有编号为 {pk} 的建议")
        services.reject_proposal(proposal)
    columns = [("id", "编号"), ("agency_id", "机关编号"), ("agency", "机关"), ("candidate_id", "疑似编号"),
               ("candidate", "疑似同一机关"), ("score", "相似度"), ("state", "状态"), ("reason", "依据")]
    emit(columns, queries.proposals(every), fmt, empty="没有待确认的机关。")
    return 0


@click.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
def merge_command(keep, others):
    """合并机关：把后面的机关并入第一个（名称、报告、版本一并转入）。

    Merge agencies: each OTHER becomes a name of KEEP, with its reports and their versions. Agencies are named
    by number (see `xxgk agencies`) or by a name they used.

    \b
    例 / examples:
      xxgk merge 淄博高新技术产业开发区管理委员会 淄博高新区管委会
      xxgk merge 12 7 9
    """
    _open_corpus()
    from ..corpus import lookup, services

    agency = lookup.find_agency(keep)
    for other in [lookup.find_agency(o) for o in others]:
        agency = services.merge_agencies(agency, other)
        click.echo(f"已将“{other.name}”（{other.pk if other.pk else '原编号'}）并入“{agency.name}”（{agency.pk}）")
    return 0


@click.command("split")
@click.argument("agency")
@click.argument("names", nargs=-1, required=True)
def split_command(agency, names):
    """拆分机关：把误认为同一机关的名称（及以该名称印发的报告）分出为新机关。

    Split an agency: the given names, and the reports that printed them, become a new agency.

    \b
    例 / examples:
      xxgk split 淄博市工业和信息化局 淄博市工业和信息化局（淄博市国防科技工业办公室）
    """
    _open_corpus()
    from ..corpus import lookup, services

    new = services.split_agency(lookup.find_agency(agency), list(names))
    click.echo(f"已分出新机关“{new.name}”（{new.pk}），报告 {new.reports.count()} 份")
    return 0


# -- findings and their review -------------------------------------------------------------------------------------

FINDING_COLUMNS = [("id", "编号"), ("agency", "机关"), ("year", "年度"), ("severity", "级别"), ("code", "代码"),
                   ("state", "处理"), ("message", "问题")]


@click.command("findings")
@click.option("--region", "-r", help="地区（含下级）。Region, with the regions below it.")
@click.option("--year", "-y", type=int, help="年度。Year the reports cover.")
@click.option("--code", "-c", help="问题代码或其类别（sum 即 sum.*）。A code, or its family.")
@click.option("--state", "-s", type=click.Choice(["open", "confirmed", "dismissed"]),
              help="处理状态。Review state.")
@click.option("--severity", type=click.Choice(["error", "warning"]), help="级别。Severity.")
@output_options
def findings_command(region, year, code, state, severity, fmt):
    """列出报告库中各报告（当前版本）发现的问题。

    List the findings of the current version of every report, filtered by region, year, code and review
    state. With --json or --csv every column is given (cells, reviewer, note).

    \b
    例 / examples:
      xxgk findings --region 淄博市 --year 2024 --state open
      xxgk findings --code years --csv > 跨年度问题.csv
    """
    _open_corpus()
    from ..corpus import lookup, queries

    from ..corpus.models import FindingState

    rows = queries.findings(lookup.find_region(region), year, code, state, severity)
    if fmt:
        columns = [(k, k) for k in rows[0]] if rows else FINDING_COLUMNS
        emit(columns, rows, fmt)
    else:
        labels = {"severity": {"error": "错误", "warning": "提示"}, "state": dict(FindingState.choices)}
        emit(FINDING_COLUMNS, rows, fmt, empty="没有符合条件的问题。", labels=labels)
    return 0


@click.command("review")
@click.argument("ids", nargs=-1, required=True, type=int)
@click.option("--state", "-s", required=True, type=click.Choice(["confirmed", "dismissed", "open"]),
              help="确认、排除，或重新待处理。Confirmed, dismissed, or open again.")
@click.option("--note", "-n", default="", help="说明。A note.")
@click.option("--by", "by", help="处理人。Who reviewed it.")
def review_command(ids, state, note, by):
    """处理问题：确认、排除（附处理人和说明）；重新解析后同一问题保留处理结果。

    Set the review state of findings (by number, see `xxgk findings`), with who and a note. The review stays
    with the same finding when the report is parsed again.

    \b
    例 / examples:
      xxgk review 41 42 --state confirmed --by 张三
      xxgk review 17 --state dismissed --note 已电话核实，表格无误 --by 李四
    """
    _open_corpus()
    from ..corpus import lookup, services

    user = services.reviewer(by)
    for finding in lookup.find_findings(list(ids)):
        services.set_finding_state(finding, state, user=user, note=note)
    click.echo(f"已更新 {len(ids)} 个问题")
    return 0


# -- coverage, compare, aggregate, export -----------------------------------------------------------------------

@click.command("coverage")
@click.option("--year", "-y", type=int, required=True, help="年度。Year the reports cover.")
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
    _open_corpus()
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
@click.argument("first", type=int)
@click.argument("second", type=int)
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
    _open_corpus()
    from ..corpus import lookup
    from ..corpus.compare import compare

    rows = compare(lookup.find_agency(agency), first, second, every)
    columns = [("path", "单元格"), ("label", "行 / 栏"), ("first", f"{first}年度"), ("second", f"{second}年度"),
               ("delta", "变化"), ("repeated", "逐字重复")]
    emit(columns, rows, fmt)
    return 0


@click.command("aggregate")
@click.option("--region", "-r", required=True, help="地区（含下级）。Region, with the regions below it.")
@click.option("--year", "-y", type=int, required=True, help="年度。Year the reports cover.")
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
    _open_corpus()
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
@click.option("--year", "-y", type=int, help="年度。Year the reports cover.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=str),
              help="写入文件（xlsx、parquet 必须）。Write to this file (needed for xlsx and parquet).")
def export_command(fmt, wide, region, year, output):
    """导出报告库：每份报告每个单元格一行，或每份报告一行（--wide）。

    Export the current version of every report (of a region, of a year): one row per report and cell, or with
    --wide one row per report and a column per cell. JSON without --wide is each report's report-json.

    \b
    例 / examples:
      xxgk export --format csv > 单元格.csv
      xxgk export --format xlsx --wide --year 2024 -o 2024.xlsx
      xxgk export --format parquet -o corpus.parquet
    """
    from ..errors import InputError

    if fmt in ("xlsx", "parquet") and not output:
        raise InputError(f"{fmt} 格式请用 --output 指定文件")
    _open_corpus()
    from ..corpus import export, lookup

    place = lookup.find_region(region)
    if fmt == "json" and not wide:
        columns, rows = None, export.json_documents(place, year)
    else:
        columns, rows = (export.wide_rows if wide else export.long_rows)(place, year)
    stream = open(output, "wb") if output else sys.stdout.buffer
    try:
        if columns is None:
            stream.write(json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8"))
        else:
            export.write(fmt, columns, rows, stream)
    finally:
        if output:
            stream.close()
    if output:
        click.echo(f"已导出 {len(rows)} 行到 {output}", err=True)
    return 0


CORPUS_COMMANDS = [coverage_command, compare_command, aggregate_command, export_command, ingest_command, agencies_command, proposals_command, merge_command, split_command,
                   findings_command, review_command]


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
    _open_corpus()
    from ..corpus.demo import demo_files
    from ..site.paths import data_dir

    folder = data_dir(create=True) / "demo"
    demo_files(folder)
    return ingest_command.callback((str(folder),), processes, False, True)


CORPUS_COMMANDS.append(demo_command)
