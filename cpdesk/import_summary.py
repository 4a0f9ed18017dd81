"""What an import stored and what it left out, in the same words wherever it is said: the command
line's summary, the import wizard's last page and the Imports page.

Two counts of what was left out, never added together, each named for what it counts:
- cells with errors skipped: the figures at cells with errors, left out when the officer chose to import
  the rest (``--skip-invalid``, or "Import the valid figures and skip the rest"); the count the import
  keeps, which the Imports page shows as "Skipped";
- cells with figures not read: figures under labels cpdesk could not place (each reason a warning), the
  reader's count, which the import does not keep.
A figure a file gives twice (Warwickshire's county rate in Tables 1 and 7) is stored once: it is not
left out, so it is in neither count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpdesk.issues import counted
from cpdesk.store import ImportOutcome

if TYPE_CHECKING:  # the Imports page reads SKIPPED_MEANS without loading the readers
    from cpdesk.pipeline import ImportPlan

# What the Imports page's "Skipped" column counts, for its heading's tooltip.
SKIPPED_MEANS = ("Cells with errors left out when the valid figures were imported (--skip-invalid, or "
                 "\"Import the valid figures and skip the rest\"). Cells with figures not read, whose labels "
                 "cpdesk could not place, are not counted here: the import's report lists them.")


def skipped_cells(store, outcome: ImportOutcome) -> int:
    """The cells with errors the import left out, as it keeps them (the Imports page's "Skipped")."""
    record = None if outcome.already_imported else store.get_import(outcome.import_id)
    return record.n_skipped if record is not None else 0


def import_summary(plan: ImportPlan, outcome: ImportOutcome, skipped: int) -> str:
    """"left.xlsx: 5 added, 0 changed, 0 unchanged; 2 cells with errors skipped; 3 cells with figures not
    read (import 2)."."""
    name = plan.path.name
    if outcome.already_imported:
        return f"{name}: already imported (import {outcome.import_id}); nothing changed."
    left_out = [f"{counted(skipped, 'cell')} with errors skipped" if skipped else "",
                f"{counted(plan.read.not_read, 'cell')} with figures not read" if plan.read.not_read else ""]
    stored = f"{outcome.added:,} added, {outcome.changed:,} changed, {outcome.unchanged:,} unchanged"
    return f"{name}: {'; '.join([stored, *filter(None, left_out)])} (import {outcome.import_id})."
