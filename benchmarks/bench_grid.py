"""How long the Data page's grid takes to switch selection on a national-sized store.

Run: ``.venv/bin/python benchmarks/bench_grid.py``. Builds the demo database, adds 100,000 made-up
DfE-style figures (every live LA, region and England, one figure a year or a 31 March snapshot
for every core indicator, a year at a time back from 2025, like the DfE's national files), then
times switching the grid to several indicators (areas x periods) and areas (indicators x periods):

- *model*: ``GridModel.load`` alone (read the figures, precompute every cell);
- *page*: what an officer waits for on the Data page, ``DataPage.set_selection`` (the load, fitting
  the columns to their contents and the caption) and the repaint that follows, in a 1200 x 800 window.

Each is run ``REPEATS`` times; the median and the worst are printed. Target: under 100 ms a switch.
Prints timings; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cpdesk.demo import build_demo  # noqa: E402
from cpdesk.indicators.areas import ENGLAND  # noqa: E402
from cpdesk.indicators.period_spans import financial_year, month_period, snapshot  # noqa: E402
from cpdesk.observation import Observation  # noqa: E402
from cpdesk.store import ImportBatch  # noqa: E402
from cpdesk.ui.context import AppContext  # noqa: E402
from cpdesk.ui.grid_model import AREAS_MODE, INDICATORS_MODE, GridModel  # noqa: E402
from cpdesk.ui.pages.data_page import DataPage  # noqa: E402
from cpdesk.ui.settings import AppSettings  # noqa: E402

N_FIGURES = 100_000
HOME = "E10000031"  # Warwickshire
REPEATS = 15
INDICATORS = ("cpp_rate", "cpp_starts_rate", "referrals_rate", "cpp_repeat_pct", "cpp_count")


def period_of(kind: str, year: int):
    if kind == "snapshot":
        return snapshot(dt.date(year, 3, 31))
    if kind == "month":
        return month_period(year, 3)
    return financial_year(year)


def generated_figures(ctx, n: int = N_FIGURES, seed: int = 2025) -> list[Observation]:
    """Yearly figures for every live LA, region and England until ``n`` are made."""
    rng = random.Random(seed)
    areas = ctx.areas
    codes = [a.code for a in areas.all("la") if a.closed is None and a.old_code]
    codes += [a.code for a in areas.all("region")] + [ENGLAND]
    indicators = [i for i in ctx.schema if not i.breakdown and not i.local and i.period_kind != "mid_year"]
    figures: list[Observation] = []
    for year in range(2025, 1990, -1):
        for indicator in indicators:
            period = period_of(indicator.period_kind, year)
            for code in codes:
                value = round(rng.uniform(indicator.valid_min, min(indicator.valid_max, 100.0)), 1)
                figures.append(Observation(code, indicator.id, period, value, raw=str(value),
                                           publisher="dfe"))
                if len(figures) == n:
                    return figures
    return figures


def timed(action, away) -> tuple[float, float]:
    """Median and worst of ``REPEATS`` runs, in ms; ``away`` (untimed) before each, so each is a switch."""
    times = []
    for _ in range(REPEATS):
        away()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def switch_page(app, page, mode: str, indicator_id: str, area_code: str) -> None:
    page.mode_combo.blockSignals(True)
    page.mode_combo.setCurrentIndex(page.mode_combo.findData(mode))
    page.mode_combo.blockSignals(False)
    page.set_selection(indicator_id, area_code)
    page.table.viewport().repaint()
    app.processEvents()


def report(app, model, page, mode: str, indicator_id: str, area_code: str, label: str) -> None:
    away = (INDICATORS_MODE, "cpp_rate", ENGLAND) if mode == AREAS_MODE else (AREAS_MODE, "cpp_rate", HOME)
    load_ms = timed(lambda: model.load(mode, indicator_id, area_code), lambda: model.load(*away))
    page_ms = timed(lambda: switch_page(app, page, mode, indicator_id, area_code),
                    lambda: switch_page(app, page, *away))
    print(f"{label:<36} {model.rowCount():>4} x {model.columnCount():<4} "
          f"model {load_ms[0]:6.1f} / {load_ms[1]:6.1f} ms   page {page_ms[0]:6.1f} / {page_ms[1]:6.1f} ms")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "db.sqlite"
        build_demo(db)
        settings = AppSettings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        settings.home_council = HOME
        ctx = AppContext(db, settings)
        figures = generated_figures(ctx)
        start = time.perf_counter()
        ctx.store.import_observations(ImportBatch("generated.csv", "", "bench", "bench", figures))
        print(f"imported {len(figures):,} generated figures in {time.perf_counter() - start:.1f} s")
        model = GridModel(ctx)
        page = DataPage(ctx)
        page.resize(1200, 800)
        page.show()
        app.processEvents()
        print(f"{'selection':<36} {'size':<11} {'median / worst of ' + str(REPEATS)}")
        for indicator in INDICATORS:
            report(app, model, page, AREAS_MODE, indicator, HOME, f"areas x periods, {indicator}")
        for area in (HOME, "E92000001", "E06000001"):
            report(app, model, page, INDICATORS_MODE, ctx.indicator_id, area, f"indicators x periods, {area}")
        page.close()
        ctx.close()


if __name__ == "__main__":
    main()
