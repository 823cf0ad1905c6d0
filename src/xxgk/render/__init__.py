"""Report → the annual report in the national layout, as HTML, DOCX, PDF, an Excel workbook or tab-separated text.

``layout.build`` describes the layout once (title, sections, tables as cells with spans); each writer prints it.
"""

from __future__ import annotations

import importlib

from ..errors import InputError
from ..model import Report
from .layout import Document, build
from .options import RenderOptions

# format → the module whose write(document, options) -> bytes prints it; a writer's own imports load on first use.
WRITERS = {"html": "xxgk.render.html", "docx": "xxgk.render.docx", "pdf": "xxgk.render.pdf",
           "xlsx": "xxgk.render.xlsx", "txt": "xxgk.render.txt"}
FORMATS = tuple(WRITERS)

__all__ = ["render", "FORMATS", "RenderOptions", "Document", "build"]


def render(report: Report, fmt: str, options: RenderOptions | None = None, **settings) -> bytes:
    """The report printed in ``fmt`` ("html", "docx", "pdf", "xlsx", "txt"). Settings may be given as ``options`` or as
    keywords of RenderOptions: ``render(report, "html", encoding="gbk", blank="/")``."""
    if fmt not in WRITERS:
        raise InputError(f"不支持的输出格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
    if options is None:
        try:
            options = RenderOptions(**settings)
        except TypeError as e:
            raise InputError(f"未知的输出选项：{e}") from None
    elif settings:
        raise InputError("输出选项请只用一种方式给出（options 或关键字）")
    writer = importlib.import_module(WRITERS[fmt])
    return writer.write(build(report, options), options)
