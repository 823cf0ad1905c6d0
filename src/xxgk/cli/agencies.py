"""The agencies of the corpus: find them by any name they used, work through the proposals of agencies that may be
one, merge and split."""

from __future__ import annotations

import click

from .corpus import open_corpus
from .output import emit, output_options

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
    open_corpus()
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
    open_corpus()
    from ..corpus import lookup, queries, services

    if reject:
        for pk in reject:
            proposal = services.reject_proposal(lookup.find_proposal(pk))
            click.echo(f"已否决建议 {pk}：“{proposal.agency.name}”与“{proposal.candidate.name}”不是同一机关")
        return 0
    columns = [("id", "编号"), ("agency_id", "机关编号"), ("agency", "机关"), ("candidate_id", "疑似编号"),
               ("candidate", "疑似同一机关"), ("score", "相似度"), ("state", "状态"), ("reason", "依据")]
    from ..corpus.models import ProposalState

    emit(columns, queries.proposals(every), fmt, empty="没有待确认的机关。",
         labels={"state": dict(ProposalState.choices)})
    return 0


CHANGE_COLUMNS = [("id", "编号"), ("kind", "类别"), ("summary", "内容"), ("made_by", "操作人"), ("made_at", "时间"),
                  ("undone_at", "撤销时间")]


def _echo_change(change, fmt: str | None) -> None:
    from ..corpus import queries

    if fmt == "json":
        emit(CHANGE_COLUMNS, [queries.change_row(change)], fmt)
    else:
        click.echo(f"{change.summary}（变更 {change.pk}，可用 xxgk undo {change.pk} 撤销）")


_by = click.option("--by", "by", help="操作人。Who made the change.")
_json = click.option("--json", "fmt", flag_value="json", help="输出 JSON。Print JSON.")


@click.command("merge")
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@_by
@_json
def merge_command(keep, others, by, fmt):
    """合并机关：把后面的机关并入第一个（名称、报告、版本一并转入）；每次合并都有记录，可撤销。

    Merge agencies: each OTHER becomes a name of KEEP, with its reports and their versions. Agencies are named
    by number (see `xxgk agencies`) or by a name they used. Each merge is recorded (see `xxgk changes`) and can be
    undone with `xxgk undo`.

    \b
    例 / examples:
      xxgk merge 淄博高新技术产业开发区管理委员会 淄博高新区管委会 --by 张三
      xxgk merge 12 7 9
    """
    open_corpus()
    from ..corpus import lookup, services

    user = services.reviewer(by)
    agency = lookup.find_agency(keep)
    for other in [lookup.find_agency(o) for o in others]:
        change = services.merge_agencies(agency, other, user=user)
        agency = change.agency
        _echo_change(change, fmt)
    return 0


@click.command("split")
@click.argument("agency")
@click.argument("names", nargs=-1, required=True)
@_by
@_json
def split_command(agency, names, by, fmt):
    """拆分机关：把误认为同一机关的名称（及印有该名称的报告）分出为新机关；可撤销。

    Split an agency: the given names, and every report version that printed one of them, become a new agency
    (with the region, kind and credit code a merge recorded of it, else what its name says).

    \b
    例 / examples:
      xxgk split 淄博市工业和信息化局 淄博市工业和信息化局（淄博市国防科技工业办公室）
    """
    open_corpus()
    from ..corpus import lookup, services

    change = services.split_agency(lookup.find_agency(agency), list(names), user=services.reviewer(by))
    _echo_change(change, fmt)
    return 0


@click.command("changes")
@output_options
def changes_command(fmt):
    """列出机关的合并、拆分记录（谁、何时、转移了什么），及是否已撤销。

    List the merges and splits of agencies: who made each, when, what moved, and whether it was undone.

    \b
    例 / examples:
      xxgk changes
      xxgk undo 3
    """
    open_corpus()
    from ..corpus import queries

    emit(CHANGE_COLUMNS, queries.changes(), fmt, empty="还没有合并或拆分。",
         labels={"kind": {"merge": "合并", "split": "拆分"}})
    return 0


@click.command("undo")
@click.argument("change", type=int)
@_by
@_json
def undo_command(change, by, fmt):
    """撤销一次合并或拆分（按 xxgk changes 中的编号）：机关、名称、报告恢复原状。

    Undo a merge or a split, named by its number in `xxgk changes`: the agencies, their names and reports are
    as they were before it.

    \b
    例 / examples:
      xxgk undo 3 --by 张三
    """
    open_corpus()
    from ..corpus import lookup, services

    undoing = services.undo_change(lookup.find_change(change), user=services.reviewer(by))
    _echo_change(undoing, fmt)
    return 0
