"""``xxgk parse`` and ``xxgk check``: files in, report-json or findings out."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import InputError, XxgkError
from ..files import walk
from ..model import Report, Severity
from ..pipeline import debug_file, parse_files
from ..read import ReadOptions
from .render import render_debug, render_findings, render_report


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="输出 report-json（多个文件或文件夹时为一个 JSON 数组）。Print report-json (an array for several files "
              "or a folder).")
@click.option("--debug", is_flag=True, help="显示中间结果：找到的表格行、匹配的标签、读出的单元格。Show the rows found, "
              "the labels matched and the cells read.")
def parse_command(files, as_json, debug):
    """读取年度报告，输出三张统计表（或 report-json）。

    Read annual reports (text, HTML, DOCX, PDF, scans as PNG/JPEG/TIFF; the kind is told from the content, not the
    name) and print their tables, or report-json with --json. Findings of the checks are included. A folder is
    read as the files under it, in name order.

    \b
    例 / examples:
      xxgk parse 2024年报.pdf
      xxgk parse a.html b.docx --json > reports.json
      xxgk parse 2024年报/ --json         every file under the folder
      xxgk parse 年报.html --debug         how each row was read
    """
    many = len(files) > 1 or any(Path(f).is_dir() for f in files)
    files = _files(files)
    if debug:
        for path in files:
            click.echo(render_debug(path, debug_file(path)))
        return 0
    reports, failed = _parse_all(files)
    if as_json:
        data = [r.to_dict() for _, r in reports]
        if many:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        elif data:
            click.echo(json.dumps(data[0], ensure_ascii=False, indent=1))
    else:
        for path, report in reports:
            click.echo(render_report(path, report))
    return 2 if failed else 0


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出发现的问题。Print findings as JSON.")
def check_command(files, as_json):
    """核对年度报告：勾稽关系、格式、正文与表格、前后年度。

    Check annual reports (files, or folders read as the files under them) and list the findings, each with the
    table, row and column as printed and where it stands in the file. Two reports of one agency for consecutive years are also checked against each other.
    Exit status: 0 no error-level finding, 1 at least one, 2 a file could not be read.

    \b
    例 / examples:
      xxgk check 2024年报.pdf
      xxgk check 2023年报.pdf 2024年报.pdf     also across the two years
    """
    reports, failed = _parse_all(_files(files))
    if as_json:
        data = [{"file": p, "findings": [f.model_dump(mode="json") for f in r.findings]} for p, r in reports]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for path, report in reports:
            click.echo(render_findings(path, report))
    errors = any(f.severity == Severity.ERROR for _, r in reports for f in r.findings)
    return 2 if failed else 1 if errors else 0


def _show_progress(line: str) -> None:
    """The OCR of a long scan, one line on stderr rewritten in place."""
    click.echo(f"\r{line}…", err=True, nl=False)


def _read_options() -> ReadOptions:
    """Progress is shown on a terminal only: logs and pipes stay clean."""
    return ReadOptions(progress=_show_progress if sys.stderr.isatty() else None)


def _files(given) -> list[str]:
    """The files named, each folder as the files under it; a folder with none is the user's mistake."""
    files = [str(p) for p in walk(given)]
    if not files:
        raise InputError(f"文件夹中没有文件：{'、'.join(given)}")
    return files


def _parse_all(files) -> tuple[list[tuple[str, Report]], int]:
    """Each readable file's report; a file that cannot be read is one line on stderr and counted."""
    reports, failed = [], 0
    results = parse_files(files, _read_options())
    if sys.stderr.isatty():
        click.echo("\r\x1b[K", err=True, nl=False)  # the progress line is done with
    for path, result in results:
        if isinstance(result, XxgkError):
            click.echo(f"xxgk: {result.message}", err=True)
            failed += 1
        else:
            reports.append((path, result))
    return reports, failed
