"""The Imports page says which national data pack the database holds, and loads the shipped one."""

import pytest
from PySide6.QtCore import QSettings, Qt

from cpdesk.national_pack import shipped_manifest
from cpdesk.ui.context import AppContext
from cpdesk.ui.pages.imports_page import ImportsPage
from cpdesk.ui.settings import AppSettings


def open_context(tmp_path) -> AppContext:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    return AppContext(tmp_path / "cpdesk.sqlite", settings=settings)


@pytest.fixture
def page(qtbot, tmp_path):
    ctx = open_context(tmp_path)
    widget = ImportsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    ctx.close()


def test_without_the_pack_the_line_offers_it_and_the_button_loads_it(qtbot, page):
    assert page.pack_label.text().startswith(
        "No national data pack loaded. National data pack 2025.1 (DfE 2025) ships with cpdesk")
    assert page.load_pack_button.isEnabled()
    qtbot.mouseClick(page.load_pack_button, Qt.MouseButton.LeftButton)
    assert page.pack_label.text().startswith("National data pack 2025.1 (DfE 2025) loaded on ")
    assert "to 31 Mar 2025" in page.pack_label.text()
    assert not page.load_pack_button.isEnabled()
    assert page.model.data(page.model.index(0, 2)) == "National data pack 2025.1 (DfE 2025)"
    assert page.model.data(page.model.index(0, 5)) == f"{shipped_manifest().figures:,}"


def test_a_new_database_opened_by_the_app_starts_with_the_pack(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CPDESK_NATIONAL_PACK", "on")
    ctx = open_context(tmp_path)
    try:
        england = ctx.store.observations(indicator="cpp_rate", area="E92000001", publisher="dfe")
        assert (england[-1].period.label, england[-1].value) == ("31 Mar 2025", 40.6)
        imports = ctx.store.imports()
        ctx.close()
        ctx = open_context(tmp_path)  # opened again: loaded once only
        assert ctx.store.imports() == imports
    finally:
        ctx.close()


def test_after_the_pack_is_undone_the_line_says_so_and_the_button_loads_it_again(qtbot, page, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    qtbot.mouseClick(page.load_pack_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.select_import(page.model.record_at(0).id)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert " and then undone: its figures are not in the database." in page.pack_label.text()
    assert page.ctx.store.observations(indicator="cpp_rate", area="E92000001") == []
    assert page.load_pack_button.isEnabled()
    qtbot.mouseClick(page.load_pack_button, Qt.MouseButton.LeftButton)
    assert "undone" not in page.pack_label.text()
    assert page.ctx.store.observations(indicator="cpp_rate", area="E92000001")[-1].value == 40.6
