"""The import wizard: choose files, read and check them, look at the figures, the validation report
and what would change, then import.

Nothing is written until the officer presses Import on the last page, and then each file is stored
in one transaction, so closing or cancelling the wizard at any earlier step leaves the database as
it was. The pages that do work live in ``import_wizard_pages``; the pages here only show results.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from cpdesk.export.validation_report import ExportError, write_validation_report
from cpdesk.issues import ERROR, INFO, WARNING, ValidationReport, counted
from cpdesk.paths import documents_dir
from cpdesk.ui.import_wizard_pages import CommitPage, FilesPage, ReadingPage
from cpdesk.ui.import_worker import PreparedFiles, all_issues
from cpdesk.ui.issues_model import DifferencesModel, FiguresModel
from cpdesk.ui.mapping_page import MappingPage, has_unmapped_labels
from cpdesk.ui.wizard_issues import (
    IssuesPanel,
    figures_found,
    fit_columns,
    issues_in_wizard_words,
    make_table,
    not_read_note,
    nothing_read,
)

logger = logging.getLogger(__name__)

SEVERITY_CHOICES = (("All issues", None), ("Errors", ERROR), ("Warnings", WARNING), ("Notes", INFO))


def shown_issues(prepared: PreparedFiles) -> list:
    """Every issue, with its advice worded for the wizard (see ``in_wizard_words``)."""
    return issues_in_wizard_words(all_issues(prepared))


class PreviewPage(QWizardPage):
    """Step 3: the figures found, sheet by sheet; rows whose cell has an issue are highlighted. When no
    figure was read, the page says so and lists the issues that say why instead.

    Qt initialises a page only when Next leads to it, so a page coming back (Back from the mapping
    page, or an issue double-clicked on the report) calls ``refresh_if_stale`` to show the files as
    last read, with the officer's answers."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setTitle("Figures found")
        self.shown: PreparedFiles | None = None
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.model = FiguresModel(ctx.areas, ctx.schema, self)
        self.table = make_table(self.model)
        self.issues_panel = IssuesPanel()
        self.sheet_row = QWidget()
        row = QHBoxLayout(self.sheet_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Table or sheet:"))
        row.addWidget(self.sheet_combo, 1)
        layout = QVBoxLayout(self)
        for widget in (self.summary_label, self.sheet_row, self.table, self.issues_panel):
            layout.addWidget(widget)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        prepared = self.shown = self.wizard().prepared
        tables = sum(plan.read.tables_found for plan in prepared.plans)
        figures = sum(len(plan.observations) for plan in prepared.plans)
        found_nothing = figures == 0
        for widget in (self.sheet_row, self.table):
            widget.setVisible(not found_nothing)
        self.issues_panel.setVisible(found_nothing)
        if found_nothing:
            report = ValidationReport(issues=all_issues(prepared))
            self.summary_label.setText(nothing_read([plan.path.name for plan in prepared.plans], report))
            self.issues_panel.set_issues(all_issues(prepared), reword=issues_in_wizard_words)
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItem("All tables and sheets", None)
        for plan in prepared.plans:
            sheets = dict.fromkeys(o.source.sheet for o in plan.observations if o.source)
            for sheet in sheets:
                self.sheet_combo.addItem(f"{plan.path.name} — {sheet or 'CSV'}", (plan.path.name, sheet))
        self.sheet_combo.blockSignals(False)
        self._show_sheet()
        if not found_nothing:
            self.summary_label.setText(self._summary(prepared, figures, tables))

    def _summary(self, prepared: PreparedFiles, figures: int, tables: int) -> str:
        """How many figures were found; how to read an issue only when some row is coloured by one (all
        the sheets are shown when this is worked out); and how many cells were not read."""
        observations = [o for plan in prepared.plans for o in plan.observations]
        refused = not_read_note(observations, all_issues(prepared),
                                sum(plan.read.not_read for plan in prepared.plans))
        hover = " Hover over a coloured row to read its issue." if self.model.has_coloured_rows() else ""
        return f"{figures_found(figures, tables)}.{hover}{refused}"

    def refresh_if_stale(self) -> None:
        """Show the figures again if the files were read again since they were shown."""
        if self.wizard().prepared is not self.shown:
            self.initializePage()

    def _show_sheet(self) -> None:
        prepared = self.wizard().prepared
        wanted = self.sheet_combo.currentData()
        figures = [o for plan in prepared.plans for o in plan.observations
                   if wanted is None or (o.source and (o.source.file, o.source.sheet) == wanted)]
        self.model.set_figures(figures, shown_issues(prepared))
        fit_columns(self.table)

    def select_cell(self, file: str, sheet: str, cell: str) -> bool:
        """Show every sheet and select the figure read from ``cell``; False if no figure came from it."""
        self.refresh_if_stale()
        self.sheet_combo.setCurrentIndex(0)
        row = self.model.row_of_cell(file, sheet, cell)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True


class ReportPage(QWizardPage):
    """Step 4: every issue, filtered by severity; double-click one to see its figure."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle("Validation report")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.severity_combo = QComboBox()
        for label, severity in SEVERITY_CHOICES:
            self.severity_combo.addItem(label, severity)
        self.severity_combo.currentIndexChanged.connect(
            lambda: self.model.set_severity_filter(self.severity_combo.currentData()))
        self.save_button = QPushButton("Save report…")
        self.save_button.clicked.connect(self.save_report)
        self.panel = IssuesPanel()
        self.model, self.table = self.panel.model, self.panel.table
        self.table.doubleClicked.connect(self.show_figure)
        row = QHBoxLayout()
        row.addWidget(QLabel("Show:"))
        row.addWidget(self.severity_combo)
        row.addStretch()
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(row)
        layout.addWidget(self.panel)

    def report(self) -> ValidationReport:
        prepared = self.wizard().prepared
        return ValidationReport(", ".join(plan.path.name for plan in prepared.plans), all_issues(prepared))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        report = self.report()
        must_fix = ("Errors must be fixed in the workbook before it can be imported. "
                    if report.has_errors else "")
        self.summary_label.setText(
            f"{report.summary()}. {must_fix}"
            + "Select an issue to read it in full below; double-click one to see its figure.")
        self.severity_combo.setCurrentIndex(0)
        self.panel.set_issues(report.issues, reword=issues_in_wizard_words)

    def show_figure(self, index) -> None:
        issue = self.model.issue_at(index.row())
        if issue.cell and self.wizard().preview_page.select_cell(issue.file, issue.sheet, issue.cell):
            self.wizard().back_to_preview()

    def save_report(self) -> None:
        report = self.report()
        suggested = str(documents_dir() / f"{self.wizard().files_page.paths()[0].stem} - validation.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "Save validation report", suggested,
                                                "Excel workbook (*.xlsx)")
        if not target:
            return
        try:
            write_validation_report(report, target)
        except ExportError as exc:
            QMessageBox.warning(self, "Save report", str(exc))


class DifferencesPage(QWizardPage):
    """Step 5: figures that would replace different stored ones, old and new side by side."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.setTitle("Differences from the stored figures")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.model = DifferencesModel(ctx.areas, ctx.schema, self)
        self.table = make_table(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        differences = self.wizard().prepared.differences
        self.model.set_differences(differences)
        fit_columns(self.table)
        self.summary_label.setText(
            f"{counted(len(differences), 'figure')} {'differs' if len(differences) == 1 else 'differ'} from "
            "those stored. Importing replaces them and keeps the old figures in each cell's history."
            if differences
            else "None of the figures differ from those already stored.")


class ImportWizard(QWizard):
    """Import one or more files. ``paths`` pre-fills the file list (files dropped on the window)."""

    def __init__(self, ctx, paths=(), parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import figures")
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.files_page = FilesPage(paths, ctx.areas, ctx.home_council)
        self.reading_page = ReadingPage(ctx)
        self.preview_page = PreviewPage(ctx)
        self.mapping_page = MappingPage(ctx)
        self.report_page = ReportPage()
        self.differences_page = DifferencesPage(ctx)
        self.commit_page = CommitPage(ctx)
        self.page_ids = {page: self.addPage(page) for page in (
            self.files_page, self.reading_page, self.preview_page, self.mapping_page, self.report_page,
            self.differences_page, self.commit_page)}
        self.currentIdChanged.connect(self._page_shown)
        self.resize(960, 640)

    @property
    def prepared(self) -> PreparedFiles | None:
        return self.reading_page.prepared

    def _page_shown(self, _page_id: int) -> None:
        if self.currentPage() is self.preview_page:
            self.preview_page.refresh_if_stale()

    def back_to_preview(self) -> None:
        """Back through the pages visited (the mapping page, if it was) to the figures."""
        preview_id = self.page_ids[self.preview_page]
        while self.currentId() != preview_id and preview_id in self.visitedIds():
            self.back()

    def nextId(self) -> int:  # noqa: N802 - Qt API
        """The mapping page is shown only when the files have labels cpdesk does not know."""
        next_id = super().nextId()
        if next_id == self.page_ids[self.mapping_page] and not has_unmapped_labels(self.prepared):
            return self.page_ids[self.report_page]
        return next_id

    def done(self, result: int) -> None:
        self.reading_page.stop()
        self.mapping_page.stop()
        self.commit_page.stop()
        super().done(result)
