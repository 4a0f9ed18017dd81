"""One label from the several cells that together name a row or a column.

A column is named by every header cell above it: a band heading merged over several columns ("Year
ending 31 March" over 2016, 2017 ...; "Children subject to a child protection plan" over "Number" and
"Rate per 10,000") and the sub-heading under it. A row is named by every label column beside it: an
area merged down over its measures, or a county merged down over its districts.

The cells are read one by one and together; only a reading that names exactly one thing is taken.
When the cells name two different things of one kind (two indicators, two unrelated areas), or the
words match nothing cpdesk knows, the label is reported and its figures are not read.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from cpdesk.indicators.model import UNIT_NAMES
from cpdesk.indicators.text import normalise_label
from cpdesk.indicators.unit_words import counterpart
from cpdesk.read.long_columns import unit_named
from cpdesk.read.tables.detect import is_blank
from cpdesk.read.tables.headers import Label, LabelContext, classify, merge_labels
from cpdesk.read.values import raw_text

logger = logging.getLogger(__name__)

# Band headings that only say "the headings below are periods": "Year ending 31 March" over 2016.
PERIOD_WORDS = frozenset(normalise_label(text) for text in (
    "year", "years", "period", "periods", "date", "dates", "quarter", "quarters", "month", "months",
    "year ending", "year ending 31 march", "year ending march", "year end", "as at", "as at 31 march",
    "at 31 march", "financial year", "reporting year",
))
_UNKNOWN = "matches no indicator, area, period or category cpdesk knows"


def label_of_cells(values: list[object], ctx: LabelContext) -> Label:
    """One label from the cells that together name a row or column (merged headers, two label columns)."""
    cells = [v for v in values if not is_blank(v)]
    labels = [classify(v, ctx) for v in cells]
    if not labels:
        return Label("blank")
    special = _side_or_target(labels)
    if special is not None:
        return special
    cells, labels = _without_period_words(cells, labels)
    clash = ""
    if all(label.kind != "unknown" for label in labels):
        clash = _clash(labels, ctx)
        if not clash:
            return _merged(labels, ctx)
    joined = _joined_reading(cells, ctx) or _with_unit_cell(cells, ctx)
    if joined is not None:
        return joined
    text = " ".join(raw_text(v) for v in cells)
    if clash:
        return Label("unknown", text, problem=clash, problem_code="conflicting-labels")
    unknown = [label for label in labels if label.kind == "unknown"]
    if len(unknown) < len(labels) or len(labels) == 1:
        scope = next((label.scope for label in labels if label.scope is not None), None)
        # the one part that is not understood, so that mapping it completes the label (with the time
        # scope the other cells give: "Year to date" over "Apr")
        return replace(unknown[0], scope=unknown[0].scope or scope)
    return Label("unknown", text, problem=_UNKNOWN, problem_code="unknown-label")


def _with_unit_cell(cells: list[object], ctx: LabelContext) -> Label | None:
    """A label beside a cell that names only its unit ("Average caseload" | "cases", "Children on CPP" |
    "Rate per 10,000"): the indicator of that unit, the count or its rate as the schema links them; None
    if the cells are not of that kind or no indicator of that unit fits."""
    units = [unit_named(raw_text(v)) for v in cells]
    if len(cells) < 2 or sum(unit is not None for unit in units) != 1:
        return None
    unit = next(u for u in units if u is not None)
    rest = label_of_cells([v for v, u in zip(cells, units, strict=True) if u is None], ctx)
    if rest.indicator is None:
        return None
    text = " ".join(raw_text(v) for v in cells)
    indicator = counterpart(rest.indicator, unit, ctx.schema)
    if indicator is None:
        said = next(raw_text(v) for v, u in zip(cells, units, strict=True) if u is not None)
        problem = (f"names '{rest.indicator.title}', a {UNIT_NAMES[rest.indicator.unit]}, but its unit is "
                   f"given as '{said}', a {UNIT_NAMES[unit]}")
        return Label("unknown", text, problem=problem, problem_code="unit-mismatch")
    return replace(rest, indicator=indicator, text=text)


def _side_or_target(labels: list[Label]) -> Label | None:
    """A "Target" or "Comments" heading anywhere in the stack makes the whole column one; so does a
    heading that names no area on purpose ("Out of county / not known")."""
    for special in ("side", "target", "not_area"):
        found = next((label for label in labels if label.kind == special), None)
        if found is not None:
            period = found.period or next((lb.period for lb in labels if lb.period), None)
            return Label(special, found.text, period=period, problem=found.problem)
    return None


def _without_period_words(cells: list[object], labels: list[Label]) -> tuple[list[object], list[Label]]:
    """Drop a band heading such as "Year ending 31 March" when a heading under it names the period."""
    if not any(label.period is not None for label in labels):
        return cells, labels
    kept = [(cell, label) for cell, label in zip(cells, labels, strict=True)
            if not (label.kind == "unknown" and normalise_label(label.text) in PERIOD_WORDS)]
    return [cell for cell, _ in kept], [label for _, label in kept]


def _joined_reading(cells: list[object], ctx: LabelContext) -> Label | None:
    """The cells read as one heading: "<band> <sub-heading>", or for two cells "<sub-heading> of <band>"
    ("Number" under "Children subject to a child protection plan"); taken only if all readings that
    match anything agree."""
    if len(cells) < 2:
        return None
    texts = [raw_text(v) for v in cells]
    readings = [" ".join(texts)]
    if len(texts) == 2:
        readings.append(f"{texts[1]} of {texts[0]}")
    found = [label for label in (classify(text, ctx) for text in readings) if label.kind != "unknown"]
    meanings = {(lb.kind, lb.indicator, lb.area_code, lb.period, lb.categories, lb.total) for lb in found}
    return found[0] if len(meanings) == 1 else None


def _clash(labels: list[Label], ctx: LabelContext) -> str:
    """Why these labels cannot name one row or column together, or "" if they can."""
    indicators = {label.indicator.id: label.text for label in labels if label.indicator is not None}
    if len(indicators) > 1:
        return "names two different indicators (" + ", ".join(f"'{t}'" for t in indicators.values()) + ")"
    periods = {label.period: label.text for label in labels if label.period is not None}
    if len(periods) > 1:
        return "names two different periods (" + ", ".join(f"'{t}'" for t in periods.values()) + ")"
    codes = {label.area_code: label.text for label in labels if label.area_code is not None}
    if len(codes) > 1 and any(_is_comparator(code, ctx) for code in codes):
        names = ", ".join(f"'{t}'" for t in codes.values())
        return f"names a comparator group and another area ({names})"
    if len(codes) > 1 and _innermost(list(codes), ctx) is None:
        names = ", ".join(f"'{t}'" for t in codes.values())
        return f"names areas that do not lie one inside the other ({names})"
    return ""


def _merged(labels: list[Label], ctx: LabelContext) -> Label:
    """The labels read together; of areas lying one inside another (a county over its districts), the
    innermost is the figure's area."""
    merged = merge_labels(labels)
    codes = list(dict.fromkeys(label.area_code for label in labels if label.area_code is not None))
    if len(codes) > 1:
        merged = replace(merged, area_code=_innermost(codes, ctx))
    return merged


def _is_comparator(code: str, ctx: LabelContext) -> bool:
    """Statistical neighbours: a group of councils, never inside or around another area."""
    area = ctx.areas.find(code)
    return area is not None and area.kind == "sn"


def _innermost(codes: list[str], ctx: LabelContext) -> str | None:
    """The one area of ``codes`` that lies inside all the others, if there is one."""
    for code in codes:
        outer = _ancestors(code, ctx)
        if all(other in outer for other in codes if other != code):
            return code
    return None


def _ancestors(code: str, ctx: LabelContext) -> set[str]:
    found: set[str] = set()
    areas = ctx.areas
    area = areas.find(code)
    while area is not None and area.parent_code and area.parent_code not in found:
        found.add(area.parent_code)
        area = areas.find(area.parent_code)
    return found
