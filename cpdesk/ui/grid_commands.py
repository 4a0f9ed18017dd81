"""Edits typed or pasted into the data grid: checked before they are stored, and undoable.

Every edit and every undo goes through ``Store.record_edits``, so each change (and its reversal) is a
revision in the cell's history: an officer can always see who changed a figure, when, and why. A
pasted block is checked as a whole and stored as one undo step, so half a paste never lands.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from cpdesk.indicators.model import Period
from cpdesk.issues import ERROR
from cpdesk.observation import CellRef, Observation
from cpdesk.read.values import not_a_figure, parse_cell
from cpdesk.store import StoreError
from cpdesk.validate.engine import RULES, ValidationContext, validate

logger = logging.getLogger(__name__)

EDIT_REASON = "edit"
UNDO_REASON = "undo of edit"
REDO_REASON = "redo of edit"
TYPED = "Typed value"
# The rules that can refuse a single figure; checks across a whole file do not apply to an edit.
REFUSING_RULES = tuple(rule for rule in RULES if rule.severity == ERROR)
STATUS_TEXT = {"tbc": "TBC", "c": "c", "x": "x", "na": "N/A", "blank": ""}


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
    return ", ".join([indicator.title if indicator else target.indicator_id,
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


def with_reason(action: str, why: str) -> str:
    """The reason a revision records: "edit", or "edit: <the officer's reason for the change>"."""
    why = " ".join(why.split())
    return f"{action}: {why}" if why else action


class EditCellsCommand(QUndoCommand):
    """One typed cell or one pasted block. Redo stores the new figures, undo the previous ones.

    ``why`` is the officer's reason for the change, if given: it goes into every revision the edit
    makes, its undo and its redo too."""

    def __init__(self, ctx, observations: Sequence[Observation], text: str = "", why: str = ""):
        super().__init__(text or _command_text(observations, ctx.schema, ctx.areas))
        self.ctx = ctx
        self.why = why
        self.new = list(observations)
        stored = ctx.store.stored_values(o.key for o in self.new)
        self.previous = [_restoring(stored.get(o.key), o) for o in self.new]
        self.done_before = False

    @property
    def changes_anything(self) -> bool:
        """False when every figure already holds what was typed (then nothing is worth an undo step)."""
        return any((new.value, new.status) != (old.value, old.status)
                   for new, old in zip(self.new, self.previous, strict=True))

    def redo(self) -> None:
        """The first run stores the edit; a later one (Ctrl+Y after an undo) is a redo, and says so."""
        reason = with_reason(REDO_REASON if self.done_before else EDIT_REASON, self.why)
        if not self._record(self.new, reason):
            self.setObsolete(True)
        self.done_before = True

    def undo(self) -> None:
        self._record(self.previous, with_reason(UNDO_REASON, self.why))

    def _record(self, observations: list[Observation], reason: str) -> bool:
        try:
            self.ctx.store.record_edits(observations, self.ctx.user, reason)
        except StoreError as exc:
            logger.warning("Edit not stored: %s", exc)
            self.ctx.status_message.emit(f"Not saved: {exc}")
            return False
        self.ctx.notify_data_changed()
        return True


def _command_text(observations: Sequence[Observation], schema, areas) -> str:
    """What Undo and Redo name: "edit of <indicator title>, <area name>, <period>" or of N figures."""
    if len(observations) == 1:
        o = observations[0]
        return f"edit of {describe_target(CellTarget(o.area_code, o.indicator_id, o.period), schema, areas)}"
    return f"edit of {len(observations):,} figures"
