"""Databases for the safety and backup tests: a real cpdesk file (every area and indicator, and
Warwickshire's reported figures), damaged copies, and places cpdesk cannot write to.

A place is made read-only as the operating system does it for this process: ``chmod`` for an
ordinary user, and for root (who ignores permissions) the immutable attribute (``chattr +i``), which
even root cannot write through."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cpdesk.reference import load_reference
from cpdesk.store import open_store
from tests.core.test_store import batch, council_report


def build_cpdesk_db(path: Path) -> Path:
    """A closed cpdesk database: the areas, the indicators and Warwickshire's three reported figures."""
    reference = load_reference()
    with open_store(path, backups_kept=7) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        store.import_observations(batch(council_report()))
    return path


def damage_pages(db: Path, target: Path, *, step: int = 3, length: int = 1024) -> Path:
    """A copy of ``db`` with ``length`` bytes overwritten in every ``step``-th page of its last third
    (where the figures and areas lie; the schema's pages, at the start, left whole), as a failing
    disk sector would."""
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    first = (len(data) // page) * 2 // 3
    for offset in range(page * first + page // 4, len(data), page * step):
        data[offset:offset + length] = b"\xde" * length
    target.write_bytes(bytes(data))
    return target


def file_state(path: Path) -> tuple[bytes, tuple[str, ...], int]:
    """What must not change: the file's bytes, the other files beside it, and what its WAL file holds
    (a read-only connection to a WAL database may leave an empty WAL and shared-memory file beside
    it, SQLite's own, holding nothing)."""
    companions = {f"{path.name}-wal", f"{path.name}-shm"}
    wal = path.with_name(f"{path.name}-wal")
    beside = tuple(sorted(p.name for p in path.parent.iterdir() if p.name not in companions))
    return path.read_bytes(), beside, wal.stat().st_size if wal.exists() else 0


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) read-only for this process until the block ends."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a place read-only for root")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield path
    finally:
        path.chmod(mode)
