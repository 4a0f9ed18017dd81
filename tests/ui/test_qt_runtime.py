"""Regression: PySide6 6.12.0 on CPython 3.11 crashed on None passed through void-returning calls."""

import sys

from PySide6.QtWidgets import QLabel, QWidget


def test_many_void_calls_with_none_do_not_crash(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    refs_before = sys.getrefcount(None)
    for _ in range(5000):
        label = QLabel(parent)
        label.setParent(None)
        label.setBuddy(None)
        label.deleteLater()
    # The interpreter is still sound: None's refcount is immortal or sane, and Qt still answers.
    assert sys.getrefcount(None) >= refs_before or sys.getrefcount(None) > 1_000
    assert parent.isWidgetType()
