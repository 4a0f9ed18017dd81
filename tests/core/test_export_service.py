"""The export service: one request, the home council when none is named, and figures "as at" a day."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from cpdesk.cli import main
from cpdesk.export.as_at import parse_as_at
from cpdesk.export.safe_write import ExportError
from cpdesk.export.service import ExportFormat, ExportRequest, export
from cpdesk.reference import load_reference
from cpdesk.store import open_store

REFERENCE = load_reference()
WARWICKSHIRE = "E10000031"


@pytest.fixture
def demo(shared_demo_database):
    with open_store(shared_demo_database, create=False) as store:
        yield store


def _card(path) -> dict[str, list]:
    sheet = openpyxl.load_workbook(path)["Report card"]
    return {row[0]: list(row[1:]) for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}


def test_a_board_workbook_without_an_area_is_for_the_home_council(demo, tmp_path):
    request = ExportRequest(ExportFormat.BOARD, tmp_path / "board.xlsx")
    done = export(request, REFERENCE, demo, home_council="937")
    assert "Warwickshire" in done.message
    assert openpyxl.load_workbook(request.out)["Report card"]["A1"].value.startswith("Warwickshire")


def test_without_an_area_or_a_home_council_the_export_says_what_to_do(demo, tmp_path):
    with pytest.raises(ExportError, match="--area"):
        export(ExportRequest(ExportFormat.BOARD, tmp_path / "board.xlsx"), REFERENCE, demo)
    with pytest.raises(ExportError, match="not a council"):
        export(ExportRequest(ExportFormat.PDF, tmp_path / "p.pdf", "E92000001"), REFERENCE, demo,
               draw_pdf=lambda *a, **k: None)
    assert not list(tmp_path.iterdir())


def test_a_file_name_of_another_layout_is_refused(demo, tmp_path):
    with pytest.raises(ExportError, match=".pdf"):
        export(ExportRequest(ExportFormat.PDF, tmp_path / "pack.xlsx", WARWICKSHIRE), REFERENCE, demo)


def test_the_pdf_is_drawn_by_the_callers_function_with_the_same_choices(demo, tmp_path):
    calls = []
    day = dt.date(2020, 3, 31)
    request = ExportRequest(ExportFormat.PDF, tmp_path / "pack.pdf", None, ("cpp_rate",), day)
    done = export(request, REFERENCE, demo, home_council=WARWICKSHIRE,
                  draw_pdf=lambda *args, **kwargs: calls.append((args[2:], kwargs)))
    assert calls == [((request.out, WARWICKSHIRE, ["cpp_rate"]), {"as_at": dt.date(2020, 3, 31)})]
    assert done.message.endswith(f"for Warwickshire as at 31 March 2020 to {request.out}.")


def test_as_at_a_day_the_report_card_holds_the_latest_figures_on_or_before_it(demo, tmp_path):
    latest = tmp_path / "latest.xlsx"
    export(ExportRequest(ExportFormat.BOARD, latest, WARWICKSHIRE, ("referrals_rate",)), REFERENCE, demo)
    assert _card(latest)[REFERENCE.schema.get("referrals_rate").title][0] == "2024/25"
    then = tmp_path / "then.xlsx"
    export(ExportRequest(ExportFormat.BOARD, then, WARWICKSHIRE, ("referrals_rate", "cpp_rate"),
                         as_at=dt.date(2019, 3, 31)), REFERENCE, demo)
    card = _card(then)
    assert card[REFERENCE.schema.get("referrals_rate").title][:2] == ["2018/19", pytest.approx(462.5)]
    assert card[REFERENCE.schema.get("cpp_rate").title][:2] == ["31 Mar 2019", pytest.approx(29.8)]


def test_a_cpdesk_export_as_at_a_day_leaves_later_figures_out(demo, tmp_path):
    request = ExportRequest(ExportFormat.CPDESK, tmp_path / "f.csv", WARWICKSHIRE, ("cpp_rate",),
                            dt.date(2019, 3, 31))
    export(request, REFERENCE, demo)
    text = request.out.read_text(encoding="utf-8-sig")
    assert "31 Mar 2019" in text and "31 Mar 2020" not in text and "31 Jul 2020" not in text


def test_as_at_dates_read_as_officers_write_them():
    assert parse_as_at("2020-03-31") == parse_as_at("31 March 2020") == parse_as_at("31/03/2020")
    with pytest.raises(ExportError, match="2019/20"):
        parse_as_at("2019/20")


def test_cli_export_as_at_and_a_wrong_date(shared_demo_database, tmp_path, capsys):
    out = tmp_path / "board.xlsx"
    code = main(["export", "--db", shared_demo_database, "--format", "board", "--area", "937",
                 "--indicator", "cpp_rate", "--as-at", "2019-03-31", "--out", str(out)])
    assert code == 0 and "as at 31 March 2019" in capsys.readouterr().out
    assert _card(out)[REFERENCE.schema.get("cpp_rate").title][0] == "31 Mar 2019"
    code = main(["export", "--db", shared_demo_database, "--format", "board", "--area", "937",
                 "--as-at", "someday", "--out", str(out)])
    assert code == 2 and "'someday' is not a day" in capsys.readouterr().err
