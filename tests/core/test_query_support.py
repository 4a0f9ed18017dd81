"""Real published figures as observations, shared by the query and chart tests.

The DfE's D3 file (second or subsequent CP plans, 2013-2025) is read as the DfE published it, and
the Warwickshire report's tables are written out as the council gave them.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from cpdesk.indicators.period_spans import snapshot
from cpdesk.indicators.periods import dfe_reporting_year
from cpdesk.observation import CellRef, Observation

SHARED = Path(__file__).resolve().parents[3] / "shared"
D3_FILE = SHARED / "reference" / "d3_cpps_subsequent_plan_2013_to_2025.csv"
WARWICKSHIRE = "E10000031"
SN_WARWICKSHIRE = "SN-E10000031"
ENGLAND = "E92000001"
DFE_STATUSES = {"c": "c", "x": "x", "z": "z", "u": "u", "low": "low", "k": "low"}

# Warwickshire report (seed 003), Table 1: CP rate per 10,000 at 31 March 2016 .. 2020.
TABLE_1 = {
    WARWICKSHIRE: ("42.0", "38.8", "49.0", "29.8", "25.1"),
    SN_WARWICKSHIRE: ("39.4", "35.7", "34.4", "34.7", "TBC"),
    ENGLAND: ("43.1", "43.3", "45.3", "43.7", "TBC"),
}
TABLE_1_SNAPSHOTS = tuple(snapshot(dt.date(year, 3, 31)) for year in range(2016, 2021))


def _row_area(row: dict[str, str]) -> str:
    level = row["geographic_level"]
    if level == "National":
        return row["country_code"]
    if level == "Regional":
        return row["region_code"]
    return row["new_la_code"]


def _figure(raw: str) -> tuple[float | None, str | None]:
    try:
        return float(raw), None
    except ValueError:
        return None, DFE_STATUSES.get(raw.strip().lower(), "x")


def load_d3() -> list[Observation]:
    """Every row of D3 as a ``cpp_repeat_pct`` observation published by the DfE."""
    if not D3_FILE.exists():
        pytest.skip(f"{D3_FILE} is not available")
    found = []
    with D3_FILE.open(encoding="utf-8-sig", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            raw = row["CPP_subsequent_percent"]
            value, status = _figure(raw)
            found.append(Observation(
                area_code=_row_area(row), indicator_id="cpp_repeat_pct",
                period=dfe_reporting_year(row["time_period"]), value=value, status=status, raw=raw,
                source=CellRef(D3_FILE.name, "", f"N{line}"), publisher="dfe",
            ))
    return found


def d3_la_values(observations: list[Observation], year: int) -> dict[str, float]:
    """LA values for one reporting year, worked out independently of cpdesk.query."""
    label = dfe_reporting_year(year).label
    return {
        o.area_code: o.value for o in observations
        if o.period.label == label and o.area_code[:3] in ("E06", "E08", "E09", "E10") and o.value is not None
    }


def table_1_observations() -> list[Observation]:
    """Table 1 of the Warwickshire report as the council's own (local) figures."""
    found = []
    for area, cells in TABLE_1.items():
        for column, (period, raw) in enumerate(zip(TABLE_1_SNAPSHOTS, cells, strict=True)):
            value, status = (None, "tbc") if raw == "TBC" else (float(raw), None)
            found.append(Observation(area, "cpp_rate", period, value, status, raw,
                                     source=CellRef("003 Warwickshire report", "Table 1", f"R{column + 2}"),
                                     publisher="local"))
    return found


def test_d3_reads_warwickshire_as_published():
    observations = load_d3()
    warwickshire = {o.period.label: o.value for o in observations if o.area_code == WARWICKSHIRE}
    assert warwickshire["2024/25"] == 23.0
    assert warwickshire["2019/20"] == 23.8
    assert len(warwickshire) == 13


def test_d3_suppressed_cells_keep_their_status():
    statuses = {o.status for o in load_d3() if o.value is None}
    assert "c" in statuses


def test_table_1_has_a_tbc_for_2019_20_comparators():
    tbc = [o for o in table_1_observations() if o.status == "tbc"]
    assert {o.area_code for o in tbc} == {SN_WARWICKSHIRE, ENGLAND}
