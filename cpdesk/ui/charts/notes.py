"""Adding a note to a point of a trend chart ("counting method changed 2015/16")."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget


def periods_with_figures(source, indicator_id: str, area_code: str) -> list:
    """The periods the area has a figure for, latest first: the points a note can be attached to."""
    keys = source.index.period_keys(indicator_id, area_code)
    periods = [source.index.period(k) for k in keys]
    return sorted(periods, key=lambda p: (p.end, p.start), reverse=True)


def ask_for_note(parent: QWidget, periods: list) -> tuple[object, str] | None:
    """Ask which point and what the note says; None if the officer cancels."""
    if not periods:
        return None
    labels = [p.label for p in periods]
    label, ok = QInputDialog.getItem(parent, "Add note", "Note on the figure for:", labels, 0, False)
    if not ok:
        return None
    text, ok = QInputDialog.getText(parent, "Add note", f"Note for {label}:")
    if not ok or not text.strip():
        return None
    return periods[labels.index(label)], text.strip()
