"""The report's identity: agency, year, and the page's 索引号, 发布机构 and date where it shows them."""

from __future__ import annotations

import re

from ..read import Cell, Paragraph, TableGrid
from ..template import normalize

_TITLE = re.compile(r"^(.*?)(\d{4})年(?:度)?(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_YEAR_FIRST = re.compile(r"^(\d{4})年(?:度)?(.{3,40}?)(?:政府)?信息公开(?:工作)?(?:年度)?报告")
_NOT_A_NAME = re.compile(r"[>|：:/]|首页|位置|当前|网站|欢迎|信息公开|年报|\d{4}")
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
    period = _PERIOD.search(text)
    if year is None:
        m = period or _YEAR_OF.search(text)
        year = int(m.group(1)) if m else None
    elif period and int(period.group(1)) != year:
        meta["period_year"] = int(period.group(1))
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
    """Agency and year from the title: "X局2024年政府信息公开工作年度报告", "2024年度X局…", the agency on the
    line above ("X局" / "2024年…"), or a title wrapped over two or three lines. A line that is a whole title
    wins over lines joined, so that a menu item above the title is never taken into it."""
    for width in (1, 2, 3):
        for i in range(len(lines) - width + 1):
            text = "".join(lines[i:i + width])
            if len(text) > 90 or (width > 1 and len(lines[i]) > 40):
                continue
            found = _title_of(text, lines[:i])
            if found:
                return found
    return None, None


def _title_of(text: str, above: list[str]) -> tuple[str | None, int] | None:
    m = _YEAR_FIRST.match(text)
    if m and m.group(2) not in ("政府", "度政府"):
        return _agency(m.group(2)), int(m.group(1))
    m = _TITLE.match(text)
    if m:
        line_above = next((p for p in reversed(above) if p), "")
        # "X局2024年…", or "X局" on the line above, or a name wrapped onto the title's line ("…建设" / "局2024年…")
        return _agency(m.group(1)) or _agency(line_above + m.group(1)), int(m.group(2))
    return None


def _agency(text: str) -> str | None:
    """A printed name as the agency, without a trailing 关于/的; None for what is not a name."""
    name = re.sub(r"(关于|的)$", "", text.strip(" 　:：《》"))
    return name if 2 <= len(name) <= 40 and not _NOT_A_NAME.search(name) else None


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
