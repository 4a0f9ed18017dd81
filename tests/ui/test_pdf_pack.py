"""The PDF board pack, made from the demo database for Warwickshire."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from cpdesk.store import open_store

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]

CHOSEN = ["cpp_rate", "cpp_repeat_pct", "icpc_15wd_pct"]
PDFTOTEXT = shutil.which("pdftotext")


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _text(path) -> str:
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pack(demo_db, reference, tmp_path_factory):
    from cpdesk.ui.pdf_pack import write_pdf_pack

    out = tmp_path_factory.mktemp("pack") / "board pack.pdf"
    with open_store(demo_db, create=False) as store:
        written = write_pdf_pack(store, reference, out, WARWICKSHIRE, CHOSEN)
    assert written == out
    return out


def test_pack_is_a_pdf_with_title_report_card_and_one_page_per_indicator(pack):
    data = pack.read_bytes()
    assert data.startswith(b"%PDF")
    assert _page_count(data) == 2 + len(CHOSEN)
    assert not [p for p in pack.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pack_text_has_council_title_and_figures(pack):
    text = _text(pack)
    assert "Warwickshire" in text
    assert "Child protection performance" in text
    assert "29.8" in text  # Warwickshire's CP plan rate at 31 March 2019, from its own report
    assert "Children subject to a CP plan per 10,000 children" in text
    assert "report card" in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_card_lists_chosen_indicators_in_order(pack):
    text = _text(pack)
    card = text[text.index("report card"):]
    first = [card.index(t) for t in ("Children subject to a CP plan", "second or subsequent", "ICPCs held")]
    assert first == sorted(first)


def test_comparison_rows_match_the_board_workbook_figures(source):
    from cpdesk.ui.pdf_pack import comparison_rows

    periods, cells = comparison_rows(source, WARWICKSHIRE, source.indicator("cpp_rate"))
    assert cells[0][0] == "Warwickshire"
    labels = [p.label for p in periods]
    assert cells[0][1 + labels.index("31 Mar 2019")] == "29.8"
    assert [row[0] for row in cells][-1] == "England"


def test_export_pdf_from_the_command_line(demo_db, tmp_path, capsys):
    from cpdesk.cli import main

    out = tmp_path / "pack.pdf"
    code = main(["export", "--format", "pdf", "--area", "937", "--indicator", "cpp_rate",
                 "--db", str(demo_db), "--out", str(out)])
    assert code == 0 and "Warwickshire" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")


def test_export_pdf_refuses_a_wrong_suffix_or_area(demo_db, tmp_path, capsys):
    from cpdesk.cli import main

    base = ["export", "--format", "pdf", "--db", str(demo_db)]
    assert main([*base, "--area", WARWICKSHIRE, "--out", str(tmp_path / "pack.xlsx")]) == 2
    assert ".pdf" in capsys.readouterr().err
    assert main([*base, "--area", "E92000001", "--out", str(tmp_path / "pack.pdf")]) == 2
    assert "council" in capsys.readouterr().err
    assert not (tmp_path / "pack.pdf").exists()
