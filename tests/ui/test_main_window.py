from cpdesk.indicators.model import Period
from cpdesk.ui.main_window import MainWindow
from cpdesk.ui.observations_model import ObservationsModel


def test_main_window_opens_an_empty_database(qtbot, tmp_path):
    window = MainWindow(tmp_path / "empty.sqlite")
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 0
    assert "0 figures" in window.status_label.text()


def test_observations_model_passes_qt_model_tester(qtmodeltester):
    import datetime as dt
    from types import SimpleNamespace

    period = Period("snapshot", dt.date(2019, 3, 31), dt.date(2019, 3, 31), "31 Mar 2019")
    row = SimpleNamespace(area_name="Warwickshire", indicator_id="cpp_rate", breakdown="", period=period,
                          value=29.8, status=None, source_file="t.xlsx", source_cell="E4")
    model = ObservationsModel([row, row])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 4)) == "29.8"
