"""Every row of a DfE file accounted for: read, or not read for a reason said once in a note."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Mapping
from enum import StrEnum

from cpdesk.issues import INFO, WARNING, Issue, Severity, agreeing, counted
from cpdesk.read.dfe_layout import RowPlan
from cpdesk.read.dfe_sources import DfeSource, Measure, filter_value

__all__ = ["RowTally", "Skip"]

logger = logging.getLogger(__name__)


class Skip(StrEnum):
    """Why a row of a DfE file was not read."""

    BLANK = "blank"
    LEVEL = "level"
    AREA = "area"
    PERIOD = "period"
    NOT_INDICATOR = "not_indicator"
    UNKNOWN_VALUE = "unknown_value"
    FILTER = "filter"
    NO_FIGURE = "no_figure"


# How the summary note words each reason, after "N rows ...".
SKIP_WORDS: dict[Skip, str] = {
    Skip.BLANK: "blank",
    Skip.LEVEL: "at a geographic level cpdesk does not keep",
    Skip.AREA: "of an area cpdesk does not know",
    Skip.PERIOD: "of a time period that is not a reporting year",
    Skip.NOT_INDICATOR: "measuring something that is not a cpdesk indicator",
    Skip.UNKNOWN_VALUE: "with a filter value cpdesk does not know",
    Skip.FILTER: "with a filter value that is not a total or a breakdown category",
    Skip.NO_FIGURE: "with no readable figure",
}

Values = tuple[tuple[str, str], ...]  # ((column label, value as written), ...)
Note = tuple[Severity, str, str]  # (severity, rule code, message)


class RowTally:
    """Counts rows read and not read, and what was left out, for the notes closing a DfE file."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.rows = 0
        self.read_rows = 0
        self.skipped: Counter[Skip] = Counter()
        self.levels: Counter[str] = Counter()
        self.not_indicators: Counter[Values] = Counter()
        self.reasons: dict[Values, str] = {}
        self.unknown: Counter[Values] = Counter()
        self.filtered: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.unread: Counter[tuple[Values, str]] = Counter()

    # -- counting ------------------------------------------------------------------------------------

    def read(self) -> None:
        self.rows += 1
        self.read_rows += 1

    def skip(self, reason: Skip, *detail: str) -> None:
        self.rows += 1
        self.skipped[reason] += 1
        if reason == Skip.LEVEL:
            self.levels[detail[0]] += 1

    def not_indicator(self, measure: Measure | None, values: Mapping[str, str]) -> None:
        key = self._values(values)
        self.not_indicators[key] += 1
        self.reasons.setdefault(key, measure.why if measure is not None else "")
        self.skip(Skip.NOT_INDICATOR)

    def unknown_values(self, source: DfeSource, values: Mapping[str, str]) -> None:
        """A row whose filter values no measure names: the values no measure knows are named."""
        known = [measure.where for measure in source.measures]
        strange = {name: text for name, text in values.items()
                   if not any(filter_value(text) in where.get(name, ()) for where in known)}
        self.unknown[self._values(strange or values)] += 1
        self.skip(Skip.UNKNOWN_VALUE)

    def skip_filter(self, column: str, value: str, indicator_id: str) -> None:
        """A figure left out as a filter value is not a total or a category (the row is counted apart)."""
        self.filtered[(column, value)].add(indicator_id)

    def unread_cells(self, plan: RowPlan, row: list[str], values: Mapping[str, str]) -> None:
        """Figures in the row's columns that its measure does not read (rates of CLA starters, say)."""
        for column in plan.unread:
            if column < len(row) and row[column].strip():
                self.unread[(self._values(values), self.labels[column])] += 1

    def _values(self, values: Mapping[str, str]) -> Values:
        return tuple((self._label(name), text) for name, text in values.items())

    def _label(self, name: str) -> str:
        return next((label for label in self.labels if label.casefold() == name), name)

    # -- notes ----------------------------------------------------------------------------------------

    def summary(self) -> str:
        """"2,505 rows: 1,670 read; 835 not read (835 measuring something that is not a cpdesk indicator)"."""
        text = f"{counted(self.rows, 'row')}: {self.read_rows:,} read"
        not_read = self.rows - self.read_rows
        if not_read:
            reasons = ", ".join(f"{count:,} {SKIP_WORDS[reason]}"
                                for reason, count in self.skipped.most_common())
            text += f"; {not_read:,} not read ({reasons})"
        return text

    def issues(self, file: str, sheet: str, source: DfeSource | None) -> list[Issue]:
        """One note per level, filter value and column left out, then the count of rows read."""
        title = source.title if source is not None else ""
        found = [*self._level_notes(), *self._measure_notes(title), *self._column_notes()]
        read_as = f"Read as {title}" if title else "Read by the schema's DfE columns"
        found.append((INFO, "dfe-rows", f"{read_as}: {self.summary()}."))
        return [Issue(code, severity, message, file, sheet) for severity, code, message in found]

    def _level_notes(self) -> list[Note]:
        return [(INFO, "dfe-skipped-level", f"{counted(count, 'row')} at geographic level '{level}' "
                 f"{agreeing(count, 'was', 'were')} not imported: cpdesk keeps national, regional and local "
                 "authority figures.")
                for level, count in sorted(self.levels.items())]

    def _measure_notes(self, title: str) -> list[Note]:
        notes: list[Note] = []
        for values, count in self.not_indicators.items():
            why = self.reasons.get(values)
            rows = f"{counted(count, 'row')} not read"
            message = f"{_describe(values)}: {rows} ({why})." if why else \
                f"{_describe(values)} is not a cpdesk indicator: {rows}."
            notes.append((INFO, "dfe-not-indicator", message))
        for values, count in self.unknown.items():
            notes.append((WARNING, "dfe-unknown-filter", f"{_describe(values)} is not a value cpdesk knows "
                          f"in {title or 'this release'}: {counted(count, 'row')} not read. cpdesk does "
                          "not guess which indicator such rows hold."))
        return notes

    def _column_notes(self) -> list[Note]:
        notes: list[Note] = []
        for (values, column), count in self.unread.items():
            where = f" in rows where {_describe(values, ' is ')}" if values else ""
            notes.append((INFO, "dfe-unread-column", f"{column}{where} is not a cpdesk indicator: "
                          f"{counted(count, 'figure')} not read."))
        for (column, value), indicator_ids in sorted(self.filtered.items()):
            notes.append((INFO, "dfe-skipped-filter", f"Rows where {column} is '{value}' were not imported "
                          f"for {', '.join(sorted(indicator_ids))}: the schema has no breakdown category "
                          "of that name."))
        return notes


def _describe(values: Values, joiner: str = " ") -> str:
    """"population_type 'Children ceasing to be looked after each year'" (and more filters with 'and')."""
    return " and ".join(f"{column}{joiner}'{value}'" for column, value in values)
