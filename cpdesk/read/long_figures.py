"""A tidy return's figures written straight into ``Figures`` columns: the column-wise path of ``LongReader``.

A national tidy sheet is tens of thousands of rows that repeat a few hundred labels and hold plain
numbers. A row is *plain* when its indicator, area and period cells are ones an earlier row of the sheet
was read with (so they mean here what they meant there), it has no unit or target cell, and its value is
a number with no number format: its figure goes straight into the columns, with no ``Observation``,
``CellRef`` or ``parse_cell`` of its own. Every other row (the first of each label, a label cpdesk does
not know, a status or text, a number format, a unit or a target) is read by the row code of
``long_tidy``, which raises each issue as it always has, and its figure takes its place among the
others, so figures and issues keep their order. Percentages that may be fractions are then looked for
among the figures of percentage indicators alone (``fractions``), as the row path does over them all.
"""

from __future__ import annotations

import logging
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from cpdesk.figures import CellNames, Figures
from cpdesk.indicators.model import Period
from cpdesk.observation import Observation
from cpdesk.read.fractions import SuspectedFraction, split_fractions
from cpdesk.read.long_tidy import TidyRows, plain_text

logger = logging.getLogger(__name__)

_BLANK = (None, "")
# A value written as text with nothing but digits and a decimal point ("563", "42.0", as a CSV holds
# them): ``parse_cell`` reads it as float(text), its text kept as written.
_PLAIN_TEXT = re.compile(r"[0-9]+(?:\.[0-9]+)?").fullmatch


@dataclass
class _PlainRun:
    """The figures of plain rows since the last row the row code read, a list per field, until they
    are added to the Figures in one ``add_column_wise``."""

    area_code: list[str] = field(default_factory=list)
    indicator_id: list[str] = field(default_factory=list)
    breakdown: list[str] = field(default_factory=list)
    period: list[Period] = field(default_factory=list)
    publisher: list[str] = field(default_factory=list)
    value: array = field(default_factory=lambda: array("d"))
    raw: list[str] = field(default_factory=list)
    row: array = field(default_factory=lambda: array("i"))  # 1-based: their cells are all in one column

    def add_to(self, figures: Figures, file_name: str, sheet_name: str, letter: str) -> _PlainRun:
        """These figures, their values in column ``letter``, added after ``figures``' own; a new, empty
        run to go on with."""
        n = len(self.raw)
        if n:
            figures.add_column_wise(area_code=self.area_code, indicator_id=self.indicator_id,
                                    breakdown=self.breakdown, period=self.period, publisher=self.publisher,
                                    value=self.value, status=[None] * n, raw=self.raw,
                                    source_file=[file_name] * n, source_sheet=[sheet_name] * n,
                                    source_cell=CellNames.in_column(letter, self.row))
        return _PlainRun() if n else self


class _Learned:
    """What the indicator, area and period cells of rows the row code read turned out to mean."""

    def __init__(self, rows, tidy: TidyRows):
        self.tidy = tidy
        self.ci = tidy.ci
        self.cp = rows.columns[rows.period_column]
        self.area_key = _typed_cells([c for _, c in rows.area_columns])
        self.indicator: dict[str, str] = {}  # indicator cell -> indicator id
        self.area: dict[tuple, str] = {}  # the area cells -> area code
        self.period: dict[tuple, Period] = {}  # (type, period cell, indicator cell) -> period

    def learn(self, r: int, row: list, observation: Observation) -> None:
        """Remember what row ``r``'s cells (``row``, as long as the header) meant, where they mean the
        same wherever they stand. Keys hold each cell's type beside it: 1 == 1.0 == True, but a reader
        may not take them alike."""
        tidy = self.tidy
        if tidy.cu is not None and row[tidy.cu] not in _BLANK:
            return  # a unit cell may have changed the indicator
        label, when = row[self.ci], row[self.cp]
        if type(label) is not str:
            return
        try:
            self.indicator[label] = observation.indicator_id
            self.area[self.area_key(row)] = observation.area_code
            if not (tidy.formats and (r, self.cp) in tidy.formats):
                self.period[(type(when), when, label)] = observation.period
        except TypeError:  # an unhashable cell: not remembered
            pass


def _typed_cells(columns: list[int]) -> Callable[[list], tuple]:
    """row -> its cells in ``columns``, each after its type, as a key."""
    if not columns:
        return lambda row: ()
    if len(columns) == 1:
        a = columns[0]
        return lambda row: (type(row[a]), row[a])
    if len(columns) == 2:
        a, b = columns
        return lambda row: (type(row[a]), row[a], type(row[b]), row[b])
    return lambda row: tuple(part for c in columns for part in (type(row[c]), row[c]))


class _PlainRows:
    """Whether a row is plain (see the module's docstring), and if so its figure's fields."""

    def __init__(self, tidy: TidyRows, learned: _Learned):
        self.tidy, self.learned = tidy, learned
        self.formats = tidy.formats
        self.ci, self.cv, self.cp = tidy.ci, tidy.cv, learned.cp
        self.extras = [c for c in (tidy.cu, tidy.ct) if c is not None]  # a unit or target: the row code's
        self.texts: dict[float, str] = {}

    def figure(self, r: int, row: list) -> tuple[str, str, Period, float, str] | None:
        """(indicator id, area code, period, value, its text) of row ``r`` (``row``, as long as the
        header) if it is plain, else None. Raises TypeError for an unhashable cell."""
        label = row[self.ci]
        indicator_id = self.learned.indicator.get(label)
        number = self.plain_number(row[self.cv])
        if indicator_id is None or number is None:
            return None
        formats, extras = self.formats, self.extras
        if formats and ((r, self.cv) in formats or (r, self.cp) in formats):
            return None
        if extras and not all(row[c] in _BLANK for c in extras):
            return None
        when = row[self.cp]
        area_code = self.learned.area.get(self.learned.area_key(row))
        period = self.learned.period.get((type(when), when, label))
        if area_code is None or period is None:
            return None
        return indicator_id, area_code, period, *number

    def plain_number(self, cell) -> tuple[float, str] | None:
        """(value, text) of a number with nothing to read but its digits, as ``parse_cell`` reads it."""
        if type(cell) is float:
            if cell != cell:  # NaN: no figure
                return None
            text = self.texts.get(cell)
            if text is None:
                text = self.texts[cell] = plain_text(cell)
            return cell, text
        if type(cell) is str and _PLAIN_TEXT(cell):
            return float(cell), cell
        return None


# Plain rows gathered before they are added to the Figures' columns in one go: enough to make each
# addition cheap, few enough that the run's lists are a small part of a million-row sheet's figures.
RUN_LENGTH = 65_536


def read_tidy_figures(rows, first: int) -> Figures:
    """The figures of the rows from ``first`` on, column by column; issues go to ``rows.result`` exactly
    as ``long_tidy.read_tidy_rows`` raises them."""
    tidy = TidyRows(rows)
    learned = _Learned(rows, tidy)
    plain = _PlainRows(tidy, learned)
    figures, run = Figures(), _PlainRun()
    cb, cpub, letter = tidy.cb, tidy.cpub, tidy.letter
    breakdown_of, publisher_of = tidy.breakdown_of, tidy.publisher_of
    sheet_rows, width = rows.sheet.rows, tidy.width
    for r in range(first, len(sheet_rows)):
        row = sheet_rows[r]
        if len(row) < width:  # a row cut short: its missing cells are blank
            row = row + [None] * (width - len(row))
        try:
            found = plain.figure(r, row)
        except TypeError:  # an unhashable cell: the row code reads it
            found = None
        if found is None:
            observation = tidy.figure(r, row)
            if observation is not None:
                run = run.add_to(figures, tidy.file_name, tidy.sheet_name, letter)
                figures.append(observation)
                learned.learn(r, row, observation)
            continue
        indicator_id, area_code, period, value, text = found
        run.area_code.append(area_code)
        run.indicator_id.append(indicator_id)
        run.period.append(period)
        run.breakdown.append(breakdown_of(row[cb]) if cb is not None else "")
        run.publisher.append(publisher_of(row[cpub]) if cpub is not None else "local")
        run.value.append(value)
        run.raw.append(text)
        run.row.append(r + 1)
        if len(run.raw) >= RUN_LENGTH:  # into the columns now: a long sheet's figures never held twice
            run = run.add_to(figures, tidy.file_name, tidy.sheet_name, letter)
    run.add_to(figures, tidy.file_name, tidy.sheet_name, letter)
    return figures


def fractions_in_doubt(figures: Figures, schema) -> tuple[Figures, list[SuspectedFraction]]:
    """(figures kept, suspected fractions): ``fractions.split_fractions`` over the figures of percentage
    indicators, the only ones it may doubt, with an Observation built for each of them alone."""
    percent = {i for i in set(figures.indicator_id) if getattr(schema.get(i), "unit", "") == "percent"}
    if not percent:
        return figures, []
    indices = [i for i, indicator_id in enumerate(figures.indicator_id) if indicator_id in percent]
    cells = [(figures.observation(i), figures.raw[i].endswith("%")) for i in indices]
    _, suspected = split_fractions(cells, schema.get)
    if not suspected:
        return figures, []
    doubted = {id(doubt.observation) for doubt in suspected}
    dropped = {i for i, (observation, _) in zip(indices, cells, strict=True) if id(observation) in doubted}
    return figures.take(i for i in range(len(figures)) if i not in dropped), suspected
