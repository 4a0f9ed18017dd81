"""The first-run dialog assumes no council: it starts empty on a fresh database, offers the council the
imported reports are about (and says so), keeps OK off until a council and a name are given, and on
Cancel leaves no home council (the pages open on England) and asks again at the next start. Each test
clicks the real dialog as ``welcome`` shows it at start-up."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox

from cpdesk.indicators.model import Period
from cpdesk.observation import CellRef, Observation
from cpdesk.store import ImportBatch
from cpdesk.ui.context import AppContext
from cpdesk.ui.first_run import welcome
from cpdesk.ui.import_wizard import ImportWizard
from cpdesk.ui.navigator import CODE_ROLE
from cpdesk.ui.settings import AppSettings
from tests.ui.windows import shown_window

HAMPSHIRE, KENT, BASINGSTOKE, ENGLAND = "E10000014", "E10000016", "E07000084", "E92000001"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")


@pytest.fixture
def settings(tmp_path):
    return AppSettings(QSettings(str(tmp_path / "cpdesk.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def fresh(tmp_path, settings):
    """A new database (areas and indicators only: the national data pack is off in the tests)."""
    ctx = AppContext(tmp_path / "cp.sqlite", settings)
    yield ctx
    ctx.close()


def import_figures(ctx, file_name: str, areas: tuple[str, ...], publisher: str = "local") -> None:
    figures = [Observation(area, "cpp_count", MAR_2019, 500.0 + n, raw=str(500 + n), publisher=publisher,
                           source=CellRef(file_name, "Table 1", f"C{n + 4}"))
               for n, area in enumerate(areas)]
    ctx.store.import_observations(ImportBatch(file_name=file_name, file_path=file_name,
                                              file_hash=f"hash-{file_name}", user="jo", observations=figures))


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_fresh_database_offers_no_council_and_ok_waits_for_one(qtbot, fresh, settings):
    def answer(dialog):
        shown(qtbot, dialog)
        assert dialog.council.currentText() == ""
        assert dialog.council.lineEdit().placeholderText() == "Type or choose your council"
        assert not dialog.why.isVisible()
        assert dialog.user.text() == "test-user"  # the name is there; the council is not
        assert not ok_button(dialog).isEnabled()
        qtbot.keyClick(dialog.user, Qt.Key.Key_Return)  # Enter does not get round it
        assert dialog.isVisible() and dialog.result() == 0
        assert settings.q.value("council/home") is None
        qtbot.keyClicks(dialog.council.lineEdit(), "Hampshyre")  # no council's name
        assert not ok_button(dialog).isEnabled()
        for typed in ("Hampshire (850)", "hampshire", "850"):  # as listed, by name or by code
            dialog.council.lineEdit().clear()
            assert not ok_button(dialog).isEnabled()
            qtbot.keyClicks(dialog.council.lineEdit(), typed)
            assert ok_button(dialog).isEnabled(), typed
        qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.result()

    welcome(fresh, answer)
    assert (settings.home_council, settings.first_run_done) == (HAMPSHIRE, True)
    assert fresh.area_code == HAMPSHIRE


def test_the_council_the_imported_reports_are_about_is_offered_with_the_reason(qtbot, fresh, settings):
    import_figures(fresh, "d1_2019.csv", (KENT, HAMPSHIRE, ENGLAND), publisher="dfe")
    import_figures(fresh, "hampshire_safeguarding.xlsx", (HAMPSHIRE, BASINGSTOKE, ENGLAND))

    def answer(dialog):
        shown(qtbot, dialog)
        assert dialog.council.currentData() == HAMPSHIRE
        assert dialog.why.isVisible()
        assert dialog.why.text() == "Hampshire: the council your imported reports are about"
        assert ok_button(dialog).isEnabled()
        dialog.council.setCurrentIndex(dialog.council.findData(KENT))
        assert not dialog.why.isVisible()  # the reason was for Hampshire
        dialog.council.setCurrentIndex(dialog.council.findData(HAMPSHIRE))
        qtbot.keyClick(dialog.user, Qt.Key.Key_Return)
        return dialog.result()

    welcome(fresh, answer)
    assert settings.home_council == HAMPSHIRE and fresh.area_code == HAMPSHIRE


def test_reports_about_several_councils_offer_none(qtbot, fresh):
    import_figures(fresh, "hampshire.xlsx", (HAMPSHIRE,))
    import_figures(fresh, "kent.xlsx", (KENT,))
    offered = []
    welcome(fresh, lambda dialog: offered.append((qtbot.addWidget(dialog), dialog.council.currentText())))
    assert offered[0][1] == ""


def test_a_council_already_in_the_settings_is_kept(qtbot, fresh, settings):
    settings.home_council = KENT  # chosen before, the first run not finished
    import_figures(fresh, "hampshire.xlsx", (HAMPSHIRE,))
    offered = []

    def answer(dialog):
        shown(qtbot, dialog)
        offered.append((dialog.council.currentData(), dialog.why.isVisible()))
        return 0

    welcome(fresh, answer)
    assert offered == [(KENT, False)]


def test_cancel_keeps_no_home_council_opens_on_england_and_asks_again(qtbot, settings, demo_db_template):
    ctx = AppContext(demo_db_template, settings)

    def cancel(dialog):
        shown(qtbot, dialog)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                         Qt.MouseButton.LeftButton)
        return dialog.result()

    welcome(ctx, cancel)
    assert (settings.home_council, settings.first_run_done) == ("", False)
    assert (ctx.area_code, ctx.home_council) == (ENGLAND, "")
    window = shown_window(qtbot, ctx)
    for index in range(window.tabs.count()):  # every page opens with no home council
        window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    assert window.status_label.text().startswith("-")
    top = window.navigator.areas_tree.topLevelItem(0)
    assert (window.navigator.areas_tree.topLevelItemCount(), top.data(0, CODE_ROLE)) == (1, ENGLAND)
    assert "South East" in {top.child(i).text(0) for i in range(top.childCount())}
    dashboard = window.pages["Dashboard"]
    window.tabs.setCurrentWidget(dashboard)
    assert dashboard.no_home.isVisible() and "File > Settings" in dashboard.no_home.text()
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    assert wizard.files_page.council() is None  # workbooks naming no council are filed under none
    asked = []
    welcome(ctx, lambda dialog: asked.append(qtbot.addWidget(dialog)))
    assert asked  # the next start asks again
    settings.home_council = HAMPSHIRE  # chosen in Settings later (what its OK does)
    ctx.notify_home_council_changed()
    assert window.navigator.areas_tree.topLevelItem(0).data(0, CODE_ROLE) == HAMPSHIRE
    assert not dashboard.no_home.isVisible()
    ctx.close()


def test_typing_part_of_a_name_lists_the_councils_that_contain_it(qtbot, fresh):
    def answer(dialog):
        shown(qtbot, dialog)
        dialog.council.lineEdit().setFocus()
        qtbot.keyClicks(dialog.council.lineEdit(), "hamp")
        completer = dialog.council.completer()
        model = completer.completionModel()
        listed = {model.index(row, 0).data() for row in range(completer.completionCount())}
        assert {"Hampshire (850)", "West Northamptonshire (941)"} <= listed
        assert not ok_button(dialog).isEnabled()  # "hamp" is no council's name: nothing is chosen for it
        return 0

    welcome(fresh, answer)


def test_the_import_wizard_files_under_the_council_its_field_names_or_none(qtbot, fresh):
    wizard = ImportWizard(fresh)
    qtbot.addWidget(wizard)
    field = wizard.files_page.council_combo.lineEdit()
    assert wizard.files_page.council() is None  # no home council: none is assumed
    qtbot.keyClicks(field, "kent")
    assert wizard.files_page.council() == KENT
    qtbot.keyClicks(field, "x")  # "kentx" names no council, whatever was chosen before
    assert wizard.files_page.council() is None
