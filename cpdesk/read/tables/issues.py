"""The problems the table reader reports, worded for a performance officer.

Each message names the label or value and its cell, says what was wrong and what to do. Problems
with one label are reported once, not once for every figure beside it.
"""

from __future__ import annotations

import re

from cpdesk.issues import ERROR, INFO, WARNING, Issue, Severity
from cpdesk.observation import CellRef
from cpdesk.read.fractions import SuspectedFraction
from cpdesk.read.grid import cell_name
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.headers import Label
from cpdesk.read.values import CellValue, not_a_figure

_LOOKS_LIKE_A_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # how a date cell reads as text
MAP_HINT = "Map it once in the import wizard or in a mapping file."
_UNKNOWN_CODES = {"area": "unknown-area", "indicator": "unknown-indicator", "period": "unknown-period",
                  "category": "unknown-category", "mixed": "unknown-indicator"}
_WHAT = {"unknown-area": "an area", "unknown-indicator": "an indicator", "unknown-period": "a period",
         "unknown-category": "a category"}


# Labels that are wrong rather than unknown: a unit that contradicts the indicator, a mapping that no
# longer fits. The rest of a file still imports only if the officer chooses to skip them.
_STILL_ERRORS = frozenset({"unit-mismatch", "bad-mapping"})
# Labels no mapping can give a figure for: a combined area's figures are neither council's own.
_NOT_MAPPED = frozenset({"combined-area"})
_GENERIC = "matches no indicator, area, period or category cpdesk knows"


def _says_why(problem: str) -> bool:
    """A problem that says more than "matches nothing": the resolver's reason, what it understood."""
    return bool(problem) and problem != _GENERIC


class IssueLog:
    """Adds issues for one sheet to a ReadResult, each distinct problem once."""

    def __init__(self, result: ReadResult, file_name: str, sheet_name: str):
        self.result = result
        self.file_name = file_name
        self.sheet_name = sheet_name
        self._seen: set[tuple] = set()

    def add(self, code: str, message: str, where: CellRef, once_key: tuple | None = None,
            severity: Severity = ERROR) -> None:
        key = once_key or (code, where.cell)
        if key in self._seen:
            return
        self._seen.add(key)
        self.result.issues.append(Issue.at(code, severity, message, where))

    def _ref(self, r: int, c: int) -> CellRef:
        return CellRef(self.file_name, self.sheet_name, cell_name(r, c))

    def unknown_label(self, what: str, label: Label, r: int, c: int, expected_kind: str, *,
                      untracked: bool = False) -> None:
        """A row label or heading that names nothing cpdesk knows; ``expected_kind`` is what its
        neighbours are (areas, periods ...), so the message can say what it should have been.

        Its figures are not read, and the rest of the file still imports: a warning, offered for
        mapping. ``untracked``: a row among indicators cpdesk reads, most likely a measure it does
        not track."""
        where = self._ref(r, c)
        code = label.problem_code
        if code == "unknown-label":
            code = _UNKNOWN_CODES.get(expected_kind, "unknown-label")
        if code in _WHAT:
            message = f"{what} '{label.text}' in cell {where.cell} is not {_WHAT[code]} cpdesk knows"
            message += f": {label.problem}." if _says_why(label.problem) else "."
        else:
            message = f"{what} '{label.text}' in cell {where.cell} {label.problem}."
        if untracked:
            message += " The table's other rows were read; this row's figures were not."
        else:
            message += " Its figures were not read."
        severity = ERROR if code in _STILL_ERRORS else WARNING
        self.add(code, message if code in _NOT_MAPPED else f"{message} {MAP_HINT}", where, severity=severity)

    def not_an_area(self, label: Label, r: int, c: int) -> None:
        """A row such as "Out of county / not known": set aside, said once per label."""
        where = self._ref(r, c)
        message = (f"Row '{label.text}' (cell {where.cell}) was set aside: {label.problem}. Its figures are "
                   "not any area's own, so they were not imported.")
        self.add("not-an-area", message, where, once_key=("not-an-area", label.text), severity=INFO)

    def row_not_of_heading(self, label: Label, r: int, c: int, heading: str) -> None:
        """A row label that names an indicator, under a heading that says the rows are something else."""
        where = self._ref(r, c)
        title = label.indicator.title if label.indicator is not None else ""
        message = (f"Row label '{label.text}' in cell {where.cell} reads as '{title}', but the "
                   f"heading over the row labels, '{heading[:80]}', says the rows are something else; its "
                   f"figures were not read. {MAP_HINT}")
        self.add("row-not-of-heading", message, where, severity=WARNING)

    def missing(self, where: CellRef, missing: list[str], r: int, label_col: int, title: str,
                area_hint: str = "Choose the council this workbook belongs to when importing.") -> None:
        label_ref = self._ref(r, label_col)
        needs = " and ".join(missing)
        if "indicator" in missing and title:
            hint = f"The table's title '{title[:80]}' does not name an indicator cpdesk knows."
        elif "area" in missing:
            hint = area_hint
        else:
            hint = "Add the missing heading, or map the labels in a mapping file."
        message = (f"The figures in row {r + 1} (from cell {where.cell}) have no {needs}: neither the row "
                   f"label, the column heading nor the table title says which. {hint}")
        severity = ERROR if "area" in missing else WARNING  # whose figures they are is the officer's to say
        self.add("no-" + missing[0], message, label_ref, once_key=("missing", label_ref.cell, needs),
                 severity=severity)

    def conflict(self, where: CellRef, texts: tuple[str, str]) -> None:
        row_text, column_text = texts
        message = (f"Cell {where.cell}: its row label '{row_text}' and its column heading '{column_text}' "
                   "name different things of the same kind, so the figure was not read.")
        if _LOOKS_LIKE_A_DATE.match(row_text) or _LOOKS_LIKE_A_DATE.match(column_text):
            message += (" A label typed as a band such as 1-4 or 5-9 is turned into a date by Excel: format "
                        "the cells as text and type it again.")
        self.add("conflicting-labels", message, where)

    def bad_value(self, where: CellRef, parsed: CellValue, indicator) -> None:
        if parsed.problem == "excel_error":
            message = (f"Cell {where.cell} holds the Excel error '{parsed.raw}' instead of a figure for "
                       f"'{indicator.title}'. Fix the formula in the workbook and import it again.")
            self.add("excel-error", message, where)
            return
        message = f"Cell {where.cell}, for '{indicator.title}': {not_a_figure(parsed.raw, indicator.unit)}."
        self.add("not-a-number", message, where)

    def bad_category(self, where: CellRef, text: str, indicator) -> None:
        if indicator.breakdown is None:
            message = (f"'{text}' names a category, but '{indicator.title}' is not broken down by category, "
                       f"so the figure in cell {where.cell} was not read.")
        else:
            message = (f"'{text}' is not a category of '{indicator.title}' that cpdesk knows, so the figure "
                       f"in cell {where.cell} was not read. {MAP_HINT}")
        self.add("unknown-category", message, where, once_key=("category", text, indicator.id))

    def cumulative(self, where: CellRef, indicator) -> None:
        message = (f"The table says its figures are cumulative (year to date), so its quarters' or months' "
                   f"figures for '{indicator.title}' (from cell {where.cell}) are totals so far, not each "
                   "period's own; they were not imported. Give each quarter's or month's own figure, or the "
                   "year's total under the year.")
        self.add("cumulative-figures", message, where, once_key=("cumulative", indicator.id))

    def conflicting_title(self, where: CellRef, title: str, names: tuple[str, ...]) -> None:
        named = " and ".join(f"'{text}'" for text in names)
        message = (f"The table's title '{title[:100]}' names {named}, which are different things, so cpdesk "
                   f"cannot tell which the figures (from cell {where.cell}) are; they were not imported. Say "
                   "which in the title or in each row's label, or map the table in the import wizard.")
        self.add("conflicting-title", message, where, once_key=("conflicting-title", title))

    def comparators_in_latest_year(self, where: CellRef, headings: list[str], latest) -> None:
        named = ", ".join(f"'{text}'" for text in headings)
        message = (f"Columns {named} (from cell {where.cell}) name no year of their own; they stand after "
                   f"the year columns, so they were read as the latest year's, {latest.label}. Put the year "
                   "in their heading if they are for another.")
        self.add("comparators-latest-year", message, where, once_key=("comparators-latest",), severity=INFO)

    def year_to_date(self, where: CellRef, text: str, indicator, scope: str) -> None:
        said = "year to date (cumulative)" if scope == "ytd" else "for the whole year"
        message = (f"'{text}' says its figures for '{indicator.title}' are {said}, but they sit under months "
                   f"or quarters (from cell {where.cell}): they are totals so far, not each period's own, so "
                   "they were not imported. Give each month's or quarter's own figure, or the year's total "
                   "under the year.")
        self.add("totals-so-far", message, where, once_key=("ytd", text, indicator.id), severity=WARNING)

    def part_year(self, where: CellRef, heading: str, indicator) -> None:
        message = (f"The column '{heading}' stands beside whole years, so its figures for counts over time "
                   f"(such as '{indicator.title}', cell {where.cell}) are most likely the year so far, not "
                   f"that month's own; they were not imported. If they are the month's own figures, head the "
                   f"column '{heading} (in month)'; give the year so far under the year when it is complete.")
        self.add("totals-so-far", message, where, once_key=("part-year", heading), severity=WARNING)

    def marked_heading(self, where: CellRef, headings: list[str]) -> None:
        named = ", ".join(f"'{text}'" for text in headings[:3]) + (" and more" if len(headings) > 3 else "")
        message = (f"Column headings {named} mark their figures as provisional, draft or revised; the "
                   "figures were read under the period alone, and cpdesk does not keep the mark. Add a note "
                   "to the chart or re-import the final figures when they come.")
        self.add("marked-heading", message, where, once_key=("marked-heading",), severity=INFO)

    def bare_year(self, where: CellRef, heading: str) -> None:
        message = (f"Headings that are a year alone, such as '{heading}' (figures from cell {where.cell}), "
                   "were read as the year to 31 March, as the DfE's tables use them: 2022 is 2021/22 for a "
                   "count over a year and 31 Mar 2022 for children on plans. If they are calendar years, "
                   "write the financial years instead.")
        self.add("bare-year", message, where, once_key=("bare-year",), severity=INFO)

    def calendar_years(self, where: CellRef) -> None:
        message = (f"The table says its years are calendar years (January to December); cpdesk keeps years "
                   f"to 31 March, so its figures (from cell {where.cell}) were not imported. Give them by "
                   "financial year, quarter or month.")
        self.add("calendar-years", message, where, once_key=("calendar",))

    def total_of_percentages(self, where: CellRef, indicator) -> None:
        message = (f"The 'Total' figures (from cell {where.cell}) add up the percentages of "
                   f"'{indicator.title}'; a total of percentages is a check on the table, not a figure "
                   "cpdesk keeps, so they were not imported.")
        self.add("total-of-percentages", message, where, once_key=("total-pct", indicator.id), severity=INFO)

    def fraction(self, doubt: SuspectedFraction) -> None:
        where = doubt.observation.source or CellRef(self.file_name, self.sheet_name)
        self.add("percent-as-fraction", doubt.message(), where)
