"""Acceptance: every sample workbook imports whole and right; every broken one is flagged where it breaks;
layouts no sample has (a monthly scorecard, a transposed table) import right or are reported clearly.
"""

import datetime as dt
from collections import Counter

import pytest
from openpyxl import Workbook

from cpdesk.cli import main
from cpdesk.pipeline import prepare_import
from cpdesk.read.grid import ReadError
from sample_workbooks.seed_figures import (
    BROKEN_EXPECTATIONS,
    SAMPLE_COUNCILS,
    TABLES,
    expected_observations,
    table_by_id,
)
from tests.conftest import SAMPLES

# Which seed tables each sample workbook holds, by table id prefix.
TABLES_OF = {
    "warwickshire_cp_update_2020.xlsx": ("warwickshire_",),
    "hampshire_safeguarding_2015.xlsx": ("hampshire_",),
    "oxfordshire_pressures_2014.xlsx": ("oxfordshire_2014_",),
    "oxfordshire_paqa_2019.xlsx": ("oxfordshire_2019_",),
    "oxfordshire_cp_report_card_2015.xlsx": ("oxfordshire_july", "oxfordshire_legal", "oxfordshire_uasc",
                                             "oxfordshire_risk", "oxfordshire_caseloads"),
}


def _sample(name):
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{name} has not been built")
    return path


def _expected(name) -> Counter:
    tables = tuple(t for t in TABLES if t.id.startswith(TABLES_OF[name]))
    return Counter((e["area_code"], e["indicator"], e["breakdown"], e["period_label"], e["value"],
                    e["status"]) for e in expected_observations(tables))


def _observed(observations) -> Counter:
    return Counter((o.area_code, o.indicator_id, o.breakdown, o.period.label, o.value, o.status)
                   for o in observations)


def test_every_table_of_the_seeds_belongs_to_one_sample():
    owners = [name for t in TABLES for name, prefixes in TABLES_OF.items() if t.id.startswith(prefixes)]
    assert len(owners) == len(TABLES)
    assert set(TABLES_OF) == set(SAMPLE_COUNCILS)


@pytest.mark.parametrize("name", sorted(SAMPLE_COUNCILS))
def test_every_sample_workbook_imports_every_figure_exactly(name, reference):
    plan = prepare_import(_sample(name), reference, council=SAMPLE_COUNCILS[name],
                          today=dt.date(2024, 6, 1))
    errors = [str(i) for i in plan.report.issues if i.severity == "error"]
    assert errors == []
    assert _observed(plan.observations) == _expected(name)


def test_total_row_under_legal_statuses_is_the_looked_after_count(reference):
    plan = prepare_import(_sample("oxfordshire_cp_report_card_2015.xlsx"), reference, council="E10000025")
    totals = sorted((o.period.label, o.value, o.source.cell) for o in plan.observations
                    if o.indicator_id == "cla_count" and o.source.sheet == "Care system")
    assert totals == [("31 Mar 2011", 427.0, "B11"), ("31 Mar 2012", 450.0, "C11"),
                      ("31 Mar 2013", 416.0, "D11"), ("31 Mar 2014", 463.0, "E11"),
                      ("31 Mar 2015", 514.0, "F11")]


def test_measures_not_tracked_are_warned_about_not_read(reference):
    plan = prepare_import(_sample("oxfordshire_pressures_2014.xlsx"), reference, council="E10000025")
    warned = [(i.code, i.cell) for i in plan.report.issues
              if i.severity == "warning" and i.sheet == "Entering care"]
    # "Child in Need Plan" and "Child Protection Plan" name no one indicator on their own (on a plan at a
    # date, or plans started?), and here they are previous interventions of children entering care.
    assert warned == [("unknown-indicator", f"A{r}") for r in range(5, 10)]
    national = [(o.indicator_id, o.value) for o in plan.observations if o.area_code == "E92000001"]
    assert sorted(national) == [("cla_rate", 59.0), ("cpp_rate", 37.9)]


def _flagged(path, reference):
    try:
        plan = prepare_import(path, reference, today=dt.date(2024, 6, 1))
    except ReadError as exc:
        return None, str(exc)
    return [(i.code, i.sheet, i.cell) for i in plan.report.issues if i.severity == "error"], ""


@pytest.mark.parametrize("broken", BROKEN_EXPECTATIONS, ids=lambda b: b.file)
def test_every_broken_sample_is_flagged_where_it_breaks(broken, reference):
    path = _sample(broken.file)
    flagged, message = _flagged(path, reference)
    if broken.rule == "unreadable":
        assert flagged is None and broken.file in message
        assert main(["validate", str(path), "--json"]) == 2
    else:
        assert (broken.rule, broken.sheet, broken.cell) in flagged
        assert main(["validate", str(path), "--json"]) != 0


def test_text_under_an_xlsx_name_is_refused_with_advice(tmp_path):
    from cpdesk.read.workbook import open_workbook

    with pytest.raises(ReadError, match=r"is not an Excel workbook: it holds plain text.*rename it to \.csv"):
        open_workbook(_sample("broken_not_a_workbook.xlsx"))
    csv_text = tmp_path / "return.xlsx"
    csv_text.write_text("area,indicator,period,value\nWarwickshire,cpp_count,31 Mar 2020,295\n")
    with pytest.raises(ReadError, match="rename it to .csv"):
        open_workbook(csv_text)


# Warwickshire's children on plans at 31 March 2016-2020 (Table 6) and its plans started in the
# quarters of Table 5, set out as a monthly scorecard: the layout is what is under test.
MONTHLY_CPP_STARTS = [45, 39, 52, 41, 36, 48, 44, 38, 33, 29, 37, 42]


def _scorecard(path):
    book = Workbook()
    ws = book.active
    ws.title = "Scorecard"
    ws.append(["Warwickshire Children's Services monthly scorecard 2023/24"])
    ws.append([])
    months = [dt.datetime(2023 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    ws.append(["Measure", *months, "Target", "RAG"])
    for cell in ws[3][1:13]:
        cell.number_format = "mmm-yy"
    ws.append(["Number of Child Protection Plans initiated during the year", *MONTHLY_CPP_STARTS, 40, "G"])
    ws.append(["Number of Children subject to Plans at 31 March", 473, 439, 563, 345, 295, 301, 310, 318,
               320, 322, 317, 295, 300, "A"])
    book.save(path)
    return path


def test_monthly_scorecard_with_target_and_rag(tmp_path, reference):
    plan = prepare_import(_scorecard(tmp_path / "scorecard.xlsx"), reference, council="Warwickshire",
                          today=dt.date(2024, 6, 1))
    assert [str(i) for i in plan.report.issues if i.severity == "error"] == []
    starts = [(o.period.label, o.value) for o in plan.observations if o.indicator_id == "cpp_starts"]
    assert [v for _, v in starts] == MONTHLY_CPP_STARTS
    assert starts[0][0] == "Apr 2023" and starts[-1][0] == "Mar 2024"
    on_plans = [(o.period.label, o.value) for o in plan.observations if o.indicator_id == "cpp_count"]
    # The headings show "Apr-23": the month, so children on plans are those at its end, as when typed.
    assert on_plans[0] == ("30 Apr 2023", 473.0) and len(on_plans) == 12
    assert on_plans[-1] == ("31 Mar 2024", 295.0)
    assert {o.area_code for o in plan.observations} == {"E10000031"}
    assert ("cpp_starts", "E10000031", "Mar 2024", 40.0) in plan.read.targets
    assert len(plan.observations) == 24  # neither Target nor RAG is read as a figure


def test_a_month_heading_reads_the_same_as_a_date_cell_or_as_text(tmp_path, reference):
    """One month's figure, typed "Apr-24" or held as a date formatted mmm-yy, is one figure, not two."""
    periods = {}
    headings = (("text", "Apr-24", None), ("first", dt.datetime(2024, 4, 1), "mmm-yy"),
                ("last", dt.datetime(2024, 4, 30), "mmmm yyyy"),
                ("day", dt.datetime(2024, 4, 1), "dd/mm/yyyy"))
    for name, heading, number_format in headings:
        book = Workbook()
        ws = book.active
        ws.append(["Warwickshire monthly"])
        ws.append(["Measure", heading])
        if number_format:
            ws["B2"].number_format = number_format
        ws.append(["No of children on CPP", 331])
        ws.append(["Number of contacts", 1084])
        book.save(tmp_path / f"{name}.xlsx")
        plan = prepare_import(tmp_path / f"{name}.xlsx", reference, today=dt.date(2024, 6, 1))
        periods[name] = sorted((o.indicator_id, o.period.label) for o in plan.observations)
    month = [("contacts", "Apr 2024"), ("cpp_count", "30 Apr 2024")]
    assert periods["text"] == periods["first"] == periods["last"] == month
    assert ("cpp_count", "1 Apr 2024") in periods["day"]  # a date shown with its day is that day


def _transposed(path, areas_across):
    t1 = table_by_id("warwickshire_t1")
    book = Workbook()
    ws = book.active
    ws.title = "Rates"
    ws.append([t1.title])
    ws.append([None, *areas_across])
    for j, period in enumerate(t1.column_labels):
        ws.append([period, *(t1.cells[i][j] for i in range(len(areas_across)))])
    book.save(path)
    return path


def test_transposed_table_periods_down_areas_across(tmp_path, reference):
    path = _transposed(tmp_path / "rates.xlsx", ["Warwickshire", "Statistical Neighbours", "England"])
    plan = prepare_import(path, reference, today=dt.date(2024, 6, 1))
    assert [str(i) for i in plan.report.issues if i.severity == "error"] == []
    assert _observed(plan.observations) == Counter(
        (e["area_code"], e["indicator"], e["breakdown"], e["period_label"], e["value"], e["status"])
        for e in expected_observations((table_by_id("warwickshire_t1"),)))


def test_transposed_table_with_an_unknown_area_is_reported_at_its_heading(tmp_path, reference):
    path = _transposed(tmp_path / "rates.xlsx", ["Warwickshire", "Narnia"])
    plan = prepare_import(path, reference, today=dt.date(2024, 6, 1))
    warned = [(i.code, i.sheet, i.cell) for i in plan.report.issues if i.severity == "warning"]
    assert ("unknown-area", "Rates", "C2") in warned
    assert not plan.has_errors
    assert {o.area_code for o in plan.observations} == {"E10000031"}


def test_a_workbook_opened_already_is_let_go_once_its_figures_are_read(reference, monkeypatch):
    """``cpdesk import`` into a new database opens the file first (to refuse a list of children before
    making the database) and hands the workbook on: the import takes it out of the files opened, and
    nothing holds its cells while the figures are checked (at a million rows, 200 MB)."""
    import gc
    import weakref

    from cpdesk import pipeline
    from cpdesk.read.workbook import open_workbook

    path = _sample("warwickshire_cp_update_2020.xlsx")
    opened = {path: open_workbook(path)}
    gone = weakref.ref(opened[path].sheets[0])
    seen_while_checking = []
    validate = pipeline.validate

    def validate_noting_the_sheet(*args, **kwargs):
        gc.collect()
        seen_while_checking.append(gone() is not None)
        return validate(*args, **kwargs)

    monkeypatch.setattr(pipeline, "validate", validate_noting_the_sheet)
    plan = prepare_import(path, reference, opened=opened)
    assert opened == {} and seen_while_checking == [False]
    assert len(plan.observations) > 0 and plan.observations == prepare_import(path, reference).observations
