"""The national data pack: reading it, loading it into a new database, and the check on every opening.

Each step runs in a process of its own, so its peak memory (``ru_maxrss``) is its own:

- *read*: ``read_pack()``, the gzip CSV into figures;
- *load into a new database*: ``ensure_national_pack`` on a new SQLite file, as the app, ``cpdesk
  import`` and the demo do (read, check which cells the database holds, store, record in meta);
- *open a database that holds it*: ``ensure_national_pack`` again, which only reads ``meta``.

Run: ``python benchmarks/bench_national_pack.py [repeats]`` (best of the repeats is kept).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout, not installed
STEPS = ("read", "load", "again")


def _store(path: Path):
    from cpdesk.reference import load_reference
    from cpdesk.store import open_store

    reference = load_reference()
    store = open_store(path)
    store.sync_areas(reference.areas.all())
    store.sync_indicators(reference.schema.indicators.values())
    return store


def run_step(step: str, folder: Path) -> dict:
    from cpdesk.national_pack import ensure_national_pack, read_pack

    db = folder / "bench.sqlite"
    if step == "again":
        with _store(db) as store:
            ensure_national_pack(store, enabled=True)
    store = _store(db) if step != "read" else None
    start = time.perf_counter()
    if store is None:
        figures = len(read_pack())
    else:
        outcome = ensure_national_pack(store, enabled=True)
        figures = outcome.added if outcome is not None else 0
        store.close()
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"step": step, "seconds": seconds, "peak_mb": peak_mb, "figures": figures}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--step":
        print(json.dumps(run_step(argv[1], Path(argv[2]))))
        return
    repeats = int(argv[0]) if argv else 3
    best: dict[str, dict] = {}
    for _ in range(repeats):
        for step in STEPS:
            with tempfile.TemporaryDirectory() as folder:
                out = subprocess.run([sys.executable, __file__, "--step", step, folder], check=True,
                                     capture_output=True, text=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            if step not in best or result["seconds"] < best[step]["seconds"]:
                best[step] = result
    for step in STEPS:
        r = best[step]
        print(f"{step:<6} {r['seconds']:6.2f} s  peak {r['peak_mb']:5.0f} MB  {r['figures']:,} figures")


if __name__ == "__main__":
    main(sys.argv[1:])
