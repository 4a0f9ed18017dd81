"""The store alone at national scale: 91,200 figures imported, re-imported, changed, read back and undone.

The figures are built in memory (152 LAs x 60 indicator/breakdown columns x 10 years, as in
``bench_import``), so only the database work is timed: planning against what is stored, writing the
cells and their revisions in one transaction, reading every figure back, and undoing an import.
Run: ``python benchmarks/bench_store.py [REPEATS]`` (best of 3 by default: wall and CPU time, CPU being
the steadier on a shared machine).
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed
sys.path.insert(0, str(Path(__file__).resolve().parent))


N_YEARS = 10
N_COLUMNS = 60


def national_figures(reference) -> list:
    from bench_import import _columns

    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import CellRef, Observation

    las = [a for a in reference.areas.all() if a.kind == "la"][:152]
    columns = _columns(reference, N_COLUMNS)
    periods = {year: parse_period(f"31 Mar {year}") for year in range(2014, 2014 + N_YEARS)}
    figures = []
    for year, period in periods.items():
        for n, la in enumerate(las):
            for k, (indicator, breakdown) in enumerate(columns):
                value = float((n * 7 + k * 3 + year) % 500)
                figures.append(Observation(la.code, indicator, period, value, raw=f"{value:g}",
                                           breakdown=breakdown, source=CellRef("national.xlsx", "Return",
                                                                               f"F{len(figures) + 2}")))
    return figures


def _timed(label: str, action, times: dict[str, list[tuple[float, float]]]) -> object:
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    times.setdefault(label, []).append((time.perf_counter() - wall, time.process_time() - cpu))
    return result


def one_run(reference, figures, changed, times: dict) -> None:
    from cpdesk.figures import Figures
    from cpdesk.store import ImportBatch, open_store

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())

        def batch(observations, file_hash):
            return ImportBatch(file_name="national.xlsx", file_path="national.xlsx", file_hash=file_hash,
                               user="bench", observations=observations)

        columns = Figures(figures)
        _timed("first import (every figure new), as Figures", lambda: store.import_observations(
            batch(columns, "a")), times)
        _timed("the same file again (nothing written)",
               lambda: store.import_observations(batch(figures, "a")), times)
        outcome = _timed("every value changed", lambda: store.import_observations(batch(changed, "b")), times)
        _timed("observations() of every figure", lambda: store.observations(), times)
        _timed("undo of the import that changed every value",
               lambda: store.undo_import(outcome.import_id, "bench"), times)
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.sqlite") as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        _timed("first import, as a list of Observations", lambda: store.import_observations(
            batch(figures, "a")), times)


def main() -> None:
    from cpdesk.reference import load_reference

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    reference = load_reference()
    figures = national_figures(reference)
    changed = [replace(o, value=o.value + 1, raw=f"{o.value + 1:g}") for o in figures]
    print(f"{len(figures):,} figures; best of {repeats} runs (each on a new database): wall and CPU")
    times: dict[str, list[tuple[float, float]]] = {}
    for _ in range(repeats):
        one_run(reference, figures, changed, times)
    for label, runs in times.items():
        print(f"{label:<48} {min(w for w, _ in runs):6.2f} s  {min(c for _, c in runs):6.2f} s cpu")


if __name__ == "__main__":
    main()
