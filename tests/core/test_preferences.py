"""The command line finds the home council in the app's settings file, without Qt, whichever version
of cpdesk wrote it."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from cpdesk import cli

HAMPSHIRE = "E10000014"
WRITTEN = {
    "now": f"[council]\nhome={HAMPSHIRE}\n\n[officer]\nname=Sam Patel\n",
    "earlier": f"[%General]\nhome_council={HAMPSHIRE}\nuser_name=Sam Patel\n",  # general/ as Qt stored it
}


@pytest.mark.parametrize("version", WRITTEN)
def test_a_board_export_without_area_is_for_the_saved_home_council(demo_db_template, tmp_path, monkeypatch,
                                                                    capsys, version):
    home = tmp_path / "home"
    home.mkdir()
    (home / "cpdesk.ini").write_text(WRITTEN[version])
    monkeypatch.setenv("CPDESK_HOME", str(home))
    out = tmp_path / "board.xlsx"
    code = cli.main(["export", "--format", "board", "--out", str(out), "--db", str(demo_db_template)])
    assert code == 0, capsys.readouterr().err
    book = load_workbook(out)
    cells = [str(c) for sheet in book.worksheets for row in sheet.iter_rows(max_row=3, values_only=True)
             for c in row if c]
    assert any("Hampshire" in text for text in cells)
