"""High DPI: at a device pixel ratio of 2 the layout, fonts and column widths stay the same in
logical pixels while lines get as thick on the screen as at 1; saved chart PNGs are print-sized
with pens scaled to match, whatever the screen.

The ratio is fixed when Qt starts, so the window is opened in a process of its own by
``tests.ui.high_dpi_probe``. With CPDESK_SCREENSHOTS=1 the 2x grab refreshes docs/screenshots/.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from cpdesk.chart.palette import role_style
from cpdesk.chart.requests import ChartSource
from cpdesk.store import open_store
from cpdesk.ui.charts.chart_view import ChartView
from cpdesk.ui.charts.export import PRINT_SCALE, save_chart
from tests.ui.windows import demo_copy

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "docs" / "screenshots"
HOME_BLUE = QColor(role_style("home").colour)


def probe(database: Path, folder: Path, screenshot: Path, scale: int) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "QT_SCALE_FACTOR": str(scale), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "tests.ui.high_dpi_probe", str(database), str(folder),
                           str(screenshot)], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def database(demo_db_template, tmp_path):
    return demo_copy(demo_db_template, tmp_path)


def test_charts_page_at_device_pixel_ratio_two(database, tmp_path):
    folder = SCREENSHOTS if os.environ.get("CPDESK_SCREENSHOTS") == "1" else tmp_path
    single = probe(database, tmp_path / "1x", tmp_path / "1x" / "main_charts.png", 1)
    double = probe(database, tmp_path / "2x", folder / "main_charts_2x.png", 2)
    assert double["grab_ratio"] == 2.0 and double["grab_width"] == 2 * double["window_width"]
    for same in ("window_width", "plot_width", "file_column", "font_height"):
        assert double[same] == single[same], same  # logical sizes do not depend on the screen
    assert double["curve_pen"] == 2 * single["curve_pen"]  # pens are in device pixels
    assert double["axis_pen"] == 2 * single["axis_pen"]
    one, two = QImage(single["exported"]), QImage(double["exported"])
    assert two.size() == one.size() and two.width() == int(single["plot_width"] * PRINT_SCALE)
    assert round(two.dotsPerMeterX() / 39.37) == 96 * PRINT_SCALE


def home_blue_pixels(path: Path) -> int:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.width(), 4)
    blue, green, red = (pixels[..., i].astype(int) for i in range(3))
    near = (abs(red - HOME_BLUE.red()) < 40) & (abs(green - HOME_BLUE.green()) < 40) & \
        (abs(blue - HOME_BLUE.blue()) < 40)
    return int(near.sum())


def test_saved_png_lines_thicken_with_its_scale(database, reference, qtbot, tmp_path):
    store = open_store(database, create=False)
    view = ChartView(ChartSource.from_store(store, reference))
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    assert view.show_chart("cpp_rate", "E10000031")
    small = save_chart(view.plot, tmp_path / "small.png", scale=1, drawn=view.drawn)
    large = save_chart(view.plot, tmp_path / "large.png", scale=3, drawn=view.drawn)
    # Three times wider and three times thicker: about nine times the ink (about four if only longer).
    assert home_blue_pixels(large) > 7 * home_blue_pixels(small)
    store.close()


@pytest.fixture(scope="module")
def reference():
    from cpdesk.reference import load_reference

    return load_reference()
