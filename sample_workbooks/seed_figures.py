"""The figures of the five seed reports, typed as printed, and what each broken sample should trigger.

``TABLES`` holds every table (Warwickshire 003, Hampshire 004, Oxfordshire 000/001/002) as a
:class:`SeedTable`: title, row and column labels and cells exactly as the report prints them, and
for each cell its meaning (indicator, area, breakdown, canonical period, value or status).
``expected_observations()`` flattens them: it is what importing the sample workbooks, or the tidy
return built from them, must give. ``BROKEN_EXPECTATIONS`` names, for each ``broken_*`` sample,
the sheet, cell and rule its single deliberate fault must raise.
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_workbooks import seed_hampshire, seed_oxfordshire, seed_warwickshire
from sample_workbooks.seed_types import CellMeaning, Part, Periods, SeedTable, expected_value

__all__ = ["AREA_NAMES", "BROKEN_EXPECTATIONS", "SAMPLE_COUNCILS", "TABLES", "BrokenExpectation",
           "CellMeaning", "Part", "Periods", "SeedTable", "expected_observations", "expected_value",
           "table_by_id"]

TABLES: tuple[SeedTable, ...] = (*seed_warwickshire.TABLES, *seed_hampshire.TABLES, *seed_oxfordshire.TABLES)

AREA_NAMES: dict[str, str] = {
    "E10000031": "Warwickshire",
    "SN-E10000031": "Warwickshire statistical neighbours",
    "E92000001": "England",
    "E07000218": "North Warwickshire",
    "E07000219": "Nuneaton and Bedworth",
    "E07000220": "Rugby",
    "E07000221": "Stratford-on-Avon",
    "E07000222": "Warwick",
    "E10000014": "Hampshire",
    "E10000025": "Oxfordshire",
    "E10000025-north": "North",
    "E10000025-south": "South",
    "E10000025-central": "Central",
}


# The council whose figures each non-broken sample holds (for importing with ``council=``: the
# Hampshire and Oxfordshire layouts, like the reports, name the council only in title lines).
SAMPLE_COUNCILS: dict[str, str] = {
    "warwickshire_cp_update_2020.xlsx": "E10000031",
    "hampshire_safeguarding_2015.xlsx": "E10000014",
    "oxfordshire_cp_report_card_2015.xlsx": "E10000025",
    "oxfordshire_pressures_2014.xlsx": "E10000025",
    "oxfordshire_paqa_2019.xlsx": "E10000025",
}


def table_by_id(table_id: str) -> SeedTable:
    for table in TABLES:
        if table.id == table_id:
            return table
    raise KeyError(table_id)


def expected_observations(tables: tuple[SeedTable, ...] = TABLES) -> list[dict]:
    """Every observation of ``tables``, row by row, as plain dicts (the tidy return's content)."""
    out: list[dict] = []
    for table in tables:
        for row in table.meanings:
            for m in row:
                if m is None:
                    continue
                out.append({"area_code": m.area_code, "indicator": m.indicator, "breakdown": m.breakdown,
                            "period_label": m.period_label, "value": m.value, "status": m.status,
                            "raw": m.raw})
    return out


@dataclass(frozen=True, slots=True)
class BrokenExpectation:
    """The one fault a broken sample holds: where it is and the rule (issue code) that must flag it.

    ``sheet`` is the sheet name (a CSV's single sheet is named after the file, as cpdesk reads it);
    ``cell`` is in A1 notation. An unreadable file has neither: the whole file is the fault.
    """

    file: str
    sheet: str | None
    cell: str | None
    rule: str
    note: str


BROKEN_EXPECTATIONS: tuple[BrokenExpectation, ...] = (
    BrokenExpectation("broken_percent_over_100.csv", "broken_percent_over_100", "F4", "out-of-range",
                      "Warwickshire cpp_repeat_pct 2019/20 typed as 123.4%"),
    BrokenExpectation("broken_count_not_whole.csv", "broken_count_not_whole", "F3", "not-whole",
                      "Warwickshire cpp_count at 31 Mar 2019 typed as 12.5"),
    BrokenExpectation("broken_count_negative.xlsx", "Return", "F5", "negative",
                      "Hampshire cla_count at 31 Mar 2014 typed as -1267"),
    BrokenExpectation("broken_text_in_number.xlsx", "CP tables", "E4", "not-a-number",
                      "Table 1 layout: Warwickshire 2018/19 cell holds the text 'abc'"),
    BrokenExpectation("broken_unknown_area.csv", "broken_unknown_area", "A3", "unknown-area",
                      "a row for the area 'Narnia'"),
    BrokenExpectation("broken_unknown_indicator.xlsx", "Return", "C4", "unknown-indicator",
                      "a row whose indicator is 'Number of unicorns seen'"),
    BrokenExpectation("broken_excel_error.xlsx", "Safeguarding", "C5", "excel-error",
                      "Hampshire layout: referrals 2013-14 holds the Excel error #DIV/0!"),
    BrokenExpectation("broken_duplicate_conflict.csv", "broken_duplicate_conflict", "F5",
                      "duplicate-conflict",
                      "Warwickshire cpp_rate at 31 Mar 2019 given twice: 29.8 (row 3) and 31.2 (row 5)"),
    BrokenExpectation("broken_future_period.csv", "broken_future_period", "F4", "future-period",
                      "Warwickshire cpp_starts for 2030/31 (meant 2020/21)"),
    BrokenExpectation("broken_not_a_workbook.xlsx", None, None, "unreadable",
                      "plain text saved with an .xlsx name"),
    BrokenExpectation("broken_truncated.xlsx", None, None, "unreadable",
                      "the first half of a real workbook: a truncated zip"),
)
