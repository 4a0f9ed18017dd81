"""Reading, checking and storing files off the GUI thread, so the window stays responsive and the
officer can cancel a slow workbook.

A worker runs one job (prepare or commit) on its own QThread and reports through signals, which Qt
delivers on the GUI thread. Cancelling sets a flag that the pipeline polls between steps; storing
is one transaction per file, so a cancel before it commits leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from cpdesk.errors import CpdeskError
from cpdesk.pipeline import ImportCancelled, ImportPlan, commit_import, prepare_import
from cpdesk.read.personal import PersonalDataRefused
from cpdesk.store import ImportOutcome, StoredObservation
from cpdesk.validate.rules import same_figure

logger = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
Cancelled = Callable[[], bool]
Job = Callable[[Progress, Cancelled], object]


@dataclass
class Difference:
    """A figure in the file that differs from the one already stored for the same cell."""

    new: object  # Observation
    stored: StoredObservation


@dataclass
class PreparedFiles:
    """The files read and checked, ready for the officer to look at before storing."""

    plans: list[ImportPlan]
    differences: list[Difference] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(plan.has_errors for plan in self.plans)


def all_issues(prepared: PreparedFiles) -> list:
    return [issue for plan in prepared.plans for issue in plan.report.issues]


@dataclass
class CommittedFiles:
    outcomes: list[tuple[ImportPlan, ImportOutcome]]


class ImportWorker(QObject):
    """Runs one job on a worker thread. Emits progress(percent, message), then finished, failed, or
    refused (a file listing individual children, refused whole: a final answer, not an error to retry)."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)
    refused = Signal(str)

    def __init__(self, job: Job):
        super().__init__()
        self._job = job
        self._cancel_requested = False
        self.was_cancelled = False

    def cancel(self) -> None:
        """Ask the job to stop at its next check; it then fails with a 'cancelled' message."""
        self._cancel_requested = True

    def is_cancelled(self) -> bool:
        return self._cancel_requested

    def _report(self, message: str, fraction: float) -> None:
        self.progress.emit(round(max(0.0, min(fraction, 1.0)) * 100), message)

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._report, self.is_cancelled)
        except ImportCancelled as exc:
            self.was_cancelled = True
            self.failed.emit(str(exc))
        except PersonalDataRefused as exc:
            # Logged by the refusal itself (file, sheets, kinds, rows), never a cell of the file.
            self.refused.emit(str(exc))
        except (CpdeskError, OSError, ValueError) as exc:
            # Expected (an unreadable file, a list of individual children refused whole, a locked
            # database): the message is the officer's, names the file and quotes no cell of it.
            logger.warning("import job failed: %s", exc)
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - any failure must reach the officer, not kill the thread
            logger.exception("import job failed unexpectedly")
            self.failed.emit(f"cpdesk could not finish: {exc}")
        else:
            self.progress.emit(100, "Done")
            self.finished.emit(result)


def start_worker(worker: ImportWorker, owner: QObject) -> QThread:
    """Move ``worker`` to a new thread owned by ``owner`` and start it; the thread stops when the job ends.

    The caller keeps a reference to ``worker`` until the thread has finished: the Python object owns
    the Qt one, so dropping it early (or calling deleteLater as well) would delete it twice.
    """
    thread = QThread(owner)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    worker.refused.connect(thread.quit)
    thread.start()
    return thread


def _scaled(progress: Progress, index: int, count: int) -> Progress:
    """A progress callback for file ``index`` of ``count`` that reports on the whole run's scale."""
    return lambda message, fraction: progress(message, (index + fraction) / count)


def find_differences(plans: Sequence[ImportPlan], store) -> list[Difference]:
    """Figures that would replace a different stored figure, in the order read."""
    observations = [obs for plan in plans for obs in plan.observations]
    stored = store.stored_values({obs.key for obs in observations})
    differences, seen = [], set()
    for obs in observations:
        old = stored.get(obs.key)
        if old is None or obs.key in seen or same_figure(obs.value, obs.status, old.value, old.status):
            continue
        seen.add(obs.key)
        differences.append(Difference(obs, old))
    return differences


def prepare_job(paths: Sequence[Path], reference, store, council: str | None = None,
                home_council: str | None = None) -> Job:
    """A job reading and checking every file; returns PreparedFiles."""
    def job(progress: Progress, cancelled: Cancelled) -> PreparedFiles:
        plans = []
        for index, path in enumerate(paths):
            plans.append(prepare_import(Path(path), reference, store, council=council,
                                        home_council=home_council,
                                        progress=_scaled(progress, index, len(paths)), cancelled=cancelled))
        progress("Comparing with the stored figures", 0.95)
        return PreparedFiles(plans, find_differences(plans, store))
    return job


def commit_job(plans: Sequence[ImportPlan], store, *, user: str, skip_invalid: bool) -> Job:
    """A job storing every plan, each in its own transaction; returns CommittedFiles."""
    def job(progress: Progress, cancelled: Cancelled) -> CommittedFiles:
        outcomes = []
        for index, plan in enumerate(plans):
            progress(f"Storing {plan.path.name}", index / len(plans))
            outcome = commit_import(plan, store, user=user, skip_invalid=skip_invalid, cancelled=cancelled)
            outcomes.append((plan, outcome))
        return CommittedFiles(outcomes)
    return job
