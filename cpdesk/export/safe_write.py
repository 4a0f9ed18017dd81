"""Writing an export without ever leaving half a file behind.

Every export is written to a temporary file in the target's own folder and then renamed over the
target with ``os.replace``, which is atomic on one file system: a crash, a full disk or a bug while
writing leaves the previous file exactly as it was. Windows refuses the rename while Excel holds the
target open; that becomes an :class:`ExportError` telling the officer to close it.

The finished file has the permissions an ordinary new file would have: the user's umask applied to
``0o666`` for a new file (colleagues read exports on shared drives), and the old file's own mode when
one is replaced. The temporary file is created with ``os.open(..., 0o666)`` so that the operating
system applies the umask, rather than with ``mkstemp``, which makes every file owner-only.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from cpdesk.errors import CpdeskError

logger = logging.getLogger(__name__)

NEW_FILE_MODE = 0o666  # narrowed by the umask, as for any file a program creates
TEMPORARY_NAME_ATTEMPTS = 100
DISK_ERRORS = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS", "EIO", "EFBIG")
               if hasattr(errno, name)}


class ExportError(CpdeskError):
    """An export that could not be written, with a message an officer can act on."""


def locked_message(target: Path) -> str:
    return f"{target.name} is open in another program (Excel?). Close it and try again."


def cannot_write_message(target: Path, exc: OSError) -> str:
    """One line naming the file and the reason, for a folder or disk that refuses the file."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"Could not write {target}: you are not allowed to write in the folder {target.parent}; "
                "choose another folder.")
    reason = exc.strerror or "the file could not be written"
    return f"Could not write {target}: {reason[0].lower()}{reason[1:]}."


def write_safely(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(temporary_filename)`` and move the result onto ``path``. Returns the target path.

    The temporary file keeps the target's suffix, because xlsxwriter and the CSV writer both decide
    nothing from it but people debugging a leftover file do.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose another place to save.")
    if target.is_dir():
        raise ExportError(f"Could not write {target}: it is a folder; choose a file name.")
    temporary, mode = _create_temporary(target)
    try:
        _write_and_replace(target, temporary, mode, write)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    logger.info("wrote %s", target)
    return target


def _create_temporary(target: Path) -> tuple[str, int]:
    """An empty, new file beside ``target``, and the mode the finished file should have."""
    for _ in range(TEMPORARY_NAME_ATTEMPTS):
        temporary = str(target.with_name(f".{target.stem}-{secrets.token_hex(4)}{target.suffix}"))
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


def _mode_of_existing(target: Path, default: int) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return default


def _write_and_replace(target: Path, temporary: str, mode: int, write: Callable[[str], None]) -> None:
    try:
        write(temporary)
        # Some writers replace the file they are given (a library's own temporary file renamed onto
        # it), so the mode is set once the content is there, not only when the file was created.
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except PermissionError as exc:
        raise ExportError(locked_message(target)) from exc
    except OSError as exc:
        if exc.errno in DISK_ERRORS:
            raise ExportError(cannot_write_message(target, exc)) from exc
        raise


XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
