"""Run every validation rule over a file's observations and gather one ValidationReport.

``RULES`` is the catalogue: the order here is the order issues appear in the report, cell checks
first, then checks across cells, then comparisons with history. Codes are stable: the app, the CLI,
the Excel report and officers' own notes refer to them.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence

from cpdesk.figures import Figures
from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.issues import ERROR, INFO, WARNING, Issue, ValidationReport
from cpdesk.observation import Observation
from cpdesk.validate import columns_consistency as consistency_columns
from cpdesk.validate import columns_history as history_columns
from cpdesk.validate import columns_values as values_columns
from cpdesk.validate import rules_consistency as consistency
from cpdesk.validate import rules_history as history
from cpdesk.validate import rules_values as values
from cpdesk.validate.columns import FigureColumns, FigureTable, KeySpaceTooLarge, ObservationList
from cpdesk.validate.reading_codes import READING_TITLES
from cpdesk.validate.rules import Rule, ValidationContext
from cpdesk.validate.rules_history import history_keys

logger = logging.getLogger(__name__)

__all__ = ["RULES", "Rule", "ValidationContext", "history_keys", "rule_titles", "validate"]

RULES: tuple[Rule, ...] = (
    Rule("unknown-indicator", ERROR, "Unknown indicator",
         "The indicator id is not in the schema (the packaged indicators or the council's own).",
         values.unknown_indicators, values_columns.unknown_indicators),
    Rule("unknown-area", ERROR, "Unknown area",
         "The area code is not a known LA, district, operational area, region or comparator.",
         values.unknown_areas, values_columns.unknown_areas),
    Rule("unknown-breakdown", ERROR, "Unknown breakdown category",
         "The category is not one of the indicator's breakdown dimension (or it has none).",
         values.unknown_breakdowns, values_columns.unknown_breakdowns),
    Rule("out-of-range", ERROR, "Figure out of range",
         "Percentages must be 0-100, rates per 10,000 0-10,000, and every figure within its "
         "indicator's valid range.", values.out_of_range, values_columns.out_of_range),
    Rule("not-whole", ERROR, "Count not a whole number",
         "Counts of children or cases must be whole numbers.", values.not_whole, values_columns.not_whole),
    Rule("negative", ERROR, "Negative figure",
         "A figure below zero for an indicator that cannot be negative.", values.negative,
         values_columns.negative),
    Rule("duplicate-conflict", ERROR, "Conflicting duplicate",
         "The same figure (area, indicator, category, period) is given twice with different values.",
         values.conflicting_duplicates, values_columns.conflicting_duplicates),
    Rule("duplicate", WARNING, "Repeated figure",
         "The same figure is given twice with the same value; it is stored once.",
         values.identical_duplicates, values_columns.identical_duplicates),
    Rule("one-day-flow", ERROR, "Single day for a count over a period",
         "A figure counted over a period (referrals in a year) is given for one day, which could be the "
         "quarter, the month or the year to date.", values.one_day_flows, values_columns.one_day_flows),
    Rule("future-period", ERROR, "Period in the future",
         "The period starts after today, which usually means a mistyped year.", values.future_periods,
         values_columns.future_periods),
    Rule("rate-mismatch", WARNING, "Rate does not match its count",
         "The rate per 10,000 differs from count / child population x 10,000 by more than rounding "
         "(or 1%, as population estimates are revised).",
         consistency.rate_mismatches, consistency_columns.rate_mismatches),
    Rule("districts-exceed-la", ERROR, "Districts exceed their LA",
         "The districts' (or operational areas') counts add up to more than the LA's count.",
         consistency.districts_exceeding_la, consistency_columns.districts_exceeding_la),
    Rule("category-total", WARNING, "Categories do not add up to 100%",
         "The percentages of a breakdown's categories add up to more than 110, or (all given) less than 90.",
         consistency.category_totals, consistency_columns.category_totals),
    Rule("outlier-change", WARNING, "Unusual change from the previous period",
         "A percentage moving more than 25 points, or another figure (both above 10) more than doubling "
         "or halving, from the previous period in the file or in the database.", history.outlier_changes,
         history_columns.outlier_changes),
    Rule("differs-from-stored", WARNING, "Differs from the stored figure",
         "The figure differs from the one already in the database; the old one is kept as a revision.",
         history.differences_from_stored, history_columns.differences_from_stored),
    Rule("missing-expected", INFO, "Expected figure missing",
         "An indicator expected for a period (or given for the area's other periods) is not in the file.",
         history.missing_expected, history_columns.missing_expected),
    Rule("status-value", INFO, "Cells with a status",
         "Cells that hold a status (suppressed, TBC, N/A ...) instead of a figure, counted once per file.",
         history.status_values, history_columns.status_values),
    Rule("marked-figure", INFO, "Figures with footnote marks",
         "Figures written with a footnote mark (25.1*, 42¹), read as the number alone; counted once per "
         "file.",
         history.marked_figures, history_columns.marked_figures),
)


def rule_titles() -> dict[str, str]:
    """Code -> title of every issue a report can hold: the rules' and those raised while reading."""
    return {**READING_TITLES, **{rule.code: rule.title for rule in RULES}}


def validate(observations: Sequence[Observation], context: ValidationContext,
             rules: Sequence[Rule] = RULES, *, reference: bool = False) -> ValidationReport:
    """Check a file's observations against every rule. Nothing is changed; the report is plain data.

    The rules decide over the figures' columns (``Rule.by_columns``); ``reference=True`` runs each
    rule's figure-by-figure function instead, which gives the same report, slower.
    """
    report = ValidationReport(file=context.file)
    context.forget()
    try:
        with without_gc_pauses():
            check = _by_figure(observations, context) if reference else _by_columns(observations, context)
            for rule in rules:
                found = list(check(rule))
                logger.debug("%s: %d issue(s)", rule.code, len(found))
                report.extend(found)
    finally:
        context.forget()  # the shared indexes hold every figure: let them go with the file
    logger.info("validated %s: %d figure(s), %s", context.file, len(observations), report.counts())
    return report


Check = Callable[[Rule], Iterable[Issue]]


def _by_figure(observations: Sequence[Observation], context: ValidationContext) -> Check:
    """Each rule's reference function over the observations (Figures' own ``read_at`` taken along)."""
    if not isinstance(observations, Figures):
        listed = list(observations)
        return lambda rule: rule.function(listed, context)
    listed = list(observations)
    read_at = {id(listed[index]): where for index, where in observations.read_at.items()}
    by_id = dataclasses.replace(context, read_at=read_at)
    return lambda rule: rule.function(listed, by_id)


def _by_columns(observations: Sequence[Observation], context: ValidationContext) -> Check:
    """Each rule over the figures' columns; by figure a rule with no column-wise form, or every rule when
    the file's keys are too varied to code in 64 bits."""
    if isinstance(observations, Figures):
        figures: FigureTable = observations
    else:
        listed = observations if isinstance(observations, list) else list(observations)
        figures = ObservationList(listed, context.read_at)
        observations = listed
        if figures.holds_nan():
            logger.info("checking %s figure by figure: a figure's value is NaN", context.file)
            return _by_figure(observations, context)
    try:
        columns = FigureColumns(figures, context)
    except KeySpaceTooLarge as too_large:
        logger.info("checking %s figure by figure: %s", context.file, too_large)
        return _by_figure(observations, context)
    by_figure: list[Check] = []

    def check(rule: Rule) -> Iterable[Issue]:
        if rule.by_columns is not None:
            return rule.by_columns(columns)
        if not by_figure:
            by_figure.append(_by_figure(observations, context))
        return by_figure[0](rule)

    return check
