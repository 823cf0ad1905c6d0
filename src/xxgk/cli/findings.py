"""The findings of the corpus's reports, and the review a person gives them."""

from __future__ import annotations

import click

from .corpus import open_corpus
from .output import YEAR, emit, output_options

FINDING_COLUMNS = [("id", "编号"), ("agency", "机关"), ("year", "年度"), ("severity", "级别"), ("code", "代码"),
                   ("state", "处理"), ("message", "问题")]


@click.command("findings")
@click.option("--region", "-r", help="地区（含下级）。Region, with the regions below it.")
@click.option("--year", "-y", type=YEAR, help="年度。Year the reports cover.")
@click.option("--code", "-c", help="问题代码或其类别（sum 即 sum.*）。A code, or its family.")
@click.option("--state", "-s", type=click.Choice(["open", "confirmed", "dismissed"]),
              help="处理状态。Review state.")
@click.option("--severity", type=click.Choice(["error", "warning"]), help="级别。Severity.")
@click.option("--orphaned", is_flag=True, help="列出找不到对应新问题的处理结果（问题已消失或改在别的单元格）。"
              "Reviews that no finding of the current version carries any more.")
@output_options
def findings_command(region, year, code, state, severity, orphaned, fmt):
    """列出报告库中各报告（当前版本）发现的问题。

    List the findings of the current version of every report, filtered by region, year, code and review
    state. With --json or --csv every column is given (cells, reviewer, note).

    \b
    例 / examples:
      xxgk findings --region 淄博市 --year 2024 --state open
      xxgk findings --code years --csv > 跨年度问题.csv
      xxgk findings --orphaned            reviews whose finding a re-read no longer gives
    """
    open_corpus()
    from ..corpus import lookup, queries
    from ..corpus.models import FindingState
    from ..model import Severity

    if orphaned:
        rows = queries.orphaned_reviews(lookup.find_region(region), year)
        emit(FINDING_COLUMNS if not fmt else [(k, k) for k in rows[0]] if rows else FINDING_COLUMNS, rows, fmt,
             empty="所有处理结果都有对应的问题。")
        return 0
    rows = queries.findings(lookup.find_region(region), year, code, state, severity)
    if fmt:
        columns = [(k, k) for k in rows[0]] if rows else FINDING_COLUMNS
        emit(columns, rows, fmt)
    else:
        labels = {"severity": {s.value: s.label for s in Severity}, "state": dict(FindingState.choices)}
        emit(FINDING_COLUMNS, rows, fmt, empty="没有符合条件的问题。", labels=labels)
    return 0


@click.command("review")
@click.argument("ids", nargs=-1, required=True, type=int)
@click.option("--state", "-s", required=True, type=click.Choice(["confirmed", "dismissed", "open"]),
              help="确认、排除，或重新待处理。Confirmed, dismissed, or open again.")
@click.option("--note", "-n", default="", help="说明。A note.")
@click.option("--by", "by", help="处理人。Who reviewed it.")
@click.option("--json", "fmt", flag_value="json", help="输出处理后的问题（JSON）。Print the findings as JSON.")
def review_command(ids, state, note, by, fmt):
    """处理问题：确认、排除（附处理人和说明）；重新解析后同一问题保留处理结果。

    Set the review state of findings (by number, see `xxgk findings`), with who and a note. The review stays
    with the same finding when the report is parsed again.

    \b
    例 / examples:
      xxgk review 41 42 --state confirmed --by 张三
      xxgk review 17 --state dismissed --note 已电话核实，表格无误 --by 李四
    """
    open_corpus()
    from ..corpus import lookup, services

    user = services.reviewer(by)
    found = lookup.find_findings(list(ids))
    for finding in found:
        services.set_finding_state(finding, state, user=user, note=note)
    if fmt == "json":
        from ..corpus import queries

        emit([(k, k) for k in ("id", "code", "state", "reviewed_by", "reviewed_at", "note")],
             queries.finding_rows(f.pk for f in found), fmt)
    else:
        click.echo(f"已更新 {len(ids)} 个问题")
    return 0
