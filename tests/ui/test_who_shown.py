"""Wherever the app says who changed a figure it names the officer and their database login, on SQLite
and PostgreSQL: the history dialog, the Imports & history page and the grid's tooltip. Alice imports
Warwickshire's CP update (2020); Bob, at another desk, corrects its 31 March 2019 rate (29.8 -> 30.1)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cpdesk import pipeline
from cpdesk.indicators.model import Period
from cpdesk.observation import Observation
from cpdesk.store import open_store
from cpdesk.ui.context import AppContext
from cpdesk.ui.history_dialog import COLUMNS
from tests.conftest import SAMPLES
from tests.core.test_history_who import login_of
from tests.ui.windows import settings_in, shown_window

WARWICKSHIRE = "E10000031"
MAR_2019 = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
SCREENSHOTS = os.environ.get("CPDESK_SCREENSHOTS")  # a folder to keep the dialog's picture in, if set


@pytest.fixture
def window(qtbot, tmp_path, database):
    settings = settings_in(tmp_path, WARWICKSHIRE)
    settings.user_name = "Alice Brown"
    ctx = AppContext(database, settings)
    plan = pipeline.prepare_import(SAMPLES / "warwickshire_cp_update_2020.xlsx", ctx.reference, ctx.store)
    pipeline.commit_import(plan, ctx.store, user="Alice Brown")
    with open_store(database) as bobs:
        bobs.record_edits([Observation(WARWICKSHIRE, "cpp_rate", MAR_2019, 30.1, raw="30.1")], "Bob Patel")
    ctx.select("cpp_rate", WARWICKSHIRE)
    win = shown_window(qtbot, ctx, (1366, 768))
    win.tabs.setCurrentWidget(win.pages["Data"])
    win.pages["Data"].refresh()
    yield win
    ctx.close()


def rate_2019(page):
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.code == WARWICKSHIRE)
    column = next(i for i, p in enumerate(model.periods) if p.label == MAR_2019.label)
    return model.index(row, column)


def test_the_history_dialog_and_the_tooltip_name_the_login(window, qtbot, database, tmp_path):
    login = login_of(database)
    page = window.pages["Data"]
    index = rate_2019(page)
    assert index.data() == "30.1"
    assert index.data(Qt.ItemDataRole.ToolTipRole).splitlines()[-1].endswith(f" by Bob Patel ({login})")
    page.table.setCurrentIndex(index)
    next(a for a in page.build_context_menu(index).actions() if a.text() == "History...").trigger()
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    who = COLUMNS.index("Who")
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(len(COLUMNS))] for r in range(model.rowCount())]
    assert [(row[who], row[COLUMNS.index("New")]) for row in rows] == [
        (f"Alice Brown ({login})", "29.8"), (f"Bob Patel ({login})", "30.1")]
    assert dialog.table.columnWidth(who) >= dialog.table.sizeHintForColumn(who)  # the login is not cut off
    folder = SCREENSHOTS or str(tmp_path)
    assert dialog.grab().save(os.path.join(folder, "history_who_dialog.png"))
    dialog.close()


def test_the_imports_page_names_the_login(window, database):
    login = login_of(database)
    page = window.pages["Imports & history"]
    window.tabs.setCurrentWidget(page)
    page.refresh()
    model = page.model
    user = model.columns.index("User")
    assert [model.index(r, user).data() for r in range(model.rowCount())] == [
        f"Bob Patel ({login})", f"Alice Brown ({login})"]
