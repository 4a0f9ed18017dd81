"""The import wizard, clicked through as an officer would, over a fresh database."""

import threading

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWizard

from cpdesk import pipeline
from cpdesk.issues import ERROR, WARNING, Issue
from cpdesk.ui import import_worker
from cpdesk.ui.context import AppContext
from cpdesk.ui.import_wizard import ImportWizard
from cpdesk.ui.issues_model import IssuesModel
from cpdesk.ui.settings import AppSettings
from tests.conftest import SAMPLES

WARWICKSHIRE = SAMPLES / "warwickshire_cp_update_2020.xlsx"
BROKEN = SAMPLES / "broken_count_negative.xlsx"  # F5 on sheet Return: -1267 children looked after


@pytest.fixture
def ctx(tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    context = AppContext(tmp_path / "cpdesk.sqlite", settings=settings)
    yield context
    context.close()


def open_wizard(qtbot, ctx, path):
    wizard = ImportWizard(ctx, [path])
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def click_next(qtbot, wizard):
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def read_files(qtbot, wizard):
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.reading_page
    qtbot.waitUntil(wizard.reading_page.isComplete, timeout=20000)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page


def warwickshire_rate_2019(ctx):
    rows = ctx.store.observations(indicator="cpp_rate", area="E10000031")
    return {r.period.label: r.value for r in rows}.get("31 Mar 2019")


def test_clicking_through_imports_warwickshire(qtbot, ctx):
    changes = []
    ctx.data_changed.connect(lambda: changes.append(True))
    wizard = open_wizard(qtbot, ctx, WARWICKSHIRE)
    read_files(qtbot, wizard)
    preview = wizard.preview_page.model
    assert preview.rowCount() == 187
    rate_row = preview.row_of_cell("warwickshire_cp_update_2020.xlsx", "CP tables", "E4")
    assert preview.data(preview.index(rate_row, 4)) == "29.8"
    assert preview.data(preview.index(rate_row, 3)) == "31 Mar 2019"
    assert wizard.preview_page.sheet_combo.count() == 3  # all, 'CP tables', 'Table 5'
    click_next(qtbot, wizard)
    report = wizard.report_page.model
    assert report.rowCount() == 13
    assert report.data(report.index(0, 0)) == "Warning"  # no errors, so warnings come first
    click_next(qtbot, wizard)
    assert wizard.differences_page.model.rowCount() == 0
    click_next(qtbot, wizard)
    commit = wizard.commit_page
    assert commit.import_button.isEnabled() and not commit.skip_invalid.isVisible()
    assert warwickshire_rate_2019(ctx) is None
    qtbot.mouseClick(commit.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(commit.isComplete, timeout=20000)
    assert warwickshire_rate_2019(ctx) == pytest.approx(29.8)
    assert "added" in commit.result_label.text()
    assert changes == [True]
    assert ctx.settings.recent_files() == [str(WARWICKSHIRE)]
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert len(ctx.store.imports()) == 1


def test_reimport_after_an_edit_shows_the_difference(qtbot, ctx):
    plan, _ = pipeline.import_workbook(WARWICKSHIRE, ctx.reference, ctx.store, user="someone")
    rate = next(o for o in plan.observations if o.source.cell == "E4" and o.indicator_id == "cpp_rate")
    from dataclasses import replace
    ctx.store.record_edits([replace(rate, value=31.2, raw="31.2", source=None)], "someone")
    wizard = open_wizard(qtbot, ctx, WARWICKSHIRE)
    read_files(qtbot, wizard)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    model = wizard.differences_page.model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert row[2:] == ["", "31 Mar 2019", "31.2", "an edit in cpdesk", "29.8",
                       "warwickshire_cp_update_2020.xlsx CP tables E4"]


def test_cancel_while_reading_leaves_the_database_untouched(qtbot, ctx, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real_prepare = pipeline.prepare_import

    def slow_prepare(path, reference, store=None, *, progress=None, cancelled=None, **kwargs):
        progress("Reading slowly", 0.1)
        started.set()
        release.wait(10)
        return real_prepare(path, reference, store, progress=progress, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(import_worker, "prepare_import", slow_prepare)
    wizard = open_wizard(qtbot, ctx, WARWICKSHIRE)
    click_next(qtbot, wizard)
    page = wizard.reading_page
    qtbot.waitUntil(started.is_set, timeout=10000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: "cancelled" in page.status_label.text(), timeout=20000)
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert ctx.store.imports() == []
    assert ctx.store.observations() == []


def test_broken_workbook_shows_the_error_and_blocks_the_import(qtbot, ctx, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, ctx, BROKEN)
    read_files(qtbot, wizard)
    preview = wizard.preview_page
    click_next(qtbot, wizard)
    report = wizard.report_page
    report.severity_combo.setCurrentIndex(1)  # errors only
    assert report.model.rowCount() == 1
    error = report.model.issue_at(0)
    assert (error.severity, error.code, error.sheet, error.cell) == (ERROR, "negative", "Return", "F5")
    assert [report.model.data(report.model.index(0, c)) for c in (0, 1, 3, 4)] == \
        ["Error", "negative", "Return", "F5"]

    saved = tmp_path / "report.xlsx"
    monkeypatch.setattr("cpdesk.ui.import_wizard.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(saved), ""))
    qtbot.mouseClick(report.save_button, Qt.MouseButton.LeftButton)
    import openpyxl
    detail = openpyxl.load_workbook(saved)["Detail"]
    rows = [[c.value for c in row][:6] for row in detail.iter_rows(min_row=2)]
    assert ["Error", "negative", "Negative figure", "broken_count_negative.xlsx", "Return", "F5"] in rows

    report.show_figure(report.model.index(0, 0))
    assert wizard.currentPage() is preview
    selected = preview.table.selectionModel().selectedRows()
    assert len(selected) == 1
    figure = preview.model.figures[selected[0].row()]
    assert (figure.source.sheet, figure.source.cell) == ("Return", "F5")
    assert figure.value == -1267
    assert "negative" in preview.model.data(preview.model.index(selected[0].row(), 7))

    for _ in range(3):
        click_next(qtbot, wizard)
    commit = wizard.commit_page
    assert commit.skip_invalid.isVisible()
    assert not commit.import_button.isEnabled()
    commit.skip_invalid.setChecked(True)
    assert commit.import_button.isEnabled()


def test_skipping_invalid_figures_imports_the_rest(qtbot, ctx):
    wizard = open_wizard(qtbot, ctx, BROKEN)
    read_files(qtbot, wizard)
    for _ in range(3):
        click_next(qtbot, wizard)
    wizard.commit_page.skip_invalid.setChecked(True)
    qtbot.mouseClick(wizard.commit_page.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.commit_page.isComplete, timeout=20000)
    (record,) = ctx.store.imports()
    assert record.n_skipped == 1
    looked_after = {r.period.label: r.value for r in ctx.store.observations(indicator="cla_count",
                                                                             area="E10000014")}
    assert "31 Mar 2014" not in looked_after  # F5, the negative count
    assert len(looked_after) > 0


def test_issues_model_passes_the_model_tester(qtmodeltester):
    issues = [Issue("duplicate", WARNING, "C51 repeats B4", "w.xlsx", "CP tables", "C51"),
              Issue("not-a-number", ERROR, "Cell E4 holds 'abc'", "w.xlsx", "CP tables", "E4")]
    model = IssuesModel(issues)
    qtmodeltester.check(model)
    assert model.issue_at(0).code == "not-a-number"
    model.set_severity_filter(WARNING)
    assert model.rowCount() == 1 and model.issue_at(0).cell == "C51"
    qtmodeltester.check(model)
