"""Characters into lines and lines into text, the way a reader of a Chinese report would take them."""

from __future__ import annotations

from operator import attrgetter

from .content import Char
from .geometry import Box

# Characters whose vertical centres differ by less than this share of their height stand on one line.
_SAME_LINE = 0.45
# A gap wider than this many character heights separates two fields on a line; keep a space there.
_FIELD_GAP = 1.5
# Between two Latin letters or digits a gap of this share of the height is a word space.
_WORD_GAP = 0.2


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters in any order → lines top to bottom, each line's characters left to right."""
    lines: list[list[Char]] = []
    centre = height = 0.0
    for middle, char in sorted([((c.top + c.bottom) / 2, c) for c in chars]):
        size = char.bottom - char.top
        if lines and abs(middle - centre) <= _SAME_LINE * (size if size > height else height):
            lines[-1].append(char)
            continue
        lines.append([char])
        centre, height = middle, size
    return [_dedupe(sorted(line, key=_left)) if len(line) > 1 else line for line in lines]


def line_text(line: list[Char]) -> str:
    """One line's characters, left to right → its text, with a space only where the print shows one."""
    parts: list[str] = []
    previous = None
    for char in line:
        if previous is not None and _spaced(previous, char):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def block_text(chars: list[Char]) -> str:
    """The characters of one cell → its text, lines joined; no space where either side is Chinese."""
    if len(chars) == 1:  # most cells of a report's tables print one digit
        return chars[0].text
    text = ""
    for line in group_lines(chars):
        piece = line_text(line)
        if text and _needs_space(text[-1], piece[0]):
            text += " "
        text += piece
    return text


def line_box(line: list[Char]) -> Box:
    """The box around some characters."""
    return Box(min(c.x0 for c in line), min(c.top for c in line),
               max(c.x1 for c in line), max(c.bottom for c in line))


_left = attrgetter("x0")


def _dedupe(line: list[Char]) -> list[Char]:
    """Drop the second copy of characters printed twice on top of each other (simulated bold)."""
    kept: list[Char] = []
    for char in line:
        if kept:
            last = kept[-1]
            if char.text == last.text and abs(char.x0 - last.x0) < (last.x1 - last.x0) * 0.3:
                continue
        kept.append(char)
    return kept


def _spaced(left: Char, right: Char) -> bool:
    """Whether the gap between two neighbours on a line is a space."""
    gap = right.x0 - left.x1
    height = left.bottom - left.top
    if gap <= _WORD_GAP * height:
        return False
    if gap > _FIELD_GAP * height:
        return True
    a, b = left.text, right.text
    return a.isascii() and b.isascii() and a.isalnum() and b.isalnum()


def _needs_space(left: str, right: str) -> bool:
    """Whether two characters meeting at a line break need a space: only Latin letters, digits and signs do."""
    return left.isascii() and right.isascii()
