"""Dark mode: chosen in Settings, applied at once, and every page still readable.

Chart frames, words and greys follow the palette; coloured rows (validation issues, undone
imports) keep a readable text colour; charts saved for board papers stay in print colours.
With CPDESK_SCREENSHOTS=1 the grabs refresh docs/screenshots/.
"""

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard

from cpdesk.chart.palette import RAG_COLOURS
from cpdesk.issues import ERROR, INFO, WARNING, Issue
from cpdesk.ui.charts.export import save_chart
from cpdesk.ui.context import AppContext
from cpdesk.ui.import_wizard import ImportWizard
from cpdesk.ui.issues_model import IssuesModel
from cpdesk.ui.theme import DARK, LIGHT, apply_theme, contrast_ratio, is_dark, readable_text
from tests.conftest import SAMPLES
from tests.ui.windows import demo_copy, settings_in, shown_window

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BROKEN = SAMPLES / "broken_count_negative.xlsx"  # F5 on sheet Return: -1267 children looked after
TEXT_CONTRAST = 4.5
LINE_CONTRAST = 3.0


@pytest.fixture
def themed_app(qapp):
    """The app's palette is global: whatever a test chooses is undone after it."""
    original = QPalette(qapp.palette())
    apply_theme(qapp, LIGHT)
    yield qapp
    qapp.styleHints().unsetColorScheme()
    qapp.setPalette(original)


@pytest.fixture
def window(qtbot, tmp_path, demo_db_template, themed_app):
    ctx = AppContext(demo_copy(demo_db_template, tmp_path), settings_in(tmp_path))
    win = shown_window(qtbot, ctx, (1400, 860))
    yield win
    ctx.close()


def screenshot_folder(tmp_path) -> Path:
    folder = SCREENSHOTS if os.environ.get("CPDESK_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def choose_colours_in_settings(qtbot, window, label: str) -> None:
    """File > Settings..., pick ``label`` in Colours by typing it, press OK."""
    def answer_dialog():
        dialog = QApplication.activeModalWidget()
        dialog.theme.setFocus()
        qtbot.keyClicks(dialog.theme, label)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    settings_action = next(a for a in window.findChildren(QAction) if a.text() == "&Settings...")
    QTimer.singleShot(0, answer_dialog)
    settings_action.trigger()
    wanted = label == "Dark"  # Qt posts the palette change to the widgets
    qtbot.waitUntil(lambda: is_dark(window.palette()) == wanted)


def chart_look(window) -> dict[str, QColor]:
    plot = window.pages["Charts"].view.plot
    return {"background": plot.backgroundBrush().color(),
            "axis": plot.getAxis("left").pen().color(),
            "England": window.pages["Charts"].view.drawn.items["England"].opts["pen"].color()}


def test_choosing_dark_in_settings_recolours_the_open_chart(window, qtbot):
    window.tabs.setCurrentIndex(1)
    light = chart_look(window)
    assert contrast_ratio(light["axis"], light["background"]) >= TEXT_CONTRAST
    choose_colours_in_settings(qtbot, window, "Dark")
    assert window.ctx.settings.theme == DARK
    assert is_dark(QApplication.palette())
    dark = chart_look(window)
    assert dark["background"] != light["background"] and dark["background"].lightness() < 80
    assert dark["axis"] != light["axis"]
    assert contrast_ratio(dark["axis"], dark["background"]) >= TEXT_CONTRAST
    assert contrast_ratio(dark["England"], dark["background"]) >= LINE_CONTRAST  # black would vanish
    choose_colours_in_settings(qtbot, window, "Light")
    assert chart_look(window)["background"] == light["background"]


def test_report_card_badges_and_sparklines_read_on_dark(window, qtbot):
    choose_colours_in_settings(qtbot, window, "Dark")
    tiles = window.pages["Dashboard"].card.tiles
    assert tiles
    for tile in tiles.values():
        assert tile.sparkline.grab().toImage().pixelColor(1, 1).lightness() < 80  # as painted
        badge = tile.badge.palette()
        text, fill = badge.color(QPalette.ColorRole.WindowText), badge.color(QPalette.ColorRole.Window)
        assert contrast_ratio(text, fill) >= TEXT_CONTRAST, tile.row.indicator_id
    for colour in RAG_COLOURS.values():
        assert contrast_ratio(readable_text(colour), QColor(colour)) >= TEXT_CONTRAST


def issue_rows(model):
    return [(model.data(model.index(r, 0), Qt.ItemDataRole.BackgroundRole).color(),
             model.data(model.index(r, 0), Qt.ItemDataRole.ForegroundRole).color())
            for r in range(model.rowCount())]


def test_issue_rows_keep_readable_text_on_dark(themed_app):
    issues = [Issue("x", severity, "message", "f.xlsx", "S", "A1") for severity in (ERROR, WARNING, INFO)]
    light = issue_rows(IssuesModel(issues))
    apply_theme(themed_app, DARK)
    dark = issue_rows(IssuesModel(issues))
    base = themed_app.palette().color(QPalette.ColorRole.Base)
    for (light_fill, light_text), (dark_fill, dark_text) in zip(light, dark, strict=True):
        assert contrast_ratio(light_text, light_fill) >= TEXT_CONTRAST
        assert contrast_ratio(dark_text, dark_fill) >= TEXT_CONTRAST
        assert dark_fill != light_fill and contrast_ratio(dark_fill, base) < contrast_ratio(light_fill, base)
    assert len({fill.name() for fill, _ in dark}) == 3  # the severities still look different


def test_wizard_preview_highlights_the_error_readably_on_dark(qtbot, window, tmp_path):
    choose_colours_in_settings(qtbot, window, "Dark")
    wizard = ImportWizard(window.ctx, [BROKEN], parent=window)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.reading_page.isComplete, timeout=20000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    model = wizard.preview_page.model
    row = model.row_of_cell("broken_count_negative.xlsx", "Return", "F5")
    fill = model.data(model.index(row, 3), Qt.ItemDataRole.BackgroundRole).color()
    text = model.data(model.index(row, 3), Qt.ItemDataRole.ForegroundRole).color()
    assert fill.lightness() < 128 and contrast_ratio(text, fill) >= TEXT_CONTRAST
    assert wizard.grab().save(str(screenshot_folder(tmp_path) / "import_wizard_preview_dark.png"))


def test_saved_chart_is_in_print_colours_while_the_app_is_dark(window, qtbot, tmp_path):
    choose_colours_in_settings(qtbot, window, "Dark")
    view = window.pages["Charts"].view
    target = save_chart(view.plot, tmp_path / "board.png", drawn=view.drawn)
    corner = QImage(str(target)).pixelColor(5, 5)
    assert corner.lightness() > 240
    assert view.plot.backgroundBrush().color().lightness() < 80  # the screen stays dark


def test_dark_screenshots_of_the_main_pages(window, qtbot, tmp_path):
    choose_colours_in_settings(qtbot, window, "Dark")
    folder = screenshot_folder(tmp_path)
    for index, name in enumerate(("dashboard", "charts", "data", "imports")):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(50)
        image = window.grab().toImage()
        assert image.pixelColor(image.width() // 2, image.height() - 40).lightness() < 128
        assert image.save(str(folder / f"main_{name}_dark.png"))


def status_cell_colours(window) -> tuple[QColor, QColor]:
    """(text, background) of the neighbours' TBC at 31 Mar 2020 on the Data page's grid (England's
    is the DfE's published figure there)."""
    page = window.pages["Data"]
    model = page.model
    row = next(r for r in range(model.rowCount())
               if model.headerData(r, Qt.Orientation.Vertical) == "Warwickshire statistical neighbours")
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "31 Mar 2020")
    index = model.index(row, column)
    assert index.data() == "TBC"
    text = index.data(Qt.ItemDataRole.ForegroundRole).color()
    return text, page.table.palette().color(QPalette.ColorRole.Base)


def test_grid_statuses_stay_readable_grey_on_dark(window, qtbot):
    window.tabs.setCurrentIndex(2)
    light_text, light_base = status_cell_colours(window)
    assert contrast_ratio(light_text, light_base) >= TEXT_CONTRAST
    choose_colours_in_settings(qtbot, window, "Dark")
    dark_text, dark_base = status_cell_colours(window)
    assert dark_text != light_text
    assert contrast_ratio(dark_text, dark_base) >= TEXT_CONTRAST
    assert contrast_ratio(dark_text, dark_base) < contrast_ratio(
        window.palette().color(QPalette.ColorRole.Text), dark_base)  # still muted beside plain figures
