"""The icon drawn by tools/draw_icon.py: every size drawn, the committed files match the drawing, and the
app's windows carry it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtGui import QImage, QImageReader

from cpdesk import app as cpdesk_app
from cpdesk import paths

REPO = Path(__file__).resolve().parents[2]
SIZES = [16, 24, 32, 48, 64, 256]


def load_draw_icon():
    spec = importlib.util.spec_from_file_location("draw_icon", REPO / "tools" / "draw_icon.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["draw_icon"] = module  # its dataclass looks its module up while being defined
    spec.loader.exec_module(module)
    return module


def ico_images(path: Path) -> list[QImage]:
    reader = QImageReader(str(path))
    images = []
    for _ in range(reader.imageCount()):
        images.append(reader.read())
        reader.jumpToNextImage()
    return images


def differing_share(a: QImage, b: QImage) -> float:
    """The share of pixels whose colour differs by more than a rounding step in any channel."""
    a, b = (image.convertToFormat(QImage.Format.Format_ARGB32) for image in (a, b))
    assert a.size() == b.size()
    differ = 0
    for y in range(a.height()):
        for x in range(a.width()):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            channels = zip(pa.getRgb(), pb.getRgb(), strict=True)
            differ += any(abs(ca - cb) > 2 for ca, cb in channels)
    return differ / (a.width() * a.height())


def test_drawing_again_gives_the_committed_icons(qapp, tmp_path):
    draw_icon = load_draw_icon()
    png, ico, *bitmaps = draw_icon.write_icons(tmp_path)
    drawn = ico_images(ico)
    committed = ico_images(paths.icon_file())
    assert [image.width() for image in drawn] == SIZES
    assert [image.width() for image in committed] == SIZES
    for new, old in zip(drawn, committed, strict=True):
        assert differing_share(new, old) < 0.01, f"the {new.width()} px icon differs: run tools/draw_icon.py"
    assert differing_share(QImage(str(png)), QImage(str(paths.icon_file(".png")))) < 0.01
    for bitmap in bitmaps:
        committed_bitmap = QImage(str(paths.icon_file(".png").with_name(bitmap.name)))
        assert differing_share(QImage(str(bitmap)), committed_bitmap) < 0.01, bitmap.name


def test_drawing_twice_gives_the_same_bytes(qapp, tmp_path):
    draw_icon = load_draw_icon()
    first = draw_icon.write_icons(tmp_path / "first")
    second = draw_icon.write_icons(tmp_path / "second")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name  # Qt leaves the .ico mask's padding unset


def test_the_small_icon_is_mostly_blue_with_a_white_line(qapp):
    draw_icon = load_draw_icon()
    image = draw_icon.draw(16)
    colours = [image.pixelColor(x, y) for y in range(16) for x in range(16)]
    white = sum(c.red() > 220 and c.green() > 220 and c.blue() > 220 for c in colours)
    blue = sum(c.alpha() > 200 and c.blue() > c.red() + 60 for c in colours)
    assert blue > 128  # the tile fills most of it
    assert white >= 16  # the rising line shows at 16 px


def test_the_app_sets_the_window_icon_with_every_size(qapp):
    cpdesk_app.set_window_icon(qapp)
    sizes = [size.width() for size in qapp.windowIcon().availableSizes()]
    assert sizes == SIZES


def fake_shell32(monkeypatch, platform: str) -> list[str]:
    """Windows' shell32 as ctypes would give it, recording the taskbar ids set; ``platform`` as sys says."""
    import ctypes
    from types import SimpleNamespace

    given: list[str] = []
    shell32 = SimpleNamespace(SetCurrentProcessExplicitAppUserModelID=given.append)
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(shell32=shell32), raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    return given


def test_on_windows_the_app_takes_the_shortcuts_taskbar_id(qapp, monkeypatch):
    given = fake_shell32(monkeypatch, "win32")
    cpdesk_app.set_window_icon(qapp)
    assert given == [cpdesk_app.APP_USER_MODEL_ID]


def test_elsewhere_no_taskbar_id_is_asked_for(qapp, monkeypatch):
    given = fake_shell32(monkeypatch, "linux")
    cpdesk_app.set_window_icon(qapp)
    assert given == []
