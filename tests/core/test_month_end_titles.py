"""A figure counted at a month end other than March is never titled "at 31 March": the rules' messages,
the list of figures missing and the history saved from the command line name the figure's own day.

Oxfordshire's July snapshots are the report's own (seed 000: children on plans 422, 454, 626 and looked
after 427, 500, 555 in July 2013, 2014 and 2015); 569 on plans at 31 March 2015 is the DfE's (D5).
"""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from cpdesk import cli
from cpdesk.validate.engine import validate
from tests.core.validate_fixtures import context, obs

OXFORDSHIRE = "E10000025"


@pytest.mark.parametrize("reference", [True, False], ids=["by-figure", "by-column"])
def test_a_rules_message_names_the_month_end_the_figure_was_counted_on(reference):
    typed_wrong = obs("cla_count", OXFORDSHIRE, "31 July 2015", -555, "D4", raw="-555")
    report = validate([typed_wrong], context(), reference=reference)
    [negative] = [i for i in report.issues if i.code == "negative"]
    assert negative.message.endswith("(Children looked after at 31 July, Oxfordshire, 31 Jul 2015).")


MISSING = {
    "one day": ([obs("cpp_count", OXFORDSHIRE, "31 July 2014", 454, "C3"),
                 obs("cpp_count", OXFORDSHIRE, "31 July 2015", 626, "D3"),
                 obs("cla_count", OXFORDSHIRE, "31 July 2014", 500, "C4")],
                ["Children looked after at 31 July for Oxfordshire is missing for 31 Jul 2015,"]),
    "several days": ([obs("cpp_count", OXFORDSHIRE, "31 March 2015", 569, "B3"),
                      obs("cpp_count", OXFORDSHIRE, "31 July 2015", 626, "C3"),
                      obs("cla_count", OXFORDSHIRE, "31 July 2014", 500, "D4")],
                     ["Children looked after for Oxfordshire is missing for 31 Mar 2015, 31 Jul 2015,",
                      "Children subject to a child protection plan at 31 July for Oxfordshire is missing for "
                      "31 Jul 2014,"]),
}


@pytest.mark.parametrize("reference", [True, False], ids=["by-figure", "by-column"])
@pytest.mark.parametrize("case", list(MISSING))
def test_figures_missing_are_titled_with_their_day_or_none_when_they_differ(case, reference):
    figures, expected = MISSING[case]
    report = validate(figures, context(), reference=reference)
    missing = sorted(i.message for i in report.issues if i.code == "missing-expected")
    assert len(missing) == len(expected)
    assert all(f": {words}" in message for message, words in zip(missing, expected, strict=True))


def test_a_history_saved_from_the_command_line_names_the_month_end(tmp_path, capsys):
    book, snapshots, db = Workbook(), tmp_path / "snapshots.xlsx", str(tmp_path / "cp.sqlite")
    for row in (["Oxfordshire County Council: snapshot"], ["", "July 2013", "July 2014", "July 2015"],
                ["Children on a child protection plan", 422, 454, 626]):
        book.active.append(row)
    book.save(snapshots)
    assert cli.main(["import", str(snapshots), "--db", db, "--yes"]) == 0
    out = tmp_path / "history.xlsx"
    assert cli.main(["history", "--db", db, "--indicator", "cpp_count", "--area", OXFORDSHIRE,
                     "--period", "31 July 2015", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Children subject to a child protection plan at 31 July, Oxfordshire, 31 Jul 2015" in printed
    values = [cell.value for row in load_workbook(out).active.iter_rows() for cell in row]
    assert "Children subject to a child protection plan at 31 July" in values and 626 in values
    assert not any(isinstance(value, str) and "31 March" in value for value in values)
