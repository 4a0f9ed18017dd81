"""Light, dark or the system's colours: the palette cpdesk uses, and the colours derived from it.

Widgets that paint colours of their own (charts, coloured table rows, RAG badges) ask here instead
of hard-coding white, black or a pastel, so they read as well in dark mode as in light. Charts saved
or printed for board papers always use the light colours (see ``print_palette``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from cpdesk.preferences import THEME_CHOICES  # noqa: F401 - the choices, declared with the setting

logger = logging.getLogger(__name__)

SYSTEM, LIGHT, DARK = "system", "light", "dark"
BLACK, WHITE = QColor("#000000"), QColor("#FFFFFF")
ROW_TINT_IN_DARK = 0.35  # how much of a pastel row colour shows through a dark base
MUTED_CONTRAST = 4.5  # WCAG AA for body text
GREY_SATURATION = 24  # at or below this HSV saturation a colour counts as a grey

# Colour group -> role -> colour, close to Fusion's own dark palette.
_DARK_ROLES = {
    QPalette.ColorRole.Window: "#2d2d2d", QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#282828",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c", QPalette.ColorRole.Text: "#e8e8e8",
    QPalette.ColorRole.Button: "#353535", QPalette.ColorRole.ButtonText: "#e8e8e8",
    QPalette.ColorRole.BrightText: "#ff7070", QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040", QPalette.ColorRole.Mid: "#262626",
    QPalette.ColorRole.Dark: "#191919", QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f7ed8", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cb4ff", QPalette.ColorRole.LinkVisited: "#c39bff",
}
_DARK_DISABLED = {QPalette.ColorRole.WindowText: "#7a7a7a", QPalette.ColorRole.Text: "#7a7a7a",
                  QPalette.ColorRole.ButtonText: "#7a7a7a", QPalette.ColorRole.Highlight: "#4a4a4a"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def print_palette() -> QPalette:
    """The light palette: the style's own, as on paper."""
    return QApplication.style().standardPalette()


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_theme(app: QApplication, choice: str) -> None:
    """Use the light or dark colours, or whichever the system is set to (``choice`` from THEME_CHOICES)."""
    hints = app.styleHints()
    if choice == DARK:
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    elif choice == LIGHT:
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(print_palette())
    else:
        hints.unsetColorScheme()
        system_dark = hints.colorScheme() == Qt.ColorScheme.Dark
        app.setPalette(dark_palette() if system_dark else print_palette())
    logger.info("theme %s: %s colours", choice, "dark" if is_dark(app.palette()) else "light")


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text(background: QColor | str) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    background = QColor(background)
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE


def blend(colour: QColor | str, base: QColor | str, share: float) -> QColor:
    """``share`` of ``colour`` over ``base`` (0 gives ``base``, 1 gives ``colour``)."""
    top, bottom = QColor(colour), QColor(base)
    mixed = [round(a * share + b * (1 - share)) for a, b in
             ((top.red(), bottom.red()), (top.green(), bottom.green()), (top.blue(), bottom.blue()))]
    return QColor(*mixed)


def muted_text(palette: QPalette | None = None, minimum_contrast: float = MUTED_CONTRAST) -> QColor:
    """A grey for secondary text (statuses such as TBC) that still reads on the palette's base:
    the text colour toned towards the base only as far as ``minimum_contrast`` allows."""
    palette = palette or QGuiApplication.palette()
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    for share in (0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        grey = blend(text, base, share)
        if contrast_ratio(grey, base) >= minimum_contrast:
            return grey
    return text


@dataclass(frozen=True)
class RowColours:
    """Background and text of a highlighted table row."""

    background: QColor
    text: QColor


def row_colours(tint: str, palette: QPalette | None = None) -> RowColours:
    """A pastel row colour as it should show on ``palette``: as is on light, toned into the base on
    dark; the text black or white, whichever reads."""
    palette = palette or QGuiApplication.palette()
    background = QColor(tint)
    if is_dark(palette):
        background = blend(tint, palette.color(QPalette.ColorRole.Base), ROW_TINT_IN_DARK)
    return RowColours(background, readable_text(background))


@dataclass(frozen=True)
class ChartColours:
    """The colours a chart draws its frame, words and notes in."""

    background: QColor
    foreground: QColor
    muted: QColor  # footnotes and annotations
    dark: bool

    def label_fill(self, alpha: int = 200) -> QColor:
        fill = QColor(self.background)
        fill.setAlpha(alpha)
        return fill

    def series(self, colour: str) -> str:
        """A series colour that stays visible: on dark, greys are mirrored (black reads as white,
        a pale 'other LAs' grey stays faint), and colours are kept."""
        if not self.dark:
            return colour
        original = QColor(colour)
        if original.hsvSaturation() > GREY_SATURATION:
            return colour
        mirrored = 255 - original.lightness()
        return QColor(mirrored, mirrored, mirrored).name()


def chart_colours(palette: QPalette | None = None) -> ChartColours:
    palette = palette or QGuiApplication.palette()
    background = palette.color(QPalette.ColorRole.Base)
    foreground = palette.color(QPalette.ColorRole.Text)
    return ChartColours(background, foreground, blend(foreground, background, 0.72), is_dark(palette))
