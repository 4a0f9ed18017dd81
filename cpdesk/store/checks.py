"""What a SQLite file is, found before cpdesk changes anything in it.

Read through a read-only connection, so another program's file stays byte for byte as it was (no
switch to WAL, no tables created): whether it is cpdesk's at all (a ``meta`` table holding a whole
number as ``schema_version``), whether it is damaged (SQLite's own checks), and whether cpdesk may
write to it (the file and its folder writable; otherwise it is opened read-only).

``integrity_check`` (every page, and every index against its table) takes 0.11 s on the 25 MB demo
database and 3.6 s on a 554 MB one of a million figures; ``quick_check`` (pages only: it misses an
index entry that no longer matches its row, which a unique index needs to keep figures single) 36 ms
and 0.8 s, 10.6 s from a cold disk cache (docs/RELIABILITY.md). Files up to
``INTEGRITY_CHECK_ON_OPEN_BYTES`` get the full check on opening, those up to
``QUICK_CHECK_ON_OPEN_BYTES`` the quick one; whatever was not fully checked on opening is, before its
first write (with the day's backup when one is due).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cpdesk.store.backups import check_problem, reading
from cpdesk.store.engine import SQLITE_HEADER, Location, describe_error
from cpdesk.store.records import StoreError

logger = logging.getLogger(__name__)

INTEGRITY_CHECK_ON_OPEN_BYTES = 64 * 1024 * 1024
QUICK_CHECK_ON_OPEN_BYTES = 256 * 1024 * 1024
VERSION_KEY = "schema_version"


@dataclass(frozen=True)
class FileCheck:
    """A SQLite file as found: its schema version (0: new or empty), why it cannot be written to
    (None: it can), what SQLite found damaged (None: nothing, or not checked yet)."""

    version: int
    read_only: str | None = None
    damaged: str | None = None
    checked: bool = True  # True: integrity_check ran on opening; else it runs before the first write
    immutable: bool = False  # read-only folder and no WAL file: nobody can be writing it


def inspect_file(location: Location, *, read_only: bool = False) -> FileCheck:
    """Look at the SQLite file at ``location.path`` without changing it; refuse what is not cpdesk's."""
    path = location.path
    assert path is not None
    why_read_only = "you asked for it to be opened read-only" if read_only else write_refusal(path)
    if not path.exists() or path.stat().st_size == 0:
        if why_read_only and not read_only:
            raise StoreError(f"The database {path} cannot be created: {why_read_only}.")
        return FileCheck(0, why_read_only)
    if not _starts_like_sqlite(path):
        raise StoreError(f"The file {path} is not a cpdesk database (it is not a database file at all).")
    immutable = bool(why_read_only) and not os.access(path.parent, os.W_OK) \
        and not Path(f"{path}-wal").exists()
    size = path.stat().st_size
    full = size <= INTEGRITY_CHECK_ON_OPEN_BYTES
    try:
        with reading(path, immutable=immutable) as conn:
            version = _cpdesk_version(conn, location)
            damaged = None
            if version and (full or size <= QUICK_CHECK_ON_OPEN_BYTES):
                damaged = check_problem(conn, full=full)
    except sqlite3.Error as exc:
        raise describe_error(exc, location) from exc
    return FileCheck(version, why_read_only, damaged, full, immutable)


def write_refusal(path: Path) -> str | None:
    """Why cpdesk cannot write to the database at ``path`` (None: it can). SQLite writes beside the
    file too (its WAL and shared-memory files), so the folder must take new files."""
    folder = path.parent
    if not folder.exists():
        nearest = _nearest_existing(folder)
        return None if nearest and os.access(nearest, os.W_OK) else f"the folder {folder} cannot be created"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only for you"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only for you"
    return None


def _nearest_existing(folder: Path) -> Path | None:
    for parent in (folder, *folder.parents):
        if parent.exists():
            return parent
    return None


def _cpdesk_version(conn: sqlite3.Connection, location: Location) -> int:
    """The schema version of a cpdesk database; 0 when the file holds no tables at all."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if not tables:
        return 0
    name = location.display
    if "meta" not in tables:
        shown = ", ".join(tables[:4]) + (f" and {len(tables) - 4} more" if len(tables) > 4 else "")
        raise StoreError(f"The file {name} is not a cpdesk database: it is another program's SQLite "
                         f"database (its tables: {shown}). cpdesk has not changed it.")
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).fetchone()
    if row is None:
        raise StoreError(f"The file {name} is not a cpdesk database (it has no schema version). "
                         "cpdesk has not changed it.")
    return parse_version(row[0], name)


def parse_version(value: object, name: str) -> int:
    """A schema version read from a file: a whole number from 1 up, or a plain refusal."""
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        shown = text if len(text) <= 20 else text[:20] + "..."
        raise StoreError(f"The database {name} gives its schema version as '{shown}', which is not a version "
                         "cpdesk wrote: it may be damaged or altered by another program. cpdesk has not "
                         "changed it.")
    return int(text)


def _starts_like_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
