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

    for pk in reject:
        services.reject_proposal(lookup.find_proposal(pk))
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
    open_corpus()
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
    open_corpus()
    from ..corpus import lookup, services

    new = services.split_agency(lookup.find_agency(agency), list(names))
    click.echo(f"已分出新机关“{new.name}”（{new.pk}），报告 {new.reports.count()} 份")
    return 0
