"""The main window opens within the screen: at most 90% of a 1366 x 768 laptop's available area on a
first start, centred; a layout saved on a bigger monitor is brought back onto the smaller screen."""

import pytest
from PySide6.QtCore import QRect, QSettings, QSize

from cpdesk.ui import main_window
from cpdesk.ui.context import AppContext
from cpdesk.ui.main_window import MainWindow, first_geometry, fitted_geometry
from cpdesk.ui.settings import AppSettings

LAPTOP = QRect(0, 0, 1366, 728)  # 1366 x 768 less a 40-pixel taskbar
BIG_MONITOR = QRect(0, 0, 2560, 1400)


def test_a_first_window_on_a_laptop_is_90_percent_of_the_screen_centred():
    placed = first_geometry(LAPTOP)
    assert placed.size() == QSize(1229, 655)
    assert LAPTOP.contains(placed) and placed.center() == LAPTOP.center()


def test_a_first_window_on_a_big_monitor_keeps_its_preferred_size():
    placed = first_geometry(BIG_MONITOR)
    assert placed.size() == QSize(1280, 800) and placed.center() == BIG_MONITOR.center()


def test_a_first_window_on_a_second_screen_sits_on_that_screen():
    second = QRect(1920, 0, 1366, 728)
    assert second.contains(first_geometry(second))


def test_a_saved_place_that_fits_is_kept():
    saved = QRect(40, 30, 1000, 600)
    assert fitted_geometry(saved, LAPTOP) == saved


@pytest.mark.parametrize("saved", [
    QRect(200, 150, 2400, 1300),  # saved on a big monitor
    QRect(2700, 100, 1200, 700),  # saved on a monitor to the right, since unplugged
    QRect(-900, -400, 1000, 600),  # partly off the top left
])
def test_a_saved_place_that_no_longer_fits_is_brought_onto_the_screen(saved):
    fitted = fitted_geometry(saved, LAPTOP)
    assert LAPTOP.contains(fitted)
    assert fitted.width() <= min(saved.width(), 1229) and fitted.height() <= min(saved.height(), 655)


def test_a_window_moved_only_keeps_its_size():
    fitted = fitted_geometry(QRect(600, 300, 1000, 600), LAPTOP)
    assert fitted.size() == QSize(1000, 600) and LAPTOP.contains(fitted)


@pytest.fixture
def laptop_screen(monkeypatch):
    monkeypatch.setattr(main_window, "available_geometry", lambda _window: QRect(LAPTOP))


def open_window(qtbot, demo_db_template, settings_file):
    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    settings.home_council = "E10000031"
    ctx = AppContext(demo_db_template, settings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window, ctx


def test_the_window_first_opens_within_a_laptop_screen(qtbot, tmp_path, demo_db_template, laptop_screen):
    window, ctx = open_window(qtbot, demo_db_template, tmp_path / "fresh.ini")
    try:
        assert LAPTOP.contains(window.geometry())
        assert window.height() <= 655 and window.geometry().center() == LAPTOP.center()
        window.show()
        qtbot.waitExposed(window)
        status_bar = window.statusBar().geometry()
        assert status_bar.bottom() < window.height() and status_bar.height() > 0
    finally:
        ctx.close()


def test_a_layout_saved_on_a_big_monitor_opens_within_the_laptop_screen(qtbot, tmp_path, demo_db_template,
                                                                        laptop_screen):
    settings_file = tmp_path / "moved.ini"
    window, ctx = open_window(qtbot, demo_db_template, settings_file)
    window.setGeometry(QRect(300, 200, 2200, 1250))
    window.close()  # saves the layout
    ctx.close()
    again, ctx = open_window(qtbot, demo_db_template, settings_file)
    try:
        assert LAPTOP.contains(again.geometry())
    finally:
        ctx.close()
