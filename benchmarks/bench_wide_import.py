"""Importing wide tables against the floor: a DfE release and a LAIT-like grid at national size.

Two shapes of file, each written once into ``$TMPDIR/cpdesk-bench-wide/`` and reused:

- ``dfe``: a DfE (EES) release as the DfE publishes it, a CSV: geography columns, then 20 measure
  columns the schema's ``dfe_columns`` name (counts, their rates per 10,000 and percentages, each rate
  and percentage worked out from its parts as the DfE does, so they agree), one row for England, each
  region and each LA (those in force throughout) in each of ``--years`` reporting years to 2025.
- ``grid``: a workbook of ``--sheets`` sheets laid out as LAIT lays them out: a title naming the
  indicator, then a row per LA (DfE code and name) and a column per month (150 months to September
  2024), the figures counts and rates.

Measured on that file, each in a process of its own, best of ``--repeats`` interleaved runs:

- ``parse``: the file parsed (python-calamine for the workbook, the ``csv`` module for the CSV);
- ``floor``: that parse, then one bare ``executemany`` of every figure (indicator, area, period,
  value, sheet, cell) into a fresh SQLite table with the unique key of cpdesk's observations and an
  index by indicator, in one transaction (WAL, ``synchronous = NORMAL``, as cpdesk opens its files);
- ``cpdesk``: ``pipeline.import_workbook`` into a fresh store, as ``cpdesk import`` runs it;
- ``cpdesk-by-figure``: the same with the readers' figure-by-figure paths (``column_wise=False``).

``--profile`` times the steps of one import (``benchmarks/import_profile.py``) and the readers' own
parts, wrapping their functions.

Run: ``python benchmarks/bench_wide_import.py --shape dfe|grid [--years N] [--sheets N] [--repeats R]
[--profile]``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from benchmarks.bench_import import _best, _timed  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "cpdesk-bench-wide"
LAST_YEAR = 2025
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
N_MONTHS = 150
FIRST_MONTH = (2012, 3)  # April 2012 (months counted from 0)
GEOGRAPHY = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
             "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]
# DfE column -> how its figure is made: a count (about so many per 10,000 children), or a rate or
# percentage of other columns.
COUNTS = {"referral_count": 500, "rereferral_count": 110, "At31_episodes": 330, "Section47": 200,
          "ICPC": 70, "CPP_At31": 40, "CPP_start": 45, "CPP_end": 43, "CPP_subsequent": 10,
          "CLA_started_count": 25, "children_count": 70}
NO_POPULATION = 50_000  # children assumed for the counts of an area with no packaged estimate
RATES = {"referral_rate_per_10000": "referral_count", "At31_episodes_rate_per_10000": "At31_episodes",
         "Section47_rate_per_10000": "Section47", "CPP_At31_rate_per_10000": "CPP_At31",
         "CPP_start_rate_per_10000": "CPP_start", "rate_per_10000": "children_count"}
PERCENTS = {"rereferral_percent": ("rereferral_count", "referral_count"),
            "CPP_subsequent_percent": ("CPP_subsequent", "CPP_start"),
            "Section47_to_ICPC_percent": ("ICPC", "Section47")}
# The grid's sheets in turn: (title, children per 10,000 counted, whether the sheet gives the rate).
GRID_SHEETS = [("Children subject to a child protection plan", 40, False),
               ("Children subject to a child protection plan per 10,000 children", 40, True),
               ("Children looked after", 70, False),
               ("Children looked after per 10,000 children", 70, True),
               ("Referrals to children's social care in the month", 40, False)]


# Writing the files -----------------------------------------------------------------------------------

def _areas_in_force(reference, start, end) -> tuple[list, list]:
    """(regions, LAs) in force from ``start`` to ``end``, in the registry's order."""
    def lasts(area) -> bool:
        return (area.opened is None or area.opened <= start) and (area.closed is None or area.closed >= end)
    regions = [a for a in reference.areas.all("region") if lasts(a)]
    return regions, [a for a in reference.areas.all("la") if lasts(a)]


def write_dfe(path: Path, years: int) -> None:
    import datetime as dt

    from cpdesk.indicators.population import child_population
    from cpdesk.reference import load_reference

    reference = load_reference()
    regions, las = _areas_in_force(reference, dt.date(LAST_YEAR - years, 4, 1), dt.date(LAST_YEAR, 3, 31))
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([*GEOGRAPHY, *COUNTS, *RATES, *PERCENTS])
        for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
            places = [("National", "E92000001", "", "", "", None), *[
                ("Regional", "E92000001", r.code, "", "", r) for r in regions], *[
                ("Local authority", "E92000001", la.parent_code or "", la.old_code or "", la.code, la)
                for la in las]]
            for n, (level, country, region, old, new, area) in enumerate(places):
                code = new or region or country
                children = child_population(code, year - 1)
                counts = _counts(children or NO_POPULATION, n + year, to_ten=level != "Local authority")
                rates = {name: f"{10000 * counts[count] / children:.1f}" if children else "x"
                         for name, count in RATES.items()}
                percents = {name: f"{100 * counts[top] / counts[bottom]:.1f}"
                            for name, (top, bottom) in PERCENTS.items()}
                name = area.name if area is not None else "England"
                geography = [str(year), "Reporting year", level, country, "England", region,
                             name if level == "Regional" else "", old, new,
                             name if level == "Local authority" else ""]
                out.writerow([*geography, *counts.values(), *rates.values(), *percents.values()])


def _counts(children: float, seed: int, *, to_ten: bool) -> dict[str, int]:
    """Each count column's figure: its usual rate over ``children``, give or take half; England's and the
    regions' to the nearest 10, as the DfE gives them."""
    counts = {}
    for k, (name, per_10k) in enumerate(COUNTS.items()):
        count = children * per_10k / 10_000 * (1 + ((seed * 13 + k * 7) % 20) / 40)
        counts[name] = round(count, -1 if to_ten else 0)
    return {name: int(count) for name, count in counts.items()}


def _month_labels() -> list[str]:
    year, month = FIRST_MONTH
    labels = []
    for _ in range(N_MONTHS):
        labels.append(f"{MONTHS[month]} {year}")
        year, month = (year + 1, 0) if month == 11 else (year, month + 1)
    return labels


def write_grid(path: Path, sheets: int) -> None:
    import datetime as dt

    import xlsxwriter

    from cpdesk.reference import load_reference

    reference = load_reference()
    _, las = _areas_in_force(reference, dt.date(2012, 4, 1), dt.date(2024, 9, 30))
    las = [la for la in las if la.old_code]
    months = _month_labels()
    children = _children_by_month(reference, las, months)
    book = xlsxwriter.Workbook(str(path))
    for s in range(sheets):
        title, per_10k, rate = GRID_SHEETS[s % len(GRID_SHEETS)]
        sheet = book.add_worksheet(f"Table {s + 1}")
        sheet.write(0, 0, title)
        sheet.write_row(2, 0, ["LA code", "Local authority", *months])
        for n, la in enumerate(las):
            counts = [round(kids * per_10k / 10_000 * (1 + 0.01 * ((n + p // 3) % 10)))
                      for p, kids in enumerate(children[la.code])]
            if rate:
                counts = [round(10_000 * count / kids, 1) for count, kids in zip(counts, children[la.code],
                                                                                 strict=True)]
            sheet.write_row(3 + n, 0, [int(la.old_code), la.name, *counts])
    book.close()


def _children_by_month(reference, las, months: list[str]) -> dict[str, list[float]]:
    """LA code -> the child population each month's rate is worked out over (as cpdesk's rules do)."""
    from cpdesk.indicators.periods import coerce_period, parse_period
    from cpdesk.indicators.population import child_population
    from cpdesk.indicators.rates import population_year

    years = [population_year(coerce_period(parse_period(label), "snapshot")) for label in months]
    return {la.code: [child_population(la.code, year) or NO_POPULATION for year in years] for la in las}


def bench_file(shape: str, size: int) -> Path:
    """The file of ``shape`` at ``size`` (years or sheets), written once by a process of its own."""
    path = CACHE / (f"dfe-{size}-years.csv" if shape == "dfe" else f"grid-{size}-sheets.xlsx")
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_name("partial-" + path.name)
        subprocess.run([sys.executable, __file__, "--write", shape, str(size), str(partial)], check=True)
        partial.rename(path)
    return path


# Measurements, each run in a child process ----------------------------------------------------------

def _parse(path: str) -> list[tuple[str, list[list]]]:
    """(sheet, rows) of every sheet: calamine for a workbook, the csv module for a CSV."""
    if path.endswith(".csv"):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [("", list(csv.reader(handle)))]
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]


def _figures(path: str) -> list[tuple]:
    """(indicator, area, period, value, sheet, cell) of every figure: the DfE file's measure cells,
    the grid's cells under its month headings."""
    from cpdesk.read.grid import cell_name

    found = []
    for sheet, rows in _parse(path):
        if path.endswith(".csv"):
            header, first = rows[0], len(GEOGRAPHY)
            for r, row in enumerate(rows[1:], 1):
                area = row[8] or row[5] or row[3]
                found += [(header[c], area, row[0], row[c], sheet, cell_name(r, c))
                          for c in range(first, len(row))]
        else:
            header = rows[2]
            for r, row in enumerate(rows[3:], 3):
                found += [(sheet, row[0], header[c], row[c], sheet, cell_name(r, c))
                          for c in range(2, len(row))]
    return found


def run_parse(path: str) -> dict:
    return {"rows": sum(len(rows) for _, rows in _parse(path))}


def _floor(path: str, folder: str) -> Callable[[], dict]:
    conn = sqlite3.connect(Path(folder) / "floor.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE figures (id INTEGER PRIMARY KEY, indicator TEXT NOT NULL, area TEXT NOT NULL, "
                 "period TEXT NOT NULL, value REAL, sheet TEXT, cell TEXT, UNIQUE (area, indicator, period))")
    conn.execute("CREATE INDEX figures_indicator ON figures (indicator, area)")

    def work() -> dict:
        figures = _figures(path)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO figures (indicator, area, period, value, sheet, cell) "
                         "VALUES (?, ?, ?, ?, ?, ?)", figures)
        conn.execute("COMMIT")
        return {"rows": len(figures)}

    return work


def _cpdesk(path: str, folder: str, *, column_wise: bool = True) -> Callable[[], dict]:
    from benchmarks.bench_import import _fresh_store
    from cpdesk.pipeline import import_workbook
    from cpdesk.reference import load_reference

    reference = load_reference()
    store = _fresh_store(folder, reference)
    _choose_path(column_wise)

    def work() -> dict:
        plan, outcome = import_workbook(Path(path), reference, store, user="bench")
        return {"rows": len(plan.observations), "errors": plan.report.has_errors, "stored": str(outcome),
                "warnings": len(plan.report.issues)}

    return work


def _choose_path(column_wise: bool) -> None:
    """The figure-by-figure readers, when asked for, in place of the column-wise ones."""
    if column_wise:
        return
    from cpdesk.read import dispatch

    dispatch.read_dfe_rows = functools.partial(dispatch.read_dfe_rows, column_wise=False)  # type: ignore
    dispatch.read_tables = functools.partial(dispatch.read_tables, column_wise=False)  # type: ignore


SETUPS: dict[str, Callable[[str, str], Callable[[], dict]]] = {
    "parse": lambda path, _: functools.partial(run_parse, path),
    "floor": _floor,
    "cpdesk": _cpdesk,
    "cpdesk-by-figure": functools.partial(_cpdesk, column_wise=False),
}


# The readers' own parts, shown under the pipeline's steps (module, class or "", function, what it is).
READER_PARTS = [
    ("cpdesk.read.dispatch", "", "read_dfe_rows", "DfE: reading the release (figures, checks, rates)"),
    ("cpdesk.read.dfe", "", "derive_rates", "DfE, of which rates per 10,000 and their checks"),
    ("cpdesk.read.dispatch", "", "refuse_child_level", "the personal-data check"),
    ("cpdesk.read.tables.reader", "", "find_tables", "tables: finding the tables"),
    ("cpdesk.read.tables.reader", "", "councils_named", "tables: councils named"),
    ("cpdesk.read.tables.mapping", "", "workbook_signature", "tables: the mapping profile's signature"),
    ("cpdesk.read.tables.reader", "", "file_under_codes_in_force", "tables: codes in force"),
    ("cpdesk.read.tables.layouts", "BlockReader", "read", "tables: reading the tables' cells"),
]


def _profile(path: str, folder: str) -> dict:
    from benchmarks.import_profile import _owner, _wrap, profile_import

    parts: dict[str, float] = {}
    for module, cls, name, step in READER_PARTS:
        _wrap(_owner(module, cls), name, parts, step)
    found = profile_import(path, folder)
    found["parts"].update(parts)
    return found


def _child(mode: str, path: str) -> dict:
    """One measurement, in this (child) process, in a temporary folder of its own."""
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder:
        return _profile(path, folder) if mode == "profile" else _timed(SETUPS[mode](path, folder))


def _measure_once(mode: str, path: Path) -> dict:
    """``mode`` measured in a process of its own (so its memory is its own), its answer read back."""
    command = [sys.executable, __file__, "--child", mode, str(path)]
    child = subprocess.run(command, capture_output=True, text=True)
    if child.returncode:
        raise SystemExit(f"{mode} failed:\n{child.stderr}")
    return json.loads(child.stdout.splitlines()[-1])


def measure(path: Path, repeats: int, modes: list[str]) -> dict[str, dict]:
    runs: dict[str, list[dict]] = {mode: [] for mode in modes}
    for _ in range(repeats):
        for mode in modes:
            runs[mode].append(_measure_once(mode, path))
    return {mode: _best(found) for mode, found in runs.items()}


def report(best: dict[str, dict]) -> None:
    floor = best["floor"]["seconds"] if "floor" in best else math.nan
    print(f"{'':17} {'wall':>8} {'cpu':>8} {'x floor':>8} {'peak RSS':>9} {'figures':>9}")
    for mode, found in best.items():
        print(f"{mode:17} {found['seconds']:7.2f}s {found['cpu']:7.2f}s {found['seconds'] / floor:8.2f} "
              f"{found['peak_mb']:6.0f} MB {found['rows']:9,}")
    for mode in ("cpdesk", "cpdesk-by-figure"):
        if mode in best:
            found = best[mode]
            print(f"{mode}: errors={found['errors']}, {found['warnings']} issues, {found['stored']}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3])))
        return
    if len(sys.argv) == 5 and sys.argv[1] == "--write":
        (write_dfe if sys.argv[2] == "dfe" else write_grid)(Path(sys.argv[4]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=("dfe", "grid"), required=True)
    parser.add_argument("--years", type=int, default=13, help="reporting years of the DfE release")
    parser.add_argument("--sheets", type=int, default=5, help="sheets of the grid workbook")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each measurement (the fastest kept)")
    parser.add_argument("--modes", nargs="+", default=list(SETUPS), choices=list(SETUPS))
    parser.add_argument("--profile", action="store_true", help="also time the steps of one cpdesk import")
    args = parser.parse_args()
    path = bench_file(args.shape, args.years if args.shape == "dfe" else args.sheets)
    print(f"{args.shape}: {path.stat().st_size / 1e6:.1f} MB, {path}")
    report(measure(path, args.repeats, args.modes))
    if args.profile:
        from benchmarks.import_profile import print_found

        print_found("profile", _measure_once("profile", path))


if __name__ == "__main__":
    main()
