"""The national layout as a web page: headings and paragraphs, tables with rowspan and colspan for merged cells."""

from __future__ import annotations

from html import escape

from .layout import Document, Grid
from .options import RenderOptions

_STYLE = """
.xxgk-report { max-width: 960px; margin: 0 auto; font-family: "SimSun", "宋体", serif; line-height: 1.8; }
.xxgk-report h1 { text-align: center; font-size: 22px; }
.xxgk-report h2 { font-size: 16px; margin: 1.2em 0 0.4em; }
.xxgk-report p { text-indent: 2em; margin: 0.3em 0; }
.xxgk-report p.xxgk-front { text-indent: 0; color: #555; }
.xxgk-report table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 14px; }
.xxgk-report td, .xxgk-report th { border: 1px solid #000; padding: 2px 4px; text-align: center; }
.xxgk-report td.label { text-align: left; }
"""


def write(document: Document, options: RenderOptions) -> bytes:
    """The page as bytes in ``options.encoding``; characters the encoding lacks become character references."""
    body = _report(document)
    if options.fragment:
        text = body
    else:
        text = (f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{escape(options.encoding)}">\n'
                f"<title>{escape(document.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
                f"{body}</body>\n</html>\n")
    return text.encode(options.encoding, errors="xmlcharrefreplace")


def _report(document: Document) -> str:
    out = ['<div class="xxgk-report">', f"<h1>{'<br>'.join(escape(t) for t in document.title_lines)}</h1>"]
    out += [f'<p class="xxgk-front">{escape(line)}</p>' for line in document.front]
    for section in document.sections:
        out.append(f"<h2>{escape(section.heading)}</h2>")
        out += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
        if section.table is not None:
            out.append(table(section.table))
    out.append("</div>\n")
    return "\n".join(out)


def table(grid: Grid) -> str:
    """One ``<table>``: header rows in ``<thead>`` with ``<th>``, the rest in ``<tbody>``."""
    out = [f'<table class="xxgk-{grid.key}" border="1" cellspacing="0" cellpadding="2">', "<colgroup>"]
    out += [f'<col style="width:{w * 100:.1f}%">' for w in grid.widths]
    out.append("</colgroup>")
    rows = grid.rows()
    for index, cells in enumerate(rows):
        if index == 0 and grid.header_rows:
            out.append("<thead>")
        if index == grid.header_rows:
            out.append("<tbody>")
        head = index < grid.header_rows
        out.append("<tr>" + "".join(_cell(c, head) for c in cells) + "</tr>")
        if head and index == grid.header_rows - 1:
            out.append("</thead>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _cell(cell, head: bool) -> str:
    tag = "th" if head else "td"
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.flush_left:
        attrs += ' class="label"'
    return f"<{tag}{attrs}>{escape(cell.text)}</{tag}>"
