"""Columns headed only by a unit ("No.", "Rate per 10,000") under a period, in a table whose title
names the indicator: "Children subject to a child protection plan by district" over "31 March 2023"
over "No." and "Rate per 10,000"; and rows labelled only by a unit, under a row or a title that names
what is counted: "Number of children on a CP plan" over "Rate per 10,000". The unit picks the count or
its rate from the schema's own link between them (a rate's ``rate_of``), never from the wording, so
nothing is guessed.
"""

from __future__ import annotations

from dataclasses import replace

from cpdesk.indicators.model import Indicator
from cpdesk.indicators.unit_words import counterpart
from cpdesk.read.long_columns import unit_named
from cpdesk.read.tables.combine import label_of_cells
from cpdesk.read.tables.headers import Label, LabelContext
from cpdesk.read.values import raw_text


def unit_column_label(values: list[object], subject: Indicator | None, ctx: LabelContext) -> Label | None:
    """The label of a column whose header cells are a unit heading and (say) a period, with the
    table's indicator ``subject``; None when the column is not of that kind or no indicator fits."""
    units = [unit_named(raw_text(v)) for v in values]
    if subject is None or sum(unit is not None for unit in units) != 1:
        return None
    unit = next(u for u in units if u is not None)
    indicator = counterpart(subject, unit, ctx.schema)
    rest = label_of_cells([v for v, u in zip(values, units, strict=True) if u is None], ctx)
    if indicator is None or rest.kind not in ("period", "area", "blank") or rest.indicator is not None:
        return None
    text = " ".join(raw_text(v) for v in values if raw_text(v))
    return replace(rest, kind="mixed", text=text, indicator=indicator)


def unit_row_label(row: Label, row_above: Label | None, context: Label, ctx: LabelContext) -> Label:
    """A row labelled only by a unit takes what it counts from the row of figures just above it (the
    nearer, so the second "Rate per 10,000" in a table of several indicators is the second one's), else
    from the table's title; the unit must name another measure of it than the row above's, so a
    repeated "Number" is never read twice. ``row`` itself when neither fits."""
    above = row_above.indicator if row_above is not None else None
    if above is not None:
        found = unit_column_label([row.text], above, ctx)
        if found is not None and found.indicator is not above:
            return found
    return unit_column_label([row.text], context.indicator, ctx) or row
