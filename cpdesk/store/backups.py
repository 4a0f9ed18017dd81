"""Backups of a SQLite database: taken, checked, listed, kept to a number, and restored.

Backups live beside the database, in a ``backups`` folder, as ``<name>.<YYYY-MM-DDTHHMM>.backup``
(``cp.2026-12-01T0900.backup`` for ``cp.sqlite``): they travel with the database (a database on a
shared drive keeps its backups on that drive, in the drive's own backup regime, where every officer
who opens it can restore them). Copies taken before upgrades by earlier versions of cpdesk
(``<name>.backup-v1-<stamp>.sqlite``, beside the database) are listed and restored too.

Every backup is made with SQLite's backup API (which includes what is still in the WAL file) into a
hidden partial file, switched out of WAL mode, checked with ``PRAGMA integrity_check``, flushed to
disk and only then renamed into place: a backup that is listed is whole. A damaged database is never
backed up, so a damaged copy can never push a good one out of the set kept.

Only plain ``sqlite3`` here: no SQLAlchemy, no engine, so restoring works on a file nobody has open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import logging
import os
import re
import shutil
import sqlite3
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cpdesk.store.records import StoreError

logger = logging.getLogger(__name__)

FOLDER = "backups"
SUFFIX = ".backup"
STAMP = "%Y-%m-%dT%H%M"
DEFAULT_KEPT = 7
BACKUP_EVERY = dt.timedelta(days=1)
_STAMP_IN_NAME = re.compile(r"\.(\d{4}-\d{2}-\d{2}T\d{4})(?:-(\d+))?\.backup$")
_LEGACY_STAMP = re.compile(r"\.backup-v\d+-(\d{8}T\d{6})Z(?:-\d+)?\.sqlite$")
SIDE_FILES = ("-wal", "-shm", "-journal")


class DamagedDatabase(StoreError):
    """The database failed its integrity check; ``detail`` is SQLite's first finding."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was taken, how many figures it holds, and whether it reads whole."""

    path: Path
    taken: dt.datetime  # local time, as the officer reads it
    figures: int | None = None
    problem: str | None = None  # why it is not a good backup; None when it is

    @property
    def good(self) -> bool:
        return self.problem is None

    @property
    def when(self) -> str:
        """``1 Dec 2026 09:00``."""
        return f"{self.taken.day} {self.taken:%b %Y %H:%M}"

    def describe(self) -> str:
        """``'cp.2026-12-01T0900.backup' (1 Dec 2026 09:00)``."""
        return f"'{self.path.name}' ({self.when})"


def folder_of(db: Path) -> Path:
    return db.parent / FOLDER


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A ``file:`` URI that opens ``path`` read-only (SQLite never writes to it, nor changes its mode)."""
    quoted = urllib.parse.quote(str(path.resolve()))
    return f"file:{quoted}?mode=ro{'&immutable=1' if immutable else ''}"


@contextlib.contextmanager
def reading(path: Path, *, immutable: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a SQLite file, closed afterwards."""
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()


def check_problem(conn: sqlite3.Connection, *, full: bool) -> str | None:
    """SQLite's own check of every page (``integrity_check``) or of the structure (``quick_check``):
    None when it says ok, else its first finding."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    findings = [line for row in rows for line in str(row[0]).splitlines()
                if line.strip() and not line.startswith("*** in database")]
    if findings == ["ok"]:
        return None
    return findings[0] if findings else "SQLite's check gave no answer"


def file_problem(path: Path, *, full: bool = True, immutable: bool = False) -> str | None:
    """Why the SQLite file at ``path`` is not whole, or None when it is."""
    try:
        with reading(path, immutable=immutable) as conn:
            return check_problem(conn, full=full)
    except sqlite3.Error as exc:
        return str(exc)


# -- listing ---------------------------------------------------------------------------------------

def backup_files(db: Path) -> list[Path]:
    """Every backup of ``db``, newest first: those in its backups folder and older upgrade copies."""
    stem = glob.escape(db.stem)
    try:
        found = list(folder_of(db).glob(f"{stem}.*{SUFFIX}"))
        found += list(db.parent.glob(f"{stem}.backup-v*.sqlite"))
    except OSError:
        return []
    dated = [(taken_at(path), _counter(path), path) for path in found if path.is_file()]
    return [path for _taken, _n, path in sorted(dated, key=lambda item: item[:2], reverse=True)]


def _counter(path: Path) -> int:
    """The ``-2`` of a second backup taken in the same minute (1 for the first)."""
    match = _STAMP_IN_NAME.search(path.name)
    return int(match.group(2)) if match and match.group(2) else 1


def taken_at(path: Path) -> dt.datetime:
    """When a backup was taken: from its name (local time), else the file's modification time."""
    match = _STAMP_IN_NAME.search(path.name)
    if match:
        return dt.datetime.strptime(match.group(1), STAMP)
    legacy = _LEGACY_STAMP.search(path.name)
    if legacy:
        utc = dt.datetime.strptime(legacy.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
        return utc.astimezone().replace(tzinfo=None)
    return dt.datetime.fromtimestamp(path.stat().st_mtime)


def describe(path: Path, *, full: bool = False) -> Backup:
    """A backup with its figure count, checked (``quick_check``, or ``integrity_check`` when full)."""
    taken = taken_at(path)
    try:
        with reading(path, immutable=True) as conn:
            problem = check_problem(conn, full=full)
            figures = None if problem else conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    except sqlite3.Error as exc:
        return Backup(path, taken, None, str(exc))
    return Backup(path, taken, figures, problem)


def list_backups(db: Path) -> list[Backup]:
    """Every backup of ``db``, newest first, each checked and counted."""
    return [describe(path) for path in backup_files(db)]


def newest_good(db: Path) -> Backup | None:
    for path in backup_files(db):
        backup = describe(path)
        if backup.good:
            return backup
    return None


def restore_advice(db: Path) -> str:
    """The sentence that offers the way back from a damaged database."""
    backup = newest_good(db)
    if backup is None:
        return (f"There is no good backup of it in {folder_of(db)}: restore it from your own backups "
                "(ask IT for the copy from before it was damaged).")
    return (f"The newest good backup is {backup.describe()}. Restore it with `cpdesk restore` or "
            "File > Restore backup.")


def backup_due(db: Path, every: dt.timedelta = BACKUP_EVERY, now: dt.datetime | None = None) -> bool:
    """True when ``db`` has no backup taken within ``every``."""
    files = backup_files(db)
    return not files or (now or dt.datetime.now()) - taken_at(files[0]) >= every


# -- taking ----------------------------------------------------------------------------------------

def new_backup_path(db: Path, now: dt.datetime | None = None) -> Path:
    """``backups/<name>.<YYYY-MM-DDTHHMM>.backup``, never one that exists."""
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    folder = folder_of(db)
    candidate = folder / f"{db.stem}.{stamp}{SUFFIX}"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = folder / f"{db.stem}.{stamp}-{counter}{SUFFIX}"
    return candidate


def take_backup(db: Path, target: Path | None = None, *, why: str = "backup",
                keep: int | None = None) -> Path:
    """Back ``db`` up to ``target`` (default: a new file in its backups folder), check the copy, and
    keep only the newest ``keep`` in the folder. Refuses a damaged database."""
    problem = file_problem(db, full=True)
    if problem:
        raise DamagedDatabase(f"The database {db} is damaged ({problem}), so cpdesk did not back it up "
                              f"(a damaged copy would be no use). {restore_advice(db)}", problem)
    target = target or new_backup_path(db)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _copy_checked(db, target)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cpdesk could not back up {db} to {target} ({_reason(exc)}). "
                         "The database itself is unchanged.") from exc
    logger.info("Backed up %s to %s (%s)", db, target, why)
    if keep is not None and target.parent == folder_of(db):
        prune(db, keep)
    return target


def _copy_checked(db: Path, target: Path) -> None:
    """Copy with the backup API to a partial file, check it, fsync it, then rename it into place."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        source = sqlite3.connect(read_only_uri(db), uri=True, timeout=10)
        try:
            copy = sqlite3.connect(str(partial))
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                problem = check_problem(copy, full=True)
            finally:
                copy.close()
        finally:
            source.close()
        if problem:
            raise sqlite3.DatabaseError(f"the copy did not check out whole: {problem}")
        _fsync(partial)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


def prune(db: Path, keep: int) -> list[Path]:
    """Delete the oldest backups in ``db``'s backups folder beyond the newest ``keep``."""
    mine = [path for path in backup_files(db) if path.parent == folder_of(db)]
    removed = []
    for path in mine[max(keep, 1):]:
        try:
            path.unlink()
            removed.append(path)
        except OSError as exc:
            logger.warning("old backup %s not removed: %s", path, exc)
    if removed:
        logger.info("Removed %d old backup(s) of %s, keeping %d", len(removed), db, keep)
    return removed


# -- restoring -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup put in place, and where the file it replaced was kept."""

    backup: Backup
    previous: Path | None  # the replaced database's backup (or raw copy when damaged); None if absent
    previous_damaged: bool


def restore(db: Path, chosen: Path) -> Restored:
    """Replace ``db`` with the backup ``chosen``, keeping the current file first. No connection to
    ``db`` may be open. The backup is checked whole first; the swap is one rename."""
    backup = describe(chosen, full=True)
    if not backup.good:
        raise StoreError(f"The backup {chosen} is damaged ({backup.problem}), so it was not restored. "
                         "Choose another.")
    previous, damaged = _keep_current(db)  # first: a damaged file is kept exactly as it was found
    _refuse_if_open_elsewhere(db)
    partial = db.with_name(f".{db.name}.restoring")
    try:
        shutil.copyfile(chosen, partial)
        _fsync(partial)
        _remove_side_files(db)  # an old WAL file must never be replayed onto the restored file
        os.replace(partial, db)
        _fsync_folder(db.parent)
    except OSError as exc:
        raise StoreError(f"cpdesk could not restore {chosen.name} over {db} ({_reason(exc)}). "
                         f"The database is as it was{_kept_note(previous)}.") from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    logger.info("Restored %s from %s (the file it replaced: %s)", db, chosen, previous)
    return Restored(backup, previous, damaged)


def _refuse_if_open_elsewhere(db: Path) -> None:
    """Leaving WAL mode needs the only connection to the file: it fails while any other program (cpdesk
    on another computer) has it open, which a restore must not pull the file from under."""
    if not db.exists():
        return
    try:
        conn = sqlite3.connect(str(db), timeout=2)
        try:
            conn.execute("PRAGMA journal_mode = DELETE").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"The database {db} is open in another program (cpdesk on another computer?), "
                             "so it was not restored: close it there first.") from exc
        logger.info("%s not switched out of WAL before a restore: %s", db, exc)  # damaged: restored anyway


def _keep_current(db: Path) -> tuple[Path | None, bool]:
    """Back the current file up before it is replaced; a damaged one is kept as a raw copy instead."""
    if not db.exists():
        return None, False
    if file_problem(db, full=True) is None:
        return take_backup(db, why="before a restore"), False
    raw = new_backup_path(db).with_suffix(".damaged")
    try:
        raw.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db, raw)
        for side in SIDE_FILES:
            if Path(f"{db}{side}").exists():
                shutil.copyfile(f"{db}{side}", f"{raw}{side}")
    except OSError as exc:
        raise StoreError(f"cpdesk could not keep a copy of the damaged {db} before restoring "
                         f"({_reason(exc)}), so nothing was changed.") from exc
    return raw, True


def _remove_side_files(db: Path) -> None:
    with contextlib.suppress(sqlite3.Error):  # a whole file: fold the WAL in first
        conn = sqlite3.connect(str(db), timeout=10)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    for side in SIDE_FILES:
        Path(f"{db}{side}").unlink(missing_ok=True)


def _kept_note(previous: Path | None) -> str:
    return f"; a copy is kept at {previous}" if previous else ""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system lets a folder be opened (Windows)
        _fsync(folder)
