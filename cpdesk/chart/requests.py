"""Which chart specification to draw for a choice of indicator, area, kind and period.

Shared by the chart page and ``cpdesk chart`` so the window and the command line draw the same
figures. Nothing here touches Qt: it turns stored figures into :class:`cpdesk.chart.spec.ChartSpec`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from typing import Any

from cpdesk.chart.districts import build_district_spec
from cpdesk.chart.format import format_value, officer_label
from cpdesk.chart.neighbours import ENGLAND, build_neighbours_spec, neighbour_figures
from cpdesk.chart.palette import role_style
from cpdesk.chart.rank import build_rank_spec
from cpdesk.chart.spec import ChartSpec, ReferenceLine, no_figures_message
from cpdesk.chart.summary import district_summary, rank_summary, short_title, summary_for, when
from cpdesk.chart.trend import build_trend_spec
from cpdesk.errors import CpdeskError
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import coerce_period, parse_period
from cpdesk.query.comparators import comparator_set
from cpdesk.query.cycle import in_class, main_class
from cpdesk.query.districts import district_table
from cpdesk.query.headline import headline
from cpdesk.query.observations import DFE_FIRST, ObservationIndex
from cpdesk.query.ranking import has_national_figures, las_existing, rank_all_las
from cpdesk.query.report_card import ReportCardRow, report_card, target_for
from cpdesk.query.source import load_annotations, load_index, load_targets

logger = logging.getLogger(__name__)

KINDS = ("trend", "districts", "rank", "neighbours")
FOR_A_COUNCIL = {"districts": "Districts", "neighbours": "Statistical neighbours"}


class ChartRequestError(CpdeskError, ValueError):
    """A chart that cannot be drawn (unknown id, no figures); the message is one plain sentence."""


@dataclass(frozen=True)
class ChartRequest:
    indicator_id: str
    area_code: str
    kind: str = "trend"
    period_label: str | None = None  # districts and rank: default the latest period
    sn_how: str = "mean"
    as_at: dt.date | None = None  # only the figures held on this day (see cpdesk.query.as_at)


@dataclass
class ChartSource:
    """The stored figures (indexed once) and the reference data; ``store`` adds targets and notes."""

    index: ObservationIndex
    reference: Any
    store: Any | None = None

    @classmethod
    def from_store(cls, store: Any, reference: Any) -> ChartSource:
        return cls(load_index(store), reference, store)

    def indicator(self, indicator_id: str) -> Indicator:
        found = self.reference.schema.get(indicator_id)
        if found is None:
            raise ChartRequestError(f"'{indicator_id}' is not an indicator id cpdesk knows.")
        return found

    def area_code(self, code: str) -> str:
        area = self.reference.areas.find(code)
        if area is None:
            raise ChartRequestError(f"'{code}' is not an area code cpdesk knows.")
        return area.code

    def area_name(self, code: str) -> str:
        area = self.reference.areas.find(code)
        return area.name if area is not None else code

    def held_by(self, as_at: dt.date | None) -> ChartSource:
        """The same source with only the figures whose periods had ended by ``as_at``."""
        return self if as_at is None else replace(self, index=self.index.held_by(as_at))

    def report_card(self, la_code: str, as_at: dt.date | None = None) -> list[ReportCardRow]:
        schema = list(self.reference.schema)
        targets = load_targets(self.store, la_code, [i.id for i in schema]) if self.store else None
        return report_card(self.index, la_code, schema, self.reference.areas, targets=targets, as_at=as_at)


def build_spec(source: ChartSource, request: ChartRequest) -> ChartSpec:
    """The specification for ``request``; ChartRequestError says in words why there is none."""
    if request.kind not in KINDS:
        raise ChartRequestError(f"'{request.kind}' is not a chart kind (choose from {', '.join(KINDS)}).")
    indicator = source.indicator(request.indicator_id)
    area_code = source.area_code(request.area_code)
    everything, source = source, source.held_by(request.as_at)
    builders = {"trend": _trend, "districts": _districts, "rank": _rank, "neighbours": _neighbours}
    chosen = source.reference.areas.find(area_code)
    if request.kind in FOR_A_COUNCIL and chosen is not None and chosen.kind != "la":
        raise ChartRequestError(f"{FOR_A_COUNCIL[request.kind]} are charted for a council; "
                                f"{chosen.name} is not one.")
    try:
        return builders[request.kind](source, indicator, area_code, request)
    except ValueError as exc:
        why = none_yet(everything, indicator, area_code, request.as_at) or str(exc)
        raise ChartRequestError(why) from exc


def held_periods(source: ChartSource, indicator: Indicator, area_code: str) -> list[Period]:
    """Every period the area has a figure of the indicator for."""
    return [source.index.period(key) for key in source.index.period_keys(indicator.id, area_code)]


def none_yet(source: ChartSource, indicator: Indicator, area_code: str, as_at: dt.date | None) -> str:
    """With an "as at" day before the area's first figure, say so, instead of advice to import figures
    the database already holds ('' where that is not why)."""
    periods = held_periods(source, indicator, area_code)
    if as_at is None or not periods or any(period.end <= as_at for period in periods):
        return ""
    first = min(periods, key=lambda period: period.end)
    return (f"No figures for {indicator.title} for {source.area_name(area_code)} as at "
            f"{as_at.day} {as_at:%B %Y}: the first held is for {first.label}.")


def requested_period(source: ChartSource, indicator: Indicator, label: str | None) -> Period | None:
    if not label:
        return None
    period = parse_period(label)
    if period is None:
        raise ChartRequestError(f"'{label}' is not a period cpdesk can read.")
    return coerce_period(period, indicator.period_kind)


def national_file(indicator: Indicator) -> str:
    """"the DfE's national file for this indicator (DfE CIN census, table D5)"."""
    named = f" ({indicator.source})" if indicator.source else ""
    return f"the DfE's national file for this indicator{named}"


def _trend(source: ChartSource, indicator: Indicator, area_code: str, request: ChartRequest) -> ChartSpec:
    found = comparator_set(source.index, area_code, indicator, source.reference.areas, how=request.sn_how)
    if not found.home.points:
        name = source.area_name(area_code)
        raise ChartRequestError(no_figures_message(
            indicator.title, name, f"import {name}'s own return or {national_file(indicator)}."))
    target, notes = None, []
    head = headline(found.home, indicator)
    if source.store is not None:
        if head is not None:
            target = target_for(source.store.targets(area_code, indicator.id), head.latest.period.key)
        notes = load_annotations(source.store, area_code, indicator.id)
    spec = build_trend_spec(found, indicator, target=target, annotations=notes)
    return replace(spec, summary=summary_for(source.index, indicator, area_code, source.reference.areas))


RECENT_YEARS = "recent"  # districts over the last three periods, as grouped bars


def district_periods(source: ChartSource, indicator: Indicator, area_code: str,
                     count: int = 3) -> list[Period]:
    """The last ``count`` periods (of the indicator's own kind) for which any sub-area has a figure."""
    areas = source.reference.areas
    codes = [a.code for a in (*areas.districts_of(area_code), *areas.operational_areas_of(area_code))]
    keys = {key for code in codes for key in source.index.period_keys(indicator.id, code)}
    periods = sorted((source.index.period(k) for k in keys), key=lambda p: (p.end, p.start))
    own = [p for p in periods if p.kind == indicator.period_kind] or periods
    return own[-count:]


def _districts(source: ChartSource, indicator: Indicator, area_code: str,
               request: ChartRequest) -> ChartSpec:
    periods: Period | list[Period] | None
    if request.period_label == RECENT_YEARS:
        periods = district_periods(source, indicator, area_code) or None
    else:
        periods = requested_period(source, indicator, request.period_label)
    table = district_table(source.index, indicator, area_code, source.reference.areas, periods)
    if not table.rows:
        raise ChartRequestError(no_district_figures(indicator, table.la_name, periods))
    return replace(build_district_spec(table, indicator), summary=district_summary(table, indicator))


def no_district_figures(indicator: Indicator, la_name: str, periods) -> str:
    """The refusal of a district chart, for one chosen period or for any."""
    when = f" in {officer_label(periods)}" if isinstance(periods, Period) else ""
    return no_figures_message(indicator.title, f"{la_name}'s districts or operational areas{when}",
                              f"import a return that gives {la_name}'s figures by district or "
                              "operational area.")


def latest_rank_period(source: ChartSource, indicator: Indicator, area_code: str) -> Period:
    """The LA's latest period of the indicator's own cycle (a year, not a quarter, for annual figures;
    31 March, not a July snapshot)."""
    periods = held_periods(source, indicator, area_code)
    if not periods:
        advice = f"import {national_file(indicator)} to rank the councils."
        raise ChartRequestError(no_figures_message(indicator.title, source.area_name(area_code), advice))
    return in_class(periods, main_class(indicator, periods))[-1]


def missing_national_figures(indicator: Indicator, period: Period, count: int, expected: int) -> str:
    """The plain sentence a ranking without the national figures shows instead of bars."""
    held = "no local authority has" if count == 0 else (
        "only 1 local authority has" if count == 1 else f"only {count} local authorities have")
    return (f"Cannot rank {indicator.title} for {officer_label(period)}: {held} a figure, of the "
            f"{expected} there were. A ranking needs the national figures: import "
            f"{national_file(indicator)}.")


def _rank(source: ChartSource, indicator: Indicator, area_code: str, request: ChartRequest) -> ChartSpec:
    # A ranking is of one period: "the last three" (chosen for districts) ranks the latest.
    label = None if request.period_label == RECENT_YEARS else request.period_label
    period = requested_period(source, indicator, label)
    period = period or latest_rank_period(source, indicator, area_code)
    areas = source.reference.areas
    ranking = rank_all_las(source.index, indicator, period, areas=areas)
    if not has_national_figures(ranking, areas):
        raise ChartRequestError(missing_national_figures(indicator, period, ranking.count,
                                                         las_existing(areas, period)))
    la = areas.find(area_code)
    neighbours = [a.code for a in areas.statistical_neighbours(area_code)] if la and la.kind == "la" else []
    name = source.area_name(area_code)
    spec = build_rank_spec(ranking, indicator, area_code, home_name=name, neighbour_codes=neighbours)
    if la is not None and la.kind != "la":  # a region or England has its figure, but is not ranked
        return _beside_the_councils(source, spec, indicator, area_code, period)
    return replace(spec, summary=rank_summary(ranking, area_code, name, indicator))


def _beside_the_councils(source: ChartSource, spec: ChartSpec, indicator: Indicator, area_code: str,
                         period: Period) -> ChartSpec:
    """A region's or England's ranking: the councils ranked, its own figure a line across them."""
    name = source.area_name(area_code)
    found = source.index.figure(indicator.id, area_code, period.key, prefer=DFE_FIRST)
    if found is None or found.value is None:
        words = f"Councils ranked. {name} is not a council, so not ranked; it has no figure {when(period)}"
        return replace(spec, subtitle=words, summary=f"{short_title(indicator)}: {words}")
    value = format_value(found.value, indicator)
    role = "england" if area_code == ENGLAND else "region"
    style = role_style(role)
    line = ReferenceLine(f"{name} {value}", found.value, role, style.colour, style.dash)
    words = (f"Councils ranked. {name} {value} {when(period)}: the line across them "
             "(not a council, so not ranked)")
    return replace(spec, subtitle=words, summary=f"{short_title(indicator)}: {words}",
                   reference_lines=(*spec.reference_lines, line))


def _neighbours(source: ChartSource, indicator: Indicator, area_code: str,
                request: ChartRequest) -> ChartSpec:
    """The council and each of its statistical neighbours for the latest period they share."""
    areas = source.reference.areas
    name = source.area_name(area_code)
    figures = neighbour_figures(source.index, indicator, area_code, areas)
    if figures is None:
        raise ChartRequestError(no_figures_message(
            indicator.title, f"{name} and its statistical neighbours",
            f"a period in which {name} and at least half its neighbours have figures is needed: "
            f"import {national_file(indicator)}."))
    england = source.index.figure(indicator.id, ENGLAND, figures.period.key, prefer=DFE_FIRST)
    england_value = england.value if england is not None else None
    spec = build_neighbours_spec(figures, name, how=request.sn_how, england=england_value)
    return replace(spec, summary=summary_for(source.index, indicator, area_code, areas))
