"""A full disk, injected at the operating-system boundary so the tests run on any machine.

``fill_disk(monkeypatch, folder, room)`` makes every file opened for writing under ``folder`` take
``room`` bytes in all and then fail as a full disk does (``OSError(ENOSPC)``; the write that does not
fit is refused whole). It covers ``open``/``io.open`` (the CSV writers, zipfile under xlsxwriter,
the log file) and ``os.write``. Qt's PDF writer writes from C++ and cannot be reached this way:
``cut_short`` leaves a file as Qt leaves it on a full disk (silently truncated).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path


def no_space() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class Disk:
    """The room left on the pretend disk, shared by every file written to it."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.refused = 0

    def take(self, size: int) -> int:
        """How much of ``size`` bytes fits; the rest is refused."""
        fits = max(0, min(size, self.room))
        self.room -= fits
        return fits


class FillingFile:
    """A file object whose writes stop when the disk is full."""

    def __init__(self, inner, disk: Disk) -> None:
        self._inner, self._disk = inner, disk

    def write(self, data):
        size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
        if self._disk.take(size) < size:
            self._disk.refused += 1
            raise no_space()
        return self._inner.write(data)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __iter__(self):
        return iter(self._inner)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self._inner.close()


def fill_disk(monkeypatch, folder: Path, room: int) -> Disk:
    """From now on, ``folder`` sits on a disk with ``room`` bytes free."""
    disk = Disk(room)
    real_open, real_write = io.open, os.write
    inside = str(Path(folder).resolve())
    fds: set[int] = set()

    def open_filling(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        writing = any(flag in mode for flag in "wax+")
        if writing and isinstance(file, str | os.PathLike) and \
                str(Path(os.fspath(file)).resolve()).startswith(inside):
            return FillingFile(handle, disk)
        return handle

    real_os_open = os.open

    def os_open(path, flags, *args, **kwargs):
        fd = real_os_open(path, flags, *args, **kwargs)
        if flags & (os.O_WRONLY | os.O_RDWR) and str(Path(os.fspath(path)).resolve()).startswith(inside):
            fds.add(fd)
        return fd

    def os_write(fd, data):
        if fd in fds and disk.take(len(data)) < len(data):
            disk.refused += 1
            raise no_space()
        return real_write(fd, data)

    monkeypatch.setattr(builtins, "open", open_filling)
    monkeypatch.setattr(io, "open", open_filling)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "write", os_write)
    return disk


def cut_short(path: str | os.PathLike, keep: int) -> None:
    """Truncate ``path`` to ``keep`` bytes, as a writer that ignores a full disk leaves it."""
    with open(path, "r+b") as handle:
        handle.truncate(keep)


def fail_at(monkeypatch, module, name: str, error_number: int = errno.ENOSPC) -> list[str]:
    """Make ``module.name`` (``os.fsync``, ``os.replace``...) fail with ``error_number``; returns the
    calls it refused."""
    refused: list[str] = []

    def refuse(*args, **kwargs):
        refused.append(repr(args[:1]))
        raise OSError(error_number, os.strerror(error_number))

    monkeypatch.setattr(module, name, refuse)
    return refused
