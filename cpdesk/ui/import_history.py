"""What each row of the import history says: a file's name, "Undo of import 14", or what an edit changed
("Edit: Children subject to a CP plan per 10,000 children, Warwickshire, 31 Mar 2019", "Edit: 12 figures",
"Undo of edit: ..."), and the counts shown in the status bar. An edit names its indicator by title, as
the Undo button does.

The store records an edit as an import named "(edit)" and keeps which figures it changed in those
figures' revisions. ``EditNames`` finds them for the edits made since cpdesk started from the cells
its undo stack holds (which also tells a redo from a fresh edit), and for older edits asks the store
for the first figure each changed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import NamedTuple

from cpdesk.indicators.model import Period
from cpdesk.indicators.periods import parse_period
from cpdesk.store import ImportRecord

logger = logging.getLogger(__name__)

UNDO_NAME = re.compile(r"\(undo of import (\d+)\)")
REASON_LABELS = {"edit": "Edit", "undo of edit": "Undo of edit", "redo of edit": "Redo of edit"}


class EditChange(NamedTuple):
    """The first figure an edit changed, and whether it was an edit, its undo or its redo."""

    label: str  # "Edit", "Undo of edit" or "Redo of edit"
    indicator_title: str
    area_name: str
    period_label: str


def figures_in(record: ImportRecord) -> int:
    return record.n_added + record.n_changed + record.n_unchanged + record.n_skipped


def describe(record: ImportRecord, change: EditChange | None = None) -> str:
    """What the history lists for ``record``; ``change`` names the figure an edit changed, if known."""
    if record.kind == "undo":
        found = UNDO_NAME.fullmatch(record.file_name)
        return f"Undo of import {found.group(1)}" if found else record.file_name
    if record.kind != "edit":
        return record.file_name
    count = figures_in(record)
    label = change.label if change else "Edit"
    if change is not None and count == 1:
        return f"{label}: {change.indicator_title}, {change.area_name}, {change.period_label}"
    return f"{label}: {count:,} figure{'s' if count != 1 else ''}"


def history_counts(records: Sequence[ImportRecord]) -> str:
    """'3 imports, 5 edits' (and the undos, if any): files imported are not mixed up with edits."""
    counts = {kind: sum(r.kind == kind for r in records) for kind in ("file", "edit", "undo")}
    parts = [f"{counts['file']} import{'s' if counts['file'] != 1 else ''}",
             f"{counts['edit']} edit{'s' if counts['edit'] != 1 else ''}"]
    if counts["undo"]:
        parts.append(f"{counts['undo']} undo{'s' if counts['undo'] != 1 else ''}")
    return ", ".join(parts)


def revision_label(revisions: Sequence, position: int) -> str:
    """An edit that puts back what the undo just before it took away is that edit redone."""
    revision = revisions[position]
    label = REASON_LABELS.get(revision.reason, "Edit")
    if label == "Edit" and position > 0:
        before = revisions[position - 1]
        undone = (before.old_value, before.old_status) == (revision.new_value, revision.new_status)
        if before.reason == "undo of edit" and undone:
            return "Redo of edit"
    return label


class EditNames:
    """Names the figures this session's edits changed, by import number, looked up once each."""

    def __init__(self, ctx) -> None:
        self.ctx = ctx
        self._known: dict[int, EditChange] = {}
        self._searched_stack: tuple[int, int] | None = None  # the undo stack's (count, index) then

    def changes(self, records: Sequence[ImportRecord]) -> dict[int, EditChange]:
        """Look again only when an edit is unnamed and the undo stack has changed since the last look
        (an edit is stored before its command joins the stack, so the next look names it)."""
        stack = (self.ctx.undo_stack.count(), self.ctx.undo_stack.index())
        unnamed = any(r.kind == "edit" and r.id not in self._known for r in records)
        if unnamed and stack != self._searched_stack:
            self._searched_stack = stack
            self._search()
        self._ask_the_store([r.id for r in records if r.kind == "edit" and r.id not in self._known])
        return self._known

    def _indicator_title(self, indicator_id: str, period: Period | None) -> str:
        """The title beside the edited figure's period (never "at 31 March" beside 31 Oct 2024)."""
        indicator = self.ctx.schema.get(indicator_id)
        if indicator is None:
            return indicator_id
        return indicator.title_for(period) if period is not None else indicator.title

    def _area_name(self, code: str) -> str:
        area = self.ctx.areas.find(code)
        return area.name if area is not None else code

    def _ask_the_store(self, import_ids: list[int]) -> None:
        """Edits made before this session: named by the first figure each changed, as stored."""
        if not import_ids:
            return
        for import_id, cell in self.ctx.store.first_cells(import_ids).items():
            self._known[import_id] = EditChange(REASON_LABELS.get(cell.reason, "Edit"),
                                                self._indicator_title(cell.indicator_id,
                                                                      parse_period(cell.period_label)),
                                                self._area_name(cell.area_code), cell.period_label)

    def _search(self) -> None:
        """One cell of each edit on the undo stack: every revision it has names one of its edits."""
        for observation in self._first_cells():
            revisions = self.ctx.store.history(observation.area_code, observation.indicator_id,
                                               observation.period, observation.breakdown,
                                               observation.publisher)
            for position, revision in enumerate(revisions):
                is_edit = revision.reason in REASON_LABELS
                if is_edit and revision.import_id is not None and revision.import_id not in self._known:
                    self._known[revision.import_id] = EditChange(
                        revision_label(revisions, position),
                        self._indicator_title(observation.indicator_id, observation.period),
                        self._area_name(observation.area_code), observation.period.label)

    def _first_cells(self) -> list:
        stack = self.ctx.undo_stack
        cells = {}
        for index in range(stack.count()):
            observations = getattr(stack.command(index), "new", None)
            if observations:
                cells.setdefault(observations[0].key, observations[0])
        return list(cells.values())
