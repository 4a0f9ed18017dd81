"""The Imports & history page: the list of imports, their reports, and undoing a whole import."""

from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from cpdesk import pipeline
from cpdesk.ui.context import AppContext
from cpdesk.ui.pages.imports_page import ImportsModel, ImportsPage
from cpdesk.ui.settings import AppSettings
from tests.conftest import SAMPLES

WARWICKSHIRE = SAMPLES / "warwickshire_cp_update_2020.xlsx"


@pytest.fixture
def ctx(tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    context = AppContext(tmp_path / "cpdesk.sqlite", settings=settings)
    yield context
    context.close()


def rate_2019(ctx):
    rows = ctx.store.observations(indicator="cpp_rate", area="E10000031")
    return {r.period.label: r.value for r in rows}.get("31 Mar 2019")


def edit_then_import(ctx):
    """An officer types 30.5 for Warwickshire's 2019 rate, then imports the update, which says 29.8."""
    plan = pipeline.prepare_import(WARWICKSHIRE, ctx.reference, ctx.store)
    rate = next(o for o in plan.observations if o.indicator_id == "cpp_rate" and o.source.cell == "E4")
    ctx.store.record_edits([replace(rate, value=30.5, raw="30.5", source=None)], "officer")
    plan = pipeline.prepare_import(WARWICKSHIRE, ctx.reference, ctx.store)  # checked against the edit
    outcome = pipeline.commit_import(plan, ctx.store, user="officer")
    return outcome.import_id


def make_page(qtbot, ctx):
    page = ImportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def column(model, col):
    return [model.data(model.index(row, col)) for row in range(model.rowCount())]


def test_the_page_lists_imports_newest_first(qtbot, ctx):
    import_id = edit_then_import(ctx)
    page = make_page(qtbot, ctx)
    assert column(page.model, 2)[0] == "warwickshire_cp_update_2020.xlsx"
    assert column(page.model, 4) == ["Import", "Edit"]
    assert column(page.model, 9) == ["Stored", "Stored"]
    assert page.model.record_at(0).id == import_id
    assert column(page.model, 6)[0] == "1"  # the edited rate is the one figure changed
    assert not page.undo_button.isEnabled()  # nothing selected yet


def test_open_report_shows_the_stored_issues(qtbot, ctx):
    edit_then_import(ctx)
    page = make_page(qtbot, ctx)
    page.table.selectRow(0)
    qtbot.mouseClick(page.open_report_button, Qt.MouseButton.LeftButton)
    model = page.report_dialog.model
    codes = column(model, 1)
    assert "differs-from-stored" in codes and "duplicate" in codes
    differs = codes.index("differs-from-stored")
    assert column(model, 4)[differs] == "E4"
    assert "30.5" in model.issue_at(differs).message


def test_undo_restores_the_previous_values_and_is_listed(qtbot, ctx, monkeypatch):
    import_id = edit_then_import(ctx)
    assert rate_2019(ctx) == pytest.approx(29.8)
    page = make_page(qtbot, ctx)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args) or QMessageBox.StandardButton.Yes)
    page.select_import(import_id)
    assert page.undo_button.isEnabled()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert rate_2019(ctx) == pytest.approx(30.5)
    assert column(page.model, 4) == ["Undo", "Import", "Edit"]
    assert column(page.model, 9)[1] == "Undone"
    assert ctx.store.get_import(import_id).status == "undone"
    page.table.selectRow(1)
    assert not page.undo_button.isEnabled()  # an undone import cannot be undone again


def test_declining_the_question_changes_nothing(qtbot, ctx, monkeypatch):
    import_id = edit_then_import(ctx)
    page = make_page(qtbot, ctx)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.select_import(import_id)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert rate_2019(ctx) == pytest.approx(29.8)
    assert len(ctx.store.imports()) == 2


def test_a_refused_undo_shows_the_store_message(qtbot, ctx, monkeypatch):
    import_id = edit_then_import(ctx)
    plan = pipeline.prepare_import(WARWICKSHIRE, ctx.reference, ctx.store)
    rate = next(o for o in plan.observations if o.indicator_id == "cpp_rate" and o.source.cell == "E4")
    ctx.store.record_edits([replace(rate, value=28.0, raw="28.0", source=None)], "officer")
    page = make_page(qtbot, ctx)
    warnings = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    page.select_import(import_id)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1 and warnings[0]
    assert rate_2019(ctx) == pytest.approx(28.0)
    assert ctx.store.get_import(import_id).status == "committed"


def test_imports_model_passes_the_model_tester(qtmodeltester, ctx):
    edit_then_import(ctx)
    model = ImportsModel(ctx.store.imports())
    qtmodeltester.check(model)
    model.set_records([])
    qtmodeltester.check(model)
