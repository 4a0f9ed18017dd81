"""Which stored figure a grid cell shows when the DfE and a council's report both give one."""

import pytest
from PySide6.QtCore import QSettings, Qt

from cpdesk.store.reads import GridFigure
from cpdesk.ui.context import AppContext
from cpdesk.ui.grid_cells import shown_figures
from cpdesk.ui.grid_model import AREAS_MODE, GridModel
from cpdesk.ui.settings import AppSettings

WARWICKSHIRE = "E10000031"
ENGLAND = "E92000001"


def figure(publisher, value, status=None):
    return GridFigure(ENGLAND, "cpp_rate", 7, publisher, value, status, None, "f.xlsx", None, None, "", "")


def test_a_value_is_shown_before_another_publishers_status():
    _, shown = shown_figures([figure("local", None, "tbc"), figure("dfe", 43.7)], code_at=0)
    assert shown[(ENGLAND, 7)].value == 43.7
    _, shown = shown_figures([figure("dfe", 43.7), figure("local", None, "tbc")], code_at=0)
    assert shown[(ENGLAND, 7)].value == 43.7


def test_the_home_councils_own_status_stands_before_the_dfes_value():
    """An officer's 'TBC' typed for the council itself is what its cell shows."""
    own = [figure("local", None, "tbc")._replace(area_code=WARWICKSHIRE),
           figure("dfe", 29.8)._replace(area_code=WARWICKSHIRE)]
    _, shown = shown_figures(own, code_at=0, home_council=WARWICKSHIRE)
    assert shown[(WARWICKSHIRE, 7)].status == "tbc"
    _, shown = shown_figures(own, code_at=0, home_council="E10000014")
    assert shown[(WARWICKSHIRE, 7)].value == 29.8


def test_the_councils_own_value_is_shown_before_the_dfes():
    _, shown = shown_figures([figure("dfe", 43.4), figure("local", 43.1)], code_at=0)
    assert shown[(ENGLAND, 7)].publisher == "local"


@pytest.fixture
def model(demo_db_template, tmp_path, qapp):
    db = tmp_path / "db.sqlite"
    db.write_bytes(demo_db_template.read_bytes())
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    settings.home_council = WARWICKSHIRE
    context = AppContext(db, settings)
    grid = GridModel(context)
    grid.load(AREAS_MODE, "cpp_rate", WARWICKSHIRE)
    yield grid
    context.close()


def test_englands_published_rate_is_not_hidden_by_the_reports_tbc(model):
    """The Warwickshire report leaves England's 31 Mar 2020 rate 'TBC'; the DfE published 43.7."""
    row = next(i for i, r in enumerate(model.rows) if r.code == ENGLAND)
    column = next(i for i, p in enumerate(model.periods) if p.label == "31 Mar 2020")
    index = model.index(row, column)
    assert index.data() == "43.7"
    assert "DfE" in index.data(Qt.ItemDataRole.ToolTipRole)
