"""Reconciliation: the council's own figure beside the DfE's, where the two differ."""

import argparse
import datetime as dt
from dataclasses import replace

from cpdesk.cli_reconcile import add_reconcile_parser, cmd_reconcile
from cpdesk.observation import CellRef
from cpdesk.pipeline import import_workbook, prepare_import
from cpdesk.query.reconcile import differences
from cpdesk.store import open_store
from cpdesk.store.records import ImportBatch
from tests.conftest import SAMPLES

WARWICKSHIRE = "E10000031"
DFE_CLA = CellRef("dfe_cin_characteristics_2018.csv", "", "")  # the DfE's count at 31 March 2018: 561


def _local_and_dfe(reference):
    """Warwickshire's own report (563 on plans at 31 March 2018, Table 6), the DfE's d3 release, and
    the DfE's published 561 for that date."""
    local = prepare_import(SAMPLES / "warwickshire_cp_update_2020.xlsx", reference).observations
    dfe = prepare_import(SAMPLES / "dfe" / "d3_cpps_subsequent_plan_2013_to_2025.csv", reference).observations
    ours = next(o for o in local if o.indicator_id == "cpp_count" and o.period.label == "31 Mar 2018"
                and o.area_code == WARWICKSHIRE)
    published = replace(ours, value=561.0, raw="561", publisher="dfe", source=DFE_CLA)
    return local, [*dfe, published]


def test_local_and_dfe_figures_that_differ_are_paired(reference):
    local, dfe = _local_and_dfe(reference)
    found = [d for d in differences([*local, *dfe]) if d.area_code == WARWICKSHIRE]
    assert [(d.indicator_id, d.period.label, d.local_value, d.dfe_value, d.difference) for d in found] == [
        ("cpp_count", "31 Mar 2018", 563.0, 561.0, 2.0)]
    assert found[0].local_source.startswith("warwickshire_cp_update_2020.xlsx, CP tables, ")
    assert found[0].dfe_source == DFE_CLA.file


def test_equal_figures_and_one_sided_figures_are_not_differences(reference):
    local, dfe = _local_and_dfe(reference)
    starts = [o for o in [*local, *dfe] if o.indicator_id == "cpp_starts" and o.area_code == WARWICKSHIRE
              and o.period.label == "2018/19"]
    assert sorted((o.publisher, o.value) for o in starts) == [("dfe", 516.0), ("local", 516.0)]
    assert differences(starts) == []
    assert differences([o for o in local if o.indicator_id == "cpp_count"]) == []


def test_a_suppressed_dfe_figure_differs_with_no_gap(reference):
    local, _ = _local_and_dfe(reference)
    ours = next(o for o in local if o.indicator_id == "cpp_count" and o.period.label == "31 Mar 2018")
    hidden = replace(ours, value=None, status="c", raw="c", publisher="dfe", source=DFE_CLA)
    [found] = differences([ours, hidden])
    assert (found.local_value, found.dfe_status, found.difference) == (563.0, "c", None)


def test_reconcile_command_prints_both_figures_and_sources(database, reference, capsys):
    db = database
    local, dfe = _local_and_dfe(reference)
    with open_store(db) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        import_workbook(SAMPLES / "warwickshire_cp_update_2020.xlsx", reference, store, user="test",
                        today=dt.date(2024, 6, 1))
        store.import_observations(ImportBatch("dfe.csv", "dfe.csv", "0" * 64, "test", [dfe[-1]]))
    parser = argparse.ArgumentParser()
    add_reconcile_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["reconcile", "--db", db, "--indicator", "cpp_count"])
    assert cmd_reconcile(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("area_code,indicator,breakdown,period,local,dfe,difference")
    assert len(lines) == 2
    row = lines[1].split(",")
    assert row[:7] == [WARWICKSHIRE, "cpp_count", "", "31 Mar 2018", "563", "561", "+2"]
    assert "warwickshire_cp_update_2020.xlsx" in lines[1] and DFE_CLA.file in lines[1]


def test_reconcile_without_a_database_says_so(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_reconcile_parser(parser.add_subparsers(dest="command"))
    assert cmd_reconcile(parser.parse_args(["reconcile", "--db", str(tmp_path / "none.sqlite")])) == 2
    assert "no database there yet" in capsys.readouterr().err
