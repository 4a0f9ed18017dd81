"""The DfE's published national files (EES "Children in need", "Children looked after", ONS population).

Every file in these releases has the same shape: geography columns (``time_period``,
``geographic_level``, ``country_code``, ``region_code``, ``old_la_code``, ``new_la_code`` ...), then
filter columns (``category``, ``population_type``, ``age_group`` ...), then indicator columns whose
names change between releases. Files are therefore recognised and read by their headers, never by
their file names, and indicator columns are matched through the schema's ``dfe_columns``.

LA figures are filed under the LA that the DfE's old 3-digit code finds today: the DfE re-codes LAs
after a reorganisation (Buckinghamshire E10000002 became E06000060) but keeps the old code, so
keying by it gives one unbroken series, the one statistical-neighbour look-ups use.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from cpdesk.indicators.model import Indicator, Period
from cpdesk.indicators.periods import coerce_period, dfe_reporting_year, mid_year
from cpdesk.observation import TOTAL, CellRef, Observation
from cpdesk.read.dfe_derive import RowRecipe, derive_rates, derive_row_percent, plan_row_recipes
from cpdesk.read.grid import cell_name
from cpdesk.read.result import ReadResult
from cpdesk.read.values import parse_text
from cpdesk.recognise import resolver_for
from cpdesk.validate.issues import ERROR, INFO, WARNING, Issue, counted

__all__ = ["looks_like_dfe", "read_dfe_rows"]

logger = logging.getLogger(__name__)

ENGLAND = "E92000001"
LEVELS = {"national": "national", "country": "national", "regional": "regional", "region": "regional",
          "local authority": "la", "local_authority": "la", "la": "la"}
GEOGRAPHY_HINTS = ("country_code", "region_code", "new_la_code", "old_la_code", "la_code", "la_name")
TOTAL_WORDS = {"total", "all", "all children", "total children", "all ages", "all categories", "all plans"}
# Columns that place a row rather than filter it; any other "..._code" / "..._name" column is geography too.
PLACE_COLUMNS = ("time_period", "geographic_level")
_PLACE_NAME = re.compile(r".+_(code|name)$")


def normalise_column(name: str) -> str:
    """A header as compared: no byte-order mark, quotes or spaces around it, case ignored."""
    return name.replace("\ufeff", "").strip().strip('"').strip().casefold()


@dataclass
class DfeLayout:
    """What each column of a DfE file holds, worked out once from its header (and filter values)."""

    labels: list[str]
    geography: dict[str, int] = field(default_factory=dict)  # normalised name -> column
    indicators: dict[int, Indicator] = field(default_factory=dict)
    filters: list[int] = field(default_factory=list)
    distinct: dict[int, set[str]] = field(default_factory=dict)  # filter column -> its values
    notes: list[tuple[str, str]] = field(default_factory=list)  # (severity, message), said once


def analyse_header(header: list[str], rows: list[list[str]], schema) -> DfeLayout:
    """Sort the columns into geography, filters, known indicators and columns cpdesk does not read."""
    layout = DfeLayout(labels=[name.replace("\ufeff", "").strip().strip('"') for name in header])
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
            layout.filters.append(column)
            layout.distinct[column] = {row[column].strip() for row in rows if column < len(row)}
        elif label:
            unknown.append(label)
    _settle_ambiguous(layout, ambiguous)
    if unknown:
        layout.notes.append((INFO, f"Columns not imported (no indicator in the schema reads them): "
                                   f"{', '.join(unknown)}."))
    if not layout.indicators:
        layout.notes.append((WARNING, "No column of this DfE file is one the schema knows: "
                                      "nothing was imported."))
    return layout


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


def looks_like_dfe(header: list[str]) -> bool:
    """True for the header row of an EES / ONS file: a time period, a geographic level and codes."""
    names = {normalise_column(name) for name in header}
    return "time_period" in names and "geographic_level" in names and any(h in names for h in GEOGRAPHY_HINTS)


def read_dfe_rows(header: list[str], rows: list[list[str]], *, file_name: str, sheet: str = "", schema,
                  areas, start_row: int = 2, population=None) -> ReadResult:
    """Observations (publisher "dfe") for every figure the schema knows, plus derived rates and percents.

    ``rows`` are the data rows as text; ``start_row`` is the spreadsheet row number of ``rows[0]``
    (the header is row 1). ``population`` optionally maps (area code, mid-year) to children aged
    0-17, e.g. from an ONS file imported alongside; otherwise the packaged estimates are used.
    """
    result = ReadResult(file=file_name, layout="dfe")
    reader = _DfeReader(header, rows, file_name=file_name, sheet=sheet, schema=schema, areas=areas)
    for offset, row in enumerate(rows):
        if any(cell.strip() for cell in row):
            reader.read_row(row, start_row + offset)
    result.observations.extend(reader.observations)
    rates, rate_issues = derive_rates(reader.observations, schema, population=population)
    result.observations.extend(rates)
    result.issues.extend(reader.issues + reader.closing_issues() + rate_issues)
    result.tables_found = 1
    logger.info("%s: %d DfE figures, %d derived rates", file_name, len(reader.observations), len(rates))
    return result


class _DfeReader:
    """Reads rows one by one, remembering what it has already reported so each issue is said once."""

    def __init__(self, header, rows, *, file_name, sheet, schema, areas) -> None:
        self.schema = schema
        self.areas = areas
        self.file_name = file_name
        self.sheet = sheet
        self.layout: DfeLayout = analyse_header(header, rows, schema)
        published = self.layout.indicators.values()
        self.recipes: list[RowRecipe] = plan_row_recipes(self.layout.labels, published, schema)
        self.observations: list[Observation] = []
        self.issues: list[Issue] = []
        self._seen: dict[tuple, Observation] = {}
        self._skipped_levels: Counter[str] = Counter()
        self._skipped_filters: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._reported: set[tuple] = set()
        self._periods: dict[str, Period | None] = {}

    # -- one row -----------------------------------------------------------------------------------

    def read_row(self, row: list[str], row_number: int) -> None:
        level_text = self._get(row, "geographic_level")
        level = LEVELS.get(level_text.casefold())
        if level is None:
            self._skipped_levels[level_text or "(blank)"] += 1
            return
        area_code = self._area(level, row, row_number)
        year = self._reporting_year(self._get(row, "time_period"), row_number)
        if area_code is None or year is None:
            return
        for column, indicator in self.layout.indicators.items():
            breakdown = self._breakdown(indicator, row)
            if breakdown is not None:
                self._add_figure(row, row_number, column, indicator, area_code, year, breakdown)
        for recipe in self.recipes:
            breakdown = self._breakdown(recipe.indicator, row)
            if breakdown is not None:
                source = self._ref(row_number, recipe.numerator[0])
                period = _period_for(recipe.indicator, year)
                self._keep(derive_row_percent(recipe, row, area_code, period, breakdown, source))

    def _add_figure(self, row, row_number, column, indicator, area_code, year, breakdown) -> None:
        raw = row[column] if column < len(row) else ""
        cell = parse_text(raw, indicator.unit)
        source = self._ref(row_number, column)
        if cell.value is None and cell.status is None:
            self.issues.append(Issue.at("dfe-not-a-number", WARNING, f"'{raw}' in column "
                                        f"{self.layout.labels[column]} is neither a number nor a DfE "
                                        "symbol (c, x, z, u, low, k); it was not imported.", source))
            return
        self._keep(Observation(area_code, indicator.id, _period_for(indicator, year), cell.value, cell.status,
                               raw, breakdown, source, publisher="dfe"))

    def _keep(self, observation: Observation) -> None:
        prior = self._seen.get(observation.key)
        if prior is None:
            self._seen[observation.key] = observation
            self.observations.append(observation)
        elif (prior.value, prior.status) != (observation.value, observation.status):
            where = prior.source.cell if prior.source else "?"
            self.issues.append(Issue.at(
                "dfe-duplicate", ERROR,
                f"{observation.indicator_id} for {observation.area_code} {observation.period.label} is "
                f"given twice with different figures: '{prior.raw}' in cell {where} and "
                f"'{observation.raw}' here. The first was kept; check which is right.", observation.source))

    # -- where, when and which breakdown -----------------------------------------------------------

    def _area(self, level: str, row: list[str], row_number: int) -> str | None:
        if level == "la":
            area = self._la(row)
            codes = (self._get(row, name) for name in ("new_la_code", "old_la_code", "la_code"))
            label = next((code for code in codes if code), "")
        else:
            national = level == "national"
            label = (self._get(row, "country_code") or ENGLAND) if national else self._get(row, "region_code")
            area = self.areas.find(label) if label else None
        if area is None:
            self._once(("area", label), Issue.at(
                "dfe-unknown-area", WARNING, f"Area code '{label or '(blank)'}' ({self._get(row, 'la_name')}"
                f"{self._get(row, 'region_name')}) is not a known area; its rows were not imported.",
                self._ref(row_number, 0)))
            return None
        return area.code

    def _la(self, row: list[str]):
        either = self._get(row, "la_code")
        new_code = self._get(row, "new_la_code") or ("" if either.isdigit() else either)
        old_code = self._get(row, "old_la_code") or (either if either.isdigit() else "")
        by_new = self.areas.find(new_code) if new_code else None
        by_old = self.areas.find(old_code) if old_code.isdigit() else None
        if by_old is not None and (by_new is None or by_new.old_code in (None, by_old.old_code)):
            return by_old
        return by_new

    def _reporting_year(self, text: str, row_number: int) -> Period | None:
        if text not in self._periods:
            try:
                self._periods[text] = dfe_reporting_year(text)
            except ValueError:
                self._periods[text] = None
                self.issues.append(Issue.at(
                    "dfe-bad-period", ERROR, f"time_period '{text}' is not a DfE reporting year (such as "
                    "2020 or 201920); rows with it were not imported.", self._ref(row_number, 0)))
        return self._periods[text]

    def _breakdown(self, indicator: Indicator, row: list[str]) -> str | None:
        """The breakdown category this row's figure for ``indicator`` fills, or None to skip it."""
        category = TOTAL
        for column in self.layout.filters:
            text = (row[column] if column < len(row) else "").strip()
            found = self.schema.match_category(indicator.breakdown, text) if indicator.breakdown else None
            if found is not None and category == TOTAL:
                category = found.id
            elif not self._is_total(column, text, indicator):
                self._skipped_filters[(self.layout.labels[column], text)].add(indicator.id)
                return None
        return category

    def _is_total(self, column: int, text: str, indicator: Indicator) -> bool:
        lowered = text.casefold()
        if lowered in TOTAL_WORDS or lowered.startswith("total") or len(self.layout.distinct[column]) == 1:
            return True
        for candidate in (text, text.removesuffix(" each year")):
            if resolver_for(self.schema).indicator(candidate).indicator == indicator:
                return True
        return False

    # -- helpers ------------------------------------------------------------------------------------

    def _get(self, row: list[str], name: str) -> str:
        column = self.layout.geography.get(name)
        return row[column].strip() if column is not None and column < len(row) else ""

    def _ref(self, row_number: int, column: int) -> CellRef:
        return CellRef(self.file_name, self.sheet, cell_name(row_number - 1, column))

    def _once(self, key: tuple, issue: Issue) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.issues.append(issue)

    def closing_issues(self) -> list[Issue]:
        """What the file held that was left out, said once per column, level or filter value."""
        issues = [Issue("dfe-layout", severity, message, self.file_name, self.sheet)
                  for severity, message in self.layout.notes]
        for level, count in sorted(self._skipped_levels.items()):
            issues.append(Issue("dfe-skipped-level", INFO, f"Rows at geographic level '{level}' "
                                f"({counted(count, 'row')}) were not imported: cpdesk keeps national, "
                                "regional and local authority figures.", self.file_name, self.sheet))
        for (column, value), indicator_ids in sorted(self._skipped_filters.items()):
            issues.append(Issue("dfe-skipped-filter", INFO, f"Rows where {column} is '{value}' were not "
                                f"imported for {', '.join(sorted(indicator_ids))}: the schema has no "
                                "breakdown category of that name.", self.file_name, self.sheet))
        return issues


def _period_for(indicator: Indicator, reporting_year: Period) -> Period:
    """The period a figure of reporting year T is filed under, for the indicator's period kind.

    A snapshot indicator takes 31 March T; a mid-year one (the ONS population) takes mid-year T,
    because the ONS file's ``time_period`` T is the mid-year itself (the denominator for year T+1).
    """
    if indicator.period_kind == "mid_year":
        return mid_year(reporting_year.end.year)
    return coerce_period(reporting_year, indicator.period_kind)
