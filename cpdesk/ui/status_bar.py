"""The main window's status bar: messages and the permanent summary never clipped mid-word.

A text wider than the room left is shortened with an ellipsis (a message at its end, the summary,
which ends with the database's path, in its middle), and the whole text is the tooltip. Messages
are shown by a label of their own rather than by QStatusBar's own painting, which cuts them off
where the permanent widgets begin.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QStatusBar

MESSAGE_MS = 8000  # how long a message stays when no timeout is given
MIN_CHARACTERS = 12  # the narrowest an elided label gets, in average characters


class ElidedLabel(QLabel):
    """A one-line label that paints its text shortened to fit; ``text()`` stays the whole text."""

    def __init__(self, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight, parent=None):
        super().__init__(parent)
        self.mode = mode

    def shown_text(self) -> str:
        """What is painted: the text, or as much of it as fits with an ellipsis."""
        return self.fontMetrics().elidedText(self.text(), self.mode, max(self.contentsRect().width(), 0))

    def is_elided(self) -> bool:
        return self.shown_text() != self.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self._update_tooltip()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * MIN_CHARACTERS), hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.contentsRect(), int(align), self.shown_text())

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")


class StatusBar(QStatusBar):
    """A status bar whose messages sit in an :class:`ElidedLabel` beside the permanent widgets."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.message = ElidedLabel(Qt.TextElideMode.ElideRight)
        self.addWidget(self.message, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clearMessage)

    def showMessage(self, text: str, timeout: int = MESSAGE_MS) -> None:  # noqa: N802 - Qt API
        self.message.setText(text)
        if timeout > 0:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def clearMessage(self) -> None:  # noqa: N802 - Qt API
        self.message.setText("")
        super().clearMessage()

    def currentMessage(self) -> str:  # noqa: N802 - Qt API
        return self.message.text() or super().currentMessage()
