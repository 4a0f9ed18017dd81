"""The trend chart: an LA against its statistical neighbours, region and England over time.

The title says what, where and when ("Children subject to a CP plan per 10,000 children —
Warwickshire vs statistical neighbours and England, 31 Mar 2016 to 31 Mar 2020"); the RAG badge
rates the LA's latest figure that has a comparator (see :mod:`cpdesk.query.headline`) against its
target if one is given, else against the statistical neighbours' figure for the same period (see
:mod:`cpdesk.query.rag`).

Time runs to scale: each period sits at its end date (``ChartSpec.x_positions``, see
:mod:`cpdesk.query.cycle`), so a missing year leaves a gap of a year. Each line joins the figures of
the indicator's own cycle (31 March snapshots, financial years); a figure of another kind (a
31 July snapshot, a month) is a separate point in its own group, drawn and labelled as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cpdesk.chart.format import axis_label, format_value, officer_label, span_text, suggested_y_range
from cpdesk.chart.palette import RAG_COLOURS, role_style
from cpdesk.chart.series_points import chart_series, footnote, x_periods
from cpdesk.chart.spec import ChartAnnotation, ChartSpec, RagBadge, ReferenceLine, no_figures_message
from cpdesk.indicators.model import Indicator, Period
from cpdesk.query.as_at import period_phrase
from cpdesk.query.comparators import AS_REPORTED, ComparatorSet, comparable_series, count_note
from cpdesk.query.cycle import cycle_years, main_class, time_position
from cpdesk.query.headline import headline
from cpdesk.query.rag import Rag, rag_for
from cpdesk.query.series import Series

COMPARATOR_WORDS = {"sn": "statistical neighbours", "england": "England"}


def _comparison_words(series: Sequence[Series], home: Series) -> str:
    """" vs statistical neighbours and England": the comparators drawn, never the home area itself."""
    names = [COMPARATOR_WORDS.get(s.role, s.name) for s in series
             if s.role in ("sn", "region", "england") and s.area_code != home.area_code]
    names = [name for name in dict.fromkeys(names) if name != home.name]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" vs {listed}"


def trend_title(indicator: Indicator, series: Sequence[Series], periods: Sequence[Period]) -> str:
    """What, where and when; ``series`` must hold the home series (see ``home_series``)."""
    home = next(s for s in series if s.role == "home")
    when = span_text(periods)
    return f"{indicator.title} — {home.name}{_comparison_words(series, home)}" + (f", {when}" if when else "")


def home_series(comparators: ComparatorSet | Sequence[Series], series: Sequence[Series],
                indicator: Indicator) -> Series:
    """The home area's series among those with figures; ValueError when it has none, since a chart
    of the comparators alone would be titled as if one of them were the council."""
    home = next((s for s in series if s.role == "home"), None)
    if home is None:
        named = comparators.home.name if isinstance(comparators, ComparatorSet) else ""
        raise ValueError(no_figures_message(indicator.title, named))
    return home


def rag_badge(rag: Rag | None, x: int | None = None, period: str = "") -> RagBadge | None:
    if rag is None:
        return None
    return RagBadge(rag.status, rag.label, rag.basis, RAG_COLOURS[rag.status], x, period)


def _sn_figure(candidates: Sequence[Series], key: Any) -> tuple[float | None, str]:
    """The first neighbours' series with a figure for the period (the council's own, then the
    computed one), and what to call it."""
    for sn in candidates:
        point = sn.at(key)
        if point is not None and point.value is not None:
            if sn.basis == AS_REPORTED:
                return point.value, "statistical neighbours (as reported)"
            return point.value, f"statistical neighbours' {'median' if 'median' in sn.basis else 'mean'}"
    return None, ""


def _trend_badge(home: Series, series: Sequence[Series], indicator: Indicator, target: Any | None,
                 periods: Sequence[Period], computed_sn: Series | None = None) -> RagBadge | None:
    """The rating of the home series' headline figure (the latest held, see
    :mod:`cpdesk.query.headline`), placed at that figure: against the target, else the neighbours'
    or England's figure for the same period, as on the report card."""
    candidates = [s for s in (*series, computed_sn) if s is not None and s.role == "sn"]
    england = next((s for s in series if s.role == "england"), None)
    head = headline(home, indicator)
    if head is None:
        return rag_badge(rag_for(None, indicator.polarity))
    latest = head.latest
    sn_value, sn_name = _sn_figure(candidates, latest.period.key)
    england_point = england.at(latest.period.key) if england is not None else None
    rag = rag_for(latest.value, indicator.polarity,
                  target=getattr(target, "target", None), tolerance=getattr(target, "tolerance", None),
                  sn_mean=sn_value, decimals=indicator.decimals,
                  unit=indicator.unit, england=england_point.value if england_point is not None else None,
                  sn_name=sn_name, when=period_phrase(latest.period, indicator))
    x = next(x for x, period in enumerate(periods) if period.key == latest.period.key)
    return rag_badge(rag, x, officer_label(latest.period))


def chart_annotations(annotations: Sequence[Any], periods: Sequence[Period]) -> tuple[ChartAnnotation, ...]:
    """Notes placed at their period where the chart shows it, else on the whole chart."""
    positions = {period.key: x for x, period in enumerate(periods)}
    placed = []
    for note in annotations:
        period = getattr(note, "period", None)
        placed.append(ChartAnnotation(note.text, positions.get(period.key) if period is not None else None))
    return tuple(placed)


def build_trend_spec(
    comparators: ComparatorSet | Sequence[Series],
    indicator: Indicator,
    *,
    target: Any | None = None,
    annotations: Sequence[Any] = (),
) -> ChartSpec:
    """The trend chart. ``target`` is anything with ``target`` and ``tolerance`` (a stored Target)."""
    series = comparators.series() if isinstance(comparators, ComparatorSet) else list(comparators)
    series = [s for s in series if s.points]
    home = home_series(comparators, series, indicator)
    # A region or England charted on its own is the home series: not drawn a second time as a comparator.
    series = [s for s in series if s is home or s.area_code != home.area_code]
    series = comparable_series(series, indicator)
    periods = x_periods(series)
    cycle = main_class(indicator, periods)
    lines = tuple(chart_series(s, periods, indicator, cycle=cycle) for s in series)
    values = [y for line in lines for y in line.ys]
    references: tuple[ReferenceLine, ...] = ()
    if target is not None:
        values.append(target.target)
        references = (ReferenceLine(f"Target {format_value(target.target, indicator)}", target.target,
                                    "target", role_style("target").colour),)
    return ChartSpec(
        kind="trend",
        title=trend_title(indicator, series, periods),
        subtitle=indicator.definition,
        y_label=axis_label(indicator),
        x_categories=tuple(officer_label(period) for period in periods),
        series=lines,
        y_range=suggested_y_range(values, indicator),
        reference_lines=references,
        rag=_trend_badge(home, series, indicator, target, periods,
                         comparators.sn.computed if isinstance(comparators, ComparatorSet) else None),
        annotations=chart_annotations(annotations, periods),
        footnote=" ".join(part for part in (footnote(series), count_note(indicator)) if part),
        x_positions=tuple(time_position(period) for period in periods),
        x_step=cycle_years(cycle),
    )
