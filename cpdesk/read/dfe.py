"""The DfE's published national files (EES "Children in need", "Children looked after", ONS population).

Every file in these releases has the same shape: geography columns (``time_period``,
``geographic_level``, ``country_code``, ``region_code``, ``old_la_code``, ``new_la_code`` ...), then
filter columns (``category``, ``population_type``, ``age_group`` ...), then indicator columns whose
names change between releases. Files are therefore recognised and read by their headers, never by
their file names: a release declared in ``resources/dfe_sources.toml`` by what its filter values
select (:mod:`cpdesk.read.dfe_sources`), any other by the schema's ``dfe_columns``.

Every row is accounted for: its figures are imported, or a note says why the row was not read
(a level cpdesk does not keep, a filter value that is no cpdesk indicator, a value the declaration
does not know, which is never guessed). Published figures are stored as published; where cpdesk
can work the same figure out, it checks the published one instead (:mod:`cpdesk.read.dfe_checks`).
Where each row belongs is worked out in :mod:`cpdesk.read.dfe_places`.
"""

from __future__ import annotations

import datetime as dt
import logging

from cpdesk.figures import Figures
from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.period_spans import snapshot
from cpdesk.indicators.periods import coerce_period, mid_year
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.observation import TOTAL, CellRef, Observation
from cpdesk.read.dfe_checks import Checked
from cpdesk.read.dfe_derive import (
    RowRecipe,
    beyond_range,
    check_row_figure,
    derive_rates,
    derive_row_figure,
    plan_row_recipes,
)
from cpdesk.read.dfe_layout import DfeLayout, RowPlan, analyse_header
from cpdesk.read.dfe_notes import beyond_range_issue, checked_notes, disagreement_issue
from cpdesk.read.dfe_places import Place, PlaceFinder
from cpdesk.read.dfe_plain import plain_numbers
from cpdesk.read.dfe_rows import RowTally, Skip
from cpdesk.read.dfe_sources import DfeSource, DfeSources, MidYear, load_dfe_sources, normalise_column
from cpdesk.read.grid import cell_name, column_letter
from cpdesk.read.result import ReadResult
from cpdesk.read.values import CellValue, parse_text

__all__ = ["looks_like_dfe", "normalise_column", "read_dfe_rows"]

logger = logging.getLogger(__name__)

# A published figure as the reader holds it: an Observation, or its index in the column-wise reader's Figures.
Published = Observation | int

GEOGRAPHY_HINTS = ("country_code", "region_code", "new_la_code", "old_la_code", "la_code", "la_name")
TOTAL_WORDS = {"total", "all", "all children", "total children", "all ages", "all categories", "all plans"}


def looks_like_dfe(header: list[str]) -> bool:
    """True for the header row of an EES / ONS file: a time period, a geographic level and codes."""
    names = {normalise_column(name) for name in header}
    return "time_period" in names and "geographic_level" in names and any(h in names for h in GEOGRAPHY_HINTS)


def read_dfe_rows(header: list[str], rows: list[list[str]], *, file_name: str, sheet: str = "", schema,
                  areas, start_row: int = 2, population=None,
                  sources: DfeSources | None = None, column_wise: bool = True) -> ReadResult:
    """Observations (publisher "dfe") for every figure the release publishes, plus derived rates and percents.

    ``rows`` are the data rows as text; ``start_row`` is the spreadsheet row number of ``rows[0]``
    (the header is row 1). ``population`` optionally maps (area code, mid-year) to children aged
    0-17, e.g. from an ONS file imported alongside; otherwise the file's own or the packaged
    estimates are used. ``sources`` are the declared releases (by default the packaged ones).
    ``column_wise`` (the default) parses each figure column at once and holds the figures column by
    column (:class:`Figures`); False reads them figure by figure into ``Observation`` objects, the
    reference the column-wise path is tested against. Both give the same figures and issues.
    """
    result = ReadResult(file=file_name, layout="dfe")
    reader_class = _ColumnWiseDfeReader if column_wise else _DfeReader
    reader = reader_class(header, rows, file_name=file_name, sheet=sheet, schema=schema, areas=areas,
                          sources=sources or load_dfe_sources(), start_row=start_row)
    for offset, row in enumerate(rows):
        if any(cell.strip() for cell in row):
            reader.read_row(row, start_row + offset)
        else:
            reader.tally.skip(Skip.BLANK)
    result.observations.extend(reader.observations)
    rates = derive_rates(reader.observations, schema, population=population,
                         rounded_areas=frozenset(reader.rounded_areas))
    result.observations.extend(rates.derived)
    reader.checked.extend(rates.checked)
    result.issues.extend(reader.issues + reader.closing_issues() + rates.issues)
    result.tables_found = 1
    logger.info("%s: %d DfE figures, %d derived rates, %s", file_name, len(reader.observations),
                len(rates.derived), reader.tally.summary())
    return result


class _DfeReader:
    """Reads rows one by one, remembering what it has already reported so each issue is said once."""

    def __init__(self, header, rows, *, file_name, sheet, schema, areas, sources: DfeSources,
                 start_row: int = 2) -> None:
        self.schema = schema
        self.areas = areas
        self.file_name = file_name
        self.sheet = sheet
        self.source = sources.recognise(header)
        self.layout: DfeLayout = analyse_header(header, rows, schema, self.source)
        self.recipes: list[RowRecipe] = plan_row_recipes(self.layout.labels, schema)
        self.observations: list[Observation] | Figures = []
        self.issues: list[Issue] = []
        self.checked: list[Checked] = []
        self.rounded_areas: set[str] = set()
        self.beyond: dict[str, list[Observation]] = {}
        self.tally = RowTally(self.layout.labels)
        self.places = PlaceFinder(self.layout.geography, areas, self.tally, self._ref)
        self._seen: dict[tuple, Observation] = {}
        self._periods: dict[tuple[str, tuple], Period] = {}

    # -- one row -----------------------------------------------------------------------------------

    def read_row(self, row: list[str], row_number: int) -> None:
        place = self.places.place(row, row_number)
        if place is None:
            return
        source = self.source
        if source is None:
            stored = self._read_by_schema(row, row_number, place)
        else:
            stored = self._read_declared(row, row_number, place, source)
        if stored:
            self.tally.read()
        if place.rounded:
            self.rounded_areas.add(place.area_code)

    def _read_declared(self, row: list[str], row_number: int, place: Place, source: DfeSource) -> bool:
        values = {name: self._cell(row, column) for name, column in self.layout.declared_filters.items()}
        plan = self._plan(values, source)
        if plan is None:
            return False
        undeclared = self._undeclared_filter(row)
        if undeclared is not None:
            for indicator in plan.figures.values():
                self.tally.skip_filter(*undeclared, indicator.id)
            self.tally.skip(Skip.FILTER)
            return False
        published: dict[str, Published] = {}
        for column, indicator in plan.figures.items():
            observation = self._add_figure(row, row_number, column, indicator, place, plan.category)
            if observation is not None:
                published[indicator.id] = observation
        self.tally.unread_cells(plan, row, values)
        derived = self._work_out(row, row_number, place, plan.category, published)
        if not (published or derived):
            self.tally.skip(Skip.NO_FIGURE)
        return bool(published or derived)

    def _plan(self, values: dict[str, str], source: DfeSource) -> RowPlan | None:
        """The plan for the measure the row's filter values select, or None (counted) if none is read."""
        measure = source.measure_for(values) if source.measures else None
        if source.measures and measure is None:
            self.tally.unknown_values(source, values)
            return None
        plan = self.layout.plan_for(measure)
        if plan is None or not plan.is_read:
            self.tally.not_indicator(measure, values)
            return None
        return plan

    def _undeclared_filter(self, row: list[str]) -> tuple[str, str] | None:
        """(column, value) of a filter column the declaration does not name holding more than a total."""
        for column in self.layout.filters:
            text = self._cell(row, column)
            if not self._is_total(column, text):
                return self.layout.labels[column], text
        return None

    def _read_by_schema(self, row: list[str], row_number: int, place: Place) -> bool:
        published: dict[str, Published] = {}
        filtered = 0
        for column, indicator in self.layout.indicators.items():
            breakdown = self._breakdown(indicator, row)
            filtered += breakdown is None
            if breakdown is not None:
                observation = self._add_figure(row, row_number, column, indicator, place, breakdown)
                if observation is not None:
                    published[indicator.id] = observation
        derived = self._work_out(row, row_number, place, None, published)
        if not (published or derived):
            self.tally.skip(Skip.FILTER if filtered else Skip.NO_FIGURE)
        return bool(published or derived)

    def _work_out(self, row, row_number, place: Place, category: str | None,
                  published: dict[str, Published]) -> int:
        """Each recipe's figure: checked against the published one if the row gives it, else stored.

        Returns how many figures were worked out and stored.
        """
        stored = 0
        for recipe in self.recipes:
            given = published.get(recipe.indicator.id)
            if given is not None:
                checked = check_row_figure(recipe, row, self._published(given), to_nearest_ten=place.rounded)
                if checked is not None:
                    self.checked.append(checked)
                continue
            breakdown = self._breakdown(recipe.indicator, row) if category is None else category
            if breakdown is None or (breakdown and recipe.indicator.breakdown is None):
                continue
            source = self._ref(row_number, recipe.numerator[0])
            period = self._period_for(recipe.indicator, place.year)
            figure = self._keep(derive_row_figure(recipe, row, place.area_code, period, breakdown, source))
            if beyond_range(figure):
                self.beyond.setdefault(figure.indicator_id, []).append(figure)
            stored += 1
        return stored

    def _add_figure(self, row, row_number, column, indicator, place: Place, breakdown) -> Published | None:
        raw = row[column] if column < len(row) else ""
        cell = self._parsed(raw, indicator, row_number, column)
        if cell is None:
            return None
        return self._keep(Observation(place.area_code, indicator.id, self._period_for(indicator, place.year),
                                      cell.value, cell.status, raw, breakdown, self._ref(row_number, column),
                                      publisher="dfe"))

    def _parsed(self, raw: str, indicator: Indicator, row_number: int, column: int) -> CellValue | None:
        """The cell's figure or status; None, with a warning, for text that is neither."""
        cell = parse_text(raw, indicator.unit)
        if cell.value is None and cell.status is None:
            self.issues.append(Issue.at("dfe-not-a-number", WARNING, f"'{raw}' in column "
                                        f"{self.layout.labels[column]} is neither a number nor a DfE "
                                        "symbol (c, x, z, u, low, k); it was not imported.",
                                        self._ref(row_number, column)))
            return None
        return cell

    def _published(self, given: Published) -> Observation:
        """The published figure ``_add_figure`` gave, as an Observation."""
        assert isinstance(given, Observation)
        return given

    def _keep(self, observation: Observation) -> Observation:
        prior = self._seen.get(observation.key)
        if prior is None:
            self._seen[observation.key] = observation
            self.observations.append(observation)
            return observation
        if (prior.value, prior.status) != (observation.value, observation.status):
            where = prior.source.cell if prior.source else "?"
            self.issues.append(_duplicate_issue(observation, prior.raw, where))
        return prior

    # -- where, when and which breakdown -----------------------------------------------------------

    def _breakdown(self, indicator: Indicator, row: list[str]) -> str | None:
        """The breakdown category this row's figure for ``indicator`` fills, or None to skip it."""
        category = TOTAL
        for column in self.layout.filters:
            text = self._cell(row, column)
            found = self.schema.match_category(indicator.breakdown, text) if indicator.breakdown else None
            if found is not None and category == TOTAL:
                category = found.id
            elif not self._is_total(column, text):
                self.tally.skip_filter(self.layout.labels[column], text, indicator.id)
                return None
        return category

    def _is_total(self, column: int, text: str) -> bool:
        """A filter value that does not split the figures: a total, or the one value of its column."""
        lowered = text.casefold()
        return lowered in TOTAL_WORDS or lowered.startswith("total") or len(self.layout.distinct[column]) == 1

    def _period_for(self, indicator: Indicator, reporting_year: Period) -> Period:
        """The period a figure of reporting year T is filed under, for the indicator's period kind
        (worked out once for each indicator and year)."""
        key = (indicator.id, reporting_year.key)
        period = self._periods.get(key)
        if period is None:
            period = self._periods[key] = self._work_out_period(indicator, reporting_year)
        return period

    def _work_out_period(self, indicator: Indicator, reporting_year: Period) -> Period:
        """A snapshot indicator takes 31 March T. A mid-year one (the child population) takes mid-year
        T where ``time_period`` is the mid-year itself (the ONS file), and mid-year T-1 where the
        population is the denominator of the release's rates for year T (the CLA file).
        """
        if indicator.period_kind == "mid_year":
            year_before = self.source is not None and self.source.mid_year == MidYear.YEAR_BEFORE
            return mid_year(reporting_year.end.year - (1 if year_before else 0))
        if indicator.period_kind == "snapshot" and self.source is not None and self.source.counted_on:
            return snapshot(dt.date(reporting_year.end.year, *self.source.counted_on))
        return coerce_period(reporting_year, indicator.period_kind)

    # -- helpers ------------------------------------------------------------------------------------

    def _cell(self, row: list[str], column: int) -> str:
        return row[column].strip() if column < len(row) else ""

    def _ref(self, row_number: int, column: int) -> CellRef:
        return CellRef(self.file_name, self.sheet, cell_name(row_number - 1, column))

    def _area_name(self, code: str) -> str:
        area = self.areas.find(code)
        return area.name if area is not None else code

    def closing_issues(self) -> list[Issue]:
        """What the file held that was left out, said once per column, level or filter value."""
        issues = [Issue("dfe-layout", severity, message, self.file_name, self.sheet)
                  for severity, message in self.layout.notes]
        issues += self.places.issues
        name_of = self._area_name
        issues += [disagreement_issue(found.disagreement, self.schema, name_of)
                   for found in self.checked if found.disagreement is not None]
        issues += checked_notes(self.checked, self.schema, self.file_name, self.sheet)
        issues += [beyond_range_issue(figures, self.schema, name_of, self.file_name, self.sheet)
                   for figures in self.beyond.values()]
        issues += self.tally.issues(self.file_name, self.sheet, self.source)
        return issues


def _duplicate_issue(observation: Observation, prior_raw: str, prior_cell: str) -> Issue:
    return Issue.at(
        "dfe-duplicate", ERROR,
        f"{observation.indicator_id} for {observation.area_code} {observation.period.label} is "
        f"given twice with different figures: '{prior_raw}' in cell {prior_cell} and "
        f"'{observation.raw}' here. The first was kept; check which is right.", observation.source)


class _ColumnWiseDfeReader(_DfeReader):
    """The same reading, but each figure column is parsed at once (its plain numbers, the rest cell by
    cell) and the figures are held in :class:`Figures` columns: a published figure is written there
    with no ``Observation`` or ``CellRef`` of its own. Derived figures, rare, are still built whole."""

    def __init__(self, header, rows, *, file_name, sheet, schema, areas, sources: DfeSources,
                 start_row: int = 2) -> None:
        super().__init__(header, rows, file_name=file_name, sheet=sheet, schema=schema, areas=areas,
                         sources=sources, start_row=start_row)
        self.figures = self.observations = Figures()
        self.start_row = start_row
        self.plain = {column: plain_numbers(rows, column) for column in self.layout.indicators}
        self.letters = {column: column_letter(column) for column in self.layout.indicators}
        self._seen_at: dict[tuple, int] = {}

    def _add_figure(self, row, row_number, column, indicator, place: Place, breakdown) -> Published | None:
        raw = row[column] if column < len(row) else ""
        cell = self._value_and_status(raw, indicator, row_number, column)
        if cell is None:
            return None
        value, status = cell
        period = self._period_for(indicator, place.year)
        key = (place.area_code, indicator.id, breakdown, *period.key, "dfe")
        prior = self._seen_at.get(key)
        if prior is None:
            self._seen_at[key] = len(self.figures)
            self.figures.add_fields(place.area_code, indicator.id, breakdown, period, "dfe", value, status,
                                    raw, self.file_name, self.sheet, f"{self.letters[column]}{row_number}")
            return self._seen_at[key]
        if self._differs(prior, value, status):
            again = Observation(place.area_code, indicator.id, period, value, status, raw, breakdown,
                                self._ref(row_number, column), publisher="dfe")
            self.issues.append(self._duplicate_of(prior, again))
        return prior

    def _value_and_status(self, raw: str, indicator: Indicator, row_number: int,
                          column: int) -> tuple[float | None, str | None] | None:
        """The cell's plain number, or else its figure or status as ``parse_text`` reads it (None, with a
        warning, for text that is neither)."""
        value = self.plain[column][row_number - self.start_row]
        if value is not None:
            return value, None
        cell = self._parsed(raw, indicator, row_number, column)
        return None if cell is None else (cell.value, cell.status)

    def _published(self, given: Published) -> Observation:
        assert isinstance(given, int)
        return self.figures.observation(given)

    def _keep(self, observation: Observation) -> Observation:
        prior = self._seen_at.get(observation.key)
        if prior is None:
            self._seen_at[observation.key] = len(self.figures)
            self.figures.append(observation)
            return observation
        if self._differs(prior, observation.value, observation.status):
            self.issues.append(self._duplicate_of(prior, observation))
        return self.figures.observation(prior)

    def _differs(self, prior: int, value: float | None, status: str | None) -> bool:
        kept = self.figures.value[prior]
        return (None if kept != kept else kept, self.figures.status[prior]) != (value, status)

    def _duplicate_of(self, prior: int, observation: Observation) -> Issue:
        return _duplicate_issue(observation, self.figures.raw[prior], self.figures.source_cell[prior] or "?")
