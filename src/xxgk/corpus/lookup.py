"""Agencies, regions, findings, proposals, changes and batches named by a person on the command line: by id, by a name, or by part of one."""

from __future__ import annotations

from ..errors import InputError
from .models import Agency, AgencyChange, Batch, Finding, MatchProposal, Region


def find_agency(text: str) -> Agency:
    """The agency with this id, or with this name (any it has used), or the one whose name contains it."""
    text = text.strip()
    if text.isdigit():
        agency = Agency.objects.filter(pk=int(text)).first()
        if agency:
            return agency
    exact = list(Agency.objects.filter(names__name=text).distinct()[:2])
    if len(exact) == 1:
        return exact[0]
    found = list(Agency.objects.search(text)[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(f"报告库中没有名称含“{text}”的机关")
    names = "、".join(f"{a.name}（{a.pk}）" for a in found[:5])
    raise InputError(f"“{text}”可指多个机关：{names}{'……' if len(found) > 5 else ''}；请写全称或编号")


def find_region(text: str | None) -> Region | None:
    """The region with this name, or this name and its level (淄博 → 淄博市), or whose name begins or ends with
    it; None for no text."""
    if not text:
        return None
    text = text.strip()
    levels = [text + suffix for suffix in ("省", "自治区", "市", "州", "区", "县", "旗")]
    for query in (Region.objects.filter(name=text), Region.objects.filter(name__in=levels),
                  Region.objects.named(text)):
        found = list(query[:6])
        if len(found) == 1:
            return found[0]
        if found:
            paths = "、".join(r.path for r in found[:5])
            raise InputError(f"“{text}”可指多个地区：{paths}；请写全称")
    raise InputError(f"报告库中没有地区“{text}”")


def find_findings(ids: list[int]) -> list[Finding]:
    found = {f.pk: f for f in Finding.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise InputError(f"没有编号为 {missing[0]} 的问题")
    return [found[i] for i in ids]


def find_proposal(pk: int) -> MatchProposal:
    return _numbered(MatchProposal, pk, "建议")


def find_change(pk: int) -> AgencyChange:
    return _numbered(AgencyChange, pk, "合并或拆分记录（见 xxgk changes）")


def find_batch(pk: int) -> Batch:
    return _numbered(Batch, pk, "批次（见 xxgk jobs）")


def _numbered(model, pk: int, what: str):
    """The row of ``model`` numbered ``pk``; one line naming ``what`` it is when there is none."""
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise InputError(f"没有编号为 {pk} 的{what}")
    return found
