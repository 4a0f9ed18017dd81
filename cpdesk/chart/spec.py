"""Chart specifications as plain data: what to draw, not how.

The UI draws a :class:`ChartSpec` with pyqtgraph and the Excel export turns it into a native
chart, so both show the same figures, colours and words. Everything here is a frozen dataclass of
strings, numbers, None and tuples, so ``to_dict()`` gives JSON-ready data and tests can assert on
exactly what would be plotted.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

CHART_KINDS = ("trend", "districts", "rank", "neighbours", "report_card_sparkline")
STYLES = ("line", "bar")
DASHES = ("solid", "dash", "dot", "dashdot")
MARKERS = ("circle", "square", "triangle", "diamond", "none")


@dataclass(frozen=True)
class ChartPoint:
    """One plotted point. ``y`` is None for a gap; ``status`` marks a TBC or suppressed figure."""

    x: int  # index into ChartSpec.x_categories
    y: float | None
    tooltip: str
    status: str | None = None
    status_marker: str | None = None  # short text drawn at a gap: "TBC", "c", "x" ...
    highlight: bool = False
    # "" for a point on the series' line; otherwise the kind of period it is outside the line
    # ("31 Jul snapshot", "quarterly"): drawn as a separate, labelled marker, joined only to points
    # of the same group, so an in-year figure never breaks or bends the year-by-year line.
    group: str = ""
    label: str = ""  # the figure as published ("28.0", "45.2%"), written on a bar


@dataclass(frozen=True)
class ChartSeries:
    name: str
    role: str  # home, sn, region, england, district, operational, la, target, period
    points: tuple[ChartPoint, ...]
    colour: str
    style: str = "line"
    dash: str = "solid"
    marker: str = "circle"
    note: str = ""  # e.g. how a comparator was arrived at

    @property
    def ys(self) -> list[float | None]:
        return [point.y for point in self.points]


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line across the plot: a target, the LA's own value, a quartile cut-off."""

    label: str
    y: float
    role: str  # "target", "la", "quartile"
    colour: str
    dash: str = "dash"


@dataclass(frozen=True)
class RagBadge:
    status: str
    label: str  # the text shown beside the colour, so colour is never the only cue
    basis: str
    colour: str
    x: int | None = None  # the category of the rated figure
    period: str = ""  # its period, as the chart labels it


@dataclass(frozen=True)
class ChartAnnotation:
    text: str
    x: int | None  # None: a note on the whole chart


@dataclass(frozen=True)
class ChartSpec:
    kind: str
    title: str
    subtitle: str
    y_label: str
    x_categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    y_range: tuple[float, float] | None = None
    reference_lines: tuple[ReferenceLine, ...] = ()
    rag: RagBadge | None = None
    annotations: tuple[ChartAnnotation, ...] = ()
    footnote: str = ""
    x_label: str = ""
    # Where each category sits on a time axis, in years (its period's end date); empty for evenly
    # spaced categories (districts, LAs).
    x_positions: tuple[float, ...] = ()
    # The lines' cycle on that axis, in years (1 for years and 31 March snapshots, 0.25 for
    # quarters): a line does not join two figures further apart than one and a half cycles, so a
    # missing year is a gap, not a straight line across it. 0: join every neighbouring figure.
    x_step: float = 0.0
    # One plain-English line on what the chart shows ("CP-plan rate 28.0 at 31 Jul 2020, 15.7 below
    # England ..."), shown under it and written into the packs (see cpdesk.chart.summary).
    summary: str = ""

    def x_position(self, x: int) -> float:
        """Where category ``x`` is drawn."""
        return self.x_positions[x] if self.x_positions else float(x)

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, strings and numbers, ready for ``json.dumps``."""
        return _listify(dataclasses.asdict(self))

    def series_named(self, name: str) -> ChartSeries:
        for series in self.series:
            if series.name == name:
                return series
        raise KeyError(name)

    def series_with_role(self, role: str) -> list[ChartSeries]:
        return [series for series in self.series if series.role == role]


def no_figures_message(indicator_title: str, area_name: str = "", advice: str = "") -> str:
    """Why a chart is refused, worded alike for every kind: "No figures for <indicator> for <area>
    to chart: <what to import>." The advice, when given, says what would give the figures."""
    where = f" for {area_name}" if area_name else ""
    return f"No figures for {indicator_title}{where} to chart" + (f": {advice}" if advice else ".")


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _listify(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listify(item) for item in value]
    return value
