"""A column of a DfE file's figures parsed at once: the plain numbers now, anything else cell by cell.

Nearly every cell of a release is a plain number ("756120", "22.6"). Such text means exactly what
``float`` makes of it, so a whole column of them is parsed in one pass; a cell that is anything else (a
symbol such as "c" or "x", a footnote mark, a percent sign, a thousands comma, a blank) is left to
``values.parse_text`` where it is read, so it is read, and reported, exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["PLAIN_NUMBER", "plain_numbers"]

# Digits with an optional minus and decimal part, and nothing else: the text ``parse_text`` reads as
# ``float(text)`` with no status, problem or percent sign.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def plain_numbers(rows: Sequence[Sequence[str]], column: int) -> list[float | None]:
    """The number in ``column`` of each row where it is plain, else None (the cell is read on its own)."""
    plain = PLAIN_NUMBER.fullmatch
    return [float(text) if column < len(row) and plain(text := row[column]) else None for row in rows]
