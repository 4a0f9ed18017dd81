"""Draw cpdesk's icon: a white rising line on a rounded square in a calm blue.

Each size is drawn at that size, not scaled down from the largest, so the mark stays legible at 16 px
(fewer points, a thicker line, no end dot). Writes ``resources/icons/cpdesk.png`` (256 px) and a
multi-size ``resources/icons/cpdesk.ico`` (16, 24, 32, 48, 64 and 256 px), and the installer wizard's
corner bitmaps ``cpdesk-setup-55.bmp`` and ``-110.bmp``. Qt's .ico writer stores
one image a file, so each size below 256 is written by Qt as a bitmap icon of its own and the entries
are gathered into one file; the 256 px entry is stored as PNG, as Windows expects. Running this twice
gives the same files.

Usage: python tools/draw_icon.py [OUTPUT_DIR]   (default: resources/icons beside this folder)
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUTPUT_DIR = REPO / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 256)
PNG_SIZE = 256
# The installer wizard's corner image (Inno Setup's WizardSmallImageFile) at 100% and 200% display scale.
SETUP_IMAGE_SIZES = (55, 110)

BLUE = QColor("#2b6cb0")
BLUE_DEEP = QColor("#1f4f86")
WHITE = QColor("#ffffff")

# The rising line, in a 0..1 square (y down): the full one, and the simpler one the smallest sizes use.
FULL_LINE = ((0.20, 0.72), (0.40, 0.55), (0.56, 0.63), (0.80, 0.30))
SMALL_LINE = ((0.19, 0.74), (0.45, 0.50), (0.58, 0.60), (0.82, 0.26))
SMALL_UP_TO = 24

ICO_HEADER = struct.Struct("<HHH")  # reserved, type (1 = icon), image count
ICO_ENTRY = struct.Struct("<BBBBHHII")  # width, height, colours, reserved, planes, bpp, bytes, offset


@dataclass(frozen=True)
class IcoImage:
    """One image of an .ico file: its size in pixels, bits per pixel and stored bytes (a DIB or a PNG)."""

    size: int
    bits: int
    data: bytes


def draw(size: int) -> QImage:
    """The icon drawn at ``size`` x ``size`` pixels, on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_tile(painter, size)
    _draw_rising_line(painter, size)
    painter.end()
    return image


def _draw_tile(painter: QPainter, size: int) -> None:
    margin = 0.0 if size <= SMALL_UP_TO else size / 32
    tile = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = tile.width() * 0.2
    path = QPainterPath()
    path.addRoundedRect(tile, radius, radius)
    painter.fillPath(path, BLUE)
    if size > SMALL_UP_TO:  # a slightly deeper lower edge gives the tile some depth at larger sizes
        painter.save()
        lower_edge = tile.bottom() - tile.height() * 0.12
        painter.setClipRect(QRectF(tile.left(), lower_edge, tile.width(), tile.height()))
        painter.fillPath(path, BLUE_DEEP)
        painter.restore()


def _draw_rising_line(painter: QPainter, size: int) -> None:
    small = size <= SMALL_UP_TO
    points = [QPointF(x * size, y * size) for x, y in (SMALL_LINE if small else FULL_LINE)]
    width = max(2.0, size * (0.11 if small else 0.075))
    pen = QPen(WHITE, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for start, end in zip(points, points[1:], strict=False):
        painter.drawLine(start, end)
    if not small:  # the latest figure, marked where the line ends
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(WHITE)
        painter.drawEllipse(points[-1], width * 1.05, width * 1.05)


def encoded(image: QImage, image_format: str) -> bytes:
    """``image`` as the bytes Qt writes for ``image_format`` ("PNG", "ICO")."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, image_format):
        raise RuntimeError(f"Qt could not write {image_format} (is its imageformats plugin there?)")
    buffer.close()
    return bytes(data.data())


def read_ico(data: bytes) -> list[IcoImage]:
    """The images of an .ico file's bytes; ValueError when they are not an icon file."""
    if len(data) < ICO_HEADER.size:
        raise ValueError("too short for an icon file")
    reserved, kind, count = ICO_HEADER.unpack_from(data)
    if reserved != 0 or kind != 1:
        raise ValueError("not an icon file (its header is not 0, 1)")
    images = []
    for index in range(count):
        width, _height, _colours, _reserved, _planes, bits, length, offset = ICO_ENTRY.unpack_from(
            data, ICO_HEADER.size + index * ICO_ENTRY.size)
        if offset + length > len(data):
            raise ValueError(f"image {index + 1} runs past the end of the file")
        images.append(IcoImage(width or 256, bits, data[offset:offset + length]))
    return images


def write_ico(images: list[IcoImage]) -> bytes:
    """An .ico file holding ``images``, smallest first."""
    ordered = sorted(images, key=lambda image: image.size)
    offset = ICO_HEADER.size + ICO_ENTRY.size * len(ordered)
    entries, bodies = [], []
    for image in ordered:
        side = 0 if image.size >= 256 else image.size  # 0 stands for 256 in an icon's directory
        entries.append(ICO_ENTRY.pack(side, side, 0, 0, 1, image.bits, len(image.data), offset))
        bodies.append(image.data)
        offset += len(image.data)
    return ICO_HEADER.pack(0, 1, len(ordered)) + b"".join(entries) + b"".join(bodies)


def ico_entry(size: int) -> IcoImage:
    """The icon at ``size``: a bitmap written by Qt's .ico writer, or a PNG at 256 px."""
    image = draw(size)
    if size >= 256:
        return IcoImage(size, 32, encoded(image, "PNG"))
    (single,) = read_ico(encoded(image, "ICO"))
    return IcoImage(size, single.bits, with_clean_mask_padding(single.data, size))


def with_clean_mask_padding(dib: bytes, size: int) -> bytes:
    """A 32-bit icon bitmap with the padding at the end of each row of its AND mask set to zero.

    Qt leaves those bytes as it found them in memory, so the same drawing gave a different file each
    run; Windows ignores them."""
    header_size, _width, _height, _planes, bits = struct.unpack_from("<IiiHH", dib)
    if bits != 32:
        raise ValueError(f"expected a 32-bit icon bitmap from Qt, got {bits}-bit")
    used, stride = (size + 7) // 8, (size + 31) // 32 * 4
    start = header_size + size * size * 4
    fixed = bytearray(dib)
    for row in range(size):
        at = start + row * stride
        fixed[at + used:at + stride] = bytes(stride - used)
    return bytes(fixed)


def on_white(size: int) -> QImage:
    """The icon on an opaque white square, for a bitmap with no transparency (the installer's corner)."""
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(WHITE)
    painter = QPainter(image)
    painter.drawImage(0, 0, draw(size))
    painter.end()
    return image


def write_icons(folder: Path) -> list[Path]:
    """Draw the icon into ``folder`` as cpdesk.png, cpdesk.ico and the installer's corner bitmaps;
    returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    png, ico = folder / "cpdesk.png", folder / "cpdesk.ico"
    png.write_bytes(encoded(draw(PNG_SIZE), "PNG"))
    ico.write_bytes(write_ico([ico_entry(size) for size in ICO_SIZES]))
    bitmaps = [folder / f"cpdesk-setup-{size}.bmp" for size in SETUP_IMAGE_SIZES]
    for size, bitmap in zip(SETUP_IMAGE_SIZES, bitmaps, strict=True):
        bitmap.write_bytes(encoded(on_white(size), "BMP"))
    return [png, ico, *bitmaps]


def main(argv: list[str]) -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts and plugins
    folder = Path(argv[0]) if argv else OUTPUT_DIR
    for path in write_icons(folder):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
