"""Label text as printed, made comparable: width, brackets, spaces, numbering, cut-short endings."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\xa0]+")
_ELLIPSIS = re.compile(r"(…|\.{2,}|。{2,}|·{2,}|、{2,})+")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〝": '"', "〞": '"', "「": '"', "」": '"'})


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Half-width digits and brackets, straight quotes, no spaces, no "……" marks of a cut-short label."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACES.sub("", text)
    return _ELLIPSIS.sub("…", text)


@lru_cache(maxsize=65536)
def core(text: str) -> str:
    """A normalized label without its numbering (一、 （一） 1. …) and without a trailing cut-short mark."""
    text = normalize(text)
    previous = None
    while previous != text:
        previous, text = text, _NUMBERING.sub("", text)
    return text.rstrip("…")


def numbering(text: str) -> str:
    """The numbering a label starts with, normalized ("1." → "1", "（三）" → "三"), or ""."""
    m = _NUMBERING.match(normalize(text))
    return re.sub(r"[()、.]", "", m.group(0)) if m else ""


def is_cut_short(text: str) -> bool:
    return normalize(text).rstrip().endswith("…")


def similarity(printed: str, label: str) -> float:
    """How well a printed label matches a template label, 0 to 1.

    Exact after normalization is 1; a label cut short ("1.申请人无正当理由逾期……") that is a prefix scores 0.95;
    otherwise the ratio of matching characters, so that a dropped or mistyped character still matches.
    """
    p, t = core(printed), core(label)
    if not p or not t:
        return 0.0
    if p == t:
        return 1.0
    if len(p) >= 4 and t.startswith(p) and (is_cut_short(printed) or len(p) >= 0.5 * len(t)):
        return 0.95
    return SequenceMatcher(None, p, t, autojunk=False).ratio()
