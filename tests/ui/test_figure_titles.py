"""The import wizard's figures list names each figure's indicator as it reads beside that figure's
period: a count "at 31 March" counted at another month end says that day instead."""

from __future__ import annotations

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from cpdesk.read.dispatch import read_file  # noqa: E402
from cpdesk.reference import load_reference  # noqa: E402
from cpdesk.ui.issues_model import FiguresModel  # noqa: E402


def test_a_month_end_count_is_not_said_to_be_at_31_march(tmp_path, qtbot):
    book = openpyxl.Workbook()
    for row in (["Child Protection monthly performance 2023/24 and 2024/25"], ["Measure", "Mar-24", "Apr-24"],
                ["Number of children on a CP plan", 398, 400]):
        book.active.append(row)
    book.save(tmp_path / "monthly.xlsx")
    reference = load_reference()
    result = read_file(tmp_path / "monthly.xlsx", reference, council="E10000031")
    model = FiguresModel(reference.areas, reference.schema)
    model.set_figures(result.observations, result.issues)
    shown = {model.index(row, 3).data(): model.index(row, 1).data() for row in range(model.rowCount())}
    assert shown == {"31 Mar 2024": "Children subject to a child protection plan at 31 March",
                     "30 Apr 2024": "Children subject to a child protection plan at 30 April"}
