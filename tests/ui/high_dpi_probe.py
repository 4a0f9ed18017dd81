"""Run in its own process with QT_SCALE_FACTOR=2 (the device pixel ratio is fixed when Qt starts):
opens the Charts page on a database, saves a grab of the window and an exported chart, and prints
what the test checks as JSON.

    python -m tests.ui.high_dpi_probe DATABASE WORK_FOLDER SCREENSHOT.png
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def main(database: str, folder: str, screenshot: str) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    app.setStyle("Fusion")
    from cpdesk.ui.charts.export import save_chart
    from cpdesk.ui.context import AppContext
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.settings import AppSettings

    out = Path(folder)
    settings = AppSettings(QSettings(str(out / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = "E10000031"
    ctx = AppContext(database, settings)
    window = MainWindow(ctx)
    window.resize(1400, 860)
    window.tabs.setCurrentIndex(1)
    window.show()
    app.processEvents()
    view = window.pages["Charts"].view
    grab = window.grab()
    grab.save(screenshot)
    exported = save_chart(view.plot, out / "exported.png", drawn=view.drawn)
    table = window.pages["Imports & history"].table
    print(json.dumps({
        "grab_ratio": grab.devicePixelRatio(), "grab_width": grab.width(), "window_width": window.width(),
        "curve_pen": view.drawn.items["Warwickshire"].opts["pen"].widthF(),
        "axis_pen": view.plot.getAxis("left").pen().widthF(),
        "plot_width": view.plot.getPlotItem().sceneBoundingRect().width(),
        "exported": str(exported), "file_column": table.columnWidth(1),
        "font_height": window.fontMetrics().height(),
    }))
    ctx.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
