"""What the cells and lines around a table name, as far as finding the table's shape needs to know.

The shape of a table is read from its content: the row labels are the column whose cells name areas,
indicators or periods; the title is the line above that names something; columns such as Rank, DoT
or RAG are recognised by their heading and their content. Labels are read by ``headers.classify``
when the reader gives a ``LabelContext``; without one (working out a workbook's signature for the
mapping profiles) only the wording of headings and lines is used.
"""

from __future__ import annotations

import logging
import re
from enum import IntEnum

from cpdesk.read.tables.cells import is_blank, is_value_cell
from cpdesk.read.tables.headers import LabelContext, LabelKind, classify, title_candidates
from cpdesk.read.tables.title_periods import period_in_text
from cpdesk.read.values import raw_text

logger = logging.getLogger(__name__)

# Kinds of label that name something a figure can be filed under.
NAMING_KINDS = frozenset({LabelKind.AREA, LabelKind.INDICATOR, LabelKind.PERIOD, LabelKind.CATEGORY,
                          LabelKind.MIXED, LabelKind.TOTAL, LabelKind.NOT_AREA})

# Lines that are never a table's title: where the figures come from, notes, polarity, the tool or
# the selection they were downloaded with.
_CONTEXT_LINE = re.compile(
    r"^\s*(?:sources?\b|notes?\b|n\.?\s?b\.?\b|good performance|polarity|data (?:downloaded|extracted)|"
    r"downloaded\b|extracted\b|prepared by|produced by|published\b|selected (?:local authority|la)\b|"
    r"local authority interactive tool|key\s*:)", re.IGNORECASE)
# Lines that name who wrote the report (council, department, board) rather than what a table holds.
_ORGANISATION_LINE = re.compile(
    r"\bcouncil\b|\bdepartment\b|\bdirectorate\b|\bcommittee\b|\bboard\b|\bservices\b|"
    r"\bperformance (?:report|group|team|and)\b|\bbenchmarking group\b", re.IGNORECASE)

# Headings of columns beside the figures that ``classify`` does not know as such: "Latest change",
# "% change 2021-2023", "DoT (CP rate)", "CP rate rank", "Quartile banding".
_SIDE_HEADING = re.compile(
    r"^\s*(?:(?:latest|annual|recent|%|percent(?:age)?)\s+)?change\b|^\s*(?:dot|rag|polarity|trend|"
    r"direction of travel|comments?|commentary|good performance)\b|\b(?:rank|ranked|ranking|quartiles?)\b",
    re.IGNORECASE)
# Labels of rows beside the figures: "Good performance is" | Low | High under a heading row.
_SIDE_ROW = re.compile(r"^\s*(?:good performance|good is|better is|higher is better|lower is better|polarity|"
                       r"dot\b|direction of travel|rag\b|trend\b|comments?\b|commentary\b)", re.IGNORECASE)
_TARGET_HEADING = re.compile(r"\btargets?\b", re.IGNORECASE)
# What side columns hold: arrows, RAG ratings, quartile letters, ordinals ("3rd").
_SIDE_MARK = re.compile(r"^(?:[↑↓↔→←↗↘⬆⬇▲▼△▽►◄=]|[abcd]|r|a|g|red|amber|green|\d+(?:st|nd|rd|th))$",
                        re.IGNORECASE)
_NO_MARK = frozenset({"-", "–", "n/a", "na", ".."})


class TitleStrength(IntEnum):
    """How well a line above a table serves as its title: the strongest, nearest line is taken."""

    CONTEXT = 0  # "Source: ...", "Good performance is: Low", the council or department
    PLAIN = 1  # text that names nothing cpdesk knows
    NAMES = 2  # names an area or a period
    NAMES_INDICATOR = 3  # names an indicator


class Naming:
    """Reads what labels and lines name, with the reader's LabelContext if there is one."""

    def __init__(self, ctx: LabelContext | None = None) -> None:
        self.ctx = ctx

    @property
    def knows(self) -> bool:
        """True if labels can be read (there is a LabelContext), not only their wording."""
        return self.ctx is not None

    def kind(self, value: object) -> str:
        """"indicator" for a label naming an indicator, else its LabelKind; "unknown" without a context."""
        if is_blank(value):
            return LabelKind.BLANK
        if self.ctx is None:
            return LabelKind.UNKNOWN
        label = classify(value, self.ctx)
        return LabelKind.INDICATOR if label.indicator is not None else label.kind

    def resolves(self, value: object) -> bool:
        """The label names an area, an indicator, a period, a category or a total."""
        return self.kind(value) in NAMING_KINDS

    def is_side_heading(self, value: object) -> bool:
        """A heading of a column or row beside the figures: Rank, Quartile, DoT, RAG, Comment,
        "Good performance is", "% change", "Latest change" (targets are not: see ``is_target``)."""
        if not isinstance(value, str) or is_blank(value):
            return False
        return bool(_SIDE_HEADING.search(value)) or self.kind(value) == LabelKind.SIDE

    @staticmethod
    def is_side_row_label(value: object) -> bool:
        """The label of a row beside the figures ("Good performance is", "Polarity", "RAG"); not
        "Ref" or "Rank", which head the columns of a heading row."""
        return isinstance(value, str) and bool(_SIDE_ROW.match(value))

    def is_target(self, value: object) -> bool:
        """A "Target" heading: its figures are targets, which the table reader keeps apart."""
        if not isinstance(value, str) or is_blank(value):
            return False
        return bool(_TARGET_HEADING.search(value)) or self.kind(value) == LabelKind.TARGET

    def title_strength(self, text: str) -> TitleStrength:
        """How well ``text`` serves as a table's title; a line naming an indicator is the strongest."""
        if _CONTEXT_LINE.match(text):
            return TitleStrength.CONTEXT
        named = self._names_in_title(text)
        if named == LabelKind.INDICATOR:
            return TitleStrength.NAMES_INDICATOR
        if _ORGANISATION_LINE.search(text):
            return TitleStrength.CONTEXT
        return TitleStrength.NAMES if named else TitleStrength.PLAIN

    def _names_in_title(self, text: str) -> str:
        """"indicator" if a part of the title names one, "named" if it names an area or period, else ""."""
        if self.ctx is None:
            return ""
        kinds = {self.kind(part) for part in title_candidates(text)}
        if LabelKind.INDICATOR in kinds:
            return LabelKind.INDICATOR
        return "named" if kinds & NAMING_KINDS or period_in_text(text) is not None else ""


def is_side_mark(value: object) -> bool:
    """An arrow, a RAG rating, a quartile letter or an ordinal rank: what side columns hold."""
    return isinstance(value, str) and bool(_SIDE_MARK.match(value.strip()))


def holds_side_marks(values: list[object]) -> bool:
    """Cells that are all side marks (or "-" / "n/a"), at least one of them a mark that cannot be a
    figure's status: a column of suppressed "c" figures is a column of figures."""
    if any(v is not None and not isinstance(v, str) for v in values):
        return False  # a number, date or true/false, never a mark: a column of figures is found at once
    texts = [raw_text(v).strip() for v in values if not is_blank(v)]
    marks = [t for t in texts if is_side_mark(t) and not is_value_cell(t)]
    return bool(marks) and all(is_side_mark(t) or t.lower() in _NO_MARK for t in texts)
