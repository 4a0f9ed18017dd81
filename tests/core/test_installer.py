"""The installer's pieces that can be checked without Windows: the icon file's sizes (read from its own
header, not through Qt)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from cpdesk import paths

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 256]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def icon_directory(data: bytes) -> list[tuple[int, int, bytes]]:
    """(declared width, declared height, stored bytes) for each image an .ico file's directory lists."""
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1), "not an icon file"
    images = []
    for index in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert offset + length <= len(data), f"image {index} runs past the end of the file"
        images.append((width or 256, height or 256, data[offset:offset + length]))
    return images


def stored_size(image: bytes) -> tuple[int, int]:
    """The width and height an icon image's own header says: a PNG's IHDR, or a bitmap's info header
    (whose height counts the colour rows and the mask rows, so twice the icon's)."""
    if image.startswith(PNG_SIGNATURE):
        return struct.unpack_from(">II", image, 16)
    header_size, width, height = struct.unpack_from("<Iii", image)
    assert header_size == 40, "a bitmap icon image starts with a BITMAPINFOHEADER"
    return width, height // 2


def test_the_ico_holds_every_size_windows_asks_for():
    images = icon_directory((ICONS / "cpdesk.ico").read_bytes())
    assert [width for width, _, _ in images] == ICO_SIZES
    for width, height, image in images:
        assert width == height
        assert stored_size(image) == (width, height), f"the {width} px image is stored at another size"


def test_the_256_px_image_is_a_png_and_the_small_ones_bitmaps():
    images = {width: image for width, _, image in icon_directory((ICONS / "cpdesk.ico").read_bytes())}
    assert images[256].startswith(PNG_SIGNATURE)  # Windows reads 256 px icons as PNG
    assert not any(images[size].startswith(PNG_SIGNATURE) for size in ICO_SIZES[:-1])


def test_the_png_icon_is_256_px():
    data = (ICONS / "cpdesk.png").read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert stored_size(data) == (256, 256)


def test_a_truncated_icon_is_caught():
    data = (ICONS / "cpdesk.ico").read_bytes()
    with pytest.raises(AssertionError, match="past the end"):
        icon_directory(data[: len(data) // 2])


def test_the_app_finds_its_icon_in_the_resources():
    assert paths.icon_file() == paths.resources_dir() / "icons" / "cpdesk.ico"
    assert paths.icon_file().is_file()
    assert paths.icon_file(".png").is_file()
