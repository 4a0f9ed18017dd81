"""What each column of a DfE file holds, worked out once from its header (and filter values).

A file of a release declared in ``resources/dfe_sources.toml`` is laid out by that declaration:
its filter columns select a :class:`RowPlan` per measure. Any other file falls back on the schema's
``dfe_columns``: each column named there holds its indicator in every row, and text columns are
filters whose values must be a total or a breakdown category.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from cpdesk.indicators.model import Indicator
from cpdesk.issues import INFO, WARNING, Severity
from cpdesk.observation import TOTAL
from cpdesk.read.dfe_sources import DfeSource, Measure, normalise_column
from cpdesk.read.values import parse_text

__all__ = ["DfeLayout", "RowPlan", "analyse_header"]

logger = logging.getLogger(__name__)

# Columns that place a row rather than filter it; any other "..._code" / "..._name" column is geography too.
PLACE_COLUMNS = ("time_period", "geographic_level")
_PLACE_NAME = re.compile(r".+_(code|name)$")


@dataclass(frozen=True, slots=True)
class RowPlan:
    """What the rows of one measure of a declared source publish, by column."""

    measure: Measure | None  # None for a source without filter columns
    figures: dict[int, Indicator]
    category: str = TOTAL
    unread: tuple[int, ...] = ()  # figure columns of the source that these rows do not read

    @property
    def is_read(self) -> bool:
        return bool(self.figures)


@dataclass
class DfeLayout:
    """Geography, filter and figure columns of one DfE file."""

    labels: list[str]
    source: DfeSource | None = None
    geography: dict[str, int] = field(default_factory=dict)  # normalised name -> column
    indicators: dict[int, Indicator] = field(default_factory=dict)  # every figure column read anywhere
    filters: list[int] = field(default_factory=list)  # text columns no declaration names
    distinct: dict[int, set[str]] = field(default_factory=dict)  # filter column -> its values
    declared_filters: dict[str, int] = field(default_factory=dict)  # declared filter name -> column
    plans: list[RowPlan] = field(default_factory=list)  # one per measure of a declared source
    notes: list[tuple[Severity, str]] = field(default_factory=list)  # (severity, message), said once

    def plan_for(self, measure: Measure | None) -> RowPlan | None:
        return next((plan for plan in self.plans if plan.measure is measure), None)


def analyse_header(header: list[str], rows: list[list[str]], schema, source: DfeSource | None = None
                   ) -> DfeLayout:
    """Sort the columns into geography, filters, figure columns and columns cpdesk does not read."""
    labels = [name.replace("\ufeff", "").strip().strip('"') for name in header]
    layout = DfeLayout(labels=labels, source=source)
    if source is not None:
        _lay_out_declared(layout, rows, schema, source)
    else:
        _lay_out_by_schema(layout, rows, schema)
    if not layout.indicators:
        layout.notes.append((WARNING, "No column of this DfE file is one the schema knows: "
                                      "nothing was imported."))
    return layout


# -- a declared release ----------------------------------------------------------------------------

def _lay_out_declared(layout: DfeLayout, rows: list[list[str]], schema, source: DfeSource) -> None:
    columns = {normalise_column(label): column for column, label in enumerate(layout.labels) if label}
    filters = set(source.filters)
    figure_columns = source.figure_columns
    unknown: list[str] = []
    for name, column in columns.items():
        if name in filters:
            layout.declared_filters[name] = column
        elif name in figure_columns:
            continue
        elif name in PLACE_COLUMNS or _PLACE_NAME.match(name):
            layout.geography.setdefault(name, column)
        elif _holds_text(rows, column):
            _add_filter(layout, rows, column)
        else:
            unknown.append(layout.labels[column])
    _note_missing(layout, source, columns)
    measures: list[Measure | None] = list(source.measures) or [None]
    for measure in measures:
        layout.plans.append(_plan(layout, schema, source, measure, columns))
    for plan in layout.plans:
        layout.indicators.update(plan.figures)
    _note_unread(layout, unknown)


def _plan(layout: DfeLayout, schema, source: DfeSource, measure: Measure | None,
          columns: dict[str, int]) -> RowPlan:
    if measure is not None and not measure.figures:
        return RowPlan(measure, {})
    figures: dict[int, Indicator] = {}
    category = measure.category if measure is not None else TOTAL
    for name, indicator_id in source.figures_of(measure).items():
        indicator = schema.get(indicator_id)
        if name not in columns:
            continue
        if indicator is None or not _category_fits(schema, indicator, category):
            layout.notes.append((WARNING, f"The declaration of {source.title} files column "
                                          f"{layout.labels[columns[name]]} under '{indicator_id}'"
                                          f"{' (' + category + ')' if category else ''}, which the indicator "
                                          "schema does not have; that column was not imported."))
            continue
        figures[columns[name]] = indicator
    read_names = set(source.figures_of(measure))
    unread = tuple(columns[name] for name in sorted(source.figure_columns - read_names) if name in columns)
    return RowPlan(measure, figures, category, unread)


def _category_fits(schema, indicator: Indicator, category: str) -> bool:
    if not category:
        return True
    if not indicator.breakdown:
        return False
    return any(item.id == category for item in schema.breakdowns[indicator.breakdown].categories)


def _note_missing(layout: DfeLayout, source: DfeSource, columns: dict[str, int]) -> None:
    missing = [name for name in source.filters if name not in columns]
    if missing:
        layout.notes.append((WARNING, f"This file looks like {source.title} but has no column "
                                      f"{', '.join(missing)}, which says what each row measures: rows "
                                      "cannot be told apart and none was imported."))


def _note_unread(layout: DfeLayout, unknown: list[str]) -> None:
    if unknown:
        layout.notes.append((INFO, f"Columns not imported (no cpdesk indicator is published in them): "
                                   f"{', '.join(unknown)}."))


# -- any other DfE file: the schema's dfe_columns -------------------------------------------------

def _lay_out_by_schema(layout: DfeLayout, rows: list[list[str]], schema) -> None:
    ambiguous: dict[int, list[Indicator]] = {}
    unknown: list[str] = []
    for column, label in enumerate(layout.labels):
        name = normalise_column(label)
        candidates = schema.by_dfe_column(label) if label else []
        if name in PLACE_COLUMNS or (_PLACE_NAME.match(name) and not candidates):
            layout.geography.setdefault(name, column)
        elif len(candidates) == 1:
            layout.indicators[column] = candidates[0]
        elif candidates:
            ambiguous[column] = candidates
        elif _holds_text(rows, column):
            _add_filter(layout, rows, column)
        elif label:
            unknown.append(label)
    _settle_ambiguous(layout, ambiguous)
    if unknown:
        layout.notes.append((INFO, f"Columns not imported (no indicator in the schema reads them): "
                                   f"{', '.join(unknown)}."))


def _add_filter(layout: DfeLayout, rows: list[list[str]], column: int) -> None:
    layout.filters.append(column)
    layout.distinct[column] = {row[column].strip() for row in rows if column < len(row)}


def _holds_text(rows: list[list[str]], column: int) -> bool:
    """A filter column holds words; an indicator column only numbers and suppression symbols."""
    return any(column < len(row) and parse_text(row[column]).problem == "not_a_number" for row in rows)


def _settle_ambiguous(layout: DfeLayout, ambiguous: dict[int, list[Indicator]]) -> None:
    """Pick, for a column two indicators share, the one measured like the file's other columns.

    ``2_years_or_more_percent`` is plans open at 31 March in D5 (beside the snapshot ``CPP_At31``)
    and plans ended in the year in D7: the period kind of the unambiguous columns tells them apart.
    """
    kinds = {indicator.period_kind for indicator in layout.indicators.values()}
    for column, candidates in ambiguous.items():
        fitting = [indicator for indicator in candidates if indicator.period_kind in kinds]
        if len(fitting) == 1:
            layout.indicators[column] = fitting[0]
        else:
            ids = ", ".join(indicator.id for indicator in candidates)
            layout.notes.append((WARNING, f"Column {layout.labels[column]} could hold any of {ids} and "
                                          "nothing else in the file says which; it was not imported."))
