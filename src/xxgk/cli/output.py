"""Listings for people and programs: an aligned table by default, ``--json`` and ``--csv`` on request."""

from __future__ import annotations

import json

import click

from ..display import csv_text, display_width, pad


class Year(click.ParamType):
    """A year a report covers: four digits, not before the first national format (2019)."""

    name = "年度"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            year = value
        elif str(value).strip().isdigit() and len(str(value).strip()) == 4:
            year = int(value)
        else:
            self.fail(f"“{value}”不是年份（应为四位数字，如 2024）", param, ctx)
        from ..template import NAMES, load

        first = min(load(name).years[0] for name in NAMES)
        if year < first:
            self.fail(f"{year}年早于国家格式：年度报告的统一格式自{first}年度起施行", param, ctx)
        if year > 2100:
            self.fail(f"“{value}”不是年份（应为四位数字，如 2024）", param, ctx)
        return year


YEAR = Year()


def output_options(command):
    """Add --json and --csv to a listing command; it then calls ``emit`` with the format chosen."""
    command = click.option("--csv", "fmt", flag_value="csv", help="输出 CSV。Print CSV.")(command)
    command = click.option("--json", "fmt", flag_value="json", help="输出 JSON。Print JSON.")(command)
    return command


def emit(columns: list[tuple[str, str]], rows: list[dict], fmt: str | None, empty: str = "（无）",
         labels: dict[str, dict] | None = None, shares: tuple[str, ...] = ()) -> None:
    """Print ``rows`` (dicts keyed by the first item of each column) as a table, JSON or CSV; in a table the
    codes of a column found in ``labels`` are shown as their Chinese labels, and the columns in ``shares`` (0–1)
    as percentages."""
    keys = [key for key, _ in columns]
    if fmt == "json":
        click.echo(json.dumps([{k: row.get(k) for k in keys} for row in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(csv_text(keys, rows), nl=False)
    elif not rows:
        click.echo(empty)
    else:
        if labels:
            rows = [{k: labels[k].get(v, v) if k in labels else v for k, v in row.items()} for row in rows]
        cells = [[_cell(row.get(k), k in shares) for k in keys] for row in rows]
        widths = [max([display_width(h)] + [display_width(c[i]) for c in cells]) for i, (_, h) in enumerate(columns)]
        click.echo("  ".join(pad(h, w) for (_, h), w in zip(columns, widths)).rstrip())
        for c in cells:
            click.echo("  ".join(pad(v, w) for v, w in zip(c, widths)).rstrip())


def _cell(value, share: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2%}" if share else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def announce(batch, what: str, fmt: str | None) -> int:
    """Say that the batch is queued, and how to follow it; exit 1 when the broker could not be reached and its
    jobs wait unsent."""
    from ..jobs import batches

    unsent = batches.unsent(batch)
    if fmt == "json":
        click.echo(json.dumps({"batch": batch.pk, "jobs": batch.jobs.count(), "unsent": unsent}, ensure_ascii=False))
    else:
        click.echo(f"已将 {what} 交给任务队列，批次 {batch.pk}；用 xxgk jobs {batch.pk} 查看进度")
    if unsent:
        click.echo(f"xxgk: 任务队列暂时无法连接，{unsent} 项任务已登记但尚未发出；队列恢复后用 xxgk jobs {batch.pk} --retry "
                   "发出", err=True)
        return 1
    return 0


def writable(output: str) -> None:
    """Refuse, before any work, an output file that cannot be written: a missing folder, one not writable."""
    import os
    from pathlib import Path

    from ..errors import InputError

    folder = Path(output).expanduser().resolve().parent
    if not folder.is_dir():
        raise InputError(f"无法写入 {output}：文件夹 {folder} 不存在")
    if not os.access(folder, os.W_OK):
        raise InputError(f"无法写入 {output}：文件夹 {folder} 没有写权限")
