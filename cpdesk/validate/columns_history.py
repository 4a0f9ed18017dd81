"""The rules of ``rules_history`` (a file against what came before it), column by column.

The previous period's figure of every figure is found by key over arrays, in the file first and then
among the stored figures (coded in the same key space), and the change is judged over arrays; which
periods an area lacks is counted per distinct (area, indicator, period). Only the figures and groups
an issue names are then worded, with the reference's functions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from cpdesk.figures import Figures
from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.indicators.model import Indicator, Period, Unit
from cpdesk.issues import WARNING, Issue
from cpdesk.read.values import footnote_mark
from cpdesk.validate.columns import NOWHERE, Codes, FigureColumns, Floats, Mask, distinct, found_at
from cpdesk.validate.rules import ValidationContext, cell_name, same_figure
from cpdesk.validate.rules_history import (
    MARKED_LISTED,
    PERCENT_POINTS_LIMIT,
    RATIO_FLOOR,
    RATIO_LIMIT,
    differs_text,
    marked_summary,
    missing_from_expected,
    missing_periods_issue,
    outlier_text,
    status_summary,
    stored_earlier,
)

# --- outlier-change --------------------------------------------------------------------------------


def _previous_keys(columns: FigureColumns, chosen: Codes) -> Codes:
    """The key of the previous period's figure of each of ``chosen`` (NOWHERE: its kind has none)."""
    area, indicator, breakdown, period_key, publisher = columns.slot_codes()
    previous = columns.previous_period_key[period_key[chosen]]
    return columns.key_of(area[chosen], indicator[chosen], breakdown[chosen], previous, publisher[chosen])


def _outlier_changes(old: Floats, new: Floats, percent: Mask) -> Mask:
    """``rules_history.is_outlier_change`` over arrays (False where ``old`` is NaN)."""
    with np.errstate(invalid="ignore"):
        points = np.abs(new - old) > PERCENT_POINTS_LIMIT
        moved = (new > old * RATIO_LIMIT) | (new < old / RATIO_LIMIT)
        ratio = (old > RATIO_FLOOR) & (new > RATIO_FLOOR) & moved
    return np.where(percent, points, ratio)


def _known(indicator: Indicator | None) -> bool:
    return indicator is not None


def _is_percentage(indicator: Indicator | None) -> bool:
    return indicator is not None and indicator.unit == Unit.PERCENT


def outlier_changes(columns: FigureColumns) -> Iterator[Issue]:
    chosen = np.flatnonzero(columns.has_value & columns.per_indicator(_known))
    previous = _previous_keys(columns, chosen)
    in_file = columns.figure_with_value(previous)
    old = np.full(len(chosen), math.nan)
    found = in_file != NOWHERE
    old[found] = columns.value[in_file[found]]
    stored_at = np.full(len(chosen), NOWHERE, dtype=np.int64)
    stored: list[Any] = []
    if columns.context.stored:
        stored_keys, stored = columns.stored_by_code(lambda figure: figure.value is not None)
        stored_at[~found] = found_at(stored_keys, previous[~found])
        from_store = stored_at != NOWHERE
        old[from_store] = [stored[at].value for at in stored_at[from_store].tolist()]
    percent = columns.per_indicator(_is_percentage)
    flagged = np.flatnonzero(_outlier_changes(old, columns.value[chosen], percent[chosen]))
    figures = columns.figures
    for _, index, earlier, at in columns.rows(flagged, chosen, in_file, stored_at):
        if earlier != NOWHERE:
            origin = (figures.value[earlier], figures.period[earlier].label,
                      cell_name(columns.observation(earlier)))
        else:
            origin = stored_earlier(stored[at])
        indicator: Indicator = columns.indicators[columns.indicator.codes[index]]
        text = outlier_text(figures.value[index], origin, indicator)
        yield columns.issue("outlier-change", WARNING, index, text)


# --- differs-from-stored ---------------------------------------------------------------------------


def _close(a: Floats, b: Floats) -> Mask:
    """``math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)`` over arrays, as CPython works it out."""
    with np.errstate(invalid="ignore", over="ignore"):
        difference = np.abs(b - a)
        near = (difference <= np.abs(1e-9 * b)) | (difference <= np.abs(1e-9 * a)) | (difference <= 1e-9)
    return (a == b) | (np.isfinite(a) & np.isfinite(b) & near)


def differences_from_stored(columns: FigureColumns) -> Iterator[Issue]:
    if not columns.context.stored:
        return
    stored_keys, stored = columns.stored_by_code(lambda _figure: True)
    at = found_at(stored_keys, columns.key)
    matched = np.flatnonzero(at != NOWHERE)
    at = at[matched]
    old = np.array([math.nan if (value := stored[k].value) is None else value for k in at.tolist()],
                   dtype=np.float64)
    new = columns.value[matched]
    both = ~np.isnan(old) & columns.has_value[matched]
    neither = np.isnan(old) & ~columns.has_value[matched]
    maybe = (both & ~_close(new, old)) | neither | (~both & ~neither)
    status = columns.figures.status
    for _, index, k in columns.rows(np.flatnonzero(maybe), matched, at):
        figure = stored[k]
        if same_figure(columns.value_at(index), status[index], figure.value, figure.status):
            continue
        obs = columns.observation(index)
        text = differs_text(obs, figure, columns.context)
        yield columns.issue("differs-from-stored", WARNING, index, text, obs)


# --- missing-expected ------------------------------------------------------------------------------


def _present(columns: FigureColumns) -> set[tuple[str, str]]:
    """(indicator id, period label) of every figure, from the distinct pairs."""
    pairs = distinct(columns.indicator.codes * len(columns.period) + columns.period.codes)
    indicators, periods = columns.indicator.distinct, columns.period.distinct
    return {(indicators[pair // len(periods)], periods[pair % len(periods)].label) for pair in pairs.tolist()}


def _area_periods(columns: FigureColumns, kind_of: Codes) -> dict[tuple[int, int], dict[int, Period]]:
    """(area, kind) -> period key -> period, in the order first met, each the last figure's ``Period``
    object of that key (as ``rules_history._missing_within_file`` fills it)."""
    pairs = columns.area.codes * len(columns.period_keys) + columns.period_keys.codes
    pair_codes, first = np.unique(pairs, return_index=True)
    _, last_reversed = np.unique(pairs[::-1], return_index=True)
    last = len(pairs) - 1 - last_reversed
    order = np.argsort(first, kind="stable")
    found: dict[tuple[int, int], dict[int, Period]] = {}
    periods = columns.figures.period
    width = len(columns.period_keys)
    for pair, index in zip(pair_codes[order].tolist(), last[order].tolist(), strict=True):
        area, period_key = divmod(pair, width)
        found.setdefault((area, int(kind_of[period_key])), {})[period_key] = periods[index]
    return found


class _Series:
    """Codes of (area, indicator, kind of period): the unit ``_missing_within_file`` compares."""

    def __init__(self, columns: FigureColumns) -> None:
        keys = columns.period_keys.distinct
        kinds = {kind: number for number, kind in enumerate(dict.fromkeys(key[0] for key in keys))}
        self.kind_of = np.array([kinds[key[0]] for key in keys], dtype=np.int64)
        self.kinds, self.indicators, self.width = len(kinds), len(columns.indicator), len(columns.period_keys)

    def of(self, area: Codes, indicator: Codes, period_key: Codes) -> Codes:
        return (area * self.indicators + indicator) * self.kinds + self.kind_of[period_key]

    def of_triples(self, triples: Codes) -> Codes:
        """The series of (area, indicator, period key) codes ``(area * indicators + indicator) * width +
        period key``."""
        return triples // self.width * self.kinds + self.kind_of[triples % self.width]

    def area_kind(self, series: Codes) -> Codes:
        return (series // self.kinds // self.indicators) * self.kinds + series % self.kinds


def _short_series(columns: FigureColumns, series: _Series) -> tuple[Codes, Codes]:
    """(the series lacking one of their area's periods (of their kind), the distinct (area, indicator,
    period key) codes the file holds)."""
    area, indicator, period_key = columns.area.codes, columns.indicator.codes, columns.period_keys.codes
    width = series.width
    area_periods = distinct(area * width + period_key)
    held = np.bincount(area_periods // width * series.kinds + series.kind_of[area_periods % width],
                       minlength=len(columns.area) * series.kinds)
    triples = distinct((area * series.indicators + indicator) * width + period_key)
    codes, given = np.unique(series.of_triples(triples), return_counts=True)
    return codes[given < held[series.area_kind(codes)]], triples


def _missing_within_file(columns: FigureColumns) -> Iterator[Issue]:
    series = _Series(columns)
    short, triples = _short_series(columns, series)
    if not len(short):
        return
    area, indicator, period_key = columns.area.codes, columns.indicator.codes, columns.period_keys.codes
    of_figure = series.of(area, indicator, period_key)
    in_short = np.flatnonzero(np.isin(of_figure, short))
    codes, first = np.unique(of_figure[in_short], return_index=True)
    width, indicators = series.width, series.indicators
    triple_series = series.of_triples(triples)
    wanted = np.isin(triple_series, short)
    given: dict[int, set[int]] = {}
    for code, triple in zip(triple_series[wanted].tolist(), triples[wanted].tolist(), strict=True):
        given.setdefault(code, set()).add(triple % width)
    area_periods = _area_periods(columns, series.kind_of)
    for code in codes[np.argsort(first, kind="stable")].tolist():
        area_code, indicator_code = divmod(code // series.kinds, indicators)
        periods = area_periods[(area_code, code % series.kinds)]
        missing = [periods[k] for k in periods if k not in given[code]]
        yield missing_periods_issue(columns.area.distinct[area_code],
                                    columns.indicator.distinct[indicator_code], missing, columns.context)


def missing_expected(columns: FigureColumns) -> Iterator[Issue]:
    if columns.context.expected is not None:
        yield from missing_from_expected(_present(columns), columns.context, columns.context.expected)
    else:
        yield from _missing_within_file(columns)


# --- status-value and marked-figure ----------------------------------------------------------------


def status_values(columns: FigureColumns) -> Iterator[Issue]:
    status = columns.figures.status
    tally = Counter(s for i in np.flatnonzero(~columns.has_value).tolist() if (s := status[i]))
    yield from status_summary(tally, columns.context)


def marked_figures(columns: FigureColumns) -> Iterator[Issue]:
    raw, has_value = columns.figures.raw, columns.has_value
    not_a_digit = [i for i, text in enumerate(raw) if text and text[-1] not in "0123456789"]
    marked = [i for i in not_a_digit if has_value[i] and footnote_mark(raw[i])]
    yield from marked_summary([columns.observation(i) for i in marked[:MARKED_LISTED]], len(marked),
                              columns.context)


# --- history keys ----------------------------------------------------------------------------------


def history_keys(figures: Figures) -> set[tuple]:
    """``rules_history.history_keys`` of Figures: each figure's key, and its previous period's where the
    file has no figure of that key, made into tuples column by column."""
    columns = FigureColumns(figures, ValidationContext(file=""))
    previous = _previous_keys(columns, np.arange(len(figures)))
    held = np.sort(columns.key)
    elsewhere = previous[(previous != NOWHERE) & (found_at(held, previous) == NOWHERE)]
    with without_gc_pauses():  # hundreds of thousands of tuples, none in a cycle
        return set(columns.key_tuples(np.concatenate([columns.key, elsewhere])))
