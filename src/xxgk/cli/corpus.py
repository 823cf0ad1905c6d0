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


def emit(columns: list[tuple[str, str]], rows: list[dict], fmt: str | None, empty: str = "（无）") -> None:
    """Print ``rows`` (dicts keyed by the first item of each column) as a table, JSON or CSV."""
    keys = [key for key, _ in columns]
    if fmt == "json":
        click.echo(json.dumps([{k: row.get(k) for k in keys} for row in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(keys)
        writer.writerows([["" if row.get(k) is None else row.get(k) for k in keys] for row in rows])
        click.echo(out.getvalue(), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        cells = [[_cell(row.get(k)) for k in keys] for row in rows]
        widths = [max([_width(h)] + [_width(c[i]) for c in cells]) for i, (_, h) in enumerate(columns)]
        click.echo("  ".join(_pad(h, w) for (_, h), w in zip(columns, widths)).rstrip())
        for c in cells:
            click.echo("  ".join(_pad(v, w) for v, w in zip(c, widths)).rstrip())


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


CORPUS_COMMANDS = [ingest_command]
