"""Web pages (.html, .htm, .shtml) as published on government sites, or saved from them.

Every ``<table>`` that holds data becomes a TableGrid with its merged cells repeated into each place they cover. A
table that holds other tables, has a single column, or has a cell as long as an article is page layout: the
reader goes into it and reads what it holds. Text outside data tables becomes one Paragraph per block element or
``<br>``-separated line. Scripts, styles, the ``<head>``, forms' controls and the page's navigation are left out.

An ``<img>`` whose picture is in a file beside the page (a relative path that stays inside the page's folder) or
in a ``data:`` URI is read with OCR and its blocks put where it stands (see ``pictures``); pictures inside the cells
of a data table follow the table. Pages that load pictures late keep the address in ``data-src`` and the like,
with a placeholder in ``src``: those addresses come first. A picture anywhere else, on the network or missing, is
left out. Nothing is ever fetched.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote

from ..errors import ReadError
from .files import file_bytes
from .encoding import declared_charset, decode, looks_binary
from .grid import Span, expand
from . import pictures
from .layout import Block, Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions

# Elements that end a line of text, as a browser shows them.
_BLOCK = frozenset("""address article aside blockquote body br caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame h1 h2 h3 h4 h5 h6 header hr html legend li main menu nav ol p pre
    section summary table tbody td tfoot th thead tr ul""".split())
# Elements whose content is not text of the page.
_SKIP = frozenset("""script style noscript head title template select button textarea iframe frameset object
    embed svg math nav xml""".split())
# header and footer are page chrome unless they sit inside an article or main element.
_CHROME = frozenset(("header", "footer"))
_CONTENT = frozenset(("article", "main"))

_ALL = 10**6  # rowspan="0": to the end of the table
_LONG_CELL = 500  # characters; a report table's longest label is under 100
_CHARSET_SEARCH = 65536  # bytes searched for a <meta> charset; some pages put 20 KB of script before it
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)
_DIGITS = re.compile(r"\s*(\d{1,6})")
_STARTS_HTML = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|table|div|p|h[1-6]|span|center|font|br)[\s>/]",
    re.I | re.S)
_HAS_HTML = re.compile(r"<(?:html|body|table)[\s>]", re.I)
_DATA_URI = re.compile(r"data:image/[\w.+-]+(?:;[\w.+-]+=[^;,]*)*;base64,(.*)", re.I | re.S)
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
# Where pages that load their pictures late keep the real picture's address (``src`` then holds a placeholder).
_LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "data-echo", "data-url", "_src")
_PIXELS = re.compile(r"\s*(\d{1,5})(?:\.\d*)?\s*(?:px)?\s*$", re.I)


class HtmlReader:
    kind = "html"
    label = "HTML"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, head: bytes, name: str) -> int | None:
        """50 when the bytes start like a web page, 40 when they hold an html/body/table tag, else None."""
        if head.startswith((b"PK\x03\x04", b"%PDF")) or looks_binary(head):
            return None
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = head.decode("utf-16", errors="ignore")
        else:
            text = head.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
        if _STARTS_HTML.match(text):
            return 50
        return 40 if _HAS_HTML.search(text) else None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        data = file_bytes(path)
        if looks_binary(data[:8192]):
            raise ReadError("不是网页（内容是二进制数据）", path=path.name)
        return parse_html(data, path.name, path.parent, options)


def parse_html(data: bytes, name: str = "", folder: Path | None = None, options: ReadOptions | None = None
               ) -> Layout:
    """The bytes of a web page → a Layout of its paragraphs and data tables, in document order.

    Pictures are read from ``data:`` URIs, and from files inside ``folder`` when it is given."""
    text = decode(data, _charset(data))
    text = _CONTROL.sub("", _XML_DECLARATION.sub("", text, count=1))
    from lxml import etree  # (loaded when a page is read, not when a text report is)

    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(text, parser)
    except (etree.LxmlError, ValueError):
        root = None
    if root is None:
        raise ReadError("网页中没有可读的内容", path=name)
    options = options or ReadOptions()
    items = _blocks(root, _Images(folder, options, name))
    return Layout(tuple(pictures.place(items, options, name)), "html", name)


class _Images:
    """The picture of an ``<img>`` when it is worth reading and may be read: a data: URI, or a file inside the
    page's folder."""

    def __init__(self, folder: Path | None, options: ReadOptions, name: str):
        self.folder = folder.resolve() if folder is not None else None
        self.options = options
        self.name = name

    def __call__(self, img) -> pictures.Picture | None:
        """The first of the picture's addresses (lazy-loading ones before ``src``) that gives a picture worth
        reading."""
        for attribute in (*_LAZY_SOURCES, "src"):
            src = (img.get(attribute) or "").strip()
            data = (self._data_uri(src) if src[:5].lower() == "data:" else self._file(src)) if src else None
            picture = pictures.probe(data, SourceRef(line=img.sourceline), _printed_width(img), self.name) \
                if data else None
            if picture is not None:
                return picture
        return None

    def _data_uri(self, src: str) -> bytes | None:
        m = _DATA_URI.match(src)
        if not m or len(m.group(1)) > self.options.max_file_bytes * 4 // 3 + 4:
            return None
        try:
            return base64.b64decode("".join(unquote(m.group(1)).split()))
        except (binascii.Error, ValueError):
            return None

    def _file(self, src: str) -> bytes | None:
        """The bytes of a relative file path inside the page's folder; None for URLs, absolute paths, paths that
        leave the folder (also through links), and files that are missing or too large."""
        if self.folder is None or not src:
            return None
        src = unquote(src.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not src or _URL_SCHEME.match(src) or src.startswith("/") or "\x00" in src:
            return None
        try:
            path = (self.folder / src).resolve()
            if not path.is_relative_to(self.folder) or not path.is_file():
                return None
            if path.stat().st_size > self.options.max_file_bytes:
                return None
            return path.read_bytes()
        except (OSError, ValueError, RuntimeError):
            return None


def _printed_width(img) -> float | None:
    """The width (points) the page shows a picture at, from its width attribute in CSS pixels."""
    m = _PIXELS.match(img.get("width") or "")
    return int(m.group(1)) * 0.75 if m and int(m.group(1)) > 0 else None


def _charset(data: bytes) -> str | None:
    """The charset to decode a page by: the one its <meta> declares, except that a page declared GB2312/GBK whose
    bytes are valid UTF-8 is UTF-8 (a site moved to UTF-8 and kept its old <meta>)."""
    declared = declared_charset(data[:_CHARSET_SEARCH])
    if declared == "gb18030":
        try:
            data.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return declared


class _Flow:
    """Running text between two line ends; ``end()`` turns it into a Paragraph."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.parts: list[str] = []
        self.line: int | None = None

    def add(self, text: str | None, line: int | None) -> None:
        """Append text met at ``line``."""
        if text:
            if self.line is None and not text.isspace():
                self.line = line
            self.parts.append(text)

    def end(self) -> None:
        """Close the current line: its collapsed text, if any, becomes a Paragraph."""
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(Paragraph(text, SourceRef(line=self.line)))
        self.parts.clear()
        self.line = None


def _blocks(root, images=None) -> list:
    """An HTML element tree → its blocks in document order, with the pictures ``images(img)`` finds worth reading
    among them."""
    blocks: list = []
    flow = _Flow(blocks)
    inside_content = 0
    from lxml import etree

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _CONTENT:
                inside_content += 1
            if not tag or tag in _SKIP or (tag in _CHROME and not inside_content) or _hidden(el):
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flow.end()
            if tag == "table" and (table := _data_table(el)):
                blocks.extend(table)
                if images is not None:  # pictures in its cells follow the table
                    blocks.extend(p for img in el.iter("img") if (p := images(img)) is not None)
                walker.skip_subtree()
                continue
            if tag == "img" and images is not None and (picture := images(el)) is not None:
                flow.end()
                blocks.append(picture)
            flow.add(el.text, el.sourceline)
        else:
            if tag in _CONTENT:
                inside_content -= 1
            if tag in _BLOCK:
                flow.end()
            if el is not root:
                flow.add(el.tail, el.sourceline)
    flow.end()
    return blocks


def _data_table(table) -> list[Block]:
    """A <table> → [caption Paragraph, TableGrid] when it holds data; [] when it is page layout or empty."""
    if table.find(".//table") is not None:
        return []
    spans: list[list[Span]] = []
    refs: dict[int | None, SourceRef] = {}  # one SourceRef for the cells of each source line
    for tr in table.iter("tr"):
        if _hidden(tr):
            continue
        row = []
        for td in tr:
            if td.tag in ("td", "th"):
                ref = refs.get(td.sourceline)
                if ref is None:
                    ref = refs[td.sourceline] = SourceRef(line=td.sourceline)
                row.append(Span(Cell(_cell_text(td), ref),
                                _span(td.get("rowspan"), _ALL), _span(td.get("colspan"), 1)))
        spans.append(row)
    ref = SourceRef(line=table.sourceline)
    rows = expand(spans, ref)
    texts = [cell.text for row in rows for cell in row]
    if not any(texts) or len(rows[0]) < 2 or max(map(len, texts)) > _LONG_CELL:
        return []
    blocks: list[Block] = []
    caption = table.find("caption")
    if caption is not None and (text := _cell_text(caption)):
        blocks.append(Paragraph(text, SourceRef(line=caption.sourceline)))
    return blocks + [TableGrid(rows, ref)]


def _hidden(el) -> bool:
    """True when an element is hidden from readers by a ``hidden`` attribute or an inline display:none."""
    style = el.get("style")
    return el.get("hidden") is not None or (style is not None and _DISPLAY_NONE.search(style) is not None)


def _span(value: str | None, zero: int) -> int:
    """A rowspan/colspan attribute → a count of at least 1; "0" counts as ``zero`` (the grid clips the rest)."""
    if value is None:
        return 1
    m = _DIGITS.match(value)
    if not m:
        return 1
    return int(m.group(1)) or zero


def _cell_text(cell) -> str:
    """A table cell element → its text, line ends (<br>, <p>, …) as spaces, whitespace collapsed."""
    if not len(cell):  # most cells hold their text alone
        return " ".join(cell.text.split()) if cell.text and not _hidden(cell) else ""
    parts: list[str] = []
    _add_text(cell, parts)
    return " ".join("".join(parts).split())


def _add_text(el, parts: list[str]) -> None:
    """Append the text an element shows (not its tail): a space where it starts and ends a line, nothing when it
    is skipped or hidden."""
    tag = el.tag if isinstance(el.tag, str) else ""
    block = tag in _BLOCK
    if tag and tag not in _SKIP and not _hidden(el):
        if block:
            parts.append(" ")
        parts.append(el.text or "")
        for child in el:
            _add_text(child, parts)
            parts.append(child.tail or "")
    if block:
        parts.append(" ")


READER = HtmlReader()
