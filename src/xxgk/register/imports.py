"""Rows imported from a spreadsheet (CSV in UTF-8 or GBK, or XLSX) into the register: catalogue items, or the
year's counts of table 二 (行政许可, 行政处罚, 行政强制 decisions, 行政事业性收费 in 万元). Each row is checked on
its own; a preview shows every row with what is wrong with it, and nothing is stored while any row is wrong."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from ..errors import InputError
from .models import Publication

MAX_ROWS = 5000

# the column headings an import understands → the field
CATALOGUE_COLUMNS = {"标题": "title", "发布机构": "publisher", "公开日期": "published", "文号": "doc_number",
                     "主题分类": "topic", "体裁": "genre", "类别": "kind", "废止日期": "repealed"}
COUNT_ROWS = {"行政许可": ("licensing", "decisions"), "行政处罚": ("punishment", "decisions"),
              "行政强制": ("coercion", "decisions"), "行政事业性收费": ("fees", "amount_wan_yuan")}
KIND_NAMES = {label: key for key, label in Publication.KINDS} | {"规范性文件": "normative_documents", "": "other"}


@dataclass
class Row:
    number: int  # the row's line in the sheet (the heading is line 1)
    values: dict
    errors: list[str] = field(default_factory=list)


def read_sheet(name: str, data: bytes) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as heading → text; the kind known from the content (an XLSX is a zip)."""
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx(data)
    else:
        rows = _csv(data)
    if not rows:
        raise InputError(f"{name}：没有表头")
    heading = [str(h or "").strip() for h in rows[0]]
    body = [r for r in rows[1:] if any(str(v or "").strip() for v in r)]
    if len(body) > MAX_ROWS:
        raise InputError(f"{name}：超过 {MAX_ROWS} 行，请分批导入")
    return [{h: _text(v) for h, v in zip(heading, r) if h} for r in body]


def _xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise InputError(f"无法读取 Excel 文件（{type(e).__name__}）") from None
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def _csv(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("文件既不是 Excel，也不是 UTF-8 或 GBK 编码的 CSV")
    return list(csv.reader(io.StringIO(text)))


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def catalogue_rows(sheet: list[dict[str, str]]) -> list[Row]:
    """Each row as the fields of a catalogue item, with what is wrong with it."""
    rows = []
    for number, raw in enumerate(sheet, start=2):
        row = Row(number, {})
        for heading, key in CATALOGUE_COLUMNS.items():
            row.values[key] = raw.get(heading, "")
        for key in ("title", "publisher", "published"):
            if not row.values[key]:
                row.errors.append(f"缺少“{_heading(key)}”")
        for key in ("published", "repealed"):
            if row.values[key]:
                try:
                    row.values[key] = date.fromisoformat(row.values[key].replace("/", "-").replace(".", "-"))
                except ValueError:
                    row.errors.append(f"“{_heading(key)}”不是日期：{row.values[key]}")
            else:
                row.values[key] = None
        if row.values["kind"] not in KIND_NAMES:
            row.errors.append(f"类别应为规章、行政规范性文件或其他：{row.values['kind']}")
        else:
            row.values["kind"] = KIND_NAMES[row.values["kind"]]
        if isinstance(row.values["repealed"], date) and isinstance(row.values["published"], date) \
                and row.values["repealed"] < row.values["published"]:
            row.errors.append("废止日期早于公开日期")
        rows.append(row)
    return rows


def count_rows(sheet: list[dict[str, str]]) -> list[Row]:
    """Each row as (项目, 数值): a table 二 cell and its figure, with what is wrong with it."""
    rows, seen = [], set()
    for number, raw in enumerate(sheet, start=2):
        item, value = raw.get("项目", ""), raw.get("数值", "")
        row = Row(number, {"item": item, "value": value})
        if item not in COUNT_ROWS:
            row.errors.append(f"项目应为{'、'.join(COUNT_ROWS)}之一：{item or '（空）'}")
        elif item in seen:
            row.errors.append(f"“{item}”重复")
        seen.add(item)
        amount = item == "行政事业性收费"
        try:
            row.values["value"] = float(value) if amount else int(value)
            if row.values["value"] < 0:
                row.errors.append("数值不能为负")
        except ValueError:
            row.errors.append(f"数值应为{'数字（万元）' if amount else '整数'}：{value or '（空）'}")
        rows.append(row)
    return rows


def _heading(key: str) -> str:
    return next(h for h, k in CATALOGUE_COLUMNS.items() if k == key)
