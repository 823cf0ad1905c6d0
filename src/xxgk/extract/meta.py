"""The report's identity: agency, year, and the page's 索引号, 发布机构 and date where it shows them."""

from __future__ import annotations

import re

from ..read import Cell, Paragraph, TableGrid
from ..template import normalize

_TITLE = re.compile(r"^(.*?)(\d{4})年(?:度)?(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_PERIOD = re.compile(r"(?:统计(?:期限|时限|时间|区间)|统计)[^。]{0,12}?(?:自|从|为|是)?(\d{4})年\s*1月\s*1日")
_YEAR_OF = re.compile(r"(\d{4})年(?:度)?(?:政府信息公开|政务公开)")
_MADE_BY = re.compile(r"本(?:次|年度)?报告由(.{4,40}?)(?:\(|（|根据|按照|依据|编制)")
_FIELDS = {"index_no": ("索引号",), "publisher": ("发布机构", "发文机关", "发布单位"),
           "published": ("公开日期", "发布日期", "发布时间", "成文日期", "生成日期")}
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def read_meta(front: list, paragraphs: list[Paragraph]) -> dict:
    """Meta keys found in the blocks before the report body and its first paragraphs."""
    meta = _page_fields(front)
    lines = [normalize(b.text) for b in front if isinstance(b, Paragraph)]
    body = [normalize(p.text) for p in paragraphs[:6]]
    agency, year = _title(lines)
    text = "".join(lines + body)
    if year is None:
        m = _PERIOD.search(text) or _YEAR_OF.search(text)
        year = int(m.group(1)) if m else None
    if not agency:
        m = _MADE_BY.search(text)
        if m:
            agency = m.group(1)
            publisher = meta.get("publisher")
            if publisher and agency.endswith(publisher) and agency != publisher:
                agency = agency[: -len(publisher)]
    meta.update({k: v for k, v in (("agency", agency), ("year", year)) if v})
    return meta


def _title(lines: list[str]) -> tuple[str | None, int | None]:
    for i, line in enumerate(lines):
        m = _TITLE.match(line)
        if not m or len(line) > 60:
            continue
        agency = m.group(1).strip(" 　:：")
        if not agency:
            agency = next((p for p in reversed(lines[:i]) if p and len(p) <= 40 and not _DATE.search(p)), "")
        return agency or None, int(m.group(2))
    return None, None


def _page_fields(front: list) -> dict:
    """索引号 / 发布机构 / 公开日期 given as "label: value" lines or as label and value cells of a table."""
    found: dict = {}
    pairs: list[tuple[str, str]] = []
    for block in front:
        if isinstance(block, TableGrid):
            for row in block.rows:
                pairs += _cell_pairs(row)
        else:
            pairs += re.findall(r"([^\s:：]{2,8})\s*[:：]\s*(\S+)", block.text)
    for label, value in pairs:
        label = normalize(label)
        for key, names in _FIELDS.items():
            if key not in found and label in names and value.strip():
                found[key] = _iso(value) if key == "published" else value.strip()
    return {k: v for k, v in found.items() if v}


def _cell_pairs(row: tuple[Cell, ...]) -> list[tuple[str, str]]:
    texts = [c.text for c in row]
    return [(texts[i], texts[i + 1]) for i in range(len(texts) - 1)]


def _iso(text: str) -> str | None:
    m = _DATE.search(text)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
