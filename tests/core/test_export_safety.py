"""A failed export never damages the file it would replace, and text is never run as a formula."""

from __future__ import annotations

import datetime as dt
import os
import zipfile

import pytest

from cpdesk.export import cpdesk_format
from cpdesk.export.cpdesk_format import write_cpdesk_format
from cpdesk.export.history_export import write_history
from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.periods import parse_period
from cpdesk.observation import CellRef, Observation
from cpdesk.store import open_store
from cpdesk.store.records import ImportBatch

FIGURE = Observation("E10000031", "cpp_repeat_pct", parse_period("2019/20"), 23.8, raw="=1+1",
                     source=CellRef("warwickshire_cp_update_2020.xlsx", "Table 3", "C12"))


def test_a_crash_while_writing_leaves_the_old_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "figures.xlsx"
    target.write_bytes(b"the previous export")
    real_write = cpdesk_format._write_xlsx

    def write_then_fail(observations, filename, db_label):
        real_write(observations, filename, db_label)
        raise RuntimeError("disk full")

    monkeypatch.setattr(cpdesk_format, "_write_xlsx", write_then_fail)
    with pytest.raises(RuntimeError):
        write_cpdesk_format([FIGURE], target)
    assert target.read_bytes() == b"the previous export"
    assert os.listdir(tmp_path) == ["figures.xlsx"]


def test_a_locked_target_gives_a_clear_message(tmp_path, monkeypatch):
    def refuse(_src, _dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match=r"figures.xlsx is open in another program \(Excel\?\)"):
        write_cpdesk_format([FIGURE], tmp_path / "figures.xlsx")
    assert os.listdir(tmp_path) == []


def test_formula_like_text_is_stored_as_text(tmp_path):
    path = write_cpdesk_format([FIGURE], tmp_path / "figures.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    # constant_memory mode writes strings inline: the text is there, with no formula element.
    assert "<f>" not in sheet and 't="inlineStr"><is><t>=1+1</t>' in sheet


def test_history_lists_each_change(database, tmp_path):
    import openpyxl

    with open_store(database) as store:
        from cpdesk.reference import load_reference

        reference = load_reference()
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        store.import_observations(ImportBatch("a.xlsx", "a.xlsx", "1", "ann", [FIGURE]))
        edited = Observation(FIGURE.area_code, FIGURE.indicator_id, FIGURE.period, 23.9, raw="23.9")
        store.record_edits([edited], "bob", reason="typing error")
        cell = store.observations()[0]
        revisions = store.history(cell.area_code, cell.indicator_id, cell.period)
    titles = {i.id: i.title for i in reference.schema}
    write_history([(cell, r) for r in revisions], tmp_path / "history.xlsx", titles)
    rows = list(openpyxl.load_workbook(tmp_path / "history.xlsx")["history"].iter_rows(values_only=True))
    header, first, second = rows
    column = {title: n for n, title in enumerate(header)}
    assert len(rows) == 3
    assert second[column["Changed by"]] == "bob" and second[column["Reason"]] == "typing error"
    assert (second[column["Old value"]], second[column["New value"]]) == (23.8, 23.9)
    assert first[column["Changed by"]] == "ann" and first[column["Source file"]] == FIGURE.source.file
    assert first[column["Source cell"]] == FIGURE.source.cell and second[column["Source file"]] is None
    assert first[column["Indicator"]] == reference.schema[FIGURE.indicator_id].title
    assert first[column["Area"]] == reference.areas.find(FIGURE.area_code).name
    assert isinstance(second[column["Changed at (UTC)"]], dt.datetime)  # a real date-time, not text
    assert second[column["Changed at (UTC)"]] >= first[column["Changed at (UTC)"]]
