"""Import against the floor: cpdesk's import of a long workbook beside the least any import can take.

One run, on the same file, each measurement in a process of its own (so its peak memory is its own):

- ``calamine``: python-calamine parsing every cell of the workbook;
- ``floor``: calamine's parse, then one bare ``executemany`` of (indicator, area, period, breakdown,
  value, sheet, cell) into a fresh SQLite table with the unique key of cpdesk's observations table and
  an index by indicator, in one transaction (WAL, ``synchronous = NORMAL``, as cpdesk opens its files);
- ``floor+provenance``: the floor, each row also carrying the text cpdesk repeats on every stored figure
  (file name, import id, time, user, login);
- ``floor+revisions``: that, plus each row's first revision copied into a second table by one
  ``INSERT ... SELECT``, as cpdesk writes a new figure twice;
- ``floor, key order``: the floor with its rows sorted by the unique key first (the sort timed too), as
  cpdesk inserts a big file's cells: at a million rows the index then takes each row beside the last;
- ``cpdesk``: ``pipeline.import_workbook`` into a fresh store, as ``cpdesk import`` runs it.

Each reports wall time, CPU time (``time.process_time``: every thread of the process) and peak RSS, and
the ratio to the floor is printed. The workbook is long (tidy): 152 LAs x indicator/breakdown columns x
periods to March 2025, a figure a year (``--periods yearly``, as the DfE publishes; cpdesk reads none
before 1980, so at most about 440,000 rows) or a month (``monthly``), written by xlsxwriter so its text
cells are shared strings as in a file saved by Excel, with ``--rows N`` rows (default 91,200: 60
columns x 10 years). Workbooks are written once into ``$TMPDIR/cpdesk-bench-import/`` and reused.

``--profile`` also times the steps of one cpdesk import (timers wrapped around the pipeline's and the
store's functions) and what building a frozen object per figure costs; ``--memory`` runs one import
under tracemalloc and prints the largest allocations alive while the cells are inserted.

Run: ``python benchmarks/bench_import.py [--rows N] [--periods yearly|monthly] [--repeats R] [--profile]
[--memory]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import json
import math
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

N_LAS = 152
SHEET = "Return"
HEADINGS = ["area_code", "area_name", "indicator", "breakdown", "period", "value"]
CACHE = Path(tempfile.gettempdir()) / "cpdesk-bench-import"
LAST_YEAR = 2025


def _columns(reference, wanted: int) -> list[tuple[str, str]]:
    """(indicator id, breakdown) pairs of count indicators: whole indicators first, then categories."""
    schema = reference.schema
    pairs = [(i.id, "") for i in schema if i.breakdown is None and i.unit == "count"]
    for indicator in schema:
        if indicator.breakdown is not None and indicator.unit == "count":
            pairs += [(indicator.id, c.id) for c in schema.breakdowns[indicator.breakdown].categories]
    return pairs[:wanted]


FIRST_YEAR = 1980  # cpdesk reads no period before it
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def shape(rows: int, periods: str) -> tuple[int, int]:
    """(columns, periods) for a workbook of at least ``rows`` rows: 60 columns while that needs no more
    than 20 periods, else all 63 count columns; the last period is cut short to give exactly ``rows``."""
    columns = 60 if rows <= N_LAS * 60 * 20 else 63
    n_periods = math.ceil(rows / (N_LAS * columns))
    earliest = LAST_YEAR - n_periods + 1 if periods == "yearly" else LAST_YEAR - n_periods // 12
    if earliest < FIRST_YEAR:
        raise SystemExit(f"{rows:,} rows need {n_periods} years, back to {earliest}: cpdesk reads no period "
                         f"before {FIRST_YEAR}. Use --periods monthly.")
    return columns, n_periods


def period_labels(reference, indicator: str, periods: str, n_periods: int) -> list[str]:
    """The indicator's last ``n_periods`` periods to March 2025, oldest first, labelled as the DfE does:
    "31 Mar 2025" and "2024/25" by year; "31 Mar 2025" and "Mar 2025" by month."""
    snapshot = reference.schema.get(indicator).period_kind == "snapshot"
    if periods == "yearly":
        years = range(LAST_YEAR - n_periods + 1, LAST_YEAR + 1)
        return [f"31 Mar {y}" if snapshot else f"{y - 1}/{str(y)[2:]}" for y in years]
    labels = []
    for back in range(n_periods - 1, -1, -1):
        year, month = divmod(LAST_YEAR * 12 + 2 - back, 12)  # month 2: March
        last_day = (dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
        labels.append(f"{last_day} {MONTHS[month]} {year}" if snapshot else f"{MONTHS[month]} {year}")
    return labels


def write_workbook(path: Path, rows: int, periods: str) -> None:
    import xlsxwriter

    from cpdesk.reference import load_reference

    reference = load_reference()
    las = [a for a in reference.areas.all() if a.kind == "la"][:N_LAS]
    n_columns, n_periods = shape(rows, periods)
    columns = [(indicator, breakdown, period_labels(reference, indicator, periods, n_periods))
               for indicator, breakdown in _columns(reference, n_columns)]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET)
    sheet.write_row(0, 0, HEADINGS)
    row = 1
    for p in range(n_periods):
        for n, la in enumerate(las):
            for k, (indicator, breakdown, labels) in enumerate(columns):
                if row > rows:
                    break
                sheet.write_row(row, 0, [la.code, la.name, indicator, breakdown, labels[p],
                                         (n * 7 + k * 3 + p) % 500])
                row += 1
    book.close()


def workbook(rows: int, periods: str) -> Path:
    """The long workbook of ``rows`` rows, written once into the cache folder by a process of its own
    (xlsxwriter holds every cell: 800 MB for a million rows, which this process must not carry into
    the measurements it starts)."""
    path = CACHE / f"long-{periods}-{rows}.xlsx"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.xlsx")
        subprocess.run([sys.executable, __file__, "--write", str(rows), periods, str(partial)], check=True)
        partial.rename(path)
    return path


# Measurements, each run in a child process ---------------------------------------------------------------

def _parse(path: str) -> list[list]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(path).get_sheet_by_name(SHEET).to_python()


def run_calamine(path: str) -> dict:
    return {"rows": len(_parse(path)) - 1}


def _floor_tables(conn: sqlite3.Connection, provenance: bool) -> None:
    extra = ", source_file TEXT, import_id INTEGER, updated_at TEXT, updated_by TEXT, updated_by_login TEXT"
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE figures (id INTEGER PRIMARY KEY, indicator TEXT NOT NULL, area TEXT NOT NULL, "
                 "period TEXT NOT NULL, breakdown TEXT NOT NULL, value REAL, sheet TEXT, cell TEXT"
                 f"{extra if provenance else ''}, UNIQUE (area, indicator, breakdown, period))")
    conn.execute("CREATE INDEX figures_indicator ON figures (indicator, area)")
    conn.execute("CREATE TABLE revisions (id INTEGER PRIMARY KEY, figure_id INTEGER NOT NULL, value REAL, "
                 f"sheet TEXT, cell TEXT{extra})")
    conn.execute("CREATE INDEX revisions_figure ON revisions (figure_id, id)")


def _floor(path: str, folder: str, *, provenance: bool = False, revisions: bool = False,
           in_key_order: bool = False) -> Callable[[], dict]:
    """The floor's work, set up (a fresh database in ``folder``) but not yet run; ``in_key_order``: the
    rows sorted by the unique key (area, indicator, breakdown, period) before they go in."""
    conn = sqlite3.connect(Path(folder) / "floor.sqlite", isolation_level=None)
    _floor_tables(conn, provenance)
    stamp = (Path(path).name, 1, "2026-12-03T12:00:00.000+00:00", "Bench User", "bench") if provenance else ()
    columns = "indicator, area, period, breakdown, value, sheet, cell" + (
        ", source_file, import_id, updated_at, updated_by, updated_by_login" if provenance else "")
    marks = ", ".join("?" * len(columns.split(",")))

    def work() -> dict:
        rows = _parse(path)
        figures = [(r[2], r[0], r[4], r[3], r[5], SHEET, f"F{n}", *stamp) for n, r in enumerate(rows[1:], 2)]
        if in_key_order:
            figures.sort(key=lambda f: (f[1], f[0], f[3], f[2]))
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO figures ({columns}) VALUES ({marks})", figures)
        if revisions:
            copied = "value, sheet, cell" + (", source_file, import_id, updated_at, updated_by, "
                                             "updated_by_login" if provenance else "")
            conn.execute(f"INSERT INTO revisions (figure_id, {copied}) SELECT id, {copied} FROM figures "
                         "ORDER BY id")
        conn.execute("COMMIT")
        return {"rows": len(figures)}

    return work


def _fresh_store(folder: str, reference):
    from cpdesk.store import open_store

    store = open_store(Path(folder) / "bench.sqlite")
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    return store


def _cpdesk(path: str, folder: str) -> Callable[[], dict]:
    """``import_workbook`` into a fresh store in ``folder``, set up (reference loaded, store created) but
    not yet run."""
    from cpdesk.pipeline import import_workbook
    from cpdesk.reference import load_reference

    reference = load_reference()
    store = _fresh_store(folder, reference)

    def work() -> dict:
        plan, outcome = import_workbook(Path(path), reference, store, user="bench")
        return {"rows": len(plan.observations), "errors": plan.report.has_errors, "stored": str(outcome),
                "warnings": len(plan.report.issues)}

    return work


SETUPS: dict[str, Callable[[str, str], Callable[[], dict]]] = {
    "calamine": lambda path, _: functools.partial(run_calamine, path),
    "floor": _floor,
    "floor+provenance": functools.partial(_floor, provenance=True),
    "floor+revisions": functools.partial(_floor, provenance=True, revisions=True),
    "floor, key order": functools.partial(_floor, in_key_order=True),
    "cpdesk": _cpdesk,
}


def _rss_mb(field: str) -> float:
    """``VmHWM`` (peak) or ``VmRSS`` (now) of this process in MB. The peak is the kernel's for this
    program alone: ``ru_maxrss`` would carry over the parent's size at the fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 2**20)


def _timed(work: Callable[[], dict]) -> dict:
    before = _rss_mb("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    found = work()
    found.update(seconds=time.perf_counter() - wall, cpu=time.process_time() - cpu, peak_mb=_rss_mb("VmHWM"),
                 rss_before_mb=before)
    return found


def _child(mode: str, path: str) -> dict:
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        if mode == "profile":
            from benchmarks.import_profile import profile_import

            return profile_import(path, folder)
        if mode == "memory":
            from benchmarks.import_profile import memory_of_import

            return memory_of_import(path, folder)
        return _timed(SETUPS[mode](path, folder))


def _measure_once(mode: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(path)], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _best(runs: list[dict]) -> dict:
    """The fastest run (the least disturbed by other work), with the highest peak memory of them all."""
    best = min(runs, key=lambda run: run["seconds"])
    return {**best, "peak_mb": max(run["peak_mb"] for run in runs)}


def measure(path: Path, repeats: int) -> dict[str, dict]:
    """Every mode ``repeats`` times, interleaved so a busy moment on the machine falls on all alike."""
    runs: dict[str, list[dict]] = {mode: [] for mode in SETUPS}
    for _ in range(repeats):
        for mode in SETUPS:
            runs[mode].append(_measure_once(mode, path))
    return {mode: _best(found) for mode, found in runs.items()}


def report(best: dict[str, dict]) -> None:
    floor = best["floor"]["seconds"]
    print(f"{'':18} {'wall':>8} {'cpu':>8} {'x floor':>8} {'peak RSS':>9} {'RSS before':>10}")
    for mode, found in best.items():
        print(f"{mode:18} {found['seconds']:7.2f}s {found['cpu']:7.2f}s {found['seconds'] / floor:8.2f} "
              f"{found['peak_mb']:6.0f} MB {found['rss_before_mb']:7.0f} MB")
    cpdesk = best["cpdesk"]
    sorted_floor = best["floor, key order"]["seconds"]
    print(f"cpdesk / floor: {cpdesk['seconds'] / floor:.2f}x (against the floor in key order "
          f"{cpdesk['seconds'] / sorted_floor:.2f}x); {cpdesk['rows']:,} figures, "
          f"errors={cpdesk['errors']}, {cpdesk['warnings']} issues, {cpdesk['stored']}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--write":
        write_workbook(Path(sys.argv[4]), int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=N_LAS * 60 * 10, help="rows of the long workbook")
    parser.add_argument("--periods", choices=("yearly", "monthly"), default="yearly",
                        help="a figure per year (back to 1980 at most) or per month, to March 2025")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (the fastest kept)")
    parser.add_argument("--profile", action="store_true", help="also time the steps of one cpdesk import")
    parser.add_argument("--memory", action="store_true", help="also trace one import's allocations")
    args = parser.parse_args()
    path = workbook(args.rows, args.periods)
    columns, n_periods = shape(args.rows, args.periods)
    print(f"workbook: {args.rows:,} rows ({N_LAS} LAs x {columns} columns x {n_periods} {args.periods} "
          f"periods), {path.stat().st_size / 1e6:.1f} MB, {path}")
    report(measure(path, args.repeats))
    for wanted, mode in ((args.profile, "profile"), (args.memory, "memory")):
        if wanted:
            importlib.import_module("benchmarks.import_profile").print_found(mode, _measure_once(mode, path))


if __name__ == "__main__":
    main()
