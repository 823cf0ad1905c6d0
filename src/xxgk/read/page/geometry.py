"""Shapes and small measures the page engine shares: boxes, groups of joined things, medians, rounded boxes."""

from __future__ import annotations

from typing import Iterable, NamedTuple


class Box(NamedTuple):
    """A rectangle in points from the page's top left."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def middle(self) -> float:
        """The height halfway between top and bottom."""
        return (self.top + self.bottom) / 2


def box_around(boxes: Iterable[tuple[float, float, float, float]]) -> Box:
    """The least Box covering some boxes (x0, top, x1, bottom)."""
    x0s, tops, x1s, bottoms = zip(*boxes)
    return Box(min(x0s), min(tops), max(x1s), max(bottoms))


class Groups:
    """Things numbered 0 to count - 1, joined into groups (union-find): ``join`` puts two in one group, ``root``
    names the group one is in."""

    def __init__(self, count: int):
        self._parent = list(range(count))

    def root(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        """Put ``i``'s group into ``j``'s."""
        self._parent[self.root(i)] = self.root(j)


def median(values: list[float]) -> float:
    """The middle value (the upper one of an even count); 0 for none."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def rounded(box: tuple[float, ...]) -> tuple[float, ...]:
    """A box with its coordinates to a tenth of a point, as SourceRefs give them."""
    return tuple([round(v, 1) for v in box])
