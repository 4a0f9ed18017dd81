"""How long the trend chart takes to switch to another indicator, with national data loaded.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_chart.py``. Builds a ChartView
over made-up figures for every LA, region and England (13 years, every core indicator, about
90,000 figures), then times ``show_chart`` (spec from the index + pyqtgraph redraw + a repaint)
for each indicator in turn. Target: under 50 ms. Prints timings; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_query import HOME, national_observations  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cpdesk.chart.requests import ChartSource  # noqa: E402
from cpdesk.query.observations import ObservationIndex  # noqa: E402
from cpdesk.reference import load_reference  # noqa: E402
from cpdesk.ui.charts.chart_view import ChartView  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication([])
    reference = load_reference()
    observations = national_observations()
    source = ChartSource(ObservationIndex(observations), reference)
    view = ChartView(source)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    indicators = sorted({o.indicator_id for o in observations})
    times = []
    for indicator in indicators * 3:
        start = time.perf_counter()
        view.show_chart(indicator, HOME, "trend")
        view.plot.repaint()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{len(observations):,} figures, {len(indicators)} indicators, {len(times)} switches")
    print(f"switch trend chart: median {statistics.median(times):.1f} ms, "
          f"90th percentile {sorted(times)[int(len(times) * 0.9)]:.1f} ms, worst {max(times):.1f} ms")


if __name__ == "__main__":
    main()
