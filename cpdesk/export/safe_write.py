"""Writing an export without ever leaving half a file behind.

Every export is written to a temporary file in the target's own folder and then renamed over the
target with ``os.replace``, which is atomic on one file system: a crash, a full disk or a bug while
writing leaves the previous file exactly as it was. Windows refuses the rename while Excel holds the
target open; that becomes an :class:`ExportError` telling the officer to close it.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

logger = logging.getLogger(__name__)


class ExportError(Exception):
    """An export that could not be written, with a message an officer can act on."""


def locked_message(target: Path) -> str:
    return f"{target.name} is open in another program (Excel?). Close it and try again."


def write_safely(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(temporary_filename)`` and move the result onto ``path``. Returns the target path.

    The temporary file keeps the target's suffix, because xlsxwriter and the CSV writer both decide
    nothing from it but people debugging a leftover file do.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"The folder {target.parent} does not exist; choose another place to save.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix,
                                             dir=target.parent)
    except PermissionError as exc:
        raise ExportError(f"cpdesk may not write in {target.parent}; choose another folder.") from exc
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, target)
    except PermissionError as exc:
        raise ExportError(locked_message(target)) from exc
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    logger.info("wrote %s", target)
    return target


XLSX_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
