"""Titles of the issues met while reading a file (before any rule runs), beside the rules' own.

Readers raise these codes where a cell cannot be placed or read; the rules in ``engine.RULES`` check
the figures that were read. Reports and the app name every code by its title, whichever raised it.
"""

from __future__ import annotations

READING_TITLES: dict[str, str] = {
    "not-a-number": "Not a number",
    "excel-error": "Excel error in a cell",
    "percent-as-fraction": "Percentage written as a fraction",
    "unknown-period": "Unknown period",
    "unknown-category": "Unknown category",
    "unknown-label": "Label not recognised",
    "ambiguous-area": "Area name fits several areas",
    "conflicting-labels": "Labels that contradict each other",
    "not-an-area": "Rows that are not an area set aside",
    "row-not-of-heading": "Row label at odds with the heading over it",
    "conflicting-title": "Title names two different things",
    "no-area": "Figures with no area",
    "no-indicator": "Figures with no indicator",
    "no-period": "Figures with no period",
    "no-headings": "Figures with no heading row",
    "area-not-in-period": "Council did not exist in the period",
    "area-code-in-force": "Council's code as it stood in the period",
    "no-figures": "No figures found",
    "unknown-council": "Unknown council",
    "council-assumed": "Council worked out",
    "council-conflict": "Council differs from the workbook's",
    "bad-mapping": "Mapping that no longer fits",
    "hidden-sheet": "Hidden sheet not imported",
    "hidden-row": "Figures in hidden rows",
    "hidden-column": "Figures in hidden columns",
    "ignored-columns": "Columns not read",
    "bare-year": "Years read as years to 31 March",
    "marked-heading": "Provisional or draft headings",
    "calendar-years": "Calendar years not imported",
    "cumulative-figures": "Cumulative (year-to-date) figures not imported",
    "total-of-percentages": "Total row of percentages not imported",
    "unit-mismatch": "Unit differs from the indicator's",
    "workbook-note": "Note on the workbook",
    "dfe-layout": "DfE file layout",
    "dfe-bad-period": "DfE period not recognised",
    "dfe-duplicate": "DfE row given twice",
    "dfe-no-population": "DfE rate without a population",
    "dfe-not-a-number": "DfE value not a number",
    "dfe-skipped-filter": "DfE rows of other breakdowns left out",
    "dfe-skipped-level": "DfE rows of other geographies left out",
    "dfe-unknown-area": "DfE area not known",
}
