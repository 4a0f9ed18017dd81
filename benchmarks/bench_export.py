"""Time the cpdesk-format export against xlsxwriter alone writing the same cells.

~91,000 figures: 152 LAs x 60 indicators x 10 financial years. Run with
``python benchmarks/bench_export.py``; the target is at most 1.3x xlsxwriter's own time.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import xlsxwriter

from cpdesk.export.cpdesk_format import COLUMNS, observation_row, write_cpdesk_format
from cpdesk.export.safe_write import XLSX_OPTIONS
from cpdesk.indicators.areas import load_areas
from cpdesk.indicators.model import Period
from cpdesk.observation import CellRef, Observation

N_INDICATORS = 60
YEARS = range(2015, 2025)


def generate() -> list[Observation]:
    rng = random.Random(7)
    las = [a.code for a in load_areas().all("la")][:152]
    periods = [Period("year", dt.date(y, 4, 1), dt.date(y + 1, 3, 31), f"{y}/{(y + 1) % 100:02d}")
               for y in YEARS]
    source = CellRef("la_return_2025.xlsx", "Table 1", "C7")
    figures = []
    for la in las:
        for n in range(N_INDICATORS):
            for period in periods:
                value = round(rng.uniform(0, 100), 1)
                figures.append(Observation(la, f"indicator_{n:02d}", period, value, raw=str(value),
                                           source=source))
    return figures


def xlsxwriter_alone(rows: list[list], path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path), {**XLSX_OPTIONS, "constant_memory": True})
    sheet = workbook.add_worksheet("observations")
    sheet.write_row(0, 0, COLUMNS)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            if isinstance(cell, float):
                sheet.write_number(r, c, cell)
            elif cell:
                sheet.write_string(r, c, cell)
    workbook.close()


def best_of(repeats: int, action) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    figures = generate()
    rows = [observation_row(obs) for obs in figures]
    with tempfile.TemporaryDirectory() as folder:
        base = best_of(3, lambda: xlsxwriter_alone(rows, Path(folder) / "plain.xlsx"))
        target = Path(folder) / "cpdesk.xlsx"
        ours = best_of(3, lambda: write_cpdesk_format(figures, target, db_label="bench"))
    print(f"{len(figures):,} figures")
    print(f"xlsxwriter alone    : {base:6.2f} s")
    print(f"write_cpdesk_format : {ours:6.2f} s")
    print(f"ratio               : {ours / base:6.2f}x (target <= 1.3x)")


if __name__ == "__main__":
    main()
