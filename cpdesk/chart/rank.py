"""The rank chart: every LA's value for one period as bars, best first, with the LA picked out.

The home LA and its statistical neighbours are separate series (so they get their own colour and
legend entry); the quartile cut-offs are horizontal lines and each band's first bar carries a
"Band A".."Band D" note. The subtitle says where the LA stands in words:
"Warwickshire ranks 66th of 153 (band B)".
"""

from __future__ import annotations

from collections.abc import Iterable

from cpdesk.chart.format import axis_label, format_value, officer_label, standing_words, suggested_y_range
from cpdesk.chart.palette import role_style
from cpdesk.chart.spec import ChartAnnotation, ChartPoint, ChartSeries, ChartSpec, ReferenceLine
from cpdesk.indicators.model import Indicator
from cpdesk.query.ranking import RankedEntry, Ranking, judged
from cpdesk.query.source import PUBLISHER_WORDS, figures_source

GROUPS = (("la", "Other LAs"), ("sn", "Statistical neighbours"), ("home", ""))


def rank_text(ranking: Ranking, home_code: str, home_name: str, indicator: Indicator) -> str:
    entry = ranking.entry(home_code)
    if entry is None:
        return f"{home_name} has no figure for {officer_label(ranking.period)}"
    text = f"{entry.name} {format_value(entry.value, indicator)}: {ranked_words(entry, ranking)}"
    return text if judged(ranking.polarity) else f"{text}; band A lowest values, D highest"


def ranked_words(entry: RankedEntry, ranking: Ranking) -> str:
    """Where ``entry`` stands, in the words the subtitle, the summary and the packs all use."""
    if entry.rank is None:
        return "not ranked"
    return standing_words(entry.rank, ranking.count, entry.band, judged(ranking.polarity))


def _tooltip(entry: RankedEntry, ranking: Ranking, indicator: Indicator, about: str = "") -> str:
    """Area, period, value, rank and where the figure came from, as a trend point's tooltip says it."""
    text = f"{entry.name}{about}, {officer_label(ranking.period)}: {format_value(entry.value, indicator)}"
    order = "" if judged(ranking.polarity) else " lowest"
    text += f"; rank {entry.rank}{order} of {ranking.count}, band {entry.band}"
    if entry.source_files:
        text += f"; source: {', '.join(entry.source_files)}"
    if entry.publisher:
        text += f"; published by: {PUBLISHER_WORDS.get(entry.publisher, entry.publisher)}"
    return text


def _group_of(entry: RankedEntry, home_code: str, neighbours: set[str]) -> str:
    if entry.area_code == home_code:
        return "home"
    return "sn" if entry.area_code in neighbours else "la"


def _quartile_lines(ranking: Ranking, indicator: Indicator) -> tuple[ReferenceLine, ...]:
    if ranking.cutoffs is None:
        return ()
    colour = role_style("quartile").colour
    named = (("Lower quartile", ranking.cutoffs.q1), ("Median", ranking.cutoffs.median),
             ("Upper quartile", ranking.cutoffs.q3))
    return tuple(ReferenceLine(f"{name} {format_value(y, indicator)}", y, "quartile", colour, "dot")
                 for name, y in named)


def _band_starts(ranking: Ranking) -> tuple[ChartAnnotation, ...]:
    starts, seen = [], set()
    for x, entry in enumerate(ranking.entries):
        if entry.band is not None and entry.band not in seen:
            seen.add(entry.band)
            starts.append(ChartAnnotation(f"Band {entry.band}", x))
    return tuple(starts)


def build_rank_spec(ranking: Ranking, indicator: Indicator, home_code: str, *,
                    home_name: str | None = None, neighbour_codes: Iterable[str] = ()) -> ChartSpec:
    neighbours = set(neighbour_codes)
    home = ranking.entry(home_code)
    name = home.name if home is not None else (home_name or home_code)
    grouped: dict[str, list[ChartPoint]] = {group: [] for group, _ in GROUPS}
    for x, entry in enumerate(ranking.entries):
        group = _group_of(entry, home_code, neighbours)
        # A neighbour is named on the axis only where there is room: its tooltip and the note under the
        # chart always say it is one.
        about = f" (statistical neighbour of {name})" if group == "sn" else ""
        tooltip = _tooltip(entry, ranking, indicator, about)
        grouped[group].append(ChartPoint(x, entry.value, tooltip, highlight=group != "la",
                                         label=format_value(entry.value, indicator)))
    series = []
    for group, label in GROUPS:
        if grouped[group]:
            colour = role_style(group).colour
            points = tuple(grouped[group])
            if group == "sn":
                label = f"{label} of {name} ({len(points)}, named under the chart)"
            series.append(ChartSeries(label or name, group, points, colour, "bar", "solid", "none"))
    neighbours_named = neighbours_note(ranking, grouped["sn"], name)
    order = "best first" if judged(ranking.polarity) else "lowest first"
    return ChartSpec(
        kind="rank",
        title=(f"{indicator.title} — {ranking.count} local authorities with a figure for "
               f"{officer_label(ranking.period)} ({order})"),
        subtitle=rank_text(ranking, home_code, name, indicator),
        y_label=axis_label(indicator),
        x_categories=tuple(entry.name for entry in ranking.entries),
        series=tuple(series),
        y_range=suggested_y_range([e.value for e in ranking.entries], indicator),
        reference_lines=_quartile_lines(ranking, indicator),
        annotations=_band_starts(ranking),
        footnote=" ".join(part for part in (neighbours_named, figures_source(ranking.entries)) if part),
    )


def neighbours_note(ranking: Ranking, points: list[ChartPoint], home_name: str) -> str:
    """The neighbours' names in the order of their bars, under the chart: the axis names a bar only
    where there is room, and a saved PNG or SVG has no tooltip to say which council a bar is."""
    if not points:
        return ""
    names = [ranking.entries[point.x].name for point in points]
    return f"Statistical neighbours of {home_name}, in bar order: {', '.join(names)}."
