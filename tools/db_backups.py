"""Backups and migrations measured: what the checks, a backup and a restore cost on the demo database
and on one of a million figures, that the set kept stays at its number, and that a database of every
schema version released opens in this cpdesk with its figures, history and notes.

Usage (from a checkout, with the project's virtual environment):
  .venv/bin/python tools/db_backups.py [--demo PATH] [--million] [--write]
  --demo     copy this demo database instead of building one with ``cpdesk demo``
  --million  also measure a copy grown to about a million figures (and as many revisions)
  --write    replace the ``## Backups and migrations`` section of docs/RELIABILITY.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from tools.reliability_doc import REPO, machine_line, write_section  # noqa: E402

SECTION = "Backups and migrations"
SUMMARY_ROW = "Backups and migrations from every released schema"
SCHEMAS = REPO / "tests" / "core" / "schemas"
T = TypeVar("T")
COLUMNS = ("database", "size", "figures", "quick_check", "integrity_check", "open", "first write", "backup",
           "list", "restore")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def pragma_seconds(db: Path, pragma: str) -> tuple[str, float]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA {pragma}").fetchall()  # once to bring the file into the disk cache
        rows, seconds = timed(lambda: conn.execute(f"PRAGMA {pragma}").fetchall())
    finally:
        conn.close()
    return str(rows[0][0]), seconds


def grow_to_a_million(source: Path, target: Path) -> Path:
    """A copy of the demo database with each council figure repeated under 21 more breakdowns, and a
    revision for each: the size of a large council's long history."""
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target)
    observation_columns = [r[1] for r in conn.execute("PRAGMA table_info(observations)")
                           if r[1] not in ("id", "breakdown")]
    revision_columns = [r[1] for r in conn.execute("PRAGMA table_info(revisions)")
                        if r[1] not in ("id", "observation_id")]
    conn.execute("CREATE TEMP TABLE copies (n INTEGER)")
    conn.executemany("INSERT INTO copies VALUES (?)", [(n,) for n in range(1, 22)])
    kept = ", ".join(observation_columns)
    conn.execute(f"INSERT INTO observations ({kept}, breakdown) SELECT {kept}, 'copy ' || copies.n "
                 "FROM observations, copies WHERE observations.breakdown = ''")
    revised = ", ".join(revision_columns)
    conn.execute(f"INSERT INTO revisions (observation_id, {revised}) SELECT o.id, "
                 f"{', '.join('r.' + c for c in revision_columns)} FROM observations o "
                 "JOIN revisions r ON r.id = (o.id % 40000) + 1 WHERE o.breakdown LIKE 'copy %'")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    return target


def measure_database(label: str, db: Path) -> dict[str, str]:
    from cpdesk.store import backups, open_store

    figures = backups.describe(db).figures or 0
    quick, quick_s = pragma_seconds(db, "quick_check")
    full, full_s = pragma_seconds(db, "integrity_check")
    for old in backups.backup_files(db):
        old.unlink()
    _, open_s = timed(lambda: open_store(db, backups_kept=7).close())  # the checks on opening
    with open_store(db, backups_kept=7) as store:
        _, first_write_s = timed(lambda: store.set_meta("measured", "backups"))  # today's backup first
    copy, backup_s = timed(lambda: backups.take_backup(db))
    _, list_s = timed(lambda: backups.list_backups(db))
    _, restore_s = timed(lambda: backups.restore(db, copy))
    assert quick == "ok" and full == "ok", (quick, full)
    return {"database": label, "size": f"{db.stat().st_size / 2**20:,.0f} MB", "figures": f"{figures:,}",
            "quick_check": f"{quick_s:.2f} s", "integrity_check": f"{full_s:.2f} s",
            "open": f"{open_s:.2f} s", "first write": f"{first_write_s:.2f} s",
            "backup": f"{backup_s:.2f} s", "list": f"{list_s:.2f} s", "restore": f"{restore_s:.2f} s"}


def measure_retention(db: Path) -> str:
    """Ten backups a day apart, then an open that keeps seven: which remain."""
    from cpdesk.store import backups, open_store

    for old in backups.backup_files(db):
        old.unlink()
    for days in range(2, 12):
        made = backups.take_backup(db)
        made.rename(backups.new_backup_path(db, dt.datetime.now() - dt.timedelta(days=days)))
    with open_store(db, backups_kept=7) as store:
        store.set_meta("measured", "retention")
    kept = backups.backup_files(db)
    newest = backups.taken_at(kept[0]).date() == dt.date.today()
    whole = sum(backups.describe(path, full=True).good for path in kept)
    return (f"10 backups 2 to 11 days old, then a write keeping 7: {len(kept)} kept, the newest "
            f"{'taken that day' if newest else 'NOT taken'}, {whole} of {len(kept)} whole by integrity_check")


def measure_schemas(folder: Path) -> list[dict[str, str]]:
    from cpdesk.store import backups, migrations

    rows = []
    for sql in sorted(SCHEMAS.glob("schema_v*.sql")):
        db = folder / "schemas" / f"{sql.stem}.sqlite"
        db.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(db)
        conn.executescript(sql.read_text(encoding="utf-8"))
        before = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("observations", "revisions", "targets", "annotations", "imports")}
        conn.close()
        _, seconds = timed(lambda db=db: _open_and_annotate(db))
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as after_conn:
            after = {t: after_conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
            version = after_conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        after["annotations"] -= 1  # the one just added
        made = backups.backup_files(db)
        rows.append({"fixture": sql.name, "from": sql.stem.removeprefix("schema_v"), "to": version,
                     "latest": str(migrations.latest_version()),
                     "kept": "all" if after == before else f"CHANGED {before} -> {after}",
                     "counts": ", ".join(f"{n} {t}" for t, n in after.items()),
                     "backup": "yes, whole" if made and backups.describe(made[0], full=True).good else "NO",
                     "seconds": f"{seconds:.2f} s"})
    return rows


def _open_and_annotate(db: Path) -> None:
    from cpdesk.store import open_store

    with open_store(db) as store:
        store.add_annotation("Opened by this cpdesk", author="db_backups")


def section(databases: list[dict[str, str]], retention: str, schemas: list[dict[str, str]], note: str) -> str:
    lines = [
        f"## {SECTION}",
        "",
        f"Produced by `python tools/db_backups.py{' --million' if len(databases) > 1 else ''}` "
        f"({machine_line()}). {note} Times are wall-clock in this process, the file already in the disk "
        "cache, on a machine shared with other work (a cold read of the million-figure file made its "
        "first quick_check take 10.6 s). *open*: `open_store`, with integrity_check up to 64 MB, "
        "quick_check up to 256 MB and neither above (the full check then waits for the first write). "
        "*first write*: the first write of the day, which takes the daily backup first (integrity_check "
        "of the database, the copy, integrity_check of the copy). *backup*: `cpdesk backup`'s work. "
        "*list*: the backups listed with their figure counts, each quick-checked. *restore*: the current "
        "file backed up, checked, and the backup renamed into place.",
        "",
        "Backups live beside the database in `backups/` (docs/decisions.md says why): one before the "
        "first write of each day and one before every upgrade, each copied with SQLite's backup API, "
        "switched out of WAL, checked with integrity_check and fsynced before it is renamed into place; "
        "the newest 7 are kept (Settings: 3, 7, 14 or 30). A damaged database is never backed up.",
        "",
        "| database | size | figures | quick_check | integrity_check | open | first write | backup | list | "
        "restore |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in databases:
        lines.append("| " + " | ".join(row[k] for k in COLUMNS) + " |")
    lines += ["", f"Retention: {retention}.", "",
              "Every schema version released (found with `git log -p cpdesk/store/migrations.py "
              "cpdesk/store/tables.py`: version 1 only so far; `tests/core/schemas/build_schemas.py` builds "
              "its fixture from that release's tables) opened by this cpdesk:", "",
              "| fixture | version | opened at | latest | rows kept | rows | backup before its first write | "
              "open and annotate |",
              "|---|---|---|---|---|---|---|---|"]
    for row in schemas:
        lines.append("| " + " | ".join(row[k] for k in ("fixture", "from", "to", "latest", "kept", "counts",
                                                          "backup", "seconds")) + " |")
    lines += ["", "`tests/core/test_migrations.py` also runs each fixture through a further migration "
              "(a column added), checking the backup taken first holds the released version."]
    return "\n".join(lines) + "\n"


def summary(databases: list[dict[str, str]], schemas: list[dict[str, str]], retention: str) -> str:
    kept = sum(row["kept"] == "all" and row["backup"] == "yes, whole" for row in schemas)
    biggest = databases[-1]
    return (f"{kept} of {len(schemas)} released schemas open with every row kept and a whole backup; "
            f"{biggest['figures']} figures: backup {biggest['backup']}, restore {biggest['restore']}; "
            f"{'7 kept' if '7 kept' in retention else retention}")


def build_demo(folder: Path, demo: Path | None) -> tuple[Path, str]:
    target = folder / "demo" / "cp.sqlite"
    target.parent.mkdir(parents=True)
    if demo is not None:
        shutil.copyfile(demo, target)
        return target, f"The demo database was copied from {demo.name}."
    env = dict(os.environ, CPDESK_HOME=str(folder / "home"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-m", "cpdesk", "demo", "--db", str(target)], check=True,
                   capture_output=True, env=env, timeout=600)
    return target, "The demo database was built by `cpdesk demo`."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-backups-") as temporary:
        folder = Path(temporary)
        os.environ["CPDESK_HOME"] = str(folder / "home")
        os.environ["CPDESK_NATIONAL_PACK"] = "off"
        demo, note = build_demo(folder, args.demo)
        databases = [measure_database("demo", demo)]
        if args.million:
            (folder / "million").mkdir()
            big = grow_to_a_million(demo, folder / "million" / "cp.sqlite")
            databases.append(measure_database("demo grown to a million figures", big))
        retention = measure_retention(demo)
        schemas = measure_schemas(folder)
    text = section(databases, retention, schemas, note)
    print(text)
    if args.write:
        write_section(SECTION, text, SUMMARY_ROW, summary(databases, schemas, retention))
    return 0


if __name__ == "__main__":
    sys.exit(main())
