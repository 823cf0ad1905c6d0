"""Layout → Report: find the tables, align their labels and cells to the template, read meta and narrative.

The stages, each a pure function: ``tables.split_parts`` (Layout → rows and paragraphs per part),
``detect.detect_template``, ``align.align_rows`` / ``align.align_review`` (rows → cells), ``meta.read_meta``,
``narrative.read_sections``, and ``sequence.settle`` where the labels leave cells unread and the numbers' order
fits the format. ``extract(layout, keep=True)`` keeps each intermediate on the result for ``--debug``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import TemplateError
from ..model import Meta, Report, finding
from ..read import Layout
from .align import Sheet, align_review, align_rows
from .detect import detect_template
from .meta import read_meta
from .narrative import read_sections
from .sequence import doubt_layout, forms, settle, tokens_of
from .tables import Parts, split_parts

__all__ = ["extract", "extract_debug", "Extraction"]


@dataclass
class Extraction:
    """A report with the intermediates that made it."""

    report: Report
    parts: Parts
    sheets: list[Sheet] = field(default_factory=list)


def extract(layout: Layout) -> Report:
    """The report a Layout prints; TemplateError when it holds none of the report's tables."""
    return extract_debug(layout).report


# findings that show a text to be what an OCR program made of a printed report
_OCR_SIGNS = {"ocr.lookalike", "layout.table_garbled"}
OCR_TEXT = "文本由识别软件转出，数字可能被误读"


def _read_by_ocr(layout: Layout, sheets: list[Sheet]) -> dict[str, str]:
    """Every cell read from a plain text that shows OCR's marks (digits printed as letters, rows run into rulings),
    as uncertain: any of its digits may have been misread, so a broken relation there is a warning, not an error of
    the report."""
    if layout.kind != "text" or not any(f.code in _OCR_SIGNS for sheet in sheets for f in sheet.findings):
        return {}
    return {f"{sheet.table}.{row}.{column}": OCR_TEXT for sheet in sheets for row, columns in sheet.values.items()
            for column, value in columns.items() if value is not None}


def extract_debug(layout: Layout) -> Extraction:
    """The report with the intermediates that made it: the parts found and the sheet of each table."""
    parts = split_parts(layout)
    if not any(parts.rows.values()) and not any(tokens_of(t) for t in parts.texts.values()):
        raise TemplateError("未找到年度报告的统计表（二、三、四）", path=layout.name)
    meta = read_meta(parts.front, parts.paragraphs["overview"])
    template = detect_template(parts.rows["active"] or [(c,) for c in parts.texts["active"]],
                               parts.rows["requests"] or [(c,) for c in parts.texts["requests"]], meta.get("year"))
    meta["template"] = template.name
    period_year = meta.pop("period_year", None)
    sheets = [align_rows(template, "active", parts.rows["active"]),
              align_rows(template, "requests", parts.rows["requests"]),
              align_review(template, parts.rows["review"])]
    uncertain = {path: why for sheet in sheets for path, why in settle(template, sheet, parts.texts[sheet.table]).items()}
    by_ocr = _read_by_ocr(layout, sheets)
    uncertain.update(by_ocr)
    sections, places = read_sections(parts.paragraphs)
    report = Report(meta=Meta(**meta), sections=sections, uncertain=uncertain)
    for sheet in sheets:
        setattr(report, sheet.table, sheet.values)
        report.locations.update(sheet.locations)
        report.confidence.update(sheet.confidence)
        report.findings.extend(sheet.findings)
        if not any(parts.rows[sheet.table]) and not any(p.startswith(sheet.table + ".") for p in uncertain):
            report.findings.append(finding("template.missing_table", table=sheet.table,
                                           cells=[f"{sheet.table}.{row.key}.{column}" for row in
                                                  forms(template, sheet.table)[0] for column in row.columns]))
    if period_year is not None:
        report.findings.append(finding("meta.year_conflict", title=meta["year"], period=period_year))
    if by_ocr:
        report.findings.append(finding("ocr.text", cells=list(by_ocr), count=len(by_ocr)))
    doubt_layout(report.findings)
    report.text_locations = places
    return Extraction(report, parts, sheets)


