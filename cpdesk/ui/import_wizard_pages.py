"""The import wizard's pages that do work: choosing files, reading and checking them, and storing.

Reading and storing run on an ImportWorker thread; each page stays incomplete (Next or Finish
disabled) until its worker has finished, and can be cancelled while it runs.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from cpdesk.import_summary import import_summary, skipped_cells
from cpdesk.issues import ValidationReport, counted
from cpdesk.paths import documents_dir
from cpdesk.ui.import_worker import (
    CommittedFiles,
    ImportWorker,
    PreparedFiles,
    all_issues,
    commit_job,
    prepare_job,
    start_worker,
)
from cpdesk.ui.settings_dialog import chosen_council, council_combo

logger = logging.getLogger(__name__)

FILE_FILTER = "Spreadsheets and CSV (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
READABLE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


class WorkerPage(QWizardPage):
    """A page that runs one ImportWorker at a time and can stop it when the wizard closes."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.worker: ImportWorker | None = None  # kept until the next job: see start_worker
        self.thread: QThread | None = None
        self._busy = False

    def run_job(self, job, on_finished, on_failed, on_progress=None, on_refused=None) -> None:
        self.stop()
        self._busy = True
        self.worker = ImportWorker(job)
        self.worker.finished.connect(on_finished)
        self.worker.failed.connect(on_failed)
        self.worker.refused.connect(on_refused or on_failed)
        if on_progress is not None:
            self.worker.progress.connect(on_progress)
        self.thread = start_worker(self.worker, self)

    def job_ended(self) -> None:
        """Called from the result slots: the job has returned, so let its thread end now rather than
        leave it running for a moment in which the wizard could be deleted under it."""
        self._busy = False
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()

    def is_running(self) -> bool:
        return self._busy

    def stop(self) -> None:
        """Cancel a running job and wait for its thread, so no thread outlives the wizard."""
        if self.worker is not None and self._busy:
            self.worker.cancel()
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()


class FilesPage(QWizardPage):
    """Step 1: the files to import, added with a file dialog or dropped on the page."""

    def __init__(self, paths=(), areas=None, council: str = "", parent=None):
        super().__init__(parent)
        self.setTitle("Choose the files to import")
        self.setSubTitle("Council returns, DfE releases or cpdesk's own template (.xlsx, .xlsm, .xls, .ods, "
                         ".csv). You can also drop files here.")
        self.file_list = QListWidget()
        self.add_button = QPushButton("Add…")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        # A report card for one council (indicators by periods) often never names the council.
        self.council_combo = council_combo(areas, council) if areas is not None else None
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_list)
        layout.addLayout(buttons)
        if self.council_combo is not None:
            layout.addWidget(QLabel("Tables that name no area hold the figures of (unless the workbook "
                                    "names one council, which it then keeps to):"))
            layout.addWidget(self.council_combo)
        self.setAcceptDrops(True)
        self.add_paths(paths)

    def council(self) -> str | None:
        """The ONS code of the council chosen for tables that name no area; None when the field names
        no council (the reader then says the workbook names none)."""
        return (chosen_council(self.council_combo) or None) if self.council_combo is not None else None

    def paths(self) -> list[Path]:
        return [Path(self.file_list.item(row).text()) for row in range(self.file_list.count())]

    def add_paths(self, paths) -> None:
        known = set(self.paths())
        for path in map(Path, paths):
            if path not in known:
                self.file_list.addItem(str(path))
                known.add(path)
        self.completeChanged.emit()

    def choose_files(self) -> None:
        folder = str(self.paths()[-1].parent if self.paths() else documents_dir())
        chosen, _ = QFileDialog.getOpenFileNames(self, "Choose files to import", folder, FILE_FILTER)
        self.add_paths(chosen)

    def remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.file_list.count() > 0

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        local = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        self.add_paths(p for p in local if p.suffix.lower() in READABLE_SUFFIXES)


class NotImportedBanner(QWidget):
    """An icon and a heading that say, in place of the progress bar, that nothing was imported."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.icon = QLabel()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.icon)
        row.addWidget(self.heading, 1)
        self.hide()

    def show_heading(self, heading: str, icon: QStyle.StandardPixmap) -> None:
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.heading.setText(heading)
        self.show()


class ReadingPage(WorkerPage):
    """Step 2: read and check every file on a worker thread, with progress and Cancel. A file that
    lists individual children ends the page with a refusal: the progress bar and Cancel give way to a
    heading, an icon and the reason, and Next stays off."""

    REFUSED = "Not imported: this file lists individual children"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setTitle("Reading and checking")
        self.prepared: PreparedFiles | None = None
        self.banner = NotImportedBanner()
        self.progress_bar = QProgressBar()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.cancel_button)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.prepared = None
        self.banner.hide()
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.status_label.setText("Starting…")
        self.cancel_button.setEnabled(True)
        self.cancel_button.show()
        files = self.wizard().files_page
        job = prepare_job(files.paths(), self.ctx.reference, self.ctx.store, home_council=files.council())
        self.run_job(job, self._finished, self._failed, self._progress, self._refused)

    def cancel(self) -> None:
        if self.worker is not None and self.is_running():
            self.worker.cancel()
            self.status_label.setText("Cancelling…")

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.prepared is not None

    def _progress(self, percent: int, message: str) -> None:
        self.progress_bar.setValue(percent)
        self.status_label.setText(message)

    def _finished(self, prepared: PreparedFiles) -> None:
        self.job_ended()
        self.prepared = prepared
        figures = sum(len(plan.observations) for plan in prepared.plans)
        report = ValidationReport(issues=all_issues(prepared))
        self.status_label.setText(f"Read {counted(figures, 'figure')}: {report.summary()}. "
                                  "Press Next to look at them.")
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.job_ended()
        self.status_label.setText(message)
        self.cancel_button.setEnabled(False)

    def _refused(self, message: str) -> None:
        self.job_ended()
        self.progress_bar.hide()
        self.cancel_button.setEnabled(False)
        self.cancel_button.hide()
        self.banner.show_heading(self.REFUSED, QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.status_label.setText(f"{message}\n\nPress Back to choose other files.")


def describe_outcomes(committed: CommittedFiles, store) -> str:
    """Each file's line, as the command line says it: what was stored, and what was left out."""
    return "\n".join(import_summary(plan, outcome, skipped_cells(store, outcome))
                     for plan, outcome in committed.outcomes)


class CommitPage(WorkerPage):
    """Step 6: store the figures. Refused while there are errors unless the officer skips them."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setTitle("Import")
        self.committed: CommittedFiles | None = None
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.skip_invalid = QCheckBox("Import the valid figures and skip the rest")
        self.skip_invalid.toggled.connect(self._update_button)
        self.import_button = QPushButton("Import")
        self.import_button.clicked.connect(self.start_import)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (self.summary_label, self.skip_invalid, self.import_button, self.result_label):
            layout.addWidget(widget)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        prepared = self.wizard().prepared
        errors = sum(len(plan.report.errors) for plan in prepared.plans)
        figures = sum(len(plan.observations) for plan in prepared.plans)
        differing = len(prepared.differences)
        self.summary_label.setText(
            f"{counted(figures, 'figure')} from {counted(len(prepared.plans), 'file')}; {differing:,} "
            f"{'differs' if differing == 1 else 'differ'} from those stored (the old figures are kept as "
            "revisions)."
            + (f"\n{counted(errors, 'error')} {'stops' if errors == 1 else 'stop'} the import until "
               f"{'it is' if errors == 1 else 'they are'} fixed in the workbook." if errors else ""))
        self.skip_invalid.setVisible(errors > 0)
        self.skip_invalid.setChecked(False)
        self.result_label.clear()
        self._update_button()

    def _update_button(self) -> None:
        prepared = self.wizard().prepared if self.wizard() else None
        allowed = prepared is not None and (not prepared.has_errors or self.skip_invalid.isChecked())
        self.import_button.setEnabled(allowed and self.committed is None and not self.is_running())

    def start_import(self) -> None:
        plans = self.wizard().prepared.plans
        job = commit_job(plans, self.ctx.store, user=self.ctx.user,
                         skip_invalid=self.skip_invalid.isChecked())
        self.result_label.setText("Importing…")
        self.run_job(job, self._finished, self._failed)
        self._update_button()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.committed is not None

    def _finished(self, committed: CommittedFiles) -> None:
        self.job_ended()
        self.committed = committed
        self.result_label.setText(describe_outcomes(committed, self.ctx.store))
        for plan, _outcome in committed.outcomes:
            self.ctx.settings.add_recent_file(str(plan.path))
        self.ctx.notify_data_changed()
        self._update_button()
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.job_ended()
        self.result_label.setText(message)
        self._update_button()
