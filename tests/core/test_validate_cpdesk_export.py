"""Checking a cpdesk-format file: issues point at the file's own rows, though each figure keeps the cell
it first came from (Warwickshire's 563 children on plans, cell D10 of the council's report)."""

from __future__ import annotations

import csv

from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.pipeline import commit_import, prepare_import
from tests.core.test_export_cpdesk import REFERENCE, _empty_store

REPORT = CellRef("CP performance report.xlsx", "Table 6", "D10")


def _export_with_one_bad_row(folder):
    figures = [Observation("E10000031", "cpp_count", parse_period("31 Mar 2018"), 563.0, raw="563",
                           source=REPORT),
               Observation("E10000031", "cpp_count", parse_period("31 Mar 2019"), 345.0, raw="345",
                           source=CellRef("CP performance report.xlsx", "Table 6", "E10"))]
    path = write_cpdesk_format(figures, folder / "export.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    value = rows[0].index("value")
    rows[2][value] = "-345"  # a typing error in the exported file's third line (its row 3)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path, value


def test_an_issue_points_at_the_row_of_the_file_being_checked(tmp_path):
    path, value = _export_with_one_bad_row(tmp_path)
    plan = prepare_import(path, REFERENCE)
    negative = next(i for i in plan.report.issues if i.code == "negative")
    column = chr(ord("A") + value)
    assert (negative.file, negative.cell) == ("export.csv", f"{column}3")
    assert "export.csv" in negative.message and "CP performance report.xlsx" not in negative.message
    kept = next(o for o in plan.observations if o.value == 563)
    assert kept.source == REPORT  # the figure still knows where it first came from


def test_skipping_the_invalid_row_keeps_the_good_one_with_its_first_source(database, tmp_path):
    path, _ = _export_with_one_bad_row(tmp_path)
    plan = prepare_import(path, REFERENCE)
    with _empty_store(database) as store:
        outcome = commit_import(plan, store, user="A. Officer", skip_invalid=True)
        stored = store.observations(indicator="cpp_count")
    assert outcome.added == 1
    assert [(s.value, s.source_file, s.source_cell) for s in stored] == [
        (563.0, "CP performance report.xlsx", "D10")]
