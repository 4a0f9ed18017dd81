"""The checks of ``cpdesk --smoke-test`` that need nothing but Qt and their arguments: Qt's platform
plugin, image formats and fonts, the main window's pages, and reading back what was drawn and written.

Each returns a few words saying what it found, or raises :class:`SmokeFailure` with the reason; the
runner (:mod:`cpdesk.ui.smoke_test`) orders them and reports. Qt is imported inside each, so that
importing this module loads none of it.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

from cpdesk import paths

SAMPLE_TEXT = "cpdesk 0123456789"
READ_FORMATS = ("png", "ico")  # the window icon is an .ico (paths.icon_file)
WRITTEN_FORMATS = ("png",)  # charts
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
FEWEST_COLOURS = 8  # a drawn chart, shrunk, still has many shades; a blank one has one or two


class SmokeFailure(Exception):
    """A check failed; the message is the reason, in words."""


def default_platform() -> str:
    return {"win32": "windows", "darwin": "cocoa"}.get(sys.platform, "xcb")


def plugin_folders() -> list[Path]:
    from PySide6.QtCore import QCoreApplication

    folders = [Path(p) for p in QCoreApplication.libraryPaths()]
    extra = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    return folders + ([Path(extra).parent] if extra else [])


def platform_plugin(platform: str, folders: list[Path]) -> Path:
    """The file of Qt's ``platform`` plugin (``libqoffscreen.so``, ``qwindows.dll``) in ``folders``, loaded
    to prove the libraries it needs are there too (Qt itself would abort naming none)."""
    from PySide6.QtCore import QPluginLoader

    for folder in folders:
        for file in sorted((folder / "platforms").glob("*")):
            loader = QPluginLoader(str(file))
            if platform.lower() not in plugin_keys(loader):
                continue
            if not loader.load():
                problem = loader.errorString()
                raise SmokeFailure(f"Qt's '{platform}' platform plugin cannot be loaded: {problem}")
            return file
    where = ", ".join(str(folder / "platforms") for folder in folders) or "no plugin folder at all"
    raise SmokeFailure(f"Qt's '{platform}' platform plugin is missing (looked in {where})")


def plugin_keys(loader: Any) -> list[str]:
    """The names a Qt plugin answers to, read from its metadata without loading it."""
    keys = loader.metaData().get("MetaData", {}).get("Keys", [])
    return [str(key).lower() for key in keys]


def image_formats(readable: tuple[str, ...] = READ_FORMATS,
                  writable: tuple[str, ...] = WRITTEN_FORMATS) -> str:
    """The image formats cpdesk reads (the window icon) and writes (PNG charts) are there."""
    from PySide6.QtGui import QImageReader, QImageWriter

    reads = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    writes = {bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()}
    missing = [f"{f} (read)" for f in readable if f not in reads] + \
        [f"{f} (write)" for f in writable if f not in writes]
    if missing:
        folders = ", ".join(str(folder / "imageformats") for folder in plugin_folders())
        raise SmokeFailure(f"Qt has no image format plugin for {', '.join(missing)} (looked in {folders})")
    return f"{', '.join(readable)} read, {', '.join(writable)} written; {len(reads)} formats readable"


def fonts() -> str:
    """Qt has a real font (not only fontconfig's names for one), and text drawn in it has width and pixels."""
    from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    font = QApplication.font()
    family = QFontInfo(font).family()
    metrics = QFontMetrics(font)
    if not family or not all(metrics.inFont(letter) for letter in SAMPLE_TEXT if letter != " "):
        named = ", ".join(QFontDatabase.families()) or "none"
        raise SmokeFailure(f"Qt has no font to draw '{SAMPLE_TEXT}' with (font families it names: {named}); "
                           "install one (Debian/Ubuntu: fonts-dejavu-core) or ship the fonts folder")
    width = metrics.horizontalAdvance(SAMPLE_TEXT)
    image = QImage(max(width, 1) + 20, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(10, 28, SAMPLE_TEXT)
    painter.end()
    if width <= 0 or distinct_colours(image) < 2:
        raise SmokeFailure(f"text drawn in the font '{family}' has no width or leaves no mark")
    return f"{len(QFontDatabase.families())} families; '{SAMPLE_TEXT}' drawn {width} px wide in {family}"


def window_icon() -> Any:
    """cpdesk's icon as the app loads it (every size of the .ico)."""
    from PySide6.QtGui import QIcon

    icon = QIcon(str(paths.icon_file()))
    if icon.isNull() or not icon.availableSizes():
        raise SmokeFailure(f"Qt cannot read the window icon {paths.icon_file()}")
    return icon


def visit_pages(app: Any, window: Any) -> str:
    window.show()
    app.processEvents()
    if not window.isVisible():
        raise SmokeFailure("the main window did not show")
    titles = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        title = window.tabs.tabText(index).replace("&&", "&")
        page = window.tabs.widget(index)
        if not page.isVisible():
            raise SmokeFailure(f"the {title} page did not show")
        if distinct_colours(page.grab().toImage()) < FEWEST_COLOURS:
            raise SmokeFailure(f"the {title} page shows but draws nothing")
        titles.append(title)
    return f"shown on '{app.platformName()}', pages {', '.join(titles)}"


def distinct_colours(image: Any, most: int = FEWEST_COLOURS) -> int:
    """How many colours a thumbnail of ``image`` has (counting stops at ``most``)."""
    from PySide6.QtCore import Qt

    small = image.scaled(96, 64, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)
    seen: set[int] = set()
    for y in range(small.height()):
        for x in range(small.width()):
            seen.add(small.pixel(x, y))
            if len(seen) >= most:
                return len(seen)
    return len(seen)


def image_not_blank(path: Path) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise SmokeFailure(f"{path.name} was written but Qt cannot read it back as an image")
    if distinct_colours(image) < FEWEST_COLOURS:
        raise SmokeFailure(f"{path.name} is blank: nothing was drawn")


def opens_back(out: Path) -> str:
    """Read an export back (a workbook or CSV file with cpdesk's own reader, as an import would); returns
    what it holds, in a few words."""
    if out.suffix.lower() == ".pdf":
        data = out.read_bytes()
        pages = len(PDF_PAGE.findall(data))
        if not data.startswith(b"%PDF") or pages == 0:
            raise SmokeFailure(f"{out.name} is not a PDF with pages")
        return f"{pages} pages"
    from cpdesk.read.workbook import open_workbook

    sheets = open_workbook(out).sheets
    if not any(sheet.n_rows > 1 for sheet in sheets):
        raise SmokeFailure(f"{out.name} holds no figures")
    rows = sum(sheet.n_rows for sheet in sheets)
    return f"{len(sheets)} sheet{'s' * (len(sheets) != 1)}, {rows:,} rows"


def team_status(url: str) -> str:
    """What ``cpdesk db status`` says of the team database at ``url``, on one line."""
    from cpdesk.store import team

    return "; ".join(" ".join(line.split()) for line in team.status(url).lines())
