"""The corpus as a data set: one row per report and cell (long) or one wide row per report, written as CSV,
XLSX, Parquet or JSON."""

from __future__ import annotations

import io
import json

from ..display import csv_text
from ..errors import InputError
from .models import Region
from .queries import current_reports

FORMATS = ("csv", "xlsx", "parquet", "json")
AMOUNT = "amount_wan_yuan"  # the one column of the format in 万元, not a count
REPORT_COLUMNS = ["report_id", "agency_id", "agency", "printed_agency", "region", "year", "template",
                  "parser_version", "source_sha256", "findings"]


def report_rows(region: Region | None = None, year: int | None = None, within=None):
    """(the report's columns, its report-json) for each current report, by agency and year; ``within``: only the
    reports of this query (a user's scope)."""
    query = current_reports(region, year)
    if within is not None:
        query = query.filter(pk__in=within.values("pk"))
    query = query.select_related("current__source").order_by("agency__name", "year")
    for report in query.iterator(chunk_size=500):
        version = report.current
        yield {"report_id": report.pk, "agency_id": report.agency_id, "agency": report.agency.name,
               "printed_agency": version.printed_agency,
               "region": report.agency.region.path if report.agency.region else None, "year": report.year,
               "template": version.template, "parser_version": version.parser_version,
               "source_sha256": version.source.sha256, "findings": len(version.data.get("findings", []))}, version


def long_rows(region=None, year=None, within=None) -> tuple[list[str], list[dict]]:
    """One row per report and cell: the report's columns, then table, row, column and value."""
    rows = []
    for head, version in report_rows(region, year, within):
        data = version.data
        for table in ("active", "requests", "review"):
            for row, columns in data.get(table, {}).items():
                for column, value in columns.items():
                    rows.append({**head, "table": table, "row": row, "column": column, "value": value})
    return REPORT_COLUMNS + ["table", "row", "column", "value"], rows


def wide_rows(region=None, year=None, within=None) -> tuple[list[str], list[dict]]:
    """One row per report: the report's columns, then a column per cell path."""
    rows, paths = [], {}
    for head, version in report_rows(region, year, within):
        row = dict(head)
        for table in ("active", "requests", "review"):
            for key, columns in version.data.get(table, {}).items():
                for column, value in columns.items():
                    path = f"{table}.{key}.{column}"
                    paths.setdefault(path, None)
                    row[path] = value
        rows.append(row)
    return REPORT_COLUMNS + list(paths), rows


def json_documents(region=None, year=None, within=None) -> list[dict]:
    """Each current report as report-json, with the corpus's own columns under ``corpus``."""
    return [{**version.data, "corpus": head} for head, version in report_rows(region, year, within)]


def export_file(fmt: str, *, wide: bool = False, region: Region | None = None, year: int | None = None,
                within=None) -> tuple[bytes, int]:
    """The export as the file's bytes, and how many rows it holds: one per report and cell, or with ``wide`` one
    per report; JSON without ``wide`` is each report's report-json."""
    if fmt == "json" and not wide:
        columns, rows = [], json_documents(region, year, within)
    else:
        columns, rows = (wide_rows if wide else long_rows)(region, year, within)
    out = io.BytesIO()
    write(fmt, columns, rows, out)
    return out.getvalue(), len(rows)


def write(fmt: str, columns: list[str], rows: list[dict], out) -> None:
    """Write the rows in ``fmt`` to the binary stream ``out``."""
    if fmt == "csv":
        out.write(csv_text(columns, rows).encode("utf-8-sig"))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("reports")
        sheet.append(columns)
        for r in rows:
            sheet.append([r.get(c) for c in columns])
        book.save(out)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrays = {c: [r.get(c) for r in rows] for c in columns}
        for c in columns:
            if c.count(".") == 2 or c == "value":  # one numeric type per column: counts whole, amounts not
                values = arrays[c]
                whole = not c.endswith(AMOUNT) and all(v is None or float(v).is_integer() for v in values)
                arrays[c] = pa.array([None if v is None else int(v) if whole else float(v) for v in values],
                                     pa.int64() if whole else pa.float64())
        pq.write_table(pa.table(arrays), out)
    elif fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8"))
    else:
        raise InputError(f"不支持的导出格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
