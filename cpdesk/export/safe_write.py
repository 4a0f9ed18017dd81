"""Writing an export without ever leaving half a file behind, or a bad file in place of a good one.

Every export is written to a temporary file in the target's own folder, checked, flushed to the
disk, and only then renamed over the target with ``os.replace``, which is atomic on one file
system: a crash, a full disk or a bug while writing leaves the previous file exactly as it was.

- **Checked:** some writers fail without saying so (Qt's PDF writer on a full disk stops writing
  and reports success), so the finished temporary file must be whole before it may replace
  anything: not empty, and for the formats that say where they end, ending there (a PDF's
  ``%%EOF``, a workbook's zip directory, a PNG's ``IEND``, an SVG's ``</svg>``).
- **Flushed:** the file is ``fsync``-ed before the rename and, on POSIX, its folder after it, so a
  power cut cannot leave the new name pointing at blocks that never reached the disk.
- **Named recognisably:** ``.~cpdesk-<name>.<host>-<pid>.tmp<suffix>`` (the suffix kept, because the
  chart writer chooses PNG or SVG from it). A killed export leaves one behind; the next export into
  that folder removes those whose process is gone (on this machine) or that are over an hour old.

A full disk is said plainly ("The disk is full: 'pack.pdf' was not written; your previous copy is
unchanged"); Windows refuses the rename while Excel holds the target open, which becomes an
:class:`ExportError` telling the officer to close it; any other refusal names the file and reason.

The finished file has the permissions an ordinary new file would have: the user's umask applied to
``0o666`` for a new file (colleagues read exports on shared drives), and the old file's own mode when
one is replaced. The temporary file is created with ``os.open(..., 0o666)`` so that the operating
system applies the umask, rather than with ``mkstemp``, which makes every file owner-only.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import re
import shutil
import socket
import stat
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from cpdesk.errors import CpdeskError

logger = logging.getLogger(__name__)

NEW_FILE_MODE = 0o666  # narrowed by the umask, as for any file a program creates
TEMPORARY_NAME_ATTEMPTS = 100
TEMPORARY_PREFIX = ".~cpdesk-"
STALE_AFTER_S = 3600  # a temporary file this old is left over, whoever made it
MAX_STEM = 120  # of the target's name inside a temporary name: the whole stays under 255 bytes
LOW_SPACE_BYTES = 1 << 20  # a file that came out short with less free than this: the disk is full
TAIL_BYTES = 1024
FULL_ERRORS = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT") if hasattr(errno, name)}
DISK_ERRORS = FULL_ERRORS | {getattr(errno, name) for name in ("EROFS", "EIO", "EFBIG")
                             if hasattr(errno, name)}
_TEMPORARY = re.compile(r"^\.~cpdesk-.*\.(?P<host>[A-Za-z0-9]*)-(?P<pid>\d+)(?:-\d+)?\.tmp(\.[^.]*)?$")


class ExportError(CpdeskError):
    """An export that could not be written, with a message an officer can act on."""


class IncompleteFile(OSError):
    """A writer finished without error but the file it left is not whole."""


def locked_message(target: Path) -> str:
    return f"{target.name} is open in another program (Excel?). Close it and try again."


def cannot_write_message(target: Path, exc: OSError) -> str:
    """One line naming the file and the reason, for a folder or disk that refuses the file."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Could not write {target}: you are not allowed to write in the folder {target.parent}; "
                "choose another folder.")
    reason = exc.strerror or "the file could not be written"
    return f"Could not write {target}: {reason[0].lower()}{reason[1:]}."


def disk_full_message(target: Path, had_previous: bool) -> str:
    kept = "; your previous copy is unchanged" if had_previous else ""
    return (f"The disk is full: '{target.name}' was not written{kept}. "
            f"Free some space in {target.parent} and try again.")


def incomplete_message(target: Path, had_previous: bool, why: str) -> str:
    kept = "; your previous copy is unchanged" if had_previous else ""
    return f"'{target.name}' was not written: {why}{kept}. Try again, or choose another folder."


def write_safely(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(temporary_filename)`` and move the result onto ``path``. Returns the target path.

    Raises :class:`ExportError` when the file cannot be written whole; the previous file, if any,
    is then untouched and no temporary file is left behind.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose another place to save.")
    if target.is_dir():
        raise ExportError(f"Could not write {target}: it is a folder; choose a file name.")
    remove_stale_temporaries(target.parent)
    had_previous = target.exists()
    temporary, mode = _create_temporary(target)
    try:
        _write_and_replace(target, temporary, mode, write)
    except PermissionError as exc:
        raise ExportError(locked_message(target)) from exc
    except OSError as exc:
        _release_quietly(exc)
        raise ExportError(_refusal(target, had_previous, exc)) from exc
    except Exception as exc:
        cause = _os_error_within(exc)  # xlsxwriter wraps the OSError of a full disk in its own error
        if cause is None:
            raise
        _release_quietly(exc)
        raise ExportError(_refusal(target, had_previous, cause)) from exc
    finally:
        _remove_quietly(temporary)
    logger.info("wrote %s", target)
    return target


def _refusal(target: Path, had_previous: bool, exc: OSError) -> str:
    said_nothing = exc.errno is None  # a writer that only knows it failed (Qt), or a file cut short
    if exc.errno in FULL_ERRORS or (said_nothing and _nearly_full(target.parent)):
        return disk_full_message(target, had_previous)
    if isinstance(exc, IncompleteFile):
        return incomplete_message(target, had_previous, str(exc))
    return cannot_write_message(target, exc)


def _os_error_within(exc: BaseException) -> OSError | None:
    """The OSError behind a library's own exception: its cause, its context or its first argument."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError):
            return current
        first = current.args[0] if current.args else None
        if isinstance(first, OSError):
            return first
        current = current.__cause__ or current.__context__
    return None


def _release_quietly(exc: BaseException) -> None:
    """Close now what a failed writer left open (xlsxwriter's zip file) instead of when Python gets
    round to it, where closing it fails again on the full disk and prints a traceback."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: logger.debug("after a failed write: %s", unraisable.exc_value)
    try:
        current: BaseException | None = exc
        while current is not None:
            traceback.clear_frames(current.__traceback__)
            current = current.__cause__ or current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _create_temporary(target: Path) -> tuple[str, int]:
    """An empty, new file beside ``target``, and the mode the finished file should have."""
    base = f"{TEMPORARY_PREFIX}{target.stem[:MAX_STEM]}.{_host_tag()}-{os.getpid()}"
    for attempt in range(TEMPORARY_NAME_ATTEMPTS):
        counter = f"-{attempt}" if attempt else ""
        temporary = str(target.with_name(f"{base}{counter}.tmp{target.suffix}"))
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(cannot_write_message(target, exc)) from exc
        try:
            mode = stat.S_IMODE(os.fstat(handle).st_mode)
        finally:
            os.close(handle)
        return temporary, _mode_of_existing(target, default=mode)
    raise ExportError(f"Could not write {target}: no free temporary name in {target.parent}.")


def _host_tag() -> str:
    """This machine's name in letters and digits: a process id means something only on its own host."""
    return re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:24]


def _mode_of_existing(target: Path, default: int) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return default


def _write_and_replace(target: Path, temporary: str, mode: int, write: Callable[[str], None]) -> None:
    write(temporary)
    check_whole(temporary, target.suffix)
    # Some writers replace the file they are given (a library's own temporary file renamed onto
    # it), so the mode is set once the content is there, not only when the file was created.
    os.chmod(temporary, mode)
    _flush_file(temporary)
    os.replace(temporary, target)
    _flush_folder(target.parent)


def check_whole(filename: str, suffix: str) -> None:
    """Raise :class:`IncompleteFile` unless ``filename`` is a whole file of its kind."""
    size = os.path.getsize(filename)
    if size == 0:
        raise IncompleteFile("it came out empty")
    with open(filename, "rb") as handle:
        head = handle.read(8)
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read().rstrip()
    kind = suffix.lower()
    if kind == ".pdf" and not (head.startswith(b"%PDF-") and tail.endswith(b"%%EOF")):
        raise IncompleteFile(f"the PDF stops short after {size:,} bytes")
    if kind in (".xlsx", ".xlsm") and not (head.startswith(b"PK\x03\x04") and b"PK\x05\x06" in tail):
        raise IncompleteFile(f"the workbook stops short after {size:,} bytes")
    if kind == ".png" and not (head == b"\x89PNG\r\n\x1a\n" and tail.endswith(b"IEND\xaeB`\x82")):
        raise IncompleteFile(f"the image stops short after {size:,} bytes")
    if kind == ".svg" and not tail.endswith(b"</svg>"):
        raise IncompleteFile(f"the image stops short after {size:,} bytes")


def _flush_file(filename: str) -> None:
    """Make the file's content durable before its name replaces the old one (read-write: Windows
    flushes only a handle that may write)."""
    handle = os.open(filename, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _flush_folder(folder: Path) -> None:
    """Make the rename durable (POSIX; Windows has no handle for a folder, and needs none)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError as exc:  # some file systems (network shares) cannot sync a folder; the file is
        logger.debug("could not sync the folder %s: %s", folder, exc)  # written and renamed already
    finally:
        os.close(handle)


def _remove_quietly(filename: str) -> None:
    try:
        os.remove(filename)
    except FileNotFoundError:
        pass
    except OSError as exc:  # removed by the next export instead
        logger.warning("could not remove the temporary file %s: %s", filename, exc)


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[str]:
    """Remove the temporary files earlier exports left in ``folder`` when they were killed; returns
    their names. One whose process still runs here, and that is under an hour old, is being written."""
    removed: list[str] = []
    try:
        names = [name for name in os.listdir(folder) if name.startswith(TEMPORARY_PREFIX)]
    except OSError:
        return removed
    clock = time.time() if now is None else now
    for name in names:
        found = _TEMPORARY.match(name)
        path = folder / name
        if found is None or not _is_stale(path, found, clock):
            continue
        try:
            os.remove(path)
        except OSError:
            continue
        removed.append(name)
    if removed:
        logger.info("removed %d temporary file(s) left by interrupted exports in %s", len(removed), folder)
    return removed


def _is_stale(path: Path, found: re.Match[str], now: float) -> bool:
    try:
        age = now - path.stat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER_S:
        return True
    return found["host"] == _host_tag() and not process_running(int(found["pid"]))


def process_running(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (True when that cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # Windows' os.kill would end the process: age alone decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): it runs
        return True
    return True


XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
