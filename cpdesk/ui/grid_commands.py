"""Edits typed or pasted into the data grid: checked before they are stored, and undoable.

Every edit and every undo goes through ``Store.record_edits``, so each change (and its reversal) is a
revision in the cell's history: an officer can always see who changed a figure, when, and why. A
pasted block is checked as a whole and stored as one undo step, so half a paste never lands.

Each store names the revision of every cell as the officer last saw it (the grid's figures carry
them; after an edit, its own). When someone else has changed a cell since, the store is refused and the
officer is asked (``edit_conflict_dialog``): "Keep theirs" stores nothing, "Save mine" stores over
theirs. Undo and redo ask the same way: they never put a figure back over a colleague's change unasked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication

from cpdesk.indicators.model import Period
from cpdesk.issues import ERROR
from cpdesk.observation import TOTAL, CellRef, Observation
from cpdesk.read.values import not_a_figure, parse_cell
from cpdesk.store import StoreError
from cpdesk.store.reads import GridFigures
from cpdesk.store.records import EditConflict
from cpdesk.ui.edit_conflict_dialog import Choice, ask_about_conflict, decimals_of, shown_value
from cpdesk.validate.engine import RULES, ValidationContext, validate

logger = logging.getLogger(__name__)

EDIT_REASON = "edit"
UNDO_REASON = "undo of edit"
REDO_REASON = "redo of edit"
TYPED = "Typed value"
# The rules that can refuse a single figure; checks across a whole file do not apply to an edit.
REFUSING_RULES = tuple(rule for rule in RULES if rule.severity == ERROR)
STATUS_TEXT = {"tbc": "TBC", "c": "c", "x": "x", "na": "N/A", "blank": ""}
LOCAL = "local"

Ask = Callable[[EditConflict, bool], Choice]  # (the conflict, whether undoing): the officer's choice


class Recorded(StrEnum):
    STORED = "stored"
    KEPT_THEIRS = "kept theirs"  # a conflict, and the officer kept the other figures
    FAILED = "failed"  # refused or not written (locked, read-only...): the status bar says why


@dataclass(frozen=True)
class CellTarget:
    """Which figure a grid cell edits: always the council's own ("local") figure, total breakdown."""

    area_code: str
    indicator_id: str
    period: Period


@dataclass(frozen=True)
class EditCheck:
    """The figures an edit would store, or the reasons it is refused (then nothing is stored)."""

    observations: list[Observation]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def describe_target(target: CellTarget, schema, areas) -> str:
    indicator = schema.get(target.indicator_id)
    area = areas.find(target.area_code)
    return ", ".join([indicator.title_for(target.period) if indicator else target.indicator_id,
                      area.name if area else target.area_code, target.period.label])


def parse_typed(target: CellTarget, text: str, schema) -> Observation | None:
    """The figure (or status) an officer typed, or None when it is neither a number nor a status."""
    indicator = schema.get(target.indicator_id)
    parsed = parse_cell(text.strip(), unit=indicator.unit if indicator else None)
    if parsed.problem:
        return None
    return Observation(target.area_code, target.indicator_id, target.period, parsed.value, parsed.status,
                       raw=text.strip())


def status_observation(target: CellTarget, status: str) -> Observation:
    return Observation(target.area_code, target.indicator_id, target.period, None, status,
                       raw=STATUS_TEXT.get(status, status))


def check_edits(pairs: Sequence[tuple[CellTarget, str]], schema, areas) -> EditCheck:
    """Parse and validate typed texts together; any problem refuses the lot, naming each bad cell."""
    observations: list[Observation] = []
    problems: list[str] = []
    for target, text in pairs:
        observation = parse_typed(target, text, schema)
        if observation is None:
            indicator = schema.get(target.indicator_id)
            why = not_a_figure(text.strip(), indicator.unit if indicator else None)
            problems.append(f"{describe_target(target, schema, areas)}: {why}.")
        else:
            observations.append(observation)
    problems.extend(validation_errors(observations, schema, areas))
    return EditCheck(observations if not problems else [], problems)


def validation_errors(observations: Sequence[Observation], schema, areas) -> list[str]:
    if not observations:
        return []
    context = ValidationContext(file=TYPED, schema=schema, areas=areas)
    return [issue.message for issue in validate(observations, context, REFUSING_RULES).errors]


def _restoring(current, observation: Observation) -> Observation:
    """What puts a cell back as it was: its old figure, text and source, or empty if it had none."""
    if current is None:
        return Observation(observation.area_code, observation.indicator_id, observation.period, None, None,
                           raw="")
    source = CellRef(current.source_file, current.source_sheet or "", current.source_cell or "") \
        if current.source_file else None
    return Observation(current.area_code, current.indicator_id, current.period, current.value,
                       current.status, raw=current.raw or "", source=source)


def seen_revisions(selection: GridFigures, breakdown: str = TOTAL) -> dict[tuple, int]:
    """The revision of each council figure a grid shows, by ``Observation.key``: what its edits expect."""
    periods = selection.periods
    return {(figure.area_code, figure.indicator_id, breakdown, *periods[figure.period_id].key, LOCAL):
            figure.revision for figure in selection.figures if figure.publisher == LOCAL}


def with_reason(action: str, why: str) -> str:
    """The reason a revision records: "edit", or "edit: <the officer's reason for the change>"."""
    why = " ".join(why.split())
    return f"{action}: {why}" if why else action


class EditCellsCommand(QUndoCommand):
    """One typed cell or one pasted block. Redo stores the new figures, undo the previous ones.

    ``why`` is the officer's reason for the change, if given: it goes into every revision the edit
    makes, its undo and its redo too. ``seen`` gives the revision of each cell as the officer saw it
    (None: no figure); without it, the cells as they are now. ``ask`` answers a conflict (the dialog)."""

    def __init__(self, ctx, observations: Sequence[Observation], text: str = "", why: str = "", *,
                 seen: Mapping[tuple, int | None] | None = None, ask: Ask | None = None):
        super().__init__(text or _command_text(observations, ctx.schema, ctx.areas))
        self.ctx = ctx
        self.why = why
        self.new = list(observations)
        stored = ctx.store.stored_values(o.key for o in self.new)
        self.previous = [_restoring(stored.get(o.key), o) for o in self.new]
        now = {key: figure.revision for key, figure in stored.items()}
        self.expected: dict[tuple, int | None] = {o.key: (seen if seen is not None else now).get(o.key)
                                                  for o in self.new}
        self._ask = ask or self._ask_officer
        self.done_before = False

    @property
    def changes_anything(self) -> bool:
        """False when every figure already holds what was typed (then nothing is worth an undo step)."""
        return any((new.value, new.status) != (old.value, old.status)
                   for new, old in zip(self.new, self.previous, strict=True))

    def redo(self) -> None:
        """The first run stores the edit; a later one (Ctrl+Y after an undo) is a redo, and says so."""
        reason = with_reason(REDO_REASON if self.done_before else EDIT_REASON, self.why)
        if self._record(self.new, reason, undoing=False) != Recorded.STORED:
            self.setObsolete(True)  # QUndoStack drops it: nothing was stored, so nothing to undo
        self.done_before = True

    def undo(self) -> None:
        undone = self._record(self.previous, with_reason(UNDO_REASON, self.why), undoing=True)
        if undone == Recorded.KEPT_THEIRS:
            self.setObsolete(True)  # their figure stands: a redo would have nothing of this edit to redo

    def _record(self, observations: list[Observation], reason: str, *, undoing: bool) -> Recorded:
        """Store the figures expecting the cells as last seen; on a conflict, as the officer chooses."""
        expected = dict(self.expected)
        while True:
            try:
                outcome = self.ctx.store.record_edits(observations, self.ctx.user, reason, expected=expected)
            except EditConflict as conflict:
                if self._ask(conflict, undoing) != Choice.SAVE_MINE:
                    self._kept_theirs(conflict)
                    return Recorded.KEPT_THEIRS
                expected.update({c.key: c.revision for c in conflict.conflicts})
                if not undoing:
                    self._undo_restores_theirs(conflict)
                continue
            except StoreError as exc:
                logger.warning("Edit not stored: %s", exc)
                self.ctx.status_message.emit(f"Not saved: {exc}")
                return Recorded.FAILED
            self.expected.update(outcome.revisions)
            self.ctx.notify_data_changed()
            return Recorded.STORED

    def _ask_officer(self, conflict: EditConflict, undoing: bool) -> Choice:
        return ask_about_conflict(conflict, self.ctx.schema, self.ctx.areas, undoing=undoing,
                                  thousands=self.ctx.settings.thousands_separator,
                                  parent=QApplication.activeWindow())

    def _kept_theirs(self, conflict: EditConflict) -> None:
        first = conflict.conflicts[0]
        more = f" and {len(conflict.conflicts) - 1} more" if len(conflict.conflicts) > 1 else ""
        theirs = shown_value(first.theirs, decimals_of(first, self.ctx.schema),
                             self.ctx.settings.thousands_separator)
        self.ctx.status_message.emit(f"Kept the figure {first.changed_by} stored ({theirs}){more}; yours was "
                                     "not saved.")
        self.ctx.notify_data_changed()

    def _undo_restores_theirs(self, conflict: EditConflict) -> None:
        """Stored over someone else's figures, this edit's undo must put theirs back, not the older ones.
        (Read now; if they change again before the store, it is refused and the officer asked again.)"""
        changed = {c.key for c in conflict.conflicts}
        stored = self.ctx.store.stored_values(changed)
        self.previous = [_restoring(stored.get(new.key), new) if new.key in changed else old
                         for new, old in zip(self.new, self.previous, strict=True)]


def _command_text(observations: Sequence[Observation], schema, areas) -> str:
    """What Undo and Redo name: "edit of <indicator title>, <area name>, <period>" or of N figures."""
    if len(observations) == 1:
        o = observations[0]
        return f"edit of {describe_target(CellTarget(o.area_code, o.indicator_id, o.period), schema, areas)}"
    return f"edit of {len(observations):,} figures"
