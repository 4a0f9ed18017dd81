"""The wizard page where the officer says what an unrecognised label means, once per workbook shape.

The reader refuses to guess: a row called "Kids on CP plans" is reported, not read. Here each such
label gets a row; the officer picks what it is (an indicator, an area, a period, or ignore) and which
one. "Apply and re-read" saves the answers in the workbook's mapping profile (so next month's return
of the same shape imports without asking) and reads the files again with them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from cpdesk.read.tables import MappingProfile
from cpdesk.read.workbook import open_workbook
from cpdesk.ui.import_wizard_pages import WorkerPage
from cpdesk.ui.import_worker import PreparedFiles, prepare_job

logger = logging.getLogger(__name__)

# Issue code -> the kind of thing the label most likely is ("" when the reader could not tell).
UNMAPPED_CODES = {"unknown-indicator": "indicator", "unknown-area": "area", "ambiguous-area": "area",
                  "unknown-period": "period", "unknown-label": "", "when-unsaid": "indicator"}
KINDS = ("indicator", "area", "period", "ignore")
HEADERS = ("Label in the workbook", "What it is", "Which one", "What cpdesk made of it")
EDITABLE = (1, 2)
POPUP_MARGIN = 40  # pixels beside a title in the completion list: frame, scroll bar and padding
# The reader's messages quote the label first: "Row label 'Kids on plans' in cell A4 ...".
_QUOTED_LABEL = re.compile(r"'(.+?)' in cell ")
# ... and then say why: "in cell A4 is not an indicator cpdesk knows: <reason>. Its figures ..."
_WHY = re.compile(r"' in cell [A-Z]+\d+ (?:is not an? \w+ cpdesk knows(?:: |\.))?(.*?)\.?"
                  r"(?: The table's other rows| Its figures|$)")


@dataclass
class LabelChoice:
    """One unrecognised label and the officer's answer for it (kind "" = not answered yet)."""

    label: str
    file: str
    kind: str = ""
    value: str = ""
    why: str = ""  # what the reader understood of it, and what not

    @property
    def answered(self) -> bool:
        return self.kind == "ignore" or bool(self.kind and self.value.strip())


def unmapped_labels(issues) -> list[LabelChoice]:
    """The distinct labels the reader did not recognise, in the order reported."""
    found: dict[tuple[str, str], LabelChoice] = {}
    for issue in issues:
        if issue.code not in UNMAPPED_CODES:
            continue
        match = _QUOTED_LABEL.search(issue.message)
        if match is None:
            continue
        key = (issue.file, match.group(1))
        found.setdefault(key, LabelChoice(match.group(1), issue.file, UNMAPPED_CODES[issue.code],
                                          why=_why(issue.message)))
    return list(found.values())


def _why(message: str) -> str:
    """The reader's reason for a label, as it said it ("understood: referrals; not understood: ...")."""
    found = _WHY.search(message)
    return found.group(1).strip() if found and found.group(1).strip() else "not recognised"


def has_unmapped_labels(prepared: PreparedFiles | None) -> bool:
    return prepared is not None and bool(unmapped_labels(i for p in prepared.plans for i in p.report.issues))


def save_choices(paths: list[Path], choices: list[LabelChoice]) -> list[Path]:
    """Add the answered choices to each workbook's mapping profile and save it; returns the files written."""
    written = []
    for path in paths:
        mine = [c for c in choices if c.file == path.name and c.answered]
        if not mine:
            continue
        profile = MappingProfile.load_for(open_workbook(path))
        for choice in mine:
            profile.set(choice.label, choice.kind, "" if choice.kind == "ignore" else choice.value.strip())
        written.append(profile.save())
    return written


class MappingModel(QAbstractTableModel):
    """Label (read-only), what it is, which one; the last two are edited in place. "Which one" shows
    the indicator's title or the area's name (``names``); the id or code is what is edited and saved."""

    def __init__(self, parent=None, names: dict[str, str] | None = None):
        super().__init__(parent)
        self.choices: list[LabelChoice] = []
        self.names = names or {}

    def set_choices(self, choices: list[LabelChoice]) -> None:
        self.beginResetModel()
        self.choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(self.choices)

    def columnCount(self, parent=None) -> int:  # noqa: N802 - Qt API
        return 0 if parent is not None and parent.isValid() else len(HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        choice = self.choices[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (2, 3):
            return choice.why if index.column() == 3 else self.names.get(choice.value, choice.value) or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if index.column() == 2 and role == Qt.ItemDataRole.DisplayRole:
            return self.names.get(choice.value, choice.value)
        return (choice.label, choice.kind, choice.value, choice.why)[index.column()]

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802 - Qt API
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        choice = self.choices[index.row()]
        if index.column() == 1:
            if value not in ("", *KINDS):
                return False
            if value != choice.kind:
                choice.kind, choice.value = str(value), ""
            self.dataChanged.emit(index, self.index(index.row(), 2))
            return True
        choice.value = str(value)
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() in EDITABLE else flags

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt API
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None


def choice_options(schema, areas) -> dict[str, list[tuple[str, str, str]]]:
    """Per kind, each choice as (what the box shows, what else finds it, the id or code saved)."""
    return {
        "indicator": [(i.title, f"{i.short_title} {i.id}", i.id) for i in schema.indicators.values()],
        "area": [(a.name, f"{a.old_code or ''} {a.code}", a.code)
                 for a in sorted(areas.all(), key=lambda a: a.name)],
    }


def words_found(typed: str, options: list[tuple[str, str, str]]) -> list[str]:
    """The options whose title (or short title, id or code) holds every word typed, in any order and
    anywhere: "plan rate" finds "Children subject to a child protection plan, rate per 10,000"."""
    words = typed.lower().split()
    return [text for text, extra, _ in options if all(word in f"{text} {extra}".lower() for word in words)]


class WordCompleter(QCompleter):
    """Completes an editable combo by any words of its options, not only by how they begin."""

    def __init__(self, combo: QComboBox, options: list[tuple[str, str, str]]):
        super().__init__(combo)
        self.options = options
        self.found = QStringListModel(self)
        self.setModel(self.found)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(self)
        combo.lineEdit().textEdited.connect(self.find)
        self.activated.connect(lambda text: combo.setCurrentIndex(combo.findText(text)))

    def find(self, typed: str) -> None:
        found = words_found(typed, self.options)
        self.found.setStringList(found)
        if typed.strip() and found:
            # As wide as the longest title found: cut to the box's width, several would read the same.
            metrics = self.popup().fontMetrics()
            room = self.widget().screen().availableGeometry().width() // 2
            widest = max(metrics.horizontalAdvance(text) for text in found) + POPUP_MARGIN
            self.popup().setMinimumWidth(min(widest, room))
            self.complete()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo for the kind; for the value, the schema's indicators or the registry's areas by title or
    name (found by any word typed), or free text for a period, each item carrying the id or code that
    the profile stores."""

    def __init__(self, schema, areas, parent=None):
        super().__init__(parent)
        self.options = choice_options(schema, areas)

    def names(self) -> dict[str, str]:
        """Each id and code by the title or name the box shows."""
        return {value: text for options in self.options.values() for text, _, value in options}

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt API
        combo = QComboBox(parent)
        if index.column() == 1:
            for kind in KINDS:
                combo.addItem(kind, kind)
            return combo
        kind = index.model().index(index.row(), 1).data()
        combo.setEditable(True)
        options = self.options.get(kind, [])
        for text, _, value in options:
            combo.addItem(text, value)
        if options:
            WordCompleter(combo, options)
        return combo

    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt API
        current = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findData(current)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(current)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt API
        """The id or code of the title chosen or typed whole (in any case); other text as typed."""
        text = editor.currentText().strip()
        found = editor.findText(text, Qt.MatchFlag.MatchFixedString)
        chosen = editor.itemData(found) if found >= 0 else None
        model.setData(index, text if chosen is None else chosen, Qt.ItemDataRole.EditRole)


class MappingPage(WorkerPage):
    """Shown after the preview when some labels were not recognised."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setTitle("Labels cpdesk does not know")
        intro = QLabel("Say what each label means. Your answers are remembered for workbooks of the same "
                       "shape. Labels left unanswered are reported as before.")
        intro.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.table = QTableView()
        delegate = ChoiceDelegate(ctx.schema, ctx.areas, self.table)
        self.model = MappingModel(self, names=delegate.names())
        self.model.dataChanged.connect(lambda *_: self._fit_answers())
        self.table.setModel(self.model)
        self.table.setItemDelegate(delegate)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.apply_button = QPushButton("Apply and re-read")
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.apply_button)
        layout.addWidget(self.status_label)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self._show(self.wizard().prepared)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return not self.is_running()

    def _show(self, prepared: PreparedFiles) -> None:
        self.model.set_choices(unmapped_labels(i for p in prepared.plans for i in p.report.issues))
        self.table.resizeColumnsToContents()
        self._fit_answers()

    def _fit_answers(self) -> None:
        """"Which one" is as wide as the titles chosen, and has room for one however short its answer."""
        room = self.fontMetrics().horizontalAdvance("M") * 22
        self.table.resizeColumnToContents(2)
        self.table.setColumnWidth(2, max(self.table.columnWidth(2), room))

    def apply(self) -> None:
        """Save the answers, then read every file again (the reader finds the saved profiles)."""
        paths = self.wizard().files_page.paths()
        try:
            written = save_choices(paths, self.model.choices)
        except (OSError, ValueError) as exc:
            self.status_label.setText(f"The answers could not be saved: {exc}")
            return
        logger.info("mapping saved to %s", ", ".join(str(p) for p in written))
        self.apply_button.setEnabled(False)
        self.status_label.setText("Reading the files again…")
        council = self.wizard().files_page.council()
        self.run_job(prepare_job(paths, self.ctx.reference, self.ctx.store, home_council=council),
                     self._finished, self._failed)

    def _finished(self, prepared: PreparedFiles) -> None:
        self.job_ended()
        self.wizard().reading_page.prepared = prepared
        figures = sum(len(plan.observations) for plan in prepared.plans)
        self.status_label.setText(f"Read {figures:,} figures with your answers.")
        self._show(prepared)
        self.apply_button.setEnabled(True)
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.job_ended()
        self.status_label.setText(message)
        self.apply_button.setEnabled(True)
