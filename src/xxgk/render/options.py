"""Options of the render stage, validated on construction."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError

BLANKS = ("", "/", "—", "-", "无")
PAGE_SIZES = ("A4", "A5")
DEFAULT_FONT_SIZE = 10.5  # 五号


@dataclass(frozen=True)
class RenderOptions:
    """How a report is printed.

    blank: what a blank (None) cell prints: nothing, "/", "—", "-" or "无".
    encoding: the character set of an HTML page (declared in its ``<meta charset>``), e.g. "gbk".
    title_break: print the agency on a line of its own above "2024年政府信息公开工作年度报告".
    fragment: HTML only: the report's ``<div>`` alone, without ``<html>``, ``<head>`` and ``<body>``, for a page
        that holds it.
    page_size: PDF, DOCX and XLSX paper, "A4" or "A5".
    font_size: PDF body text in points; tables print a little smaller.
    font_path: PDF: a TrueType font with Chinese glyphs (.ttf or .ttc); found among the usual places when None.
    break_requests_at: PDF and DOCX: start a new page after this many rows of table 三 (its three header rows
        included), as a long table breaks over pages.
    repeat_header: PDF and DOCX: print a table's header rows again at the top of each page it runs on to.
    """

    blank: str = ""
    encoding: str = "utf-8"
    title_break: bool = False
    fragment: bool = False
    page_size: str = "A4"
    font_size: float = DEFAULT_FONT_SIZE
    font_path: str | None = None
    break_requests_at: int | None = None
    repeat_header: bool = False

    def __post_init__(self):
        if self.blank not in BLANKS:
            raise InputError(f"选项 blank 只能是{'、'.join(repr(b) for b in BLANKS)}之一")
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise InputError(f"选项 encoding：未知的字符集“{self.encoding}”") from None
        if self.page_size not in PAGE_SIZES:
            raise InputError(f"选项 page_size 只能是{'、'.join(PAGE_SIZES)}之一")
        if not 6 <= self.font_size <= 24:
            raise InputError("选项 font_size 必须在 6 到 24 之间")
        if self.break_requests_at is not None and self.break_requests_at < 1:
            raise InputError("选项 break_requests_at 必须是正整数")
