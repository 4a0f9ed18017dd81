"""The window on a read-only or damaged database (title, status bar, no imports or edits) and File >
Restore backup..., which lists the backups with their dates and figure counts and puts one back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from cpdesk.store import backups, open_store
from cpdesk.ui.context import AppContext
from cpdesk.ui.grid_model import AREAS_MODE, GridModel
from cpdesk.ui.restore_dialog import RestoreDialog
from tests.core.db_fixtures import build_cpdesk_db, damage_pages, read_only
from tests.core.test_store import MAR_2019, batch, figure
from tests.ui.windows import settings_in, shown_window


@pytest.fixture
def cpdesk_db(tmp_path):
    folder = tmp_path / "team share"
    folder.mkdir()
    return build_cpdesk_db(folder / "cp.sqlite")


def backdated(db, days_ago: int):
    path = backups.take_backup(db)
    return path.rename(backups.new_backup_path(db, dt.datetime.now() - dt.timedelta(days=days_ago)))


def cpp_2019(ctx) -> float:
    [figure_2019] = [o for o in ctx.store.observations(indicator="cpp_count") if o.period == MAR_2019]
    return figure_2019.value


def menu_action(window, menu_title: str, text: str):
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == menu_title]
    [action] = [a for a in menu.actions() if a.text().replace("&", "") == text]
    return action


def test_a_read_only_database_is_shown_read_only_and_takes_no_imports_or_edits(qtbot, tmp_path, cpdesk_db):
    with read_only(cpdesk_db.parent):
        ctx = AppContext(cpdesk_db, settings_in(tmp_path))
        try:
            window = shown_window(qtbot, ctx)
            assert window.windowTitle() == "cpdesk - cp.sqlite (read-only)"
            assert not window.import_action.isEnabled()
            assert window.statusBar().currentMessage() == ctx.store.notice
            assert ctx.store.notice.startswith(f"Opened read-only: {cpdesk_db} cannot be written to")
            assert "read-only" in window.status_label.text()
            model = GridModel(ctx)
            model.load(AREAS_MODE, "cpp_count", "E10000031")
            assert model.rowCount() > 0 and model.columnCount() > 0
            assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
        finally:
            ctx.close()


def test_the_restore_dialog_lists_backups_and_restores_the_one_chosen(qtbot, qtmodeltester, tmp_path,
                                                                       cpdesk_db):
    older = backdated(cpdesk_db, 2)
    with open_store(cpdesk_db) as store:  # today's backup is taken here, then 2019 is corrected
        store.import_observations(batch([figure("cpp_count", MAR_2019, 346, cell="E10")], file_hash="fix"))
    ctx = AppContext(cpdesk_db, settings_in(tmp_path))
    try:
        window = shown_window(qtbot, ctx)
        assert menu_action(window, "File", "Restore backup...").isEnabled()
        assert cpp_2019(ctx) == 346.0
        dialog = RestoreDialog(ctx, window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtmodeltester.check(dialog.model)
        shown = [[dialog.model.index(r, c).data() for c in range(4)] for r in range(dialog.model.rowCount())]
        assert [row[2] for row in shown] == [p.name for p in backups.backup_files(cpdesk_db)]
        assert shown[1] == [backups.describe(older).when, "3", older.name, "good"]
        assert not dialog.restore_button.isEnabled()

        rect = dialog.table.visualRect(dialog.model.index(1, 2))
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

        assert cpp_2019(ctx) == 345.0
        assert dialog.done_message.startswith(f"Restored '{older.name}' (")
        assert window.statusBar().currentMessage() == dialog.done_message
        kept = backups.backup_files(cpdesk_db)[0]
        with open_store(kept, create=False, read_only=True) as copy:
            assert 346.0 in [o.value for o in copy.observations(indicator="cpp_count")]
    finally:
        ctx.close()


def test_a_damaged_database_is_shown_read_only_and_restoring_its_backup_makes_it_writable(qtbot, tmp_path,
                                                                                          cpdesk_db):
    good = backups.take_backup(cpdesk_db)
    damage_pages(cpdesk_db, cpdesk_db)
    ctx = AppContext(cpdesk_db, settings_in(tmp_path))
    try:
        window = shown_window(qtbot, ctx)
        assert window.windowTitle() == "cpdesk - cp.sqlite (read-only)"
        assert f"The newest good backup is '{good.name}'" in window.statusBar().currentMessage()
        assert not window.import_action.isEnabled()

        dialog = RestoreDialog(ctx, window)
        qtbot.addWidget(dialog)
        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        window.show_database_state()

        assert not ctx.store.read_only
        assert window.windowTitle() == "cpdesk - cp.sqlite"
        assert window.import_action.isEnabled()
        assert "The damaged file it replaced is kept as" in dialog.done_message
    finally:
        ctx.close()


def _buttons_offered(qtbot, db) -> list[str]:
    """The buttons of the warning offer_restore shows for ``db``, which is then closed."""
    from types import SimpleNamespace

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from cpdesk.ui.restore_dialog import offer_restore

    seen: list[str] = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.extend(button.text() for button in box.buttons())
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Close), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, read_and_close)
    assert offer_restore(SimpleNamespace(db_location=db), "The database is damaged.") is False
    return seen


def test_a_database_too_damaged_to_open_is_offered_its_backups_only_when_it_has_some(qtbot, cpdesk_db):
    assert not any("Restore" in text for text in _buttons_offered(qtbot, cpdesk_db))
    backups.take_backup(cpdesk_db)
    assert any(text == "Restore backup..." for text in _buttons_offered(qtbot, cpdesk_db))
