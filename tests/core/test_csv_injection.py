"""CSV exports and ``dump`` never hand a spreadsheet a formula: text cells beginning =, +, -, @, tab or
CR get a single quote (OWASP), figures stay numbers, and cpdesk's own CSV reads back unchanged.
Checked in pure Python always, and in LibreOffice (opened headless, read back with openpyxl) where
it is installed."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdesk.cli import main
from cpdesk.csv_cells import FORMULA_STARTS, kept_exact, neutralised, restored
from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.export.dfe_format import write_dfe_format
from cpdesk.indicators.periods import parse_period
from cpdesk.national_pack import pack_bytes, read_pack
from cpdesk.observation import CellRef, Observation
from cpdesk.pipeline import import_workbook
from cpdesk.store.records import ImportBatch
from tests.core.test_export_cpdesk import REFERENCE, _empty_store, _fields

HOSTILE = ["=HYPERLINK(\"http://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1", "'=already quoted", "''", "=cmd.xlsx"]
SOURCE = CellRef("=HYPERLINK(\"http://example.invalid\").xlsx", "@Table 1", "D10")


def figures() -> list[Observation]:
    """Figures whose raw text and provenance a spreadsheet would run, beside honest negatives."""
    rows = [Observation("E10000031", "cpp_count", parse_period("31 Mar 2019"), 345.0, raw=HOSTILE[0],
                        source=SOURCE),
            Observation("E10000031", "cpp_count", parse_period("31 Mar 2020"), None, "tbc", raw=HOSTILE[1],
                        source=CellRef(HOSTILE[4], HOSTILE[5], "B4")),
            Observation("E10000031", "cpp_repeat_pct", parse_period("2019/20"), 23.8, raw="-2+3",
                        source=CellRef("-report.csv", "+sheet", "C7"))]
    rows += [Observation("E10000031", "cpp_repeat_pct", parse_period(f"{2000 + i}/{i + 1:02d}"), 23.8,
                         raw=text, source=CellRef(text, text, "A1"))
             for i, text in enumerate(HOSTILE[2:], start=10)]
    return rows


def formula_like(cell: str) -> bool:
    """A cell a spreadsheet could take for a formula: it begins with a formula character and is not a
    plain number."""
    if not cell or cell[0] not in FORMULA_STARTS:
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def cells_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


@given(st.text(max_size=12))
def test_neutralising_is_undone_exactly_and_leaves_no_formula(text):
    assert restored(neutralised(text)) == text
    assert restored(kept_exact(text)) == text
    assert not formula_like(neutralised(text))


def test_figures_stay_numbers_and_texts_beginning_minus_are_quoted():
    assert neutralised("-3.5") == "-3.5" and neutralised("-1e-07") == "-1e-07" and neutralised(-3.5) == -3.5
    assert neutralised("-") == "'-" and neutralised("-2+3") == "'-2+3"
    assert neutralised("+44 1926") == "'+44 1926"
    assert neutralised("23.8%") == "23.8%" and neutralised("") == ""


@pytest.fixture
def hostile_database(database):
    """A database holding figures, file names and raw texts that begin with formula characters."""
    with _empty_store(database) as store:
        store.import_observations(ImportBatch("=cmd.xlsx", "=cmd.xlsx", "h", "tester", figures()))
        negative = Observation("E10000031", "cin_rate", parse_period("2018/19"), -3.5, raw="-3.5",
                               source=CellRef("report.xlsx", "Table 2", "B3"))  # a figure, not a formula
        store.import_observations(ImportBatch("report.xlsx", "report.xlsx", "h1", "tester", [negative]))
        dfe = Observation("E10000031", "cpp_count", parse_period("31 Mar 2019"), 350.0, raw="350",
                          source=CellRef("-dfe.csv", "-dfe", "F2"), publisher="dfe")
        store.import_observations(ImportBatch("-dfe.csv", "-dfe.csv", "h2", "tester", [dfe]))
    return database


def csv_outputs(database: str, folder: Path, capsys) -> dict[str, Path]:
    """Every CSV cpdesk writes: the cpdesk and DfE exports, dump and reconcile."""
    from cpdesk.store import open_store

    with open_store(database) as store:
        stored = store.observations()
        outputs = {"cpdesk": write_cpdesk_format(stored, folder / "cpdesk.csv")}
        write_dfe_format(stored, folder / "dfe.csv", REFERENCE.schema, REFERENCE.areas)
        outputs["dfe"] = folder / "dfe.csv"
    for command in ("dump", "reconcile"):
        assert main([command, "--db", str(database)]) == 0
        outputs[command] = folder / f"{command}.csv"
        outputs[command].write_bytes(capsys.readouterr().out.encode("utf-8"))
    return outputs


def test_no_csv_cpdesk_writes_begins_a_text_cell_with_a_formula_character(hostile_database, tmp_path, capsys):
    outputs = csv_outputs(hostile_database, tmp_path, capsys)
    for name, path in outputs.items():
        rows = cells_of(path.read_bytes().decode("utf-8"))
        assert len(rows) > 1, name
        assert [c for row in rows for c in row if formula_like(c)] == [], name
    dump = cells_of(outputs["dump"].read_bytes().decode("utf-8"))
    assert any(c == "'=cmd.xlsx" for row in dump for c in row)  # the file name, quoted
    assert any(c == "'-2+3" for row in dump for c in row)  # a raw text beginning "-", quoted


def test_cpdesks_own_csv_reads_back_unchanged(database, tmp_path):
    with _empty_store(database) as first, _empty_store(tmp_path / "second.sqlite") as second:
        first.import_observations(ImportBatch("=cmd.xlsx", "=cmd.xlsx", "h", "tester", figures()))
        write_cpdesk_format(first.observations(), tmp_path / "out.csv")
        plan, outcome = import_workbook(tmp_path / "out.csv", REFERENCE, second, user="tester")
        assert outcome is not None and not plan.has_errors
        assert sorted(map(_fields, second.observations())) == sorted(map(_fields, first.observations()))


def test_the_national_pack_quotes_and_restores_the_same_way(tmp_path):
    pack = tmp_path / "national_pack.csv.gz"
    dfe = [Observation("E10000031", "cpp_count", parse_period("31 Mar 2019"), -3.5, raw="-2+3",
                       source=CellRef("=d3.csv", "=d3", "B2"), publisher="dfe")]
    pack.write_bytes(pack_bytes(dfe))
    assert read_pack(tmp_path) == dfe


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _open_in_libreoffice(files: list[Path], out: Path, folder: Path) -> None:
    """Each CSV opened by LibreOffice as a spreadsheet (comma, double quote, UTF-8) and saved as .xlsx."""
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'lo-profile'}",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(out),
                    *map(str, files)],
                   check=True, capture_output=True, timeout=120)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_csv_with_no_formula_and_numbers_as_numbers(hostile_database, tmp_path,
                                                                           capsys):
    outputs = csv_outputs(hostile_database, tmp_path, capsys)
    converted = tmp_path / "converted"
    _open_in_libreoffice(list(outputs.values()), converted, tmp_path)
    for name, path in outputs.items():
        sheet = openpyxl.load_workbook(converted / f"{path.stem}.xlsx").active
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
        assert cells, name
        assert [c.coordinate for c in cells if c.data_type == "f"] == [], name
        assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells), name
    dump = openpyxl.load_workbook(converted / "dump.xlsx").active
    header = [c.value for c in dump[1]]
    values = [row[header.index("value")] for row in dump.iter_rows(min_row=2, values_only=True)]
    assert 345 in values and -3.5 in values and all(v is None or isinstance(v, (int, float)) for v in values)


def test_the_control_a_raw_formula_is_run_by_libreoffice(tmp_path):
    """The check above can fail: the same cell unquoted is a formula to LibreOffice."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = tmp_path / "raw.csv"
    path.write_text('a,b\n=1+1,"=HYPERLINK(""http://example.invalid"")"\n', encoding="utf-8")
    _open_in_libreoffice([path], tmp_path, tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "raw.xlsx").active
    assert sheet["A2"].data_type == "f"
