"""The parts every validation rule shares: the Rule record, the context rules run in, and wording.

A rule is a plain function ``(observations, context) -> issues`` with a stable kebab-case code that
the CLI, the app and the Excel report show, and that officers can look up. Rules see the whole file
at once, because several checks (duplicates, districts against their LA, rates against counts) need
more than one cell. Messages always say where the figure is (file, sheet, cell) and what it is
(indicator, area, period), so an officer can find and fix it without reading code.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cpdesk.indicators.model import Area, Breakdown, Indicator, Unit
from cpdesk.issues import Issue, Severity
from cpdesk.observation import STATUSES, TOTAL, CellRef, Observation

PopulationLookup = Callable[[str, int], "int | None"]


@dataclass
class ValidationContext:
    """Everything a rule may consult besides the file's own figures.

    ``stored`` maps ``Observation.key`` to what the database already holds (it may be empty; pass
    the keys from ``cpdesk.validate.engine.history_keys`` so the previous periods are there too).
    ``today`` is injectable so that tests do not depend on the calendar. ``population`` gives the
    ONS child population of an area for a mid-year; ``expected`` lists (indicator id, period label)
    pairs the file should hold (None: work out what is missing from the file itself).
    """

    file: str
    schema: Any = None
    areas: Any = None
    stored: Mapping[tuple, Any] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    population: PopulationLookup | None = None
    expected: set[tuple[str, str]] | None = None
    # Where each figure sits in the file being checked, by ``id()`` of its observation, where that is
    # not its ``source`` (see ``ReadResult.read_at``): issues point at the file's own cells. Only for
    # observations given as a list: Figures carry their own ``read_at``, by index, and this is not read.
    read_at: Mapping[int, CellRef] = field(default_factory=dict)
    # Lookups and indexes the rules share while checking one file (see ``indicator_of`` and ``shared``).
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def forget(self) -> None:
        """Drop what was worked out for the last file (the engine calls this before and after)."""
        self.memo.clear()


RuleFunction = Callable[[Sequence[Observation], ValidationContext], Iterable[Issue]]
# The same check over a file's figures as arrays (``cpdesk.validate.columns.FigureColumns``).
ColumnFunction = Callable[[Any], Iterable[Issue]]


@dataclass(frozen=True)
class Rule:
    """One check: its stable code, how serious a failure is, and what it means in plain English.

    ``function`` checks one observation after another: the reference. ``by_columns`` (None: there is
    none) gives the same issues, in the same order, deciding over arrays.
    """

    code: str
    severity: str
    title: str
    description: str
    function: RuleFunction
    by_columns: ColumnFunction | None = None


# --- looking things up ----------------------------------------------------------------------------


def shared(context: ValidationContext, name: str, observations: Sequence[Observation],
           build: Callable[[Sequence[Observation]], Any]) -> Any:
    """An index several rules need (figures by key, repeats): built once per file, not once per rule."""
    entry = context.memo.get(name)
    if entry is None or entry[0] is not observations:
        entry = context.memo[name] = (observations, build(observations))
    return entry[1]


class _IndicatorTable(dict):
    """Indicator id -> Indicator (None for an id the schema does not know), filled on first use."""

    def __init__(self, schema):
        super().__init__()
        self.schema = schema

    def __missing__(self, indicator_id: str) -> Indicator | None:
        try:
            found = self.schema.get(indicator_id) if self.schema is not None else None
        except KeyError:
            found = None
        self[indicator_id] = found
        return found


def indicator_table(context: ValidationContext) -> dict[str, Indicator | None]:
    """Every rule asks each figure's indicator, so the answers are kept for the file being checked:
    ``indicator_table(context)[obs.indicator_id]`` is a plain dictionary look-up after the first."""
    table = context.memo.get("indicators")
    if table is None:
        table = context.memo["indicators"] = _IndicatorTable(context.schema)
    return table


def indicator_of(context: ValidationContext, indicator_id: str) -> Indicator | None:
    """The indicator with this id, or None when the schema does not know it (or there is no schema)."""
    return indicator_table(context)[indicator_id]


def area_of(context: ValidationContext, code: str) -> Area | None:
    if context.areas is None:
        return None
    try:
        return context.areas.get(code)
    except KeyError:
        return None


def breakdown_of(context: ValidationContext, indicator: Indicator | None) -> Breakdown | None:
    """The breakdown dimension of an indicator (the schema may hold breakdowns as a mapping or a list)."""
    if indicator is None or not indicator.breakdown or context.schema is None:
        return None
    breakdowns = getattr(context.schema, "breakdowns", None) or {}
    if isinstance(breakdowns, Mapping):
        return breakdowns.get(indicator.breakdown)
    return next((b for b in breakdowns if b.id == indicator.breakdown), None)


def category_title(breakdown: Breakdown | None, category_id: str) -> str:
    if breakdown is not None:
        for category in breakdown.categories:
            if category.id == category_id:
                return category.title
    return category_id


# --- wording ---------------------------------------------------------------------------------------


def source_of(obs: Observation, context: ValidationContext) -> CellRef:
    found = context.read_at.get(id(obs), obs.source) if context.read_at else obs.source
    return found if found is not None else CellRef(context.file)


def where(obs: Observation, context: ValidationContext) -> str:
    """'Cell C5 on sheet 'CP tables' of warwickshire.xlsx', as far as the source is known."""
    return where_at(source_of(obs, context), context)


def where_at(ref: CellRef, context: ValidationContext) -> str:
    """``where`` for a figure this file holds at ``ref``."""
    file = ref.file or context.file
    if ref.cell and ref.sheet:
        return f"Cell {ref.cell} on sheet '{ref.sheet}' of {file}"
    if ref.cell:
        return f"Cell {ref.cell} of {file}"
    if ref.sheet:
        return f"Sheet '{ref.sheet}' of {file}"
    return file


def cell_name(obs: Observation) -> str:
    """A short name for a cell in a message about another cell ('cell C5 on sheet 'CP tables'')."""
    if obs.source is None or not obs.source.cell:
        return "an earlier row"
    sheet = f" on sheet '{obs.source.sheet}'" if obs.source.sheet else ""
    return f"cell {obs.source.cell}{sheet}"


def what(obs: Observation, context: ValidationContext) -> str:
    """'Plans ending that had lasted 2 years or more, Warwickshire, 2017/18' (with the category)."""
    indicator = indicator_of(context, obs.indicator_id)
    area = area_of(context, obs.area_code)
    parts = [indicator.title_for(obs.period) if indicator else obs.indicator_id]
    if obs.breakdown != TOTAL:
        parts.append(category_title(breakdown_of(context, indicator), obs.breakdown))
    parts.append(area.name if area else obs.area_code)
    parts.append(obs.period.label)
    return ", ".join(parts)


def show_value(value: float | None, indicator: Indicator | None, decimals: int | None = None) -> str:
    """A figure as an officer would write it: '23.8%', '29.8 per 10,000', '1,084'; to ``decimals``
    places (the indicator's own unless given) when that is exact, else as many as it has."""
    if value is None:
        return "no figure"
    if decimals is None:
        decimals = indicator.decimals if indicator is not None else 0
    exact = math.isclose(round(value, decimals), value, abs_tol=1e-9)
    text = f"{value:,.{decimals}f}" if exact else f"{value:,.10g}"
    if indicator is not None and indicator.unit == Unit.PERCENT:
        return f"{text}%"
    if indicator is not None and indicator.unit == Unit.RATE_PER_10K:
        return f"{text} per 10,000"
    return text


def show_status(status: str | None, raw: str | None) -> str:
    meaning = STATUSES.get(status or "", status or "no figure")
    return f"'{raw}' ({meaning})" if raw else meaning


def show_figure(value: float | None, status: str | None, raw: str | None, indicator: Indicator | None) -> str:
    return show_value(value, indicator) if value is not None else show_status(status, raw)


def cell_issue(code: str, severity: Severity, obs: Observation, context: ValidationContext,
               text: str) -> Issue:
    """An issue about one cell: 'Cell C5 on sheet ... of file.xlsx: <text> (<indicator, area, period>).'"""
    return located_issue(code, severity, obs, source_of(obs, context), context, text)


def located_issue(code: str, severity: Severity, obs: Observation, ref: CellRef | None,
                  context: ValidationContext, text: str) -> Issue:
    """``cell_issue`` about ``obs``, held in this file at ``ref`` (None: nowhere known, the file itself)."""
    ref = ref if ref is not None else CellRef(context.file)
    message = f"{where_at(ref, context)}: {text} ({what(obs, context)})."
    return Issue.at(code, severity, message, ref)


def file_issue(code: str, severity: Severity, context: ValidationContext, text: str) -> Issue:
    """An issue about the file as a whole, with no one cell to point at."""
    return Issue.at(code, severity, f"{context.file}: {text}", CellRef(context.file))


# --- numbers ---------------------------------------------------------------------------------------


def same_figure(a_value: float | None, a_status: str | None, b_value: float | None,
                b_status: str | None) -> bool:
    """Whether two cells say the same thing (equal values, or no value and the same status)."""
    if a_value is None or b_value is None:
        return a_value is None and b_value is None and (a_status or "") == (b_status or "")
    return math.isclose(a_value, b_value, rel_tol=1e-9, abs_tol=1e-9)

