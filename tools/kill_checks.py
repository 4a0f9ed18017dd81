"""What ``tools/kill_harness.py`` checks after each kill: the database whole and its figures as they were
before the operation or after it (never between), and an export target old or whole."""

from __future__ import annotations

import collections
import csv
import io
import sqlite3
import zipfile
from pathlib import Path


def counts(db: Path) -> tuple[int, int, int, int]:
    """(imports, undone imports, figures, values held): the last is the sum of the cells' revision
    numbers, each cell's count of the values in its history (a new figure 1, each change one more; the
    revision rows themselves are written only at a change, a cell's first with its first change)."""
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM imports), (SELECT count(*) FROM imports WHERE status = 'undone'),"
            " (SELECT count(*) FROM observations), (SELECT coalesce(sum(revision), 0) FROM observations)"
        ).fetchone())


def figures(db: Path) -> dict[int, tuple]:
    with sqlite3.connect(db) as conn:
        return {row[0]: row[1:] for row in conn.execute("SELECT id, value, status FROM observations")}


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))


def wal_bytes(db: Path) -> int:
    """What the write-ahead log holds: more than nothing while a write is under way or not yet
    checkpointed into the database."""
    try:
        return Path(f"{db}-wal").stat().st_size
    except OSError:
        return 0


def check_database(db: Path, before: dict, after: dict, operation: str) -> tuple[str, list[str]]:
    from cpdesk.store import open_store

    problems = []
    verdict = integrity(db)
    if verdict != "ok":
        return "damaged", [f"integrity_check: {verdict[:200]}"]
    try:
        open_store(db, create=False).close()
    except Exception as exc:  # noqa: BLE001 - any failure to open again is what is being looked for
        problems.append(f"cpdesk cannot open it: {exc}")
    now = {"counts": counts(db), "figures": figures(db)}
    if operation in ("import", "undo"):
        state = _whole_state(now, before, after)
    elif operation == "edit":
        state = _edit_state(now, before, after)
    else:
        state = "before" if now == before else "changed"
    if state not in ("before", "after", "partly"):
        problems.append(f"the database is {state}")
    return state, problems


def _whole_state(now: dict, before: dict, after: dict) -> str:
    if now == before:
        return "before"
    if now == after:
        return "after"
    return "between: counts {} (before {}, after {})".format(now["counts"], before["counts"], after["counts"])


def _edit_state(now: dict, before: dict, after: dict) -> str:
    """Which batches are in: each wholly, and only a first run of them."""
    changed = {key for key, value in now["figures"].items() if value != before["figures"].get(key)}
    done = [key for key, value in after["figures"].items() if value != before["figures"].get(key)]
    batches: dict[float, set[int]] = collections.defaultdict(set)
    for key in done:
        batches[after["figures"][key][0]].add(key)  # each batch sets its figures to its own number
    applied = [number for number in sorted(batches) if batches[number] & changed]
    if any(not batches[number] <= changed for number in applied):
        return "between: a batch of corrections half stored"
    if applied != sorted(batches)[: len(applied)]:
        return "between: a later batch stored before an earlier one"
    if changed - set(done):
        return "between: figures outside the corrections changed"
    edits, values = now["counts"][0] - before["counts"][0], now["counts"][3] - before["counts"][3]
    if edits != len(applied) or values != sum(len(batches[number]) for number in applied):
        return f"between: {edits} edits and {values} values recorded for {len(applied)} batches"
    return "before" if not applied else "after" if len(applied) == len(batches) else "partly"


def check_export(out: Path, old: bytes, variant: str) -> tuple[str, list[str]]:
    data = out.read_bytes() if out.exists() else None
    if data == old:
        return "before", []
    if data is None:
        return "missing", ["the old export is gone and no new one is there"]
    why = incomplete(data, variant)
    if why:
        return "torn", [f"the export is neither the old file nor a whole new one: {why}"]
    return "after", []


def incomplete(data: bytes, variant: str) -> str:
    if variant.endswith(".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                bad = archive.testzip()
                if bad or "xl/workbook.xml" not in archive.namelist():
                    return f"its part {bad or 'xl/workbook.xml'} is damaged or missing"
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            return f"not a whole workbook ({exc})"
        return ""
    text = data.decode("utf-8-sig", "replace")
    if not text.endswith("\n"):
        return "its last line is cut short"
    rows = list(csv.reader(io.StringIO(text)))
    return "" if rows and all(len(row) == len(rows[0]) for row in rows) else "rows of unequal length"


def temporaries(out: Path) -> list[Path]:
    """Files beside ``out`` (alone in its folder) that are not it: what an interrupted write leaves."""
    return [p for p in out.parent.iterdir() if p != out]
