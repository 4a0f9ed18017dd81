"""The import wizard refuses a list of individual children whole: its reason is shown, nothing is
stored, and no widget of the wizard shows a cell of the file."""

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QWidget, QWizard

from cpdesk import paths
from tests.core.test_personal_data import _nowhere, children, planted, tidy_with_children
from tests.ui.test_import_wizard import click_next, ctx, open_wizard  # noqa: F401


def _shown_texts(wizard) -> str:
    """Every text a widget of the wizard shows: labels, buttons, fields and the cells of its tables."""
    texts = []
    for widget in wizard.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
            texts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = QModelIndex()
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
            texts += [str(model.index(r, c).data())
                      for r in range(model.rowCount(root)) for c in range(columns)]
    return "\n".join(texts)


def test_the_wizard_refuses_a_child_list_as_final_shows_no_cell_and_stores_nothing(qtbot, ctx, tmp_path):  # noqa: F811
    """A heading and an icon in place of the progress bar and Cancel, the reason, Next off; Back and Next
    read the files again from the start."""
    rows = children(30)
    path = tidy_with_children(tmp_path / "cp_list.csv", rows)
    wizard = open_wizard(qtbot, ctx, path)
    click_next(qtbot, wizard)
    page = wizard.reading_page
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=20000)
    assert page.banner.heading.text() == "Not imported: this file lists individual children"
    assert not page.banner.icon.pixmap().isNull()
    assert not page.progress_bar.isVisible() and not page.cancel_button.isVisible()
    assert page.status_label.text().startswith("'cp_list.csv' looks like a list of individual children")
    assert page.status_label.text().endswith("Press Back to choose other files.")
    assert not page.isComplete() and not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert ctx.store.observations() == []
    _nowhere(planted(rows), _shown_texts(wizard), tmp_path / "cpdesk.sqlite", paths.log_dir())
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    click_next(qtbot, wizard)
    assert page.progress_bar.isVisible() and not page.banner.isVisible()
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=20000)
