"""Mapping an unrecognised row label in the import wizard, and the answer being remembered.

The figures are Warwickshire's children on child protection plans at 31 March 2016-2020 (473, 439,
563, 345, 295), as in its 2020 CP update, under a row label cpdesk does not know.
"""

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QStyleOptionViewItem, QWizard

from cpdesk import paths
from cpdesk.ui.context import AppContext
from cpdesk.ui.import_wizard import ImportWizard
from cpdesk.ui.mapping_page import ChoiceDelegate, LabelChoice, MappingModel
from cpdesk.ui.settings import AppSettings

PERIODS = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
FIGURES = [473, 439, 563, 345, 295]


def write_workbook(path, periods, figures):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "CP"
    sheet.append(["Warwickshire child protection"])
    sheet.append([])
    sheet.append(["", *periods])
    sheet.append(["Kids on CP plans", *figures])
    book.save(path)
    return path


@pytest.fixture
def ctx(tmp_path):
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    context = AppContext(tmp_path / "cpdesk.sqlite", settings=settings)
    yield context
    context.close()


def press(qtbot, wizard, which=QWizard.WizardButton.NextButton):
    button = wizard.button(which)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


click_next = press


def read_to_preview(qtbot, ctx, path):
    wizard = ImportWizard(ctx, [path])
    qtbot.addWidget(wizard)
    wizard.show()
    click_next(qtbot, wizard)
    qtbot.waitUntil(wizard.reading_page.isComplete, timeout=20000)
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page
    return wizard


def import_from_report(qtbot, wizard):
    assert wizard.currentPage() is wizard.report_page
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    commit = wizard.commit_page
    qtbot.mouseClick(commit.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(commit.isComplete, timeout=20000)


def stored_counts(ctx):
    rows = ctx.store.observations(indicator="cpp_count", area="E10000031")
    return {r.period.label: r.value for r in rows}


def unknown_issues(wizard):
    return [i for p in wizard.prepared.plans for i in p.report.issues if i.code.startswith("unknown")]


def test_mapped_label_is_read_imported_and_remembered(qtbot, ctx, tmp_path):
    wizard = read_to_preview(qtbot, ctx, write_workbook(tmp_path / "may.xlsx", PERIODS, FIGURES))
    assert wizard.prepared.plans[0].observations == []
    click_next(qtbot, wizard)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    model = page.model
    assert model.rowCount() == 1 and model.data(model.index(0, 0)) == "Kids on CP plans"
    assert model.setData(model.index(0, 1), "indicator")
    assert model.setData(model.index(0, 2), "cpp_count")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.isComplete() and page.apply_button.isEnabled(), timeout=20000)
    assert len(wizard.prepared.plans[0].observations) == 5
    assert model.rowCount() == 0  # nothing left unrecognised
    assert len(list(paths.mappings_dir().glob("*.json"))) == 1
    click_next(qtbot, wizard)
    import_from_report(qtbot, wizard)
    assert stored_counts(ctx)["31 Mar 2018"] == pytest.approx(563)

    june = write_workbook(tmp_path / "june.xlsx", [*PERIODS, "2020/21"], [*FIGURES, 310])
    wizard = read_to_preview(qtbot, ctx, june)
    assert unknown_issues(wizard) == []
    click_next(qtbot, wizard)  # no labels to map, so straight to the report
    import_from_report(qtbot, wizard)
    assert stored_counts(ctx)["31 Mar 2021"] == pytest.approx(310)


def test_choosing_another_kind_clears_the_value(qtmodeltester):
    model = MappingModel()
    model.set_choices([LabelChoice("Kids on CP plans", "may.xlsx", "indicator", "cpp_count"),
                       LabelChoice("Narnia", "may.xlsx", "area")])
    qtmodeltester.check(model)
    assert model.setData(model.index(0, 1), "area")
    assert model.data(model.index(0, 2)) == ""
    assert not model.setData(model.index(0, 1), "planet")
    assert not model.setData(model.index(0, 0), "renamed")
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags


def test_value_editor_offers_the_schema_indicators(qtbot, ctx):
    model = MappingModel()
    model.set_choices([LabelChoice("Kids on CP plans", "may.xlsx", "indicator")])
    delegate = ChoiceDelegate(ctx.schema, ctx.areas)
    editor = delegate.createEditor(None, QStyleOptionViewItem(), model.index(0, 2))
    qtbot.addWidget(editor)
    editor.setCurrentIndex(editor.findData("cpp_count"))
    delegate.setModelData(editor, model, model.index(0, 2))
    assert model.choices[0].value == "cpp_count"


def map_kids_on_plans(qtbot, wizard):
    click_next(qtbot, wizard)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert page.model.setData(page.model.index(0, 1), "indicator")
    assert page.model.setData(page.model.index(0, 2), "cpp_count")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.isComplete() and page.apply_button.isEnabled(), timeout=20000)


def test_back_from_mapping_shows_the_figures_read_with_the_answers(qtbot, ctx, tmp_path):
    wizard = read_to_preview(qtbot, ctx, write_workbook(tmp_path / "may.xlsx", PERIODS, FIGURES))
    preview = wizard.preview_page
    assert preview.model.rowCount() == 0
    map_kids_on_plans(qtbot, wizard)
    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentPage() is preview
    assert preview.model.rowCount() == 5
    row = preview.model.row_of_cell("may.xlsx", "CP", "D4")
    assert preview.model.data(preview.model.index(row, 1)) == ctx.schema.get("cpp_count").title
    assert preview.model.data(preview.model.index(row, 4)) == "563"
    assert preview.summary_label.text().startswith("5 figures")
    assert preview.sheet_combo.findText("may.xlsx — CP") >= 0
    click_next(qtbot, wizard)  # nothing left to map, so on to the report
    assert wizard.currentPage() is wizard.report_page


def test_double_clicked_issue_after_mapping_lands_on_the_fresh_preview(qtbot, ctx, tmp_path):
    path = write_workbook(tmp_path / "may.xlsx", PERIODS, [473, 439, 563, -345, 295])
    wizard = read_to_preview(qtbot, ctx, path)
    map_kids_on_plans(qtbot, wizard)
    click_next(qtbot, wizard)
    report = wizard.report_page
    assert wizard.currentPage() is report
    rows = [r for r in range(report.model.rowCount()) if report.model.issue_at(r).cell == "E4"]
    assert rows, "the negative count is reported"
    report.show_figure(report.model.index(rows[0], 0))
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    selected = preview.table.selectionModel().selectedRows()
    assert [preview.model.data(preview.model.index(i.row(), 4)) for i in selected] == ["-345"]


def test_the_labels_page_says_what_cpdesk_understood_of_each_label(qtmodeltester, tmp_path):
    import openpyxl

    from cpdesk.pipeline import prepare_import
    from cpdesk.reference import load_reference
    from cpdesk.ui.mapping_page import MappingModel, unmapped_labels

    book = openpyxl.Workbook()
    for row in (["Warwickshire"], ["", "2022/23", "2023/24"], ["Referrals", 10, 12],
                ["KPI 07 Referrals per widget", 1, 2]):
        book.active.append(row)
    book.save(tmp_path / "w.xlsx")
    plan = prepare_import(tmp_path / "w.xlsx", load_reference(), council="E10000031")
    [choice] = unmapped_labels(plan.report.issues)
    assert choice.label == "KPI 07 Referrals per widget"
    assert "understood: reference code 'KPI 07', referrals; not understood: 'per', 'widget'" in choice.why
    model = MappingModel()
    model.set_choices([choice])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 3)) == choice.why
    assert not model.setData(model.index(0, 3), "anything")
