"""How long the Data page's grid takes to switch selection on a national-sized store.

Run: ``.venv/bin/python benchmarks/bench_grid.py``. Builds the demo database, adds 100,000 made-up
DfE-style figures (every live LA, region and England, one figure a year or a 31 March snapshot
for every core indicator, a year at a time back from 2025, like the DfE's national files), then
times loading the grid for several indicators (areas x periods) and areas (indicators x periods).
Target: under 100 ms a switch. Prints timings; asserts nothing.
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
from cpdesk.ui.settings import AppSettings  # noqa: E402

N_FIGURES = 100_000
HOME = "E10000031"  # Warwickshire
REPEATS = 5
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


def timed(action) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    app = QApplication.instance() or QApplication([])  # noqa: F841 - models need one
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
        for indicator in INDICATORS:
            ms = timed(lambda i=indicator: model.load(AREAS_MODE, i, HOME))
            print(f"areas x periods   {indicator:<18} {model.rowCount():>4} x {model.columnCount():<4} "
                  f"{ms:7.1f} ms")
        for area in (HOME, "E92000001", "E06000001"):
            ms = timed(lambda a=area: model.load(INDICATORS_MODE, area_code=a))
            print(f"indicators x periods {area:<15} {model.rowCount():>4} x {model.columnCount():<4} "
                  f"{ms:7.1f} ms")
        ctx.close()


if __name__ == "__main__":
    main()
