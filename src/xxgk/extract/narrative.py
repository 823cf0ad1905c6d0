"""The narrative sections 一 … 六 as text, with where each paragraph starts."""

from __future__ import annotations

import re

from ..model import Location
from ..read import Paragraph
from .align import location
from .tables import SECTIONS, heading

_PAGE_NUMBER = re.compile(r"^[-—－\s第页]*\d+[-—－\s页/共]*\d*[-—－\s页]*$")
_ENDS_SENTENCE = re.compile(r"[。！？!?：:；;”」）)]$")
_STARTS_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]是)")


def read_sections(paragraphs: dict[str, list[Paragraph]]) -> tuple[dict[str, str], dict[str, list]]:
    """Section key → its text (lines of one paragraph joined, paragraphs on lines of their own), and section key →
    [(offset in the text, Location)] for each paragraph."""
    texts: dict[str, str] = {}
    places: dict[str, list[tuple[int, Location]]] = {}
    for key in SECTIONS:
        lines = [p for p in paragraphs.get(key, []) if _is_text(p.text.strip())]
        text, spots, previous = "", [], None
        for p in lines:
            line = p.text.strip()
            if text and _new_paragraph(text, p, previous, lines):
                text += "\n"
            spots.append((len(text), location(p.ref)))
            text += line
            previous = p
        if text:
            texts[key], places[key] = text, spots
    return texts, places


def _is_text(line: str) -> bool:
    return bool(line) and not _PAGE_NUMBER.match(line) and not (heading(line) and len(line) < 40)


def _new_paragraph(text: str, current: Paragraph, previous: Paragraph, lines: list[Paragraph]) -> bool:
    """Whether ``line`` starts a paragraph of its own rather than continuing the one before.

    Where lines have boxes (PDF), a line that stops short of the text's right edge ends its paragraph; else a
    sentence end, an item mark (（一） 1. 一是) or a short heading line above decide.
    """
    line = current.text.strip()
    if _ENDS_SENTENCE.search(text) or _STARTS_ITEM.match(line) and not _wraps(previous, lines):
        return True
    if previous.ref.box is not None:
        return not _wraps(previous, lines) or _indented(current, lines)
    return bool(_STARTS_ITEM.match(previous.text.strip())) and len(previous.text.strip()) < 30


def _wraps(previous: Paragraph, lines: list[Paragraph]) -> bool:
    """True when a PDF line reaches the right edge of the text on its page, so its sentence runs on."""
    box = previous.ref.box
    if box is None:
        return False
    right = max((p.ref.box[2] for p in lines if p.ref.box and p.ref.page == previous.ref.page), default=box[2])
    return box[2] >= right - 2.5 * _height(box)


def _indented(current: Paragraph, lines: list[Paragraph]) -> bool:
    """True when a PDF line starts clearly right of the text's left edge on its page: a first line."""
    box = current.ref.box
    if box is None:
        return False
    left = min((p.ref.box[0] for p in lines if p.ref.box and p.ref.page == current.ref.page), default=box[0])
    return box[0] >= left + 1.2 * _height(box)


def _height(box) -> float:
    return max(box[3] - box[1], 6.0)
