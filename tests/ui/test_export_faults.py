"""File > Export onto a full disk: the officer is told in one plain line, and the earlier file stays.

Qt's PDF writer fails silently on a full disk (it stops writing and reports success), so the pack it
leaves is cut short here as Qt leaves it; as root, a real 64 KB tmpfs is used as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cpdesk.export import safe_write
from cpdesk.ui import pdf_pack
from tests.ui.test_export_dialog import export_with_ctrl_s
from tests.ui.test_home_council_and_search import settings, window  # noqa: F401 - fixtures

from ..core.disk_faults import cut_short

PREVIOUS = b"%PDF-1.4 the pack the board already has\n%%EOF\n"


def answer_the_warning(qtbot, seen: dict, screenshot: Path | None = None) -> None:
    """When the warning opens: note its title and text, photograph it, and press OK as the officer would."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, look)
            return
        seen.update(title=box.windowTitle(), text=box.text(), icon=box.icon())
        if screenshot is not None:
            box.grab().save(str(screenshot))
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, look)


def test_a_pdf_cut_short_by_a_full_disk_is_reported_and_the_old_pack_kept(qtbot, window, monkeypatch,  # noqa: F811
                                                                           tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    target = share / "board pack.pdf"
    target.write_bytes(PREVIOUS)
    real_write = pdf_pack._Pack.write

    def write_as_on_a_full_disk(self, filename: str) -> None:
        real_write(self, filename)
        cut_short(filename, 4096)  # Qt stops writing where the disk filled, and says nothing

    monkeypatch.setattr(pdf_pack._Pack, "write", write_as_on_a_full_disk)
    monkeypatch.setattr(safe_write.shutil, "disk_usage", lambda _folder: SimpleNamespace(free=0))
    seen: dict = {}
    answer_the_warning(qtbot, seen, tmp_path / "full-disk-warning.png")  # looked at when written
    export_with_ctrl_s(qtbot, window, "Board pack (.pdf)", monkeypatch, save_as=str(target))
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert seen["title"] == "Export" and seen["icon"] == QMessageBox.Icon.Warning
    assert seen["text"] == ("The disk is full: 'board pack.pdf' was not written; your previous copy is "
                            f"unchanged. Free some space in {share} and try again.")
    assert target.read_bytes() == PREVIOUS
    assert os.listdir(share) == ["board pack.pdf"]  # no temporary file left beside it
    assert "Wrote" not in window.statusBar().currentMessage()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"),
                    reason="mounting a tmpfs needs root")
def test_a_pdf_export_onto_a_real_full_disk(qtbot, window, monkeypatch):  # noqa: F811
    folder = Path(tempfile.mkdtemp(prefix="cpdesk-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True)
    try:
        target = folder / "board pack.pdf"
        target.write_bytes(PREVIOUS)
        with open(folder / "filler", "wb") as filler:  # what the rest of the officer's files take
            filler.write(b"\0" * (64 * 1024 - 8192))
        seen: dict = {}
        answer_the_warning(qtbot, seen)
        export_with_ctrl_s(qtbot, window, "Board pack (.pdf)", monkeypatch, save_as=str(target))
        qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
        assert seen["text"].startswith("The disk is full: 'board pack.pdf' was not written; your previous "
                                       "copy is unchanged.")
        assert target.read_bytes() == PREVIOUS
        assert sorted(os.listdir(folder)) == ["board pack.pdf", "filler"]
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()
