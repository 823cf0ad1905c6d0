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
        text, spots, previous = "", [], ""
        for p in paragraphs.get(key, []):
            line = p.text.strip()
            if not line or _PAGE_NUMBER.match(line) or (heading(line) and len(line) < 40):
                continue
            if text and (_ENDS_SENTENCE.search(text) or _STARTS_ITEM.match(line)
                         or (_STARTS_ITEM.match(previous) and len(previous) < 30)):
                text += "\n"
            spots.append((len(text), location(p.ref)))
            text += line
            previous = line
        if text:
            texts[key], places[key] = text, spots
    return texts, places
