"""import_workbook(): the one way figures get into cpdesk, used by the CLI and the app alike.

read -> validate -> store. Reading and validating touch nothing; storing is one transaction, so
an error, a crash or a cancel leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cpdesk.figures import Figures, key_order
from cpdesk.gc_pauses import without_gc_pauses
from cpdesk.indicators.population import child_population
from cpdesk.issues import ERROR, ValidationReport
from cpdesk.observation import Observation
from cpdesk.read.dispatch import read_workbook
from cpdesk.read.grid import Workbook
from cpdesk.read.result import ReadResult
from cpdesk.read.stored_text import KnownTexts, Quotable, report_names, stored_report
from cpdesk.read.workbook import open_workbook
from cpdesk.store.records import ImportBatch, ImportOutcome
from cpdesk.validate.engine import ValidationContext, validate
from cpdesk.validate.rules_history import history_keys

logger = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
NO_IMPORT = 0  # the import id of an outcome that stored nothing: a file with no figures is not recorded


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass
class ImportPlan:
    """A file read and validated, ready to commit (or to show the officer first)."""

    path: Path
    file_hash: str
    read: ReadResult
    report: ValidationReport
    skipped: list[Observation] = field(default_factory=list)
    # Which quoted texts the report kept with the import may hold (``stored_text``): figures, periods,
    # recognised labels, the file's and sheets' names; never other text from a cell.
    quotable: Quotable | None = None

    @property
    def observations(self) -> Figures:
        return self.read.observations

    @property
    def has_errors(self) -> bool:
        return self.report.has_errors


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled("The import was cancelled; nothing was changed.")


def prepare_import(path: Path, reference, store=None, *, council: str | None = None, mapping=None,
                   home_council: str | None = None,
                   today: dt.date | None = None, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None,
                   opened: dict[Path, Workbook] | None = None) -> ImportPlan:
    """Read and validate one file. Raises ReadError if it cannot be read at all.

    ``opened``: files opened already, by path; this file's workbook is taken out of it, so that its
    cells are let go as soon as its figures are read, not held while they are checked and stored (at a
    million rows, 200 MB)."""
    with without_gc_pauses():
        return _prepare(Path(path), reference, store, council=council, mapping=mapping,
                        home_council=home_council, today=today, progress=progress, cancelled=cancelled,
                        opened=opened)


def _prepare(path: Path, reference, store, *, council, mapping, home_council, today, progress,
             cancelled, opened) -> ImportPlan:
    report_progress = progress or (lambda _msg, _frac: None)
    report_progress(f"Reading {path.name}", 0.0)
    workbook = opened.pop(path, None) if opened else None
    read = read_workbook(workbook if workbook is not None else open_workbook(path), reference,
                         council=council, mapping=mapping, home_council=home_council)
    del workbook
    _check(cancelled)
    report_progress(f"Checking {len(read.observations):,} figures", 0.5)
    figures = read.observations  # Figures: the rules read their columns, and their own read_at by index
    stored = store.stored_values(history_keys(figures)) if store is not None else {}
    context = ValidationContext(file=path.name, schema=reference.schema, areas=reference.areas,
                                stored=stored, today=today or dt.date.today(),
                                population=child_population)
    report = ValidationReport(file=path.name)
    report.extend(read.issues)
    report.extend(validate(figures, context).issues)
    _check(cancelled)
    report_progress("Checked", 0.8)
    known = KnownTexts(reference, report_names(path.name, report.issues))
    return ImportPlan(path=path, file_hash=file_hash(path), read=read, report=report, quotable=known)


def _cells_with_errors(report: ValidationReport) -> set[tuple[str, str]]:
    return {(i.sheet, i.cell) for i in report.issues if i.severity == ERROR and i.cell}


def split_invalid(plan: ImportPlan) -> tuple[Figures, Figures]:
    """Figures whose cell carries an error, apart from the rest (each in the order read)."""
    bad_cells = _cells_with_errors(plan.report)
    figures = plan.observations
    good: list[int] = []
    bad: list[int] = []
    for index, where in enumerate(figures.cells()):
        (bad if where in bad_cells else good).append(index)
    return figures.take(good), figures.take(bad)


def without_repeats(observations: Sequence[Observation]) -> Figures:
    """The first of each cell's figures. Repeats agree (a conflict is an error and stops the import):
    Warwickshire's county rate is in both Table 1 and Table 7, as "42.0" and "42"."""
    figures = Figures.of(observations)
    order = key_order(figures)
    if order is not None:
        return figures.take(order.firsts()) if order.repeats else figures
    seen: set[tuple] = set()
    kept: list[int] = []
    for index, key in enumerate(figures.keys()):
        if key not in seen:
            seen.add(key)
            kept.append(index)
    return figures if len(kept) == len(figures) else figures.take(kept)


def commit_import(plan: ImportPlan, store, *, user: str, skip_invalid: bool = False,
                  cancelled: Callable[[], bool] | None = None) -> ImportOutcome:
    """Store a validated plan in one transaction. Refuses a plan with errors unless skip_invalid.

    A file with no figures is not recorded as an import at all: the outcome's id is ``NO_IMPORT``."""
    if plan.has_errors and not skip_invalid:
        raise ValueError("A file with errors cannot be imported; fix them or use --skip-invalid.")
    if not plan.observations:
        logger.info("%s holds no figures: no import recorded", plan.path.name)
        return ImportOutcome(NO_IMPORT, 0, 0, 0)
    with without_gc_pauses():
        return _commit(plan, store, user=user, skip_invalid=skip_invalid, cancelled=cancelled)


def _commit(plan: ImportPlan, store, *, user: str, skip_invalid: bool, cancelled) -> ImportOutcome:
    good, bad = split_invalid(plan) if skip_invalid else (plan.observations, Figures())
    good = without_repeats(good)
    _check(cancelled)
    quotable = plan.quotable or KnownTexts(names=report_names(plan.path.name, plan.report.issues))
    summary = stored_report(plan.report, quotable)
    # Everything an error was found at was skipped: figures dropped here and cells the reader refused.
    skipped = sorted(_cells_with_errors(plan.report)) if skip_invalid else []
    summary["skipped_cells"] = [f"{sheet}!{cell}" if sheet else cell for sheet, cell in skipped]
    batch = ImportBatch(file_name=plan.path.name, file_path=str(plan.path), file_hash=plan.file_hash,
                        user=user, observations=good, report_json=json.dumps(summary),
                        n_skipped=max(len(skipped), len(bad)))
    outcome = store.import_observations(batch)
    logger.info("imported %s: %s", plan.path.name, outcome.for_the_log())
    return outcome


def import_workbook(path: Path, reference, store, *, user: str, council: str | None = None,
                    skip_invalid: bool = False, mapping=None, today: dt.date | None = None,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[ImportPlan, ImportOutcome | None]:
    """Read, validate and (if clean, or skip_invalid) store one file. The outcome is None if refused."""
    plan = prepare_import(path, reference, store, council=council, mapping=mapping, today=today,
                          progress=progress, cancelled=cancelled)
    if plan.has_errors and not skip_invalid:
        return plan, None
    return plan, commit_import(plan, store, user=user, skip_invalid=skip_invalid, cancelled=cancelled)
