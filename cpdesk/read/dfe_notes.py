"""Notes on the figures cpdesk worked out from a DfE file: where they disagree with the published
ones, and where the release's counts gave a value the indicator cannot take."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from cpdesk.issues import INFO, WARNING, Issue, counted
from cpdesk.observation import Observation
from cpdesk.read.dfe_checks import Checked, Disagreement

__all__ = ["beyond_range_issue", "checked_notes", "disagreement_issue"]

logger = logging.getLogger(__name__)

EXAMPLES = 5


def disagreement_issue(found: Disagreement, schema, area_name: Callable[[str], str]) -> Issue:
    """A warning at the published figure's cell: the release's own parts give another figure."""
    figure = found.published
    indicator = schema[figure.indicator_id]
    derived = f"{found.derived:,.{indicator.decimals}f}"
    return Issue.at("dfe-published-differs", WARNING, (
        f"{indicator.title}, {area_name(figure.area_code)}, {figure.period.label}: the DfE publishes "
        f"{figure.raw}, but the release's own figures give {derived} ({found.working}), a difference "
        "rounding does not explain. The published figure was kept; the release's notes may say why "
        "they differ."), figure.source)


def checked_notes(checked: list[Checked], schema, file: str, sheet: str) -> list[Issue]:
    """One note per indicator: how many published figures were checked, and how many differ."""
    totals = Counter(found.indicator_id for found in checked)
    differ = Counter(found.indicator_id for found in checked if found.disagreement is not None)
    notes = []
    for indicator_id, total in totals.items():
        title = schema[indicator_id].title
        outcome = (f"{counted(differ[indicator_id], 'differs', 'differ')} by more than rounding (see the "
                   "warnings)") if differ[indicator_id] else "all agree, allowing for rounding"
        notes.append(Issue("dfe-checked", INFO, f"{title}: {counted(total, 'published figure')} checked "
                           f"against the release's own counts; {outcome}. The published figures are "
                           "the ones kept.", file, sheet))
    return notes


def beyond_range_issue(figures: list[Observation], schema, area_name: Callable[[str], str], file: str,
                       sheet: str) -> Issue:
    """One note for an indicator's worked-out figures left as not available (ICPC / Section47 > 100%)."""
    indicator = schema[figures[0].indicator_id]
    examples = "; ".join(f"{area_name(f.area_code)} {f.period.label}" for f in figures[:EXAMPLES])
    more = ", ..." if len(figures) > EXAMPLES else ""
    limit = f"{indicator.valid_max:g}{'%' if indicator.unit == 'percent' else ''}"
    return Issue("dfe-derived-out-of-range", INFO, (
        f"{indicator.title} could not be worked out for {counted(len(figures), 'row')} "
        f"({examples}{more}): the release's counts give more than {limit}, as they do not cover the "
        "same children. These figures are stored as not available; the working is kept with each."),
        file, sheet)
