"""Which labels to print along an axis, and where: as many as fit, never overlapping, never cut off.

A label is centred on its tick where it can be; one that would run past either end of the axis is
slid inward to sit wholly inside it (the last "2024/25" is never clipped to "2024/2"). The planner
knows nothing of fonts: it is given each text's width in pixels (as the painter measures it) and the
axis' length, so the chart on screen, a saved PNG and the PDF pack thin their labels alike.

Labels with a priority (the home council on a ranked chart) are placed first, each only where it does
not overlap one already placed. Ordinary labels (periods, district names) are thinned evenly: every
label if all fit, else every second, third ... counted back from the latest, so the most recent
period always keeps its label and the gaps between labels stay equal.

:func:`wrap_words` breaks a note into lines that fit a width, at spaces only, so a word is never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cpdesk.chart.spec import ChartSpec

LABEL_GAP = 12.0  # pixels of clear space kept between two neighbouring labels


@dataclass(frozen=True)
class AxisLabel:
    position: float  # where the tick is, in data units along the axis
    text: str
    priority: int = 0  # 0 for ordinary labels; higher ones are placed first


@dataclass(frozen=True)
class PlacedLabel:
    label: AxisLabel
    left: float  # pixels from the start of the axis
    width: float
    lane: int = 0  # the line under the axis it is printed on, from 0 nearest the axis

    @property
    def right(self) -> float:
        return self.left + self.width

    def clear_of(self, other: PlacedLabel, gap: float) -> bool:
        return self.lane != other.lane or self.right + gap <= other.left or other.right + gap <= self.left

    def in_lane(self, lane: int) -> PlacedLabel:
        return PlacedLabel(self.label, self.left, self.width, lane)


@dataclass(frozen=True)
class AxisSpan:
    """The data range an axis shows and its length on screen (or paper), in pixels."""

    low: float
    high: float
    pixels: float

    def to_pixels(self, position: float) -> float:
        if self.high == self.low:
            return self.pixels / 2
        return (position - self.low) / (self.high - self.low) * self.pixels

    def shows(self, position: float) -> bool:
        return min(self.low, self.high) <= position <= max(self.low, self.high)


def place(label: AxisLabel, width: float, span: AxisSpan) -> PlacedLabel | None:
    """``label`` centred on its tick, slid inward where it would pass an end; None if it is off the
    axis or wider than the whole axis."""
    if not span.shows(label.position) or width > span.pixels:
        return None
    left = span.to_pixels(label.position) - width / 2
    left = min(max(left, 0.0), span.pixels - width)
    return PlacedLabel(label, left, width)


def plan_labels(labels: Sequence[AxisLabel], text_width: Callable[[str], float], span: AxisSpan,
                gap: float = LABEL_GAP, lanes: int = 1) -> list[PlacedLabel]:
    """The labels to print, in axis order, none overlapping another (with ``gap`` pixels between)
    and all inside the axis. With more than one lane (names of areas, which must not be thinned
    to every other one), a label that would overlap goes on the next line down instead."""
    placed: list[PlacedLabel] = []
    for label in sorted((lb for lb in labels if lb.priority > 0), key=lambda lb: -lb.priority):
        _into_a_lane(place(label, text_width(label.text), span), placed, gap, lanes)
    ordinary = sorted((lb for lb in labels if lb.priority <= 0), key=lambda lb: lb.position)
    spots = [spot for lb in ordinary if (spot := place(lb, text_width(lb.text), span)) is not None]
    if lanes == 1:
        placed += _evenly_thinned(spots, placed, gap)
    else:
        for spot in spots:
            _into_a_lane(spot, placed, gap, lanes)
    return sorted(placed, key=lambda spot: spot.label.position)


def _into_a_lane(spot: PlacedLabel | None, placed: list[PlacedLabel], gap: float, lanes: int) -> None:
    """Adds ``spot`` to ``placed`` in the first lane where it overlaps nothing, if there is one."""
    if spot is None:
        return
    for lane in range(lanes):
        moved = spot.in_lane(lane)
        if all(moved.clear_of(other, gap) for other in placed):
            placed.append(moved)
            return


def _evenly_thinned(spots: list[PlacedLabel], fixed: list[PlacedLabel], gap: float) -> list[PlacedLabel]:
    """Every ``stride``-th of ``spots`` counted back from the last, for the smallest stride at which
    they do not overlap one another; any that would overlap a ``fixed`` label are left out."""
    for stride in range(1, len(spots) + 1):
        chosen = spots[::-1][::stride][::-1]
        if all(a.clear_of(b, gap) for a, b in zip(chosen, chosen[1:], strict=False)):
            return [spot for spot in chosen if all(spot.clear_of(other, gap) for other in fixed)]
    return []


def wrap_words(text: str, text_width: Callable[[str], float], width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, broken at spaces only: a word is never cut, and a
    single word wider than ``width`` has a line to itself."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


RANK_PRIORITIES = {"home": 2, "sn": 1}  # on a ranked chart only the council and its neighbours are named
NAME_LANES = 2  # names of areas take a second line rather than be left out


@dataclass(frozen=True)
class AxisPlan:
    labels: list[AxisLabel]
    lanes: int = 1


def axis_plan(spec: ChartSpec) -> AxisPlan:
    """What ``spec`` asks of its x axis: periods thinned evenly on one line, or names of areas on up
    to two lines."""
    return AxisPlan(axis_labels(spec), 1 if spec.x_positions else NAME_LANES)


def axis_labels(spec: ChartSpec) -> list[AxisLabel]:
    """The labels ``spec`` offers its x axis: on a time axis the periods of
    the lines' own cycle (an in-year figure is named in the legend instead); on a ranked chart the
    council and its neighbours by name; on the neighbours chart every council, the council first;
    otherwise every category."""
    if spec.kind == "neighbours":
        home = {p.x for s in spec.series if s.role == "home" for p in s.points}
        return [AxisLabel(float(x), name, 1 if x in home else 0) for x, name in enumerate(spec.x_categories)]
    if spec.kind == "rank":
        priority = {p.x: RANK_PRIORITIES[s.role] for s in spec.series if s.role in RANK_PRIORITIES
                    for p in s.points}
        return [AxisLabel(spec.x_position(x), spec.x_categories[x], rank)
                for x, rank in sorted(priority.items())]
    if spec.x_positions:
        on_lines = {p.x for s in spec.series for p in s.points if not p.group}
        return [AxisLabel(spec.x_position(x), name) for x, name in enumerate(spec.x_categories)
                if x in on_lines]
    return [AxisLabel(float(x), name) for x, name in enumerate(spec.x_categories)]
