"""Whose figures one table holds, when its own title says: "Warwickshire County Council - CP figures".

The workbook as a whole may name several councils (a comparison sheet, a cover page), yet a table
whose title names one council holds that council's figures. A title outranks everything else about
the table, but never an officer's explicit choice silently: a council given outright that the
table's title does not name is an error for that table, which is then not read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cpdesk.indicators.model import Area
from cpdesk.issues import ERROR, Issue
from cpdesk.read.grid import cell_name
from cpdesk.read.result import ReadResult
from cpdesk.read.tables.council_names import councils_in_text, same_council
from cpdesk.read.tables.detect import TableBlock
from cpdesk.read.tables.headers import LabelContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableCouncil:
    """The council for a table's unlabelled figures, and whether the table may be read at all."""

    readable: bool
    council: str | None


def titled_councils(block: TableBlock, areas) -> list[Area]:
    """The LAs the table's title and the lines just above it name, in order, each once; if they name
    none, those the heading lines at the top of its sheet name ("Warwickshire County Council" over
    Table 1 and Table 2)."""
    return _councils_in(block.title, *block.lines_above, areas=areas) or _councils_in(*block.sheet_lines,
                                                                                       areas=areas)


def _councils_in(*texts: str, areas) -> list[Area]:
    found: list[Area] = []
    for text in texts:
        found += [area for area in councils_in_text(text, areas) if area not in found]
    return found


def council_of_table(block: TableBlock, ctx: LabelContext, given: bool, result: ReadResult) -> TableCouncil:
    """The council for ``block``: its title's (or its sheet heading's) one council, else the workbook's
    (``ctx.council``).

    ``given`` says ``ctx.council`` was chosen outright (``--council``), not worked out."""
    named = titled_councils(block, ctx.areas)
    current = ctx.areas.find(ctx.council) if ctx.council else None
    titled = current is not None and any(same_council(current, area) for area in named)
    if not named or (titled and (given or len(named) > 1)):
        return TableCouncil(True, ctx.council)
    if given:
        _report_conflict(block, ctx, named, result)
        return TableCouncil(False, None)
    if len(named) == 1:
        return TableCouncil(True, named[0].code)
    return TableCouncil(True, ctx.council if titled else None)


def _naming_line(block: TableBlock, named: list[Area], areas) -> str:
    """The table's title, or (if it has none) the line above it that names the council."""
    lines = (block.title, *block.lines_above, *block.sheet_lines)
    return next((line for line in lines if line and set(councils_in_text(line, areas)) & set(named)),
                block.title)


def _cell_of_line(block: TableBlock, line: str | None) -> tuple[int, int] | None:
    """Where a line above the table is written, so that an issue about it names its cell."""
    if not line:
        return None
    first = min([*block.header_rows, *block.body_rows], default=0)
    for r in range(first):
        for c, value in enumerate(block.sheet.rows[r]):
            if isinstance(value, str) and value.strip() == line.strip():
                return r, c
    return None


def _report_conflict(block: TableBlock, ctx: LabelContext, named: list[Area], result: ReadResult) -> None:
    found = ctx.areas.find(ctx.council) if ctx.council else None
    given = found.name if found is not None else str(ctx.council)
    names = " and ".join(area.name for area in named)
    title = _naming_line(block, named, ctx.areas)
    row, col = _cell_of_line(block, title) or block.title_cell or (
        (block.header_rows or block.body_rows)[0], (block.label_cols or [0])[0])
    result.issues.append(Issue(
        "council-conflict", ERROR, f"The table titled '{title[:80]}' holds {names}'s figures, but "
        f"they were to be filed under {given}. This table was not read: cpdesk never files one "
        f"council's figures under another's. Import it as {named[0].name}'s, or correct the title.",
        result.file, block.sheet.name, cell_name(row, col)))
    logger.info("table %r names %s, not %s: not read", block.title, names, given)
