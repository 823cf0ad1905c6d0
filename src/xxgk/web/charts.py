"""Small charts drawn on the server as SVG: no script, nothing fetched, printable."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 120, 28


@dataclass
class Point:
    x: float
    y: float
    label: str
    value: str

    @property
    def value_y(self) -> float:
        return round(self.y - 6, 1)


def trend(points: list[tuple[int, float | None]], percent: bool = False) -> dict | None:
    """A line through (year, value), values None left out: the polyline's points and a dot per year with its
    label; None when no value is known."""
    known = [(year, value) for year, value in points if value is not None]
    if not known:
        return None
    top = max(v for _, v in known) or 1.0
    years = [y for y, _ in known]
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def x(year: int) -> float:
        return PAD + (year - first) / span * (WIDTH - 2 * PAD) if last != first else WIDTH / 2

    def y(value: float) -> float:
        return HEIGHT - PAD + 10 - value / top * (HEIGHT - PAD - 10)

    shown = (lambda v: f"{v:.1%}") if percent else (lambda v: f"{v:g}")
    dots = [Point(round(x(year), 1), round(y(value), 1), str(year), shown(value)) for year, value in known]
    return {"points": " ".join(f"{d.x},{d.y}" for d in dots), "dots": dots, "width": WIDTH, "height": HEIGHT,
            "base": HEIGHT - PAD + 10,
            "year_y": HEIGHT - 4}
