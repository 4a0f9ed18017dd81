"""Turn one found table into observations, whatever way round it is laid out.

Every figure needs an indicator, an area, a period and (for a breakdown) a category. Each can come
from the column header, the row label, a section row above ("Category of abuse", an area name), the
table's corner cell or its title, or - for the area only - the council the workbook belongs to. So
one rule reads all the layouts councils use: areas x periods (indicator in the title), indicators x
periods (one council), periods x measures (quarterly tables), periods down with areas across, and
category rows under a section label. A figure whose key cannot be completed is reported, not guessed.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import replace

from cpdesk.indicators.model import Indicator, Period, Unit
from cpdesk.indicators.period_spans import financial_year
from cpdesk.indicators.periods import coerce_period, parse_period, period_sort_key
from cpdesk.indicators.schema import Schema
from cpdesk.observation import TOTAL, CellRef
from cpdesk.read.grid import cell_name, column_letter
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.combine import label_of_cells
from cpdesk.read.tables.detect import TableBlock, is_blank, merged_origin
from cpdesk.read.tables.figure_cells import (
    SLOW,
    CellPlans,
    FigureCells,
    ObservationCells,
    Resolved,
    plain_figure,
)
from cpdesk.read.tables.headers import Label, LabelContext, classify, title_candidates
from cpdesk.read.tables.issues import IssueLog
from cpdesk.read.tables.title_periods import month_of_year, period_in_text, quarter_of_year
from cpdesk.read.tables.unit_columns import unit_column_label, unit_row_label
from cpdesk.read.tables.wording import TableWording, marks_figures
from cpdesk.read.values import parse_cell, raw_text
from cpdesk.recognise import Scope, resolver_for

logger = logging.getLogger(__name__)

READABLE = ("period", "area", "indicator", "category", "mixed", "total")
SUB_YEAR = ("quarter", "month")
_BY_BREAKDOWN = re.compile(r"_by_[a-z_]+?(?=_[a-z]+$)")


class BlockReader:
    """Reads one TableBlock into a ReadResult."""

    def __init__(self, block: TableBlock, ctx: LabelContext, file_name: str, result: ReadResult, *,
                 column_wise: bool = False):
        self.block = block
        self.sheet = block.sheet
        self.ctx = ctx
        self.file_name = file_name
        self.result = result
        self.log = IssueLog(result, file_name, block.sheet.name)
        # The figures read, in order: column-wise straight into Figures columns, else as Observations.
        self.read_cells = (FigureCells if column_wise else ObservationCells)(file_name, block.sheet.name)
        self.plans = CellPlans() if column_wise else None
        self.letters = {c: column_letter(c) for c in block.value_cols}
        self.broken_down: Indicator | None = None  # the indicator the category rows above were read for
        self.wording = TableWording.of(block)
        self.resolver = resolver_for(ctx.schema)
        self.title_conflict: tuple[str, tuple[str, ...]] | None = None
        self.latest_part_year = False
        self.columns: dict[int, Label] = {}
        self.rows: dict[int, Label] = {}

    @property
    def schema(self) -> Schema:
        return self.ctx.schema

    def read(self) -> None:
        context = self._table_context()
        columns = {c: _in_year(self._column_label(c, context), context.period) for c in self.block.value_cols}
        columns = self._comparators_in_the_latest_year(columns)
        self.latest_part_year = _one_month_beside_years(columns.values())
        self.columns = columns
        self._report_unknown_columns(columns)
        self._note_marked_headings(columns)
        rows = {r: label_of_cells(self.block.label_values([(r, c) for c in self.block.label_cols]), self.ctx)
                for r in self.block.body_rows}
        self.rows = rows
        row_kind = _usual_kind(rows.values())
        # A table whose rows are mostly indicators cpdesk knows may also list measures it does not track
        # ("Early Help" under "Became looked after"): those rows are reported, not read, and the rest imports.
        untracked_ok = row_kind == "indicator" and any(lb.indicator is not None for lb in rows.values())
        section, figures_above = Label("blank"), None
        rows_are = self._corner_concepts()
        for r in self.block.body_rows:
            row = rows[r]
            if row.indicator is not None and self._not_what_the_rows_are(row.indicator, rows_are):
                self.log.row_not_of_heading(row, r, self._label_column(r, row), self._corner_text())
                self._not_read(self._figures_in_row(r, columns))
                continue
            if all(is_blank(self.sheet.value(r, c)) for c in self.block.value_cols):
                section = row if row.kind in READABLE else Label("blank")
                continue
            if row.kind == "side":
                continue
            if row.kind == "not_area":
                self.log.not_an_area(row, r, self._label_column(r, row))
                self._not_read(self._figures_in_row(r, columns))
                continue
            if row.kind == "target" and figures_above is not None:  # a "Target" row under its indicator
                self._target_row(r, [context, section, figures_above], columns)
                continue
            row_above, figures_above = figures_above, (row if row.indicator is not None else None)
            if row.indicator is not None:  # "Rate per 10,000: Neglect" carries its indicator to "Physical"
                carried = Label("indicator", row.text, indicator=row.indicator)
                section = carried if row.categories else Label("blank")
            if row.kind == "unknown":  # "Rate per 10,000" under the row or the title naming what is counted
                row = unit_row_label(row, row_above, context, self.ctx)
                figures_above = row if row.indicator is not None else None
            if row.kind == "unknown":
                untracked = untracked_ok and row.problem_code == "unknown-label"
                self.log.unknown_label("Row label", row, r, self._label_column(r, row), row_kind,
                                       untracked=untracked)
                self._not_read(self._figures_in_row(r, columns))
                continue
            if self.plans is not None:
                self._row_column_wise(r, [context, section, row], columns, self.plans)
                continue
            for c, column in columns.items():
                if column.kind in READABLE:
                    self._cell(r, c, [context, section, row, column])
                elif column.kind == "target":
                    self._target(r, c, [context, section, row], column, columns)
        self._check_fractions()

    def _row_column_wise(self, r: int, labels: list[Label], columns: dict[int, Label],
                         plans: CellPlans) -> None:
        """One row's cells, as ``read`` reads them cell by cell, but a plain number under a heading whose
        figures this kind of row has already worked out is written straight into the figures."""
        row = labels[-1]
        row_key = _key([*labels, Label("blank")])
        plan = plans.for_row(row_key, row.indicator, row.period, row.area_code is not None)
        row_area = row_key.get("area")
        values = self.sheet.rows[r] if r < len(self.sheet.rows) else []
        formats = self.sheet.formats
        for c, column in columns.items():
            if column.kind not in READABLE:
                if column.kind == "target":
                    self._target(r, c, labels, column, columns)
                continue
            value = values[c] if c < len(values) else None
            if is_blank(value):
                continue
            planned = plan.get(c)
            plain = plain_figure(value, formats.get((r, c)) if formats else None)
            area = (column.area_code if column.area_code is not None else row_area) or self.ctx.council
            if not isinstance(planned, tuple) or plain is None or area is None:
                key = _key([*labels, column])
                found = self._resolve(r, c, key, value)
                if found is not None:
                    self._record(r, c, value, found)
                if planned is None:
                    same = found is not None and self._same_for_every_cell(key, row, column)
                    plan[c] = found if same and found is not None else SLOW
                continue
            if planned[0].breakdown is not None:  # as _resolve remembers it, for a "Total" cell after it
                self.broken_down = planned[0]
            self.read_cells.add_plain(area, planned, *plain, f"{self.letters[c]}{r + 1}")

    def _same_for_every_cell(self, key: dict, row: Label, column: Label) -> bool:
        """Whether a cell's figure under these labels is worked out the same way whatever its value and
        place: its indicator named (not told by how the cell is written), not a total (checked against
        the figures above it), not a running total (checked along its line), and no area named by both
        the row and the heading (which may disagree from row to row)."""
        named = key.get("indicator") is not None or self._breakdown_indicator(key) is not None
        running = key.get("scope") in (Scope.YTD, Scope.IN_YEAR)
        both_areas = row.area_code is not None and column.area_code is not None
        return named and not key.get("total") and not running and not both_areas

    def _target_row(self, r: int, labels: list[Label], columns: dict[int, Label]) -> None:
        """Each period column's cell of a "Target" row is the target of the indicator in the row above."""
        for c, column in columns.items():
            if column.kind in READABLE and column.period is not None:
                self._target(r, c, labels, column, columns)

    def _label_column(self, r: int, row: Label) -> int:
        """The label column whose cell holds the row's text (a row named across two label columns)."""
        for c in self.block.label_cols:
            if raw_text(self.sheet.value(r, c)).strip() == row.text.strip():
                return c
        return self.block.label_cols[0]

    def _column_label(self, c: int, context: Label) -> Label:
        values = self.block.label_values([(r, c) for r in self.block.header_rows])
        label = label_of_cells(values, self.ctx)
        if label.kind == "unknown":  # "No." or "Rate per 10,000" under a period; the title names what
            return unit_column_label(values, context.indicator, self.ctx) or label
        return label

    def _year_the_total_adds_up(self, r: int, c: int, indicator: Indicator, value) -> Period | None:
        """A "Total" row under the months (or quarters) of one whole financial year: that year's
        figure, for a count over time, when it is exactly the sum of the figures above it."""
        if indicator.unit != "count" or indicator.period_kind == "snapshot":
            return None
        above = [(label.period, self.sheet.value(row, c)) for row, label in self.rows.items()
                 if row < r and label.period is not None and label.period.kind in SUB_YEAR]
        periods = [p for p, _ in above if p is not None]
        if not periods:
            return None
        year = financial_year(periods[-1].end.year + (1 if periods[-1].end.month > 3 else 0))
        inside = {p.key for p in periods if year.start <= p.start and p.end <= year.end}
        whole = len(inside) in (12, 4) and len(inside) == len(periods)
        figures = [parse_cell(v).value for _, v in above]
        total = parse_cell(value).value
        if not whole or total is None or any(f is None for f in figures):
            return None
        return year if abs(sum(f for f in figures if f is not None) - total) < 0.5 else None

    def _comparators_in_the_latest_year(self, columns: dict[int, Label]) -> dict[int, Label]:
        """"SN avg" and "England" after the year columns, with no year of their own (as ChAT and LAIT
        lay them out): the latest year's comparators. Said once in a note."""
        dated = [c for c, label in columns.items() if label.kind == "period" and label.period is not None]
        if not dated:
            return columns
        last = max(dated)
        latest = max((p for c in dated if (p := columns[c].period) is not None), key=period_sort_key)
        after = [c for c, label in columns.items()
                 if c > last and label.kind == "area" and label.period is None]
        if not after:
            return columns
        heading = cell_name(*self._heading_cell(after[0], columns[after[0]]))
        where = CellRef(self.file_name, self.sheet.name, heading)
        self.log.comparators_in_latest_year(where, [columns[c].text for c in after], latest)
        return {c: replace(label, kind="mixed", period=latest) if c in after else label
                for c, label in columns.items()}

    def _not_read(self, cells: int = 1) -> None:
        """Count figures that could not be attributed, so were not read (each reason is a warning)."""
        self.result.not_read += cells

    def _figures_in_row(self, r: int, columns: dict[int, Label]) -> int:
        return sum(not is_blank(self.sheet.value(r, c))
                   for c, label in columns.items() if label.kind in READABLE)

    def _not_what_the_rows_are(self, indicator: Indicator, rows_are: frozenset[str]) -> bool:
        concepts = self.resolver.concepts_of(indicator)
        return bool(rows_are and concepts) and rows_are.isdisjoint(concepts)

    def _corner_cells(self) -> list[str]:
        """The header cells over the row labels, as written."""
        corner = [self.block.header_text(r, c) for r in self.block.header_rows for c in self.block.label_cols]
        return [str(v).strip() for v in corner if not is_blank(v)]

    def _corner_text(self) -> str:
        return " ".join(self._corner_cells())

    def _corner_concepts(self) -> frozenset[str]:
        """What the heading over the row labels says they are ("Previous interventions for children
        commencing a period of care"): a row naming an indicator of another concept there is one of
        its categories, not that indicator."""
        text = self._corner_text()
        parts = self.resolver.parts(text) if text else None
        # Only a heading cpdesk does not wholly understand: "Contacts and Referrals" over contacts,
        # referrals and open cases is a section of the report, not what the rows are.
        return parts.concepts if parts is not None and parts.residue else frozenset()

    def _table_context(self) -> Label:
        """The indicator (or area) and the period the title or the corner cell names, if any.

        A title whose parts name different things ("Referrals: Children looked after") names neither:
        its figures are read only if their rows or columns say what they are."""
        texts = [self._corner_text(), *self._corner_cells()]
        for title in (self.block.title, *reversed(self.block.lines_above)):
            candidates = title_candidates(title) if title else []
            if self._names_two_things(title, candidates):
                continue
            texts += candidates
        labels = [classify(t, self.ctx) for t in texts if t]
        named = _what_and_where(labels)
        pair = next((label.number_or_percent for label in labels if label.number_or_percent), None)
        if named.indicator is None and pair is not None:
            named = replace(named, number_or_percent=pair)
        period = next((p for p in (period_in_text(t) for t in texts if t) if p is not None), None)
        return replace(named, period=named.period or period)

    def _names_two_things(self, title: str | None, candidates: list[str]) -> bool:
        """True (and kept, to be said at the figures) when parts of one title name indicators of
        different concepts."""
        found: dict[frozenset[str], str] = {}
        for text in candidates:
            label = classify(text, self.ctx)
            if label.indicator is not None:
                found.setdefault(self.resolver.concepts_of(label.indicator), label.text)
        concept_sets = list(found)
        clash = any(a.isdisjoint(b) for i, a in enumerate(concept_sets) for b in concept_sets[i + 1:])
        if clash and title:
            self.title_conflict = (title, tuple(found.values()))
        return clash

    def _report_unknown_columns(self, columns: dict[int, Label]) -> None:
        usual = _usual_kind(columns.values())
        for c, label in columns.items():
            if label.kind == "unknown":
                self.log.unknown_label("Column heading", label, *self._heading_cell(c, label), usual)
                self._not_read(sum(not is_blank(self.sheet.value(r, c)) for r in self.block.body_rows))

    def _note_marked_headings(self, columns: dict[int, Label]) -> None:
        """Headings read without their "(provisional)" or "(draft)": said once; cpdesk keeps no such mark."""
        marked = [(c, lb) for c, lb in columns.items() if lb.kind in READABLE and marks_figures(lb.text)]
        if marked:
            cell = cell_name(*self._heading_cell(*marked[0]))
            where = CellRef(self.file_name, self.sheet.name, cell)
            self.log.marked_heading(where, [lb.text for _, lb in marked])

    def _heading_cell(self, c: int, label: Label) -> tuple[int, int]:
        """Where an unknown heading is written: a band heading merged over several columns is reported
        once, at its own cell; a heading read from several cells, at the lowest header row."""
        for r in self.block.header_rows:
            if raw_text(self.block.header_text(r, c)) == label.text:
                return merged_origin(self.sheet, r, c)
        return self.block.header_rows[-1], c

    def _cell(self, r: int, c: int, labels: list[Label]) -> None:
        value = self.sheet.value(r, c)
        if is_blank(value):
            return
        found = self._resolve(r, c, _key(labels), value)
        if found is not None:
            self._record(r, c, value, found)

    def _resolve(self, r: int, c: int, key: dict, value) -> Resolved | None:
        """The indicator, area, period and category of the figure in cell (r, c) under labels giving
        ``key``; None, said in an issue, when the labels leave one out or rule the figure out."""
        where = CellRef(self.file_name, self.sheet.name, cell_name(r, c))
        if key.get("conflict"):
            self.log.conflict(where, key["conflict"])
            self._not_read()
            return None
        indicator = (key.get("indicator") or self._breakdown_indicator(key)
                     or _as_written(key.get("number_or_percent"), value, self.sheet.number_format(r, c)))
        if key.get("total"):
            indicator = self._total_indicator(indicator or self.broken_down)
            if _adds_up_percentages(indicator):
                self.log.total_of_percentages(where, indicator)
                return None
        elif indicator is not None and indicator.breakdown is not None:
            self.broken_down = indicator
        period = key.get("period")
        if indicator is not None and key.get("period_cell") is not None:
            period = parse_period(key["period_cell"], prefer=indicator.period_kind) or period
        area = key.get("area") or self.ctx.council
        if period is None and key.get("total") and indicator is not None:
            period = self._year_the_total_adds_up(r, c, indicator, value)
        if indicator is None or not area or period is None:
            needed = (("indicator", indicator), ("area", area), ("period", period))
            missing = [name for name, got in needed if not got]
            if missing == ["indicator"] and self.title_conflict is not None:
                self.log.conflicting_title(where, *self.title_conflict)
                self._not_read()
                return None
            self.log.missing(where, missing, r, self.block.label_cols[0], self.block.title,
                             area_hint=self.ctx.area_hint)
            self._not_read()
            return None
        period = self.wording.on_its_day(key.get("period_text"), indicator, period)
        category = self._category(indicator, key, where)
        if category is None:
            self._not_read()
            return None
        if not self.wording.allows(where, key.get("period_text"), indicator, period, self.log):
            self._not_read()
            return None
        if _totals_so_far(key.get("scope"), indicator, period) and self._running_total(r, c, key["scope"]):
            self.log.year_to_date(where, key.get("scope_text", ""), indicator, key["scope"])
            self._not_read()
            return None
        if self.latest_part_year and _part_year(key.get("scope"), indicator, period):
            self.log.part_year(where, key.get("period_text", ""), indicator)
            self._not_read()
            return None
        return indicator, area, coerce_period(period, indicator.period_kind), category

    def _record(self, r: int, c: int, value, found: Resolved) -> None:
        """The cell's figure or status read into the figures; a value that is neither is reported."""
        indicator, area, period, category = found
        parsed = parse_cell(value, self.sheet.number_format(r, c), indicator.unit)
        if parsed.problem:
            self.log.bad_value(CellRef(self.file_name, self.sheet.name, cell_name(r, c)), parsed, indicator)
            return
        if parsed.status == "blank":
            return
        self.read_cells.add(area, indicator.id, period, parsed.value, parsed.status, parsed.raw, category,
                            cell_name(r, c), parsed.was_percent)

    def _running_total(self, r: int, c: int, scope: Scope) -> bool:
        """Whether the months or quarters of this figure's line hold totals so far. Said outright
        ("YTD", "cumulative"), always; "in the year" only when the figures never fall from one period to
        the next, as running totals do (monthly figures that go up and down are each month's own)."""
        if scope is Scope.YTD:
            return True
        if any(label.period is not None for label in self.columns.values()):
            line = [(label.period, self.sheet.value(r, col)) for col, label in self.columns.items()]
        else:  # periods down the rows: the figure's column is its line
            line = [(label.period, self.sheet.value(row, c)) for row, label in self.rows.items()]
        in_order = sorted(((p, v) for p, v in line if p is not None and p.kind in SUB_YEAR),
                          key=lambda pair: pair[0].start)
        numbers = [n for n in (parse_cell(v).value for _, v in in_order) if n is not None]
        return all(a <= b for a, b in zip(numbers, numbers[1:], strict=False))

    def _breakdown_indicator(self, key: dict):
        """Rows of one dimension's categories ("Full Care Order", "Section 20") with no indicator named:
        the indicator, if the schema has exactly one broken down by that dimension."""
        dimensions = {dim for dim, _ in key.get("categories") or ()}
        found = [i for i in self.schema if i.breakdown in dimensions]
        return found[0] if len(found) == 1 else None

    def _total_indicator(self, indicator: Indicator | None) -> Indicator | None:
        """A "Total" row under categories: the figure of the indicator's total when the schema has one
        (Total under legal statuses is cla_count), else the indicator itself with no breakdown."""
        if indicator is None or indicator.breakdown is None:
            return indicator
        return total_indicator(self.schema, indicator) or indicator

    def _category(self, indicator, key: dict, where: CellRef) -> str | None:
        candidates = key.get("categories") or ()
        if key.get("total") or not candidates:
            return TOTAL
        fitting = [cat for dim, cat in candidates if dim == indicator.breakdown]
        if len(fitting) == 1:
            return fitting[0]
        self.log.bad_category(where, key.get("category_text", ""), indicator)
        return None

    def _target(self, r: int, c: int, labels: list[Label], column: Label, columns: dict[int, Label]) -> None:
        key = _key(labels)
        value = parse_cell(self.sheet.value(r, c)).value
        indicator, area = key.get("indicator"), key.get("area") or self.ctx.council
        if value is None or indicator is None or area is None:
            return
        periods = [label.period for label in columns.values() if label.period is not None]
        period = column.period or (max(periods, key=period_sort_key) if periods else None)
        label = coerce_period(period, indicator.period_kind).label if period else ""
        self.result.targets.append((indicator.id, area, label, value))

    def _check_fractions(self) -> None:
        """A percent indicator given 0.238 where it may mean 23.8: report, never rescale."""
        kept, suspected = self.read_cells.without_fractions(self.schema.get)
        self.result.observations.extend(kept)
        for doubt in suspected:
            self.log.fraction(doubt)


def total_indicator(schema, indicator: Indicator) -> Indicator | None:
    """The indicator without a breakdown that totals ``indicator``'s categories, if the schema has one.

    Named by dropping the breakdown from the id ("cla_by_legal_status_count" -> "cla_count",
    "cpp_by_age_count" -> "cpp_count"), and only taken if it counts the same thing in the same way:
    same unit and period kind ("cpp_by_category_rate" counts starts in a year, "cpp_rate" children
    on a plan at a date, so it has no total here).
    """
    name = _BY_BREAKDOWN.sub("", indicator.id)
    total = schema.get(name) if name != indicator.id else None
    if total is None or total.breakdown is not None:
        return None
    if (total.unit, total.period_kind) != (indicator.unit, indicator.period_kind):
        return None
    return total


def _adds_up_percentages(indicator: Indicator | None) -> bool:
    """A "Total" row under a breakdown's percentages (100%): a check on the table, not a figure."""
    return indicator is not None and indicator.unit == Unit.PERCENT and indicator.breakdown is not None


def _as_written(pair, value, number_format) -> Indicator | None:
    """Of a count and its percentage that a label fits equally, the percentage when the cell is
    written as one ("23.8%", or 0.238 formatted 0.0%); otherwise neither: a plain number could be
    either, so it is not read."""
    if pair is None:
        return None
    return pair[1] if parse_cell(value, number_format, "percent").was_percent else None


def _totals_so_far(scope: Scope | None, indicator: Indicator, period) -> bool:
    """A count over time said to be for the year, or the year so far, under a month or a quarter: the
    figure is a running total, not that month's or quarter's own."""
    return (scope in (Scope.YTD, Scope.IN_YEAR) and indicator.period_kind != "snapshot"
            and period.kind in SUB_YEAR)


def _one_month_beside_years(columns) -> bool:
    """Whole years and one month or quarter ("2012-13", "2013-14", "Feb 2015"): the latest column of a
    report, which for a count over time is usually the year so far, not that month's own figure."""
    kinds = [label.period.kind for label in columns if label.period is not None]
    return "year" in kinds and sum(kind in SUB_YEAR for kind in kinds) == 1


def _part_year(scope: Scope | None, indicator: Indicator, period) -> bool:
    return scope is not Scope.FLOW and indicator.period_kind != "snapshot" and period.kind in SUB_YEAR


def _in_year(label: Label, year) -> Label:
    """A heading "Q1" read as quarter 1 of the financial year the table's title names, if it names one."""
    if label.kind != "unknown":
        return label
    found = quarter_of_year(label.text, year) or month_of_year(label.text, year)
    return replace(label, kind="period", period=found, problem="", problem_code="") if found else label


def _what_and_where(labels: list[Label]) -> Label:
    """The first indicator the title's parts name, with the area one names: a council named before
    what is counted ("Warwickshire County Council: Child Protection - ...") never hides it."""
    indicator = next((label for label in labels if label.indicator is not None), None)
    area = next((label for label in labels if label.kind == "area"), None)
    if indicator is None:
        return area or Label("blank")
    if area is None or indicator.area_code is not None:
        return indicator
    return replace(indicator, area_code=area.area_code)


def _key(labels: list[Label]) -> dict:
    """Indicator, area, period and category from context to column; row and column must not disagree."""
    key: dict = {}
    row, column = labels[-2], labels[-1]
    for name in ("indicator", "area_code", "period"):
        a, b = getattr(row, name), getattr(column, name)
        if a is not None and b is not None and a != b:
            key["conflict"] = (row.text, column.text)
    for label in labels:
        if label.indicator is not None:
            key["indicator"] = label.indicator
        if label.area_code is not None:
            key["area"] = label.area_code
        if label.period is not None:
            key["period"], key["period_cell"] = label.period, label.period_cell
            key["period_text"] = label.text
        if label.categories:
            key["categories"], key["category_text"], key["total"] = label.categories, label.text, False
        if label.total:
            key["total"] = True
        if label.scope is not None:
            key["scope"], key["scope_text"] = label.scope, label.text
        if label.number_or_percent is not None:
            key["number_or_percent"] = label.number_or_percent
    return key


def _kind_named(label) -> str:
    """What a label names, for ``_usual_kind``: an area's code and name together ("mixed") name an area."""
    if label.indicator is not None:
        return "indicator"
    return "area" if label.kind == "mixed" and label.area_code and label.period is None else label.kind


def _usual_kind(labels) -> str:
    """The kind most labels of a row or column set are, to say what an unknown one should have been."""
    kinds = Counter(_kind_named(lb) for lb in labels if lb.kind in ("period", "area", "indicator", "category",
                                                                      "mixed"))
    return kinds.most_common(1)[0][0] if kinds else ""
