"""Word documents (.docx) read through python-docx, after the package has been checked for zip bombs and DTDs.

The body's paragraphs and tables are read in order; content controls (``w:sdt``) and custom XML wrappers are
looked through. Merged cells (``w:gridSpan`` across, ``w:vMerge`` down) are repeated into every place they cover.
Text boxes and tracked deletions are left out; a table nested in a cell gives its text to that cell. Pictures in
the body's paragraphs (tables published as images) are read with OCR and their blocks put where they stand, with
the index of their paragraph (see ``pictures``); pictures in a table's cells follow the table, and a table that
holds nothing but pictures (a frame around them) gives only the pictures. Other drawings are left out.
Word's automatic list numbers ("三、" of a numbered heading) are counted and put in front of their paragraphs, as
Word shows them. Each block's SourceRef ``index`` counts the paragraphs and tables of the body from 0, empty ones
included.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReadError
from .grid import MAX_SPAN, rectangular
from . import pictures
from .layout import Block, Cell, Layout, Paragraph, SourceRef, TableGrid
from .options import ReadOptions
from .package import xml_parts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_EMU_PER_POINT = 12700
_P, _TBL, _TR, _TC = W + "p", W + "tbl", W + "tr", W + "tc"
_SDT, _SDT_CONTENT, _CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
_VAL = W + "val"
# Run content that makes text, and what each makes ("\n" ends a line).
_TEXT = {W + "t": None, W + "tab": " ", W + "ptab": " ", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# Text boxes, the fallback copies of drawings that older Word versions read instead, and tracked deletions.
_HIDDEN = (W + "txbxContent", MC + "Fallback", W + "del", W + "moveFrom")

MAIN_PART = "word/document.xml"


class DocxReader:
    kind = "docx"
    label = "DOCX"
    suffixes = (".docx",)

    def sniff(self, head: bytes, name: str) -> int | None:
        """60 for a zip archive (a Word document is one; read() confirms), else None."""
        return 60 if head.startswith(b"PK\x03\x04") else None

    def read(self, path: Path, options: ReadOptions) -> Layout:
        import docx  # (loaded when a Word file is read, not when a text report is)
        from docx.opc.constants import RELATIONSHIP_TYPE

        check_package(path, options)
        try:
            document = docx.Document(str(path))
        except Exception as e:  # python-docx raises many kinds on a damaged package; all mean the same here
            raise ReadError(f"Word 文档已损坏，无法读取（{type(e).__name__}）", path=path.name) from None
        numbering = Numbering(_part_element(document, RELATIONSHIP_TYPE.NUMBERING),
                              _part_element(document, RELATIONSHIP_TYPE.STYLES))
        images = _Images(document, path.name) if _has_images(document) else None
        items = body_blocks(document.element.body, numbering.label, images)
        return Layout(tuple(pictures.place(items, options, path.name)), "docx", path.name)


def _has_images(document) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE

    try:
        return any(rel.reltype == RELATIONSHIP_TYPE.IMAGE and not rel.is_external
                   for rel in document.part.rels.values())
    except (AttributeError, KeyError):
        return False


class _Images:
    """The pictures worth reading in a paragraph or a table, from the image parts its drawings refer to."""

    def __init__(self, document, name: str):
        self.parts = document.part.related_parts
        self.name = name

    def __call__(self, block, ref: SourceRef) -> list[pictures.Picture]:
        found = []
        for el in block.iter(_BLIP, _IMAGEDATA):
            rid = el.get(R + "embed") if el.tag == _BLIP else el.get(R + "id")
            part = self.parts.get(rid) if rid else None
            blob = getattr(part, "blob", None)
            if not blob:
                continue
            picture = pictures.probe(blob, ref, _printed_width(el), self.name)
            if picture is not None:
                found.append(picture)
        return found


def _printed_width(el) -> float | None:
    """The width (points) a drawing's picture is printed at, when its drawing holds that picture alone."""
    if el.tag != _BLIP:
        return None
    for frame in el.iterancestors(_WP + "inline", _WP + "anchor"):
        extent = frame.find(_WP + "extent")
        if extent is None or sum(1 for _ in frame.iter(_BLIP)) != 1:
            return None
        cx = extent.get("cx", "")
        return int(cx) / _EMU_PER_POINT if cx.isdigit() and int(cx) > 0 else None
    return None


def check_package(path: Path, options: ReadOptions) -> None:
    """Raise ReadError unless ``path`` is an undamaged zip holding a Word main part that is safe to unpack."""
    xml_parts(path, options, MAIN_PART, "Word 文档")


def _no_label(p) -> str:
    """No list number for any paragraph: the label of a document without numbering."""
    return ""


def body_blocks(body, label=_no_label, images=None) -> list:
    """A w:body element → its paragraphs and tables in order, each with its index among the body's blocks.

    ``label(p)`` gives the list number shown before paragraph ``p`` ("" for none); it is called in document order.
    ``images(el, ref)``, when given, gives the pictures worth reading in paragraph or table ``el``; they follow its
    text in the list, to be read by ``pictures.place``.
    """
    for hidden in list(body.iter(*_HIDDEN)):
        parent = hidden.getparent()
        if parent is not None:
            parent.remove(hidden)
    blocks: list[Block] = []
    index = 0
    for el in _unwrapped(body):
        if el.tag == _P:
            ref = SourceRef(index=index)
            blocks.extend(Paragraph(line, ref) for line in paragraph_lines(el, label))
            if images is not None:
                blocks.extend(images(el, ref))
        elif el.tag == _TBL:
            ref = SourceRef(index=index)
            grid = TableGrid(table_rows(el, ref, label), ref)
            found = images(el, ref) if images is not None else []
            if not found or any(cell.text for row in grid.rows for cell in row):
                blocks.append(grid)
            blocks.extend(found)  # pictures in its cells follow the table; a table that only frames them is not kept
        else:
            continue
        index += 1
    return blocks


def _unwrapped(parent):
    """The children of ``parent``, with content controls and custom XML replaced by what they hold."""
    for child in parent:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content)
        elif child.tag == _CUSTOM_XML:
            yield from _unwrapped(child)
        else:
            yield child


def paragraph_lines(p, label=_no_label) -> list[str]:
    """A w:p element → its lines of text (split at line breaks), whitespace collapsed, empty lines left out."""
    parts = [label(p)] + [(el.text or "") if made is None else made
                          for el in p.iter(*_TEXT) for made in (_TEXT[el.tag],)]
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]


def table_rows(tbl, ref: SourceRef, label=_no_label) -> tuple[tuple[Cell, ...], ...]:
    """A w:tbl element → rectangular rows of Cells, merged cells repeated across and down."""
    rows: list[list[Cell]] = []
    empty = Cell("", ref)
    for tr in _unwrapped(tbl):
        if tr.tag != _TR:
            continue
        row = [empty] * _count(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        for tc in _unwrapped(tr):
            if tc.tag == _TC:
                row.extend(_placed(tc, len(row), row, rows[-1] if rows else [], ref, label))
        rows.append(row)
    return rectangular(rows, ref)


def _placed(tc, col: int, row: list[Cell], above: list[Cell], ref: SourceRef, label) -> list[Cell]:
    """A w:tc at grid column ``col`` → the Cells it fills: its own text, or the merged cell's it continues."""
    props = tc.find(W + "tcPr")
    span = min(_count(props.find(W + "gridSpan") if props is not None else None, 1), MAX_SPAN)
    if props is not None:
        vmerge, hmerge = props.find(W + "vMerge"), props.find(W + "hMerge")
        if vmerge is not None and vmerge.get(_VAL, "continue") == "continue" and above:
            return [above[c] if c < len(above) else Cell("", ref) for c in range(col, col + span)]
        if hmerge is not None and hmerge.get(_VAL, "continue") == "continue" and row:
            return [row[-1]] * span
    return [Cell(cell_text(tc, label), ref)] * span


def _count(el, default: int) -> int:
    """The integer w:val of a property element (gridSpan, gridBefore), or ``default`` when absent or bad."""
    value = el.get(_VAL) if el is not None else None
    return int(value) if value and value.isdigit() and int(value) > 0 else default


def cell_text(tc, label=_no_label) -> str:
    """A w:tc element → its text: paragraphs (and the cells of a nested table) joined by spaces."""
    parts: list[str] = []
    for el in _unwrapped(tc):
        if el.tag == _P:
            parts.extend(paragraph_lines(el, label))
        elif el.tag == _TBL:
            parts.extend(cell_text(inner, label) for tr in _unwrapped(el) if tr.tag == _TR
                         for inner in _unwrapped(tr) if inner.tag == _TC)
    return " ".join(" ".join(parts).split())


def _part_element(document, relationship: str):
    """The XML of the document's part related by ``relationship`` (numbering, styles), or None."""
    try:
        return document.part.part_related_by(relationship).element
    except (KeyError, AttributeError):
        return None


class Numbering:
    """Word's automatic list numbers: ``label(p)`` counts paragraph ``p`` and returns the number it shows."""

    def __init__(self, numbering, styles):
        self.levels: dict[str, tuple[str, dict[int, tuple[int, str, str]]]] = {}  # numId → (counter, levels)
        self.style_lists: dict[str, tuple[str | None, str | None]] = {}  # styleId → (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None and self.levels:
            self._read_styles(styles)

    def _read_numbering(self, numbering) -> None:
        """Fill ``levels`` from numbering.xml: each list's start, format and text per level."""
        abstract = {a.get(W + "abstractNumId"): a for a in numbering.iterchildren(W + "abstractNum")}
        for num in numbering.iterchildren(W + "num"):
            source = abstract.get(_val(num.find(W + "abstractNumId")))
            if source is None:
                continue
            levels = {_int(lvl.get(W + "ilvl")): (_int(_val(lvl.find(W + "start")), 1),
                                                  _val(lvl.find(W + "numFmt")) or "decimal",
                                                  _val(lvl.find(W + "lvlText")) or "")
                      for lvl in source.iterchildren(W + "lvl")}
            for override in num.iterchildren(W + "lvlOverride"):
                level = _int(override.get(W + "ilvl"))
                start = override.find(W + "startOverride")
                if start is not None and level in levels:
                    levels[level] = (_int(_val(start), 1),) + levels[level][1:]
            overridden = num.find(W + "lvlOverride") is not None
            counter = "num" + num.get(W + "numId", "") if overridden else "abstract" + source.get(W + "abstractNumId")
            self.levels[num.get(W + "numId", "")] = (counter, levels)

    def _read_styles(self, styles) -> None:
        """Fill ``style_lists`` with the list each paragraph style numbers its paragraphs by, through basedOn."""
        own, based = {}, {}
        for style in styles.iterchildren(W + "style"):
            sid = style.get(W + "styleId")
            own[sid] = _num_pr(style.find(W + "pPr"))
            based[sid] = _val(style.find(W + "basedOn"))
        for start in own:
            num_id, ilvl, sid, seen = None, None, start, set()
            while sid in own and sid not in seen:
                seen.add(sid)
                num_id, ilvl = num_id or own[sid][0], ilvl or own[sid][1]
                sid = based[sid]
            if num_id:
                self.style_lists[start] = (num_id, ilvl)

    def label(self, p) -> str:
        """The list number paragraph ``p`` shows ("三、"), counting it; "" when it has none or shows a bullet."""
        if not self.levels:
            return ""
        props = p.find(W + "pPr")
        num_id, ilvl = _num_pr(props)
        style = self.style_lists.get(_val(props.find(W + "pStyle"))) if props is not None else None
        if style:
            num_id, ilvl = num_id or style[0], ilvl or style[1]
        if not num_id or num_id not in self.levels:
            return ""
        counter, levels = self.levels[num_id]
        level = _int(ilvl)
        if level not in levels or levels[level][1] in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(counter, {})
        counts[level] = counts.get(level, levels[level][0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        text = _LEVEL_REF.sub(lambda m: _shown(int(m.group(1)) - 1, levels, counts), levels[level][2])
        return text if not text or text[-1] in _CLOSING else text + " "


def _shown(level: int, levels: dict[int, tuple[int, str, str]], counts: dict[int, int]) -> str:
    """The number of list level ``level`` as it shows inside a label ("%1" of "%1.%2"): its count, formatted."""
    start, fmt, _ = levels.get(level, (1, "decimal", ""))
    return _format_number(counts.get(level, start), fmt)


def _num_pr(props) -> tuple[str | None, str | None]:
    """The (numId, ilvl) of a w:pPr's w:numPr, each None when absent."""
    num_pr = props.find(W + "numPr") if props is not None else None
    if num_pr is None:
        return None, None
    return _val(num_pr.find(W + "numId")), _val(num_pr.find(W + "ilvl"))


def _val(el) -> str | None:
    return el.get(_VAL) if el is not None else None


def _int(value: str | None, default: int = 0) -> int:
    return int(value) if value and value.isdigit() and len(value) < 6 else default


_LEVEL_REF = re.compile(r"%([1-9])")
_CLOSING = "、.．)）:："
_CHINESE_DIGITS = "〇一二三四五六七八九"


def _format_number(n: int, fmt: str) -> str:
    """A list counter in a Word number format: 3 → "三" (chineseCounting), "C" (upperLetter), "③" …"""
    if fmt.startswith("chinese") or fmt in ("ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _chinese(n: int) -> str:
    """1–99 in Chinese counting (十一, 二十); larger numbers in Arabic digits."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_DIGITS[tens] + "十")
    return head + (_CHINESE_DIGITS[units] if units else "")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


READER = DocxReader()
