"""The chart page's toolbar, the report card tiles and the ``cpdesk chart`` command."""

from __future__ import annotations

import argparse

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from cpdesk.cli_chart import add_chart_parser, cmd_chart  # noqa: E402
from cpdesk.ui.charts.chart_view import ChartView  # noqa: E402
from cpdesk.ui.charts.report_card import ReportCard  # noqa: E402

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_chart_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_chart_view_switches_kind_and_count_rate(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_rate", WARWICKSHIRE)
    home = view.drawn.items["Warwickshire"]
    # The council's own figures (2015-2020, and 31 Jul 2020) where it reported them, the DfE's elsewhere.
    assert view.drawn.spec.series_named("Warwickshire").ys == [49.2, 47.1, 47.7, 42.0, 38.8, 49.0, 29.8, 25.1,
                                                                28.0, 29.6, 33.4, 24.9, 29.0, 25.9]
    assert home.isVisible()
    view.toggle_rate()
    assert view.request.indicator_id == "cpp_count"
    assert 295.0 in view.drawn.spec.series_named("Warwickshire").ys
    view.toggle_rate()
    view.kind_box.setCurrentIndex(view.kind_box.findData("districts"))
    assert view.drawn.spec.kind == "districts"
    assert view.drawn.spec.x_categories[0] == "Rugby"  # 31 Jul 2020, the latest district figures


def test_chart_view_sn_median_changes_comparator_basis(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_repeat_pct", "E10000018")  # Leicestershire: no SN row of its own
    assert "mean of those of the 10" in view.drawn.spec.footnote
    view.sn_box.setCurrentIndex(view.sn_box.findData("median"))
    assert view.request.sn_how == "median"
    assert "median" in view.drawn.spec.footnote


def test_chart_view_says_why_there_is_no_chart(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert not view.show_chart("no_such_indicator", WARWICKSHIRE)
    assert "not an indicator id" in view.message.text()


def test_the_source_line_is_shown_once_and_an_empty_chart_says_why(bare_source, qtbot):
    view = ChartView(bare_source)  # no national data pack: no CP rate to rank
    qtbot.addWidget(view)
    assert view.show_chart("cpp_rate", WARWICKSHIRE, "districts")
    assert view.message.text() == "" and view.message.isHidden()  # the chart's own footnote says it
    assert not view.show_chart("cpp_rate", WARWICKSHIRE, "rank")
    title = view.plot.getPlotItem().titleLabel.text
    assert "national file" in title and "by district" not in title
    assert view.plot.getPlotItem().listDataItems() == []


def test_report_card_tile_click_emits_indicator(source, qtbot):
    card = ReportCard()
    qtbot.addWidget(card)
    card.show_rows(source.report_card(WARWICKSHIRE), "Warwickshire")
    tile = card.tiles["cpp_rate"]
    assert tile.row.latest.value == 25.9  # 31 Mar 2025, from the national data pack
    assert tile.period_label.full_text() == "at 31 Mar 2025"
    assert tile.badge.text().strip() == "No RAG: context only"  # neither higher nor lower is better
    # re-referrals fell 1.4 points, which is better: the arrow points down, the word says improving
    assert card.tiles["rereferrals_12m_pct"].badge.text().strip() == "Green · ▼ improving"
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.indicator_clicked) as caught:
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert caught.args == ["cpp_rate"]


def test_chart_command_writes_png_and_svg(demo_db, tmp_path, qtbot):
    png, svg = tmp_path / "trend.png", tmp_path / "rank.svg"
    assert cmd_chart(_parse(["chart", "--indicator", "cpp_rate", "--area", WARWICKSHIRE,
                             "--out", str(png), "--db", str(demo_db)])) == 0
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert cmd_chart(_parse(["chart", "--indicator", "cpp_repeat_pct", "--area", WARWICKSHIRE,
                             "--kind", "rank", "--out", str(svg), "--db", str(demo_db)])) == 0
    assert "<svg" in svg.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "words"), [
    (["--indicator", "nope", "--area", WARWICKSHIRE, "--out", "x.png"], "not an indicator id"),
    (["--indicator", "cpp_rate", "--area", "Z99", "--out", "x.png"], "not an area code"),
    (["--indicator", "cpp_rate", "--area", WARWICKSHIRE, "--out", "x.pdf"], "must end in .png or .svg"),
])
def test_chart_command_bad_arguments_exit_2(demo_db, tmp_path, capsys, argv, words):
    argv = [*argv[:-1], str(tmp_path / argv[-1]), "--db", str(demo_db)]
    assert cmd_chart(_parse(["chart", *argv])) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_districts_over_the_last_three_periods_as_grouped_bars(source, qtbot):
    view = ChartView(source)
    qtbot.addWidget(view)
    assert view.show_chart("cpp_rate", WARWICKSHIRE, "districts")
    assert view.years_box.isEnabled()
    view.years_box.setCurrentIndex(view.years_box.findData("recent"))
    drawn = view.drawn
    names = drawn.spec.x_categories
    assert [s.name for s in drawn.spec.series] == ["31 Mar 2019", "31 Mar 2020", "31 Jul 2020"]
    # Table 7 of the Warwickshire report, by district, at 31 March 2020.
    table_7_2020 = {"North Warwickshire": 17, "Nuneaton and Bedworth": 36, "Rugby": 24,
                    "Stratford-on-Avon": 19, "Warwick": 20}
    heights = list(drawn.items["31 Mar 2020"].opts["height"])
    assert dict(zip(names, heights, strict=True)) == table_7_2020
    view.kind_box.setCurrentIndex(view.kind_box.findData("trend"))
    assert not view.years_box.isEnabled()


def test_add_note_stores_it_and_draws_it_on_the_trend(demo_db, reference, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from cpdesk.chart.requests import ChartSource
    from cpdesk.store import open_store

    store = open_store(demo_db)
    try:
        view = ChartView(ChartSource.from_store(store, reference))
        qtbot.addWidget(view)
        assert view.show_chart("cpp_rate", WARWICKSHIRE, "trend")
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("31 Mar 2018", True))
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Audit of plans began", True))
        button = next(b for b in view.findChildren(type(view.rate_button)) if b.text() == "Add note…")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        notes = store.annotations(area_code=WARWICKSHIRE, indicator_id="cpp_rate")
        assert [n.text for n in notes] == ["Audit of plans began"]
        assert "Audit of plans began" in [a.text for a in view.drawn.spec.annotations]
    finally:
        store.close()


def test_a_council_without_figures_gets_an_empty_chart_saying_why(bare_source, qtbot):
    view = ChartView(bare_source)
    qtbot.addWidget(view)
    assert not view.show_chart("cpp_rate", "E10000017", "trend")  # Lancashire: no CP figures stored
    title = view.plot.getPlotItem().titleLabel.text
    assert "No figures for" in title and "Lancashire" in title and "vs England" not in title
    assert view.plot.getPlotItem().listDataItems() == [] and view.drawn is None


def test_a_chart_saved_without_an_extension_takes_the_chosen_type(qtbot, tmp_path, source):
    from cpdesk.ui.charts.chart_view import PNG_FILTER, SVG_FILTER, with_extension

    assert with_extension(tmp_path / "rank", PNG_FILTER) == tmp_path / "rank.png"
    assert with_extension(tmp_path / "rank", SVG_FILTER) == tmp_path / "rank.svg"
    assert with_extension(tmp_path / "board.SVG", PNG_FILTER) == tmp_path / "board.SVG"
    view = ChartView(source)
    qtbot.addWidget(view)
    view.show_chart("cpp_rate", "E10000031")
    said = []
    view.saved.connect(said.append)
    assert view.save_to(with_extension(tmp_path / "trend", PNG_FILTER))
    assert (tmp_path / "trend.png").stat().st_size > 0
    assert said == [f"Chart saved: {tmp_path / 'trend.png'}"]


def test_saving_into_a_missing_folder_says_so(qtbot, tmp_path, source, monkeypatch):
    from PySide6.QtWidgets import QMessageBox



    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append((title, text)))
    view = ChartView(source)
    qtbot.addWidget(view)
    view.show_chart("cpp_rate", "E10000031")
    assert not view.save_to(tmp_path / "nowhere" / "trend.png")
    assert warnings == [("Chart not saved", f"The folder {tmp_path / 'nowhere'} does not exist; choose "
                                            "another place to save.")]


def test_an_empty_report_card_says_how_to_get_figures(qtbot):
    card = ReportCard()
    qtbot.addWidget(card)
    card.show_rows([], "Warwickshire")
    text = card.heading.text()
    assert "(0 indicators with figures)" in text and "Import workbooks (Ctrl+O)" in text
    assert card.tiles == {}
