"""Which column of a long list is which, told from what the columns hold, whatever their headings.

LAIT's download ("Short Desc", "Data item", "Years", "LA and Regions", "Values") and councils' data
warehouse exports ("MeasureName", "ReportingMonth", "Actual"; "KPI", "Period", "Value") list one figure
a row under headings of their own. Under a row of text headings, a sheet is such a list when one
column's cells name indicators (through the schema's label look-up), one names periods and one holds
figures (numbers, or marks such as c, x, TBC); a column naming areas is taken when there is one.

Content decides; headings only say what content cannot: "Value", "Actual", "Figure" or "Values" pick
the figures among several numeric columns, "Target" is read as targets, "Unit" is checked against the
indicator, and RAG, Polarity, "Good is", DoT and comment columns are never read as figures or labels.
Of two columns naming measures (a code and a name), the one that names more rows is read.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from cpdesk.read.grid import Sheet, column_letter
from cpdesk.read.long import parse_period_cached
from cpdesk.read.tables.headers import LabelContext, classify
from cpdesk.read.values import parse_text

logger = logging.getLogger(__name__)

HEADER_ROWS = 10  # a long list's headings stand in one of its first rows
SAMPLE_ROWS = 5_000  # the rows looked at to tell the columns apart
MIN_HEADINGS = 3  # a measure, a period and a figure at the least
PERIOD_SHARE = 0.8  # of a column's filled cells that must be periods
AREA_SHARE = 0.5  # ... that must name areas
FIGURE_SHARE = 0.5  # ... that must be figures or marks
# A heading naming one of these is a laid-out table's heading (a period, an indicator, an area), not a list's.
_TABLE_HEADINGS = frozenset({"period", "indicator", "area", "mixed"})


class HeadingKind(StrEnum):
    VALUE = "value"  # "Value", "Actual", "Figure", "Values"
    TARGET = "target"
    UNIT = "unit"
    SIDE = "side"  # RAG, Polarity, "Good is", DoT, comments: beside the figures, never read
    PLAIN = "plain"  # says nothing about what the column holds


class ColumnRole(StrEnum):
    INDICATOR = "indicator"
    AREA = "area"
    PERIOD = "period"
    VALUE = "value"
    TARGET = "target"
    UNIT = "unit"
    SIDE = "side"
    MORE_INDICATORS = "more indicators"  # names measures too, but fewer rows than the indicator column
    MORE_AREAS = "more areas"  # names areas too, but fewer of them than the area column
    CONTEXT = "context"  # codes, descriptions, anything else


READ_ROLES = (ColumnRole.INDICATOR, ColumnRole.AREA, ColumnRole.PERIOD, ColumnRole.VALUE, ColumnRole.TARGET,
              ColumnRole.UNIT)


@dataclass
class ColumnEvidence:
    """What one column's cells under the headings turned out to be, counted in rows."""

    index: int
    heading: str
    kind: HeadingKind
    filled: int = 0
    distinct: int = 0
    periods: int = 0
    figures: int = 0
    indicator_rows: int = 0
    area_rows: int = 0
    indicators: set[str] = field(default_factory=set)
    areas: set[str] = field(default_factory=set)
    bare_years: bool = False

    def share(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0

    @property
    def names_areas(self) -> bool:
        return self.area_rows > 0 and self.share(self.area_rows) >= AREA_SHARE


@dataclass(frozen=True)
class LongLayout:
    """A long list found by content: its heading row and what each column is."""

    header_row: int
    roles: dict[int, ColumnRole]
    headings: dict[int, str]
    areas_named: frozenset[str] = frozenset()  # the codes the area column's cells resolved to
    bare_years: bool = False  # the period column holds years alone ("2019")

    def column(self, role: ColumnRole) -> int | None:
        return next((c for c, r in self.roles.items() if r is role), None)

    def tidy_columns(self) -> dict[str, int]:
        """The columns read, under the names the tidy reader uses (``indicator``, ``period`` ...)."""
        return {str(role): c for c, role in self.roles.items() if role in READ_ROLES}

    def named(self, c: int) -> str:
        """How a note names column ``c``: its letter and heading."""
        heading = self.headings.get(c, "")
        return f"{column_letter(c)} '{heading}'" if heading else f"column {column_letter(c)}"


@dataclass
class CellJudge:
    """What a cell names: the indicator's id or the area's code, or None. Each distinct text judged once."""

    indicator_of: Callable[[str], str | None]
    area_of: Callable[[str], str | None]
    _indicators: dict[str, str | None] = field(default_factory=dict)
    _areas: dict[str, str | None] = field(default_factory=dict)

    def indicator(self, text: str) -> str | None:
        if text not in self._indicators:
            self._indicators[text] = self.indicator_of(text)
        return self._indicators[text]

    def area(self, text: str) -> str | None:
        if text not in self._areas:
            self._areas[text] = self.area_of(text)
        return self._areas[text]


def find_long_layout(sheet: Sheet, judge: CellJudge, context: LabelContext) -> LongLayout | None:
    """The long list ``sheet`` holds, told by the content of its columns; None if it holds none.

    Cheap tests come first, as most sheets are laid-out tables: a row of text headings with a column
    of periods under it, before any heading or cell is matched against indicators and areas."""
    for r in range(min(HEADER_ROWS, sheet.n_rows - 1)):
        if not _could_head_a_list(sheet.rows[r]):
            continue
        cells = _cells_by_column(sheet, r)
        if not any(_periods_in(column) >= PERIOD_SHARE * sum(column.values()) > 0 for column in cells):
            continue
        headings = _headings(sheet.rows[r], context)
        layout = _layout_under(r, headings, cells, judge) if headings is not None else None
        if layout is not None:
            logger.info("sheet %r: a long list under row %d: %s", sheet.name, r + 1,
                        {layout.named(c): str(role) for c, role in layout.roles.items()})
            return layout
    return None


def _could_head_a_list(row: list) -> bool:
    filled = [v for v in row if not _blank(v)]
    return len(filled) >= MIN_HEADINGS and all(isinstance(v, str) and parse_period_cached(v) is None
                                               for v in filled)


def _cells_by_column(sheet: Sheet, header_row: int) -> list[Counter]:
    """Each column's filled cells under ``header_row``, counted: the distinct cells are judged once each."""
    rows = sheet.rows[header_row + 1:header_row + 1 + SAMPLE_ROWS]
    width = max([len(row) for row in rows] + [len(sheet.rows[header_row])])
    cells: list[Counter] = [Counter() for _ in range(width)]
    for row in rows:
        for c, value in enumerate(row):
            if not _blank(value):
                cells[c][value] += 1
    return cells


def _periods_in(cells: Counter) -> int:
    return sum(rows for value, rows in cells.items() if parse_period_cached(value) is not None)


def _headings(row: list, context: LabelContext) -> dict[int, tuple[str, HeadingKind]] | None:
    """The row's headings and what each says; None if one is a period, an indicator or an area, as a
    laid-out table's headings are."""
    headings = {}
    areas = 0
    for c, text in enumerate(row):
        if _blank(text):
            continue
        label = classify(text, context)
        if label.kind == "area":  # one heading such as "Region" may name the council's region
            areas += 1
        elif label.kind in _TABLE_HEADINGS:
            return None
        headings[c] = (text.strip(), _heading_kind(label.kind if label.kind != "area" else "plain", text))
    return headings if areas < 2 else None


def _heading_kind(label_kind: str, text: str) -> HeadingKind:
    if label_kind == "target":
        return HeadingKind.TARGET
    if label_kind == "side":
        return HeadingKind.UNIT if text.strip().lower() in ("unit", "units") else HeadingKind.SIDE
    if label_kind == "blank":
        return HeadingKind.VALUE
    return HeadingKind.PLAIN


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _layout_under(header_row: int, headings: dict[int, tuple[str, HeadingKind]], cells: list[Counter],
                  judge: CellJudge) -> LongLayout | None:
    evidence = [_weigh(ColumnEvidence(c, *headings.get(c, ("", HeadingKind.PLAIN))), cells[c], judge)
                for c in range(len(cells)) if c in headings or cells[c]]
    plain = [e for e in evidence if e.kind is HeadingKind.PLAIN]
    period = _best([e for e in plain if e.share(e.periods) >= PERIOD_SHARE],
                   lambda e: (e.periods, -e.distinct))  # figures that look like years differ more
    indicator = _best([e for e in plain if e is not period and e.indicator_rows],
                      lambda e: (e.indicator_rows, len(e.indicators)))
    if period is None or indicator is None:
        return None
    for e in plain:
        if e not in (period, indicator):
            _weigh_areas(e, cells[e.index], judge)
    roles = _roles(evidence, period, indicator)
    if roles is None:
        return None
    area = next((e for e in evidence if roles[e.index] is ColumnRole.AREA), None)
    return LongLayout(header_row, roles, {e.index: e.heading for e in evidence},
                      frozenset(area.areas) if area is not None else frozenset(), period.bare_years)


def _weigh(column: ColumnEvidence, cells: Counter, judge: CellJudge) -> ColumnEvidence:
    """Count the column's periods, figures and cells naming indicators (areas come later, if needed)."""
    column.filled, column.distinct = sum(cells.values()), len(cells)
    if column.kind in (HeadingKind.SIDE, HeadingKind.TARGET, HeadingKind.UNIT):
        return column  # read (or passed over) by its heading alone
    for value, rows in cells.items():
        figure = _is_figure(value)
        column.figures += rows if figure else 0
        if parse_period_cached(value) is not None:
            column.periods += rows
            column.bare_years = column.bare_years or _bare_year(value)
        if column.kind is HeadingKind.PLAIN and isinstance(value, str) and not figure:
            indicator = judge.indicator(value.strip())
            if indicator is not None:
                column.indicator_rows += rows
                column.indicators.add(indicator)
    return column


def _weigh_areas(column: ColumnEvidence, cells: Counter, judge: CellJudge) -> None:
    """Count the column's cells naming areas. Numbers (937, "937") count only if every one is an old LA
    code: a column of counts has some that happen to be one."""
    codes: dict[str, int] = {}
    for value, rows in cells.items():
        if _code_like(value):
            codes[_text(value)] = codes.get(_text(value), 0) + rows
        elif isinstance(value, str) and not _is_figure(value):
            area = judge.area(value.strip())
            if area is not None:
                column.area_rows += rows
                column.areas.add(area)
    placed = {area for code in codes if (area := judge.area(code)) is not None}
    if codes and all(judge.area(code) is not None for code in codes):
        column.area_rows += sum(codes.values())
        column.areas.update(placed)


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code_like(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return float(value).is_integer()
    return isinstance(value, str) and value.strip().isdigit()


def _is_figure(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == value  # not NaN
    if not isinstance(value, str):
        return False
    parsed = parse_text(value)
    return parsed.value is not None or parsed.status is not None


def _bare_year(value) -> bool:
    return _text(value).isdigit() and len(_text(value)) == 4


def _roles(evidence: list[ColumnEvidence], period: ColumnEvidence,
           indicator: ColumnEvidence) -> dict[int, ColumnRole] | None:
    """Each column's role, or None when no one column holds the figures."""
    plain = [e for e in evidence if e.kind is HeadingKind.PLAIN]
    area = _best([e for e in plain if e not in (period, indicator) and e.names_areas],
                 lambda e: (len(e.areas), e.area_rows))
    value = _value_column([e for e in evidence if e not in (period, indicator, area)])
    if value is None:
        return None
    roles = {period.index: ColumnRole.PERIOD, indicator.index: ColumnRole.INDICATOR,
             value.index: ColumnRole.VALUE}
    if area is not None:
        roles[area.index] = ColumnRole.AREA
    for e in evidence:
        role = _other_role(e)
        taken = role in (ColumnRole.TARGET, ColumnRole.UNIT) and role in roles.values()
        roles.setdefault(e.index, ColumnRole.SIDE if taken else role)  # a second target is not read
    return dict(sorted(roles.items()))


def _best(candidates: list[ColumnEvidence], key) -> ColumnEvidence | None:
    """The candidate with the highest key; the leftmost of equals."""
    return max(candidates, key=key) if candidates else None


def _value_column(candidates: list[ColumnEvidence]) -> ColumnEvidence | None:
    """The column of figures: the one headed as such ("Value", "Actual"), else the only column of
    figures that names neither measures nor areas; None when that leaves a choice to guess."""
    numeric = [e for e in candidates if e.kind in (HeadingKind.VALUE, HeadingKind.PLAIN) and e.figures
               and e.share(e.figures) >= FIGURE_SHARE and not e.names_areas and not e.indicator_rows]
    headed = [e for e in numeric if e.kind is HeadingKind.VALUE]
    if headed:
        return _best(headed, lambda e: e.figures)
    return numeric[0] if len(numeric) == 1 else None


def _other_role(column: ColumnEvidence) -> ColumnRole:
    if column.kind is HeadingKind.TARGET:
        return ColumnRole.TARGET
    if column.kind is HeadingKind.UNIT:
        return ColumnRole.UNIT
    if column.kind is HeadingKind.SIDE:
        return ColumnRole.SIDE
    if column.indicator_rows:
        return ColumnRole.MORE_INDICATORS
    if column.names_areas:
        return ColumnRole.MORE_AREAS
    return ColumnRole.CONTEXT
