"""A one-line label that never clips: too long for its width, it ends in "…" and tooltips the whole."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

logger = logging.getLogger(__name__)

ELLIPSIS = "…"


class ElidedLabel(QLabel):
    """Plain text on one line, shortened with an ellipsis to the width the layout gives it.

    ``full_text()`` is the text it was given; ``text()`` is what is drawn. When the two differ the
    tooltip carries the full text, so nothing is lost to a narrow window.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.updateGeometry()
        self._fit_text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        margins = self.contentsMargins()
        text_width = math.ceil(QFontMetricsF(self.font()).horizontalAdvance(self._full_text))
        return QSize(text_width + margins.left() + margins.right(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance(ELLIPSIS), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_text()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_text()  # what fits depends on the font

    def _fit_text(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            super().setText(shown)
        tooltip = "" if shown == self._full_text else self._full_text
        if tooltip != self.toolTip():
            self.setToolTip(tooltip)
