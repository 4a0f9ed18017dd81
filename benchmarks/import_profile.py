"""Where one cpdesk import's time and memory go, for ``bench_import.py --profile`` and ``--memory``.

The steps are timed by wrapping the functions the pipeline and the store call (looked up by name at
call time, so the wrappers are used), not by cProfile, whose cost per call would swell the Python
parts against SQLite's. Nothing here changes what the import does.
"""

from __future__ import annotations

import functools
import importlib
import sys
import time
import tracemalloc
from pathlib import Path

# (module, class or "", function, step, inside the store's transaction): none of them calls another.
STEPS = [
    ("cpdesk.pipeline", "", "open_workbook", "open: calamine's parse and the formats pass", False),
    ("cpdesk.pipeline", "", "read_workbook", "reading rows into figures", False),
    ("cpdesk.pipeline", "", "history_keys", "history keys for the rules", False),
    ("cpdesk.store.store", "Store", "stored_values", "SQL: stored values for the rules", False),
    ("cpdesk.pipeline", "", "validate", "rules", False),
    ("cpdesk.pipeline", "", "KnownTexts", "report: names it may quote", False),
    ("cpdesk.pipeline", "", "file_hash", "file hash", False),
    ("cpdesk.pipeline", "", "without_repeats", "dropping repeated cells", False),
    ("cpdesk.pipeline", "", "stored_report", "report: building the stored summary", False),
    ("cpdesk.store.writes", "", "_check_no_duplicates", "store: duplicate check", True),
    ("cpdesk.store.writes", "", "_check_references", "SQL: areas and indicators known", True),
    ("cpdesk.store.writes", "", "plan_import", "SQL: upsert look-ups, and the plan", True),
    ("cpdesk.store.writes", "", "ensure_periods", "SQL: periods", True),
    # The new cells' rows are built one at a time while SQLite takes them: in the insert's time.
    ("cpdesk.store.bulk", "", "insert_rows", "SQL: inserting the cells (rows built as they go in)", True),
]
# Parts of the steps above, shown apart and left out of the sums.
PARTS = [
    ("cpdesk.read.workbook", "", "_check_xlsx",
     "open, of which the size check (a big sheet's pieces parsed beside it)"),
    ("cpdesk.read.limits", "_Scanner", "feed", "open, of which the size check's searches of the XML"),
    ("cpdesk.read.sheet_pieces", "SheetPieces", "_parse",
     "open, of which calamine's parse of the pieces and their rows (second thread)"),
    ("cpdesk.read.sheet_pieces", "SheetPieces", "_wait_for_oldest", "open, of which waiting for a piece"),
    ("cpdesk.read.workbook", "", "_read_values", "open, of which calamine and its rows (sheets read whole)"),
    ("cpdesk.read.workbook", "", "_read_xlsx_extras", "open, of which the formats pass (second thread)"),
    ("cpdesk.read.workbook", "", "_add_xlsx_extras", "open, of which waiting for and applying the formats"),
]
WHOLE = ("cpdesk.store.store", "Store", "import_observations", "store: the whole transaction")
STORE_REST = "store: the rest (transaction, commit, import row)"


def _owner(module: str, cls: str):
    found = importlib.import_module(module)
    return getattr(found, cls) if cls else found


def _wrap(owner, name: str, totals: dict[str, float], step: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[step] = totals.get(step, 0.0) + time.perf_counter() - start

    setattr(owner, name, timed)


def _fresh_import(path: str, folder: str):
    """A function running ``import_workbook`` on ``path`` into a fresh store in ``folder``."""
    from cpdesk.pipeline import import_workbook
    from cpdesk.reference import load_reference
    from cpdesk.store import open_store

    reference = load_reference()
    store = open_store(Path(folder) / "profile.sqlite")
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    return lambda: import_workbook(Path(path), reference, store, user="bench")


def profile_import(path: str, folder: str) -> dict:
    totals: dict[str, float] = {}
    parts: dict[str, float] = {}
    for module, cls, name, step, _ in (*STEPS, (*WHOLE, False)):
        _wrap(_owner(module, cls), name, totals, step)
    for module, cls, name, step in PARTS:
        _wrap(_owner(module, cls), name, parts, step)
    run = _fresh_import(path, folder)
    start = time.perf_counter()
    plan, _ = run()
    whole = time.perf_counter() - start
    whole_store = totals.pop(WHOLE[3])
    totals[STORE_REST] = whole_store - sum(totals.get(step, 0.0) for *_, step, inside in STEPS if inside)
    totals["pipeline: the rest"] = whole - sum(totals.values())
    return {"whole": whole, "store": whole_store, "steps": totals, "parts": parts,
            "objects": _object_costs(plan.observations)}


def _object_costs(observations: list) -> dict:
    """What a frozen Observation (and its CellRef) per figure costs, against a plain tuple of the same
    fields: building them again from the same values, and their size."""
    from cpdesk.gc_pauses import without_gc_pauses
    from cpdesk.observation import CellRef, Observation

    fields = [(o.area_code, o.indicator_id, o.period, o.value, o.status, o.raw, o.breakdown, o.source,
               o.publisher) for o in observations]
    sources = [(o.source.file, o.source.sheet, o.source.cell) for o in observations if o.source]
    with without_gc_pauses():  # as in an import
        start = time.perf_counter()
        _ = [Observation(*f) for f in fields]
        frozen = time.perf_counter() - start
        start = time.perf_counter()
        _ = [CellRef(*s) for s in sources]
        cells = time.perf_counter() - start
        start = time.perf_counter()
        _ = [(a, i, p, v, s, r, b, c, u) for a, i, p, v, s, r, b, c, u in fields]
        plain = time.perf_counter() - start
    sample = observations[0]
    size = sys.getsizeof(sample) + sys.getsizeof(sample.key) + (
        sys.getsizeof(sample.source) + sys.getsizeof(sample.source.cell) if sample.source else 0)
    return {"n": len(observations), "observation_s": frozen, "cellref_s": cells, "tuple_s": plain,
            "bytes_each": size, "tuple_bytes": sys.getsizeof(fields[0])}


def memory_of_import(path: str, folder: str) -> dict:
    """One import under tracemalloc: the largest allocations (by line) alive while the cells go in."""
    from cpdesk.store import bulk

    found: dict = {}
    original = bulk.insert_rows

    def snapshot_then_insert(conn, table, columns, rows):
        if "snapshot" not in found:
            top = tracemalloc.take_snapshot().statistics("lineno")
            found["snapshot"] = [(str(stat.traceback), stat.size / 1e6, stat.count) for stat in top[:15]]
            found["traced_mb"] = sum(stat.size for stat in top) / 1e6
        return original(conn, table, columns, rows)

    bulk.insert_rows = snapshot_then_insert  # type: ignore[assignment]
    run = _fresh_import(path, folder)
    tracemalloc.start()
    run()
    found["peak_traced_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return found


def print_found(mode: str, found: dict) -> None:
    if mode == "profile":
        _print_profile(found)
    else:
        print(f"tracemalloc: peak {found['peak_traced_mb']:.0f} MB traced; "
              f"{found.get('traced_mb', 0):.0f} MB alive as the cells are inserted, the largest:")
        for where, megabytes, count in found.get("snapshot", []):
            print(f"  {megabytes:7.1f} MB {count:9,} blocks  {where}")


def _print_profile(found: dict) -> None:
    whole = found["whole"]
    print(f"one cpdesk import, timed by step: {whole:.2f} s, of which the store's transaction "
          f"{found['store']:.2f} s")
    for step, seconds in sorted(found["steps"].items(), key=lambda item: -item[1]):
        print(f"  {seconds:6.2f} s {100 * seconds / whole:5.1f}%  {step}")
    for step, seconds in found["parts"].items():
        print(f"  ({seconds:5.2f} s {100 * seconds / whole:5.1f}%  {step})")
    objects = found["objects"]
    print(f"  building {objects['n']:,} frozen Observations again: {objects['observation_s']:.2f} s, their "
          f"CellRefs {objects['cellref_s']:.2f} s; the same fields as tuples {objects['tuple_s']:.2f} s; "
          f"{objects['bytes_each']} bytes each (observation, key, CellRef, cell text) against a "
          f"{objects['tuple_bytes']}-byte tuple")
