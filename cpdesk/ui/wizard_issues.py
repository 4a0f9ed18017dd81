"""How the import wizard (and the reports kept on Imports & history) show validation issues: whole
messages, counts that read as English, and advice that fits a window rather than a terminal.

The readers' messages are shared with the command line, so advice such as "give its code with
--council on the command line" is rewritten here, for display only: the report saved to Excel and
the messages stored with an import keep the readers' own words.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.issues import ERROR, Issue, ValidationReport, counted, summarised
from cpdesk.ui.issues_model import SEVERITY_LABELS, IssuesModel

logger = logging.getLogger(__name__)

# "Choose the council ... on the first page of the import wizard, or give its code with --council on
# the command line (such as --council 937 or E10000031)." and "... name the council in the table's
# title, or give its code with --council on the command line."
COMMAND_LINE_COUNCIL = re.compile(r",? or give (?:its|the council's) code with --council on the command line"
                                  r"(?: \([^)]*\))?")
ANY_COMMAND_LINE_COUNCIL = re.compile(r"[^.:;]*--council[^.]*\.?")
FIRST_PAGE = "on the first page of the import wizard"
FIRST_PAGE_HERE = "on this wizard's first page (press Back to reach it)"


def in_wizard_words(message: str) -> str:
    """``message`` as the wizard shows it, with advice to use ``--council`` on the command line
    replaced by what to do in the wizard. A council named in a table's title is read the next time
    the file is read, so that advice is kept and the command-line part dropped."""
    text, dropped = COMMAND_LINE_COUNCIL.subn("", message)
    if dropped and FIRST_PAGE not in text:
        text = text.rstrip(".") + " and import the workbook again."
    text = text.replace(FIRST_PAGE, FIRST_PAGE_HERE)
    if "--council" in text:  # worded some other way: say what the wizard offers instead
        text = ANY_COMMAND_LINE_COUNCIL.sub(
            f" Choose the council whose figures these are {FIRST_PAGE_HERE}.", text).strip()
    return text


def issues_in_wizard_words(issues: Sequence[Issue]) -> list[Issue]:
    return [dataclasses.replace(issue, message=in_wizard_words(issue.message)) for issue in issues]


def issue_detail(issue: Issue) -> str:
    """The whole of one issue, for the pane under the table: severity, rule, place and message."""
    where = issue.location()
    place = f" — {where}" if where and issue.file not in issue.message else ""
    return f"{SEVERITY_LABELS.get(issue.severity, issue.severity)} [{issue.code}]{place}: {issue.message}"


def figures_found(figures: int, tables: int) -> str:
    """"1,204 figures in 3 tables", "1 figure in 1 table"."""
    return f"{counted(figures, 'figure')} in {counted(tables, 'table')}"


def not_read_note(observations: Sequence, issues: Sequence, not_attributed: int = 0) -> str:
    """" 3 cells could not be read: ..." for cells an error was raised at that gave no figure (text that
    is no number) and figures the reader could not attribute to an indicator, area and period (an
    unknown label); "" when there are none. The validation report says why for each."""
    read = {(o.source.file, o.source.sheet, o.source.cell) for o in observations if o.source}
    refused = {(i.file, i.sheet, i.cell) for i in issues if i.severity == ERROR and i.cell} - read
    count = len(refused) + not_attributed
    if not count:
        return ""
    verb = "could not be read, and is" if count == 1 else "could not be read, and are"
    return f" {counted(count, 'cell')} {verb} not shown here: the validation report says why."


def nothing_read(file_names: Sequence[str], report: ValidationReport) -> str:
    """What the figures page says when the files gave no figure at all."""
    files = ", ".join(file_names)
    if not report.issues:
        return f"No figures were read from {files}: it holds no table cpdesk reads."
    return (f"No figures were read from {files}: {report.summary()}. The issues below say why; "
            "fix them in the workbook and import it again.")


def make_table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def fit_columns(view: QTableView, widest: int = 320) -> None:
    """Size columns to their contents, but keep long texts (messages, titles) from hiding the rest."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column), widest))


SAVED_BY_THE_WIZARD = "in the report that Save report… writes from the validation report page"
SAVED_BY_ANOTHER_IMPORT = ("in the report that Save report… writes when the file is read again in the import "
                           "wizard")


class IssuesPanel(QWidget):
    """Issues in a table, and under it the whole of the selected one, wrapped, however long. Past
    ``SHOWN_PER_RULE`` issues of one rule the table lists the first ones, under a row counting them all
    and saying where they all are (``all_of_them``): half a million rows help no one."""

    def __init__(self, parent=None, *, all_of_them: str = SAVED_BY_THE_WIZARD):
        super().__init__(parent)
        self.all_of_them = all_of_them
        self.model = IssuesModel(parent=self)
        self.table = make_table(self.model)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._show(current.row()))
        self.model.modelReset.connect(self._select_first)
        self.detail.setMinimumHeight(3 * self.detail.fontMetrics().lineSpacing())
        layout = QVBoxLayout(self)  # a layout, unlike a splitter, gives the wrapped text the height it needs
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

    def set_issues(self, issues: Sequence[Issue],
                   reword: Callable[[Sequence[Issue]], list[Issue]] | None = None) -> None:
        """``reword`` (such as ``issues_in_wizard_words``) is applied to the issues listed only."""
        shown = summarised(issues, self.all_of_them)
        self.model.set_issues(reword(shown) if reword is not None else shown)
        fit_columns(self.table)

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show(0)

    def _show(self, row: int) -> None:
        shown = 0 <= row < self.model.rowCount()
        self.detail.setText(issue_detail(self.model.issue_at(row)) if shown else "")
