"""A council beside its statistical neighbours: each one's own figure for one period, as bars.

Reached from the navigator's "Statistical neighbours": rather than one averaged line, the officer
sees which neighbours sit above and below the council, each bar named by its council and carrying
its figure. The period is the latest of the indicator's own cycle (31 March, the financial year) for
which the council and at least half its neighbours have a figure, so every bar is of one period;
neighbours without a figure for it are named in the note. The neighbours' mean (or median) and
England for the same period are lines across the bars.

:func:`neighbour_figures` is also where the summary line's "3rd of 11 with its neighbours" comes
from, so the words and the chart always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cpdesk.chart.format import (
    BAR_FIGURE_HEADROOM,
    axis_label,
    format_value,
    officer_label,
    ordinal,
    suggested_y_range,
)
from cpdesk.chart.palette import role_style
from cpdesk.chart.spec import ChartPoint, ChartSeries, ChartSpec, ReferenceLine
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import period_sort_key
from cpdesk.query.comparators import aggregate, least_with_data
from cpdesk.query.cycle import in_class, main_class
from cpdesk.query.observations import DFE_FIRST, ObservationIndex, source_file_of, source_text
from cpdesk.query.ranking import judged
from cpdesk.query.source import PUBLISHER_WORDS, figures_source

ENGLAND = "E92000001"


@dataclass(frozen=True)
class NeighbourFigure:
    area_code: str
    name: str
    value: float
    publisher: str
    source: str
    source_files: tuple[str, ...]
    home: bool = False


@dataclass(frozen=True)
class NeighbourFigures:
    """The council's and its neighbours' figures for one period, in the order they are ranked:
    best first where higher or lower is better, else lowest first (as LAIT ranks them)."""

    indicator: Indicator
    period: Period
    entries: tuple[NeighbourFigure, ...]
    missing: tuple[str, ...]  # neighbours with no figure for the period, by name
    neighbour_count: int

    @property
    def position(self) -> int:
        """The council's place among the entries, from 1."""
        return next(i for i, entry in enumerate(self.entries, start=1) if entry.home)

    def standing(self) -> str:
        """ "3rd lowest of 11 with its neighbours", or "best" where higher or lower is better."""
        order = "best" if judged(self.indicator.polarity) else "lowest"
        place = order if self.position == 1 else f"{ordinal(self.position)} {order}"
        return f"{place} of {len(self.entries)} with its neighbours"

    def aggregate(self, how: str) -> float:
        return aggregate([e.value for e in self.entries if not e.home], how)


def _periods_held(index: ObservationIndex, indicator: Indicator, codes: list[str]) -> list[Period]:
    keys = {key for code in codes for key in index.period_keys(indicator.id, code)}
    periods = sorted((index.period(key) for key in keys), key=period_sort_key)
    return in_class(periods, main_class(indicator, periods))


def neighbour_figures(index: ObservationIndex, indicator: Indicator, la_code: str, areas: Any,
                      as_at: dt.date | None = None) -> NeighbourFigures | None:
    """The latest period (on or before ``as_at``) of the indicator's own cycle for which the council
    and at least half its neighbours have figures; None when there is none or it has no neighbours."""
    area = areas.find(la_code)
    if area is None or area.kind != "la":
        return None
    neighbours = list(areas.statistical_neighbours(area.code))
    if not neighbours:
        return None
    periods = _periods_held(index, indicator, [area.code, *(n.code for n in neighbours)])
    for period in reversed(periods):
        if as_at is not None and period.end > as_at:
            continue
        home = _figure(index, indicator, area, period, home=True)
        found = [_figure(index, indicator, n, period) for n in neighbours]
        present = [f for f in found if f is not None]
        if home is not None and len(present) >= least_with_data(len(neighbours)):
            missing = tuple(n.name for n, f in zip(neighbours, found, strict=True) if f is None)
            ordered = sorted([home, *present], key=lambda f: f.value, reverse=indicator.polarity == "high")
            return NeighbourFigures(indicator, period, tuple(ordered), missing, len(neighbours))
    return None


def _figure(index: ObservationIndex, indicator: Indicator, area: Any, period: Period,
            home: bool = False) -> NeighbourFigure | None:
    observation = index.figure(indicator.id, area.code, period.key, prefer=DFE_FIRST)
    if observation is None or observation.value is None:
        return None
    file = source_file_of(observation)
    return NeighbourFigure(area.code, area.name, float(observation.value), observation.publisher,
                           source_text(observation), (file,) if file else (), home)


def _tooltip(entry: NeighbourFigure, period: Period, indicator: Indicator) -> str:
    parts = [f"{entry.name}, {officer_label(period)}: {format_value(entry.value, indicator)}"]
    if entry.source:
        parts.append(f"source: {entry.source}")
    if entry.publisher:
        parts.append(f"published by: {PUBLISHER_WORDS.get(entry.publisher, entry.publisher)}")
    return "; ".join(parts)


def _reference_lines(figures: NeighbourFigures, how: str, england: float | None) -> tuple[ReferenceLine, ...]:
    indicator = figures.indicator
    value = figures.aggregate(how)
    lines = [ReferenceLine(f"Neighbours' {how} {format_value(value, indicator)}", value, "sn",
                           role_style("sn").colour, "dash")]
    if england is not None:
        lines.append(ReferenceLine(f"England {format_value(england, indicator)}", england, "england",
                                   role_style("england").colour, "dashdot"))
    return tuple(lines)


def build_neighbours_spec(figures: NeighbourFigures, home_name: str, *, how: str = "mean",
                          england: float | None = None) -> ChartSpec:
    """One bar per council with a figure, named by the council, the council itself picked out."""
    indicator, period = figures.indicator, figures.period
    grouped: dict[str, list[ChartPoint]] = {"sn": [], "home": []}
    for x, entry in enumerate(figures.entries):
        grouped["home" if entry.home else "sn"].append(
            ChartPoint(x, entry.value, _tooltip(entry, period, indicator), highlight=entry.home,
                       label=format_value(entry.value, indicator)))
    named = (("sn", "Statistical neighbours"), ("home", home_name))
    series = tuple(ChartSeries(name, role, tuple(grouped[role]), role_style(role).colour, "bar", "solid",
                               "none") for role, name in named if grouped[role])
    lines = _reference_lines(figures, how, england)
    missing = ""
    if figures.missing:
        missing = f" No figure for {officer_label(period)}: {', '.join(figures.missing)}."
    order = "best first" if judged(indicator.polarity) else "lowest first"
    values = [e.value for e in figures.entries] + [line.y for line in lines]
    return ChartSpec(
        kind="neighbours",
        title=f"{indicator.title} — {home_name} and its statistical neighbours, {officer_label(period)}",
        subtitle=f"{home_name} is {figures.standing()} ({order})",
        y_label=axis_label(indicator),
        x_categories=tuple(entry.name for entry in figures.entries),
        series=series,
        y_range=suggested_y_range(values, indicator, BAR_FIGURE_HEADROOM),
        reference_lines=lines,
        footnote=(figures_source(figures.entries) + missing).strip(),
    )
