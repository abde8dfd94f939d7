"""Build-time charts: papers by year (a topic's timeline) and the catalog's growth by `added` date.

Takes entries; gives chart geometry as plain data (`BarChart`, `LineChart`) in an SVG user space
of a fixed width, with a one-line text summary for screen readers. templates/_charts.html.j2
draws them as inline SVG whose colours are CSS variables, so light and dark schemes both work.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from llm_atlas.models import Entry

WIDTH = 640.0
HEIGHT = 180.0
LEFT, RIGHT, TOP, BOTTOM = 34.0, 12.0, 14.0, 26.0  # room for the axis labels


@dataclass(frozen=True, slots=True)
class Tick:
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    baseline: float
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    counts: list[tuple[str, int]]  # (year, papers) of the years with any: the text alternative


@dataclass(frozen=True)
class LineChart:
    width: float
    height: float
    baseline: float
    path: str  # the SVG path of the line (a step at each date)
    area: str  # the same, closed along the baseline
    points: list[Tick]  # one per date, labelled with the date
    totals: list[int]  # the catalog's size at each point
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    days: int  # the text alternative: DAYS dates from the first point to the last


def nice_ceiling(value: int) -> int:
    """Return the smallest of 1, 2, 5, 10, 20, 50 … that is at least VALUE."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _y_ticks(top: int) -> list[Tick]:
    plot = HEIGHT - TOP - BOTTOM
    values = sorted({0, top // 2, top}) if top >= 2 else [0, top]
    return [Tick(str(v), LEFT - 6, round(HEIGHT - BOTTOM - plot * v / top, 1)) for v in values]


def year_timeline(entries: list[Entry]) -> BarChart | None:
    """Return the bar chart of ENTRIES' papers per year (every year from the first to the last),
    or None when fewer than two papers have a year."""
    years = Counter(e.year for e in entries if e.kind == "paper" and e.year)
    if sum(years.values()) < 2:
        return None
    first, last = min(years), max(years)
    span = list(range(first, last + 1))
    top = nice_ceiling(max(years.values()))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(span)
    bars: list[Bar] = []
    for i, year in enumerate(span):
        h = plot_h * years[year] / top
        bars.append(
            Bar(
                str(year),
                years[year],
                round(LEFT + i * slot + slot * 0.15, 1),
                round(HEIGHT - BOTTOM - h, 1),
                round(slot * 0.7, 1),
                round(h, 1),
            )
        )
    every = max(1, len(span) // 10)  # at most about ten year labels
    x_ticks = [
        Tick(b.label, round(b.x + b.width / 2, 1), HEIGHT - 8)
        for i, b in enumerate(bars)
        if i % every == 0 or i == len(bars) - 1
    ]
    counts = [(str(y), years[y]) for y in span if years[y]]
    return BarChart(WIDTH, HEIGHT, HEIGHT - BOTTOM, bars, x_ticks, _y_ticks(top), counts)


def growth_chart(entries: list[Entry]) -> LineChart | None:
    """Return the line of the catalog's size over time (entries by `added` date, cumulative),
    or None when the entries were added on fewer than two days (there is no growth to show)."""
    days = Counter(e.added for e in entries if e.added)
    if len(days) < 2:
        return None
    dates = sorted(days)
    first, last = dates[0], dates[-1]
    start = first
    length = (last - start).days
    total, totals = 0, []
    for day in dates:
        total += days[day]
        totals.append(total)
    top = nice_ceiling(total)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - start).days / length, 1)

    def y_of(value: int) -> float:
        return round(HEIGHT - BOTTOM - plot_h * value / top, 1)

    base = HEIGHT - BOTTOM
    path = [f"M{x_of(start)} {base}"]
    previous = 0
    for day, value in zip(dates, totals, strict=True):
        path.append(f"L{x_of(day)} {y_of(previous)}L{x_of(day)} {y_of(value)}")
        previous = value
    path.append(f"L{LEFT + plot_w} {y_of(previous)}")
    line = "".join(path)
    area = f"{line}L{LEFT + plot_w} {base}Z"
    points = [Tick(d.isoformat(), x_of(d), y_of(v)) for d, v in zip(dates, totals, strict=True)]
    x_ticks = [Tick(first.isoformat(), x_of(first), HEIGHT - 8)]
    x_ticks.append(Tick(last.isoformat(), x_of(last), HEIGHT - 8))
    y_ticks = _y_ticks(top)
    return LineChart(WIDTH, HEIGHT, base, line, area, points, totals, x_ticks, y_ticks, len(dates))
