"""The PDF board pack, made from the demo database for Warwickshire: page numbers, the "data as at"
stamp, contents, and each indicator's page used to its foot with its target and notes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from cpdesk.store import open_store

WARWICKSHIRE = "E10000031"

pytest_plugins = ["tests.ui.chart_fixtures"]

CHOSEN = ["cpp_rate", "cpp_repeat_pct", "icpc_15wd_pct", "cpp_repeat_2y_count"]
FRONT_PAGES = 3  # title, contents, report card
PDFTOTEXT = shutil.which("pdftotext")


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run([PDFTOTEXT, "-layout", *pages, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def pack(demo_db, reference, tmp_path_factory):
    from cpdesk.ui.pdf_pack import write_pdf_pack

    out = tmp_path_factory.mktemp("pack") / "board pack.pdf"
    with open_store(demo_db, create=False) as store:
        written = write_pdf_pack(store, reference, out, WARWICKSHIRE, CHOSEN)
    assert written == out
    return out


def test_pack_is_a_pdf_with_title_report_card_and_one_page_per_indicator(pack):
    data = pack.read_bytes()
    assert data.startswith(b"%PDF")
    assert _page_count(data) == FRONT_PAGES + len(CHOSEN)
    assert not [p for p in pack.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pack_text_has_council_title_and_figures(pack):
    text = _text(pack)
    assert "Warwickshire" in text
    assert "Child protection performance" in text
    assert "29.8" in text  # Warwickshire's CP plan rate at 31 March 2019, from its own report
    assert "Children subject to a CP plan per 10,000 children" in text
    assert "report card" in text


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_report_card_lists_chosen_indicators_in_order(pack):
    text = _text(pack)
    card = text[text.index("report card"):]
    first = [card.index(t) for t in ("Children subject to a CP", "Plans starting that", "ICPCs held")]
    assert first == sorted(first)


def test_comparison_rows_match_the_board_workbook_figures(source):
    from cpdesk.ui.pdf_html import comparison_rows

    periods, cells = comparison_rows(source, WARWICKSHIRE, source.indicator("cpp_rate"))
    assert cells[0][0] == "Warwickshire"
    labels = [p.label for p in periods]
    assert cells[0][1 + labels.index("31 Mar 2019")] == "29.8"
    assert [row[0] for row in cells][-1] == "England"


def test_export_pdf_from_the_command_line(demo_db, tmp_path, capsys):
    from cpdesk.cli import main

    out = tmp_path / "pack.pdf"
    code = main(["export", "--format", "pdf", "--area", "937", "--indicator", "cpp_rate",
                 "--db", str(demo_db), "--out", str(out)])
    assert code == 0 and "Warwickshire" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")


def test_export_pdf_refuses_a_wrong_suffix_or_area(demo_db, tmp_path, capsys):
    from cpdesk.cli import main

    base = ["export", "--format", "pdf", "--db", str(demo_db)]
    assert main([*base, "--area", WARWICKSHIRE, "--out", str(tmp_path / "pack.xlsx")]) == 2
    assert ".pdf" in capsys.readouterr().err
    assert main([*base, "--area", "E92000001", "--out", str(tmp_path / "pack.pdf")]) == 2
    assert "council" in capsys.readouterr().err
    assert not (tmp_path / "pack.pdf").exists()


needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")


@needs_pdftotext
def test_every_page_says_page_n_of_n_and_what_the_data_is_as_at(pack, source):
    count = _page_count(pack.read_bytes())
    latest = max(row.latest.period.end for row in source.report_card(WARWICKSHIRE)
                 if row.indicator.id in CHOSEN)
    stamp = f"Data as at {latest.day} {latest:%B %Y}"
    for page in range(1, count + 1):
        text = _text(pack, page)
        assert f"Page {page} of {count}" in text and stamp in text, page


@needs_pdftotext
def test_the_contents_page_lists_each_indicator_at_its_page(pack, reference):
    contents = _text(pack, 2)
    assert "Contents" in contents and re.search(r"Report card\s+3\b", contents)
    for number, indicator_id in enumerate(CHOSEN, start=FRONT_PAGES + 1):
        title = reference.schema.get(indicator_id).title
        assert re.search(rf"{re.escape(title)}\s+{number}\b", contents), title
        assert _text(pack, number).lstrip().startswith(title)


def _words_below(path, page: int) -> float:
    """How far down the page (0 top, 1 foot) the lowest word above the footer sits."""
    box = subprocess.run([PDFTOTEXT, "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', box).group(1))
    bottoms = [float(y) for y, word in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', box)
               if not word.startswith(("Page", "Warwickshire"))]
    lines = sorted(bottoms)
    return lines[-1] / height if lines else 0.0


@needs_pdftotext
def test_each_indicator_page_is_used_to_its_foot(pack):
    for page in range(FRONT_PAGES + 1, FRONT_PAGES + len(CHOSEN) + 1):
        assert _words_below(pack, page) > 0.8, page


def test_the_chart_title_is_printed_once_and_quarter_labels_are_drawn(demo_db, reference, tmp_path,
                                                                      monkeypatch):
    import cpdesk.ui.charts.export as chart_export
    import cpdesk.ui.pdf_pack as pdf_pack

    drawn = []
    real_chart_image = chart_export.chart_image

    def watched(plot, scale=chart_export.PRINT_SCALE):
        drawn.append([spot.label.text for spot in plot.getAxis("bottom").placed])
        return real_chart_image(plot, scale)

    titles = []
    real_spec_image = pdf_pack.spec_image

    def spec_image(spec, size, scale=2):
        titles.append((spec.title, spec.footnote))
        return real_spec_image(spec, size, scale)

    monkeypatch.setattr(chart_export, "chart_image", watched)
    monkeypatch.setattr(pdf_pack, "spec_image", spec_image)
    with open_store(demo_db, create=False) as store:
        pdf_pack.write_pdf_pack(store, reference, tmp_path / "p.pdf", WARWICKSHIRE, ["cpp_repeat_2y_count"])
    ((title, footnote),) = titles
    assert reference.schema.get("cpp_repeat_2y_count").title not in title and footnote == ""
    assert title.startswith("Warwickshire")
    (labels,) = drawn
    assert "Q1 20/21" in labels and len(labels) >= 4  # the quarters are named on the axis


@needs_pdftotext
def test_as_at_a_day_the_pack_holds_only_what_was_known_then(demo_db, reference, tmp_path):
    from cpdesk.ui.pdf_pack import write_pdf_pack

    copy = tmp_path / "copy.sqlite"
    shutil.copy(demo_db, copy)
    with open_store(copy, create=False) as store:
        store.set_target(WARWICKSHIRE, "cpp_repeat_pct", 20.0, user="J Bloggs")
        store.add_annotation("Audit of repeat plans under way", author="J Bloggs", area_code=WARWICKSHIRE,
                             indicator_id="cpp_repeat_pct")
        out = write_pdf_pack(store, reference, tmp_path / "then.pdf", WARWICKSHIRE, ["cpp_repeat_pct"],
                             as_at=dt.date(2019, 3, 31))
    text = _text(out)
    assert "Data as at 31 March 2019" in text
    assert not any(label in text for label in ("2019/20", "2024/25", "31 March 2025"))
    page = _text(out, FRONT_PAGES + 1)
    assert "Target. 20.0%" in page and "Audit of repeat plans under way (J Bloggs)" in page


@needs_pdftotext
def test_a_long_contents_and_report_card_run_on_over_pages_with_their_headings(demo_db, reference, tmp_path):
    from cpdesk.ui.pdf_pack import write_pdf_pack

    with open_store(demo_db, create=False) as store:
        held = {o.indicator_id for o in store.observations(area=WARWICKSHIRE)}
        chosen = [i.id for i in reference.schema if i.id in held]
        out = write_pdf_pack(store, reference, tmp_path / "all.pdf", WARWICKSHIRE, chosen)
    assert len(chosen) >= 25
    count = _page_count(out.read_bytes())
    texts = {page: _text(out, page) for page in range(1, count + 1)}
    contents = "".join(texts[p] for p in range(2, 5) if "Section" in texts[p] and "Page" in texts[p])
    for indicator_id in chosen:
        title = reference.schema.get(indicator_id).title
        found = re.search(rf"{re.escape(title)}\s+(\d+)\n", contents)
        assert found, title
        assert texts[int(found.group(1))].lstrip().startswith(title), title
    # The report card runs on over pages, each starting with the table's heading row.
    heading = re.compile(r"Indicator\s+Latest\s+Change\s+Neighbours")
    assert len([p for p, text in texts.items() if heading.search(text)]) >= 2


@needs_pdftotext
def test_each_indicator_page_gives_the_charts_summary_line(pack, source):
    from cpdesk.chart.requests import ChartRequest, build_spec

    for number, indicator_id in enumerate(CHOSEN, start=FRONT_PAGES + 1):
        summary = build_spec(source, ChartRequest(indicator_id, WARWICKSHIRE, "trend")).summary
        page = " ".join(_text(pack, number).split())
        assert summary and " ".join(summary.split()) in page, indicator_id


def test_the_report_card_is_cut_into_pages_between_rows(qapp, demo_db, reference, tmp_path):
    from PySide6.QtCore import QRectF

    from cpdesk.chart.requests import ChartSource
    from cpdesk.ui.pdf_pack import RESOLUTION, _new_writer, _Pack

    with open_store(demo_db, create=False) as store:
        source = ChartSource.from_store(store, reference)
        held = {row.indicator.id for row in source.report_card(WARWICKSHIRE)}
        chosen = [i for i in reference.schema if i.id in held]
        pack = _Pack(source, WARWICKSHIRE, chosen, None)
        writer = _new_writer(str(tmp_path / "w.pdf"))
        body = QRectF(writer.pageLayout().paintRectPixels(RESOLUTION))
        pages = [page.toPlainText() for page in pack._card_documents(writer, body)]
        heights = [page.size().height() for page in pack._card_documents(writer, body)]
    assert len(pages) >= 2 and all(height <= body.height() for height in heights)
    # Every row whole on one page, in order: each title is found once, on one page, after the last.
    lines = [line for page in pages for line in page.splitlines()]
    positions = [lines.index(indicator.title) for indicator in chosen]
    assert positions == sorted(positions) and all(lines.count(i.title) == 1 for i in chosen)


@needs_pdftotext
def test_a_later_year_suppressed_is_named_on_the_indicators_page(demo_db, reference, tmp_path):
    """The DfE suppresses Warwickshire's 2024 and 2025 figures of plans open two years or more: the
    page under its 2023 headline says those years have no figure, and why."""
    from cpdesk.ui.pdf_pack import write_pdf_pack

    out = tmp_path / "two years.pdf"
    with open_store(demo_db, create=False) as store:
        write_pdf_pack(store, reference, out, WARWICKSHIRE, ["cpp_current_2y_pct"])
    text = " ".join(_text(out, FRONT_PAGES + 1).replace("\ufb01", "fi").split())  # the "fi" ligature
    assert "Later, no figure: 31 Mar 2024 and 31 Mar 2025 suppressed" in text
    card = " ".join(_text(out, FRONT_PAGES).replace("\ufb01", "fi").split())  # its words wrap in a cell
    assert "Later, no" in card and "2025 suppressed" in card
