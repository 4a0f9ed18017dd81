"""What a cell of a laid-out table is: blank, a figure (or status) or a label."""

from __future__ import annotations

import datetime as dt

from cpdesk.read.values import FIGURE_LIKE_PROBLEMS, parse_cell


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_value_cell(value: object) -> bool:
    """A figure or a status symbol ("TBC", "c", "#DIV/0!"), as opposed to a label."""
    if is_blank(value) or isinstance(value, (dt.date, dt.datetime, bool)):
        return False
    if isinstance(value, (int, float)):
        return True
    parsed = parse_cell(value)
    return parsed.value is not None or parsed.status is not None or parsed.problem in FIGURE_LIKE_PROBLEMS
