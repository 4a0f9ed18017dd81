"""The DfE releases cpdesk knows, as declared in ``resources/dfe_sources.toml``.

A source says how to recognise a release by its columns, which filter values select which
measure (and breakdown category), and which columns hold a published figure for which indicator.
The declarations are data: a new release, or a release that renames a filter value, is handled by
editing the file, not the reader. See the file's own header for the meaning of each key.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from cpdesk import paths
from cpdesk.errors import CpdeskError

__all__ = ["DfeSource", "DfeSources", "DfeSourcesError", "Measure", "MidYear", "filter_value",
           "load_dfe_sources", "normalise_column"]

logger = logging.getLogger(__name__)

SOURCES_FILE = "dfe_sources.toml"
_SOURCE_KEYS = frozenset({"id", "title", "columns", "figures", "mid_year", "measure", "counted_on"})
_MEASURE_KEYS = frozenset({"where", "figures", "category", "why"})


class DfeSourcesError(CpdeskError, ValueError):
    """``dfe_sources.toml`` is not valid. The message names the source at fault."""


class MidYear(StrEnum):
    """Which ONS mid-year a child population figure of reporting year T is."""

    TIME_PERIOD = "time_period"  # the ONS file: time_period T is mid-T
    YEAR_BEFORE = "year_before"  # beside the DfE's rates: the denominator of year T, mid-(T-1)


def filter_value(text: str) -> str:
    """A filter value as compared: surrounding spaces and case ignored, nothing else."""
    return text.strip().casefold()


def normalise_column(name: str) -> str:
    """A header as compared: no byte-order mark, quotes or spaces around it, case ignored."""
    return name.replace("\ufeff", "").strip().strip('"').strip().casefold()


@dataclass(frozen=True, slots=True)
class Measure:
    """The rows of a source whose filter columns hold given values, and what they publish."""

    where: Mapping[str, frozenset[str]]  # normalised filter column -> its values, case-folded
    figures: Mapping[str, str] = field(default_factory=dict)  # normalised column -> indicator id
    category: str = ""  # breakdown category id, "" for the indicator's total
    why: str = ""  # why rows of a measure with no figures are not read

    def fits(self, values: Mapping[str, str]) -> bool:
        """True when the row's filter values (normalised column -> text) are this measure's.

        Values are compared whole, ignoring case and surrounding spaces only: a value that merely
        resembles a declared one is not taken for it.
        """
        return all(filter_value(values.get(column, "")) in accepted
                   for column, accepted in self.where.items())


@dataclass(frozen=True, slots=True)
class DfeSource:
    """One DfE release: how to recognise it and what its rows hold."""

    id: str
    title: str
    columns: tuple[str, ...]  # normalised; all present in a file of this source
    figures: Mapping[str, str] = field(default_factory=dict)  # normalised column -> indicator id
    measures: tuple[Measure, ...] = ()
    mid_year: MidYear = MidYear.TIME_PERIOD
    # (month, day) a release counts its snapshots on, where not 31 March: the workforce census is
    # taken on 30 September of the year ``time_period`` names.
    counted_on: tuple[int, int] | None = None

    @property
    def filters(self) -> tuple[str, ...]:
        """The filter columns the measures name, in the order first named."""
        return tuple(dict.fromkeys(column for measure in self.measures for column in measure.where))

    @property
    def figure_columns(self) -> frozenset[str]:
        """Every column that holds a figure cpdesk reads in some row of this source."""
        return frozenset(self.figures).union(*(measure.figures for measure in self.measures))

    def recognises(self, names: Iterable[str]) -> bool:
        return set(self.columns) <= {normalise_column(name) for name in names}

    def measure_for(self, values: Mapping[str, str]) -> Measure | None:
        """The first measure whose filter values the row holds; None if the row names none."""
        return next((measure for measure in self.measures if measure.fits(values)), None)

    def figures_of(self, measure: Measure | None) -> dict[str, str]:
        """Column -> indicator id read in the rows of ``measure`` (every row when there are no filters)."""
        return {**self.figures, **(measure.figures if measure is not None else {})}


@dataclass(frozen=True, slots=True)
class DfeSources:
    sources: tuple[DfeSource, ...]

    def recognise(self, header: Iterable[str]) -> DfeSource | None:
        """The source whose columns the header has, the most specific if several fit."""
        names = [normalise_column(name) for name in header]
        fitting = [source for source in self.sources if source.recognises(names)]
        return max(fitting, key=lambda source: len(source.columns), default=None)

    def get(self, source_id: str) -> DfeSource | None:
        return next((source for source in self.sources if source.id == source_id), None)

    def __iter__(self):
        return iter(self.sources)


@functools.cache
def _packaged_sources(path: Path) -> DfeSources:
    return read_dfe_sources(path)


def load_dfe_sources(path: Path | None = None) -> DfeSources:
    """The packaged declarations (read once), or those of ``path``."""
    if path is not None:
        return read_dfe_sources(Path(path))
    return _packaged_sources(paths.resources_dir() / SOURCES_FILE)


def read_dfe_sources(path: Path) -> DfeSources:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    tables = raw.get("source", [])
    if not isinstance(tables, list):
        raise DfeSourcesError(f"{path.name}: [[source]] tables expected.")
    sources = tuple(_source_from(table, path) for table in tables)
    ids = [source.id for source in sources]
    duplicated = sorted({source_id for source_id in ids if ids.count(source_id) > 1})
    if duplicated:
        raise DfeSourcesError(f"{path.name}: source ids given twice: {', '.join(duplicated)}.")
    logger.debug("%d DfE sources declared in %s", len(sources), path)
    return DfeSources(sources)


def _source_from(table: dict[str, Any], path: Path) -> DfeSource:
    where = f"{path.name}, source '{table.get('id', '?')}'"
    _reject_unknown(table, _SOURCE_KEYS, where)
    columns = tuple(normalise_column(name) for name in _texts(table.get("columns"), f"{where}: columns"))
    if not table.get("id") or not columns:
        raise DfeSourcesError(f"{where}: a source needs an id and the columns that recognise it.")
    try:
        mid_year = MidYear(table.get("mid_year", MidYear.TIME_PERIOD))
    except ValueError:
        raise DfeSourcesError(f"{where}: mid_year must be one of {', '.join(MidYear)}.") from None
    measures = tuple(_measure_from(item, f"{where}, measure {number}")
                     for number, item in enumerate(table.get("measure", []), start=1))
    source = DfeSource(str(table["id"]), str(table.get("title", table["id"])), columns,
                       _figures(table.get("figures", {}), where), measures, mid_year,
                       _month_day(table.get("counted_on"), where))
    _check_measures_name_every_filter(source, where)
    return source


def _month_day(text: Any, where: str) -> tuple[int, int] | None:
    """"09-30" -> (9, 30)."""
    if text is None:
        return None
    try:
        month, day = (int(part) for part in str(text).split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise DfeSourcesError(f"{where}: counted_on must be a month and day such as \"09-30\".") from None
    return month, day


def _measure_from(table: dict[str, Any], where: str) -> Measure:
    _reject_unknown(table, _MEASURE_KEYS, where)
    values = table.get("where")
    if not isinstance(values, dict) or not values:
        raise DfeSourcesError(f"{where}: 'where' must name at least one filter column and its value.")
    accepted = {normalise_column(column): frozenset(map(filter_value, _texts(value, f"{where}: {column}")))
                for column, value in values.items()}
    return Measure(accepted, _figures(table.get("figures", {}), where), str(table.get("category", "")),
                   str(table.get("why", "")))


def _check_measures_name_every_filter(source: DfeSource, where: str) -> None:
    filters = set(source.filters)
    for number, measure in enumerate(source.measures, start=1):
        missing = sorted(filters - set(measure.where))
        if missing:
            raise DfeSourcesError(f"{where}, measure {number}: 'where' does not name {', '.join(missing)}; "
                                  "every measure must name every filter column of its source.")


def _figures(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        raise DfeSourcesError(f"{where}: 'figures' must map column names to indicator ids.")
    return {normalise_column(column): indicator_id for column, indicator_id in value.items()}


def _texts(value: Any, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) for item in items):
        raise DfeSourcesError(f"{where}: expected a text or a list of texts.")
    return tuple(item.strip() for item in items)


def _reject_unknown(table: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise DfeSourcesError(f"{where}: unknown keys {', '.join(unknown)}.")
