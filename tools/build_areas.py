"""Build the packaged area files (resources/areas/*.csv) from the published DfE and ONS reference files.

The app must run offline without the reference folder, so the few columns it needs are copied into
small, sorted CSVs that ship with the package. Running this twice gives byte-identical files.

Usage: python tools/build_areas.py [REFERENCE_DIR]   (default: ../shared/reference beside the repo)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
OUTPUT_DIR = REPO / "resources" / "areas"

ENGLAND = ("E92000001", "England")
LONDON = "E12000007"
OXFORDSHIRE = "E10000025"
# Oxfordshire's operational areas (slug, name, member districts). Not published by ONS, so kept here.
OPERATIONAL_AREAS = {
    OXFORDSHIRE: (
        ("central", "Central", ("E07000178",)),  # Oxford
        ("north", "North", ("E07000177", "E07000181")),  # Cherwell, West Oxfordshire
        ("south", "South", ("E07000179", "E07000180")),  # South Oxfordshire, Vale of White Horse
    ),
}
NEIGHBOURS_PER_LA = 10


def read_rows(path: Path) -> list[list[str]]:
    """All rows of a CSV; ``utf-8-sig`` drops the byte-order mark some published files start with."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]


def read_records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def iso_date(text: str) -> str:
    """DfE writes dates as dd/mm/yyyy; the packaged files use ISO dates."""
    text = text.strip()
    return dt.datetime.strptime(text, "%d/%m/%Y").date().isoformat() if text else ""


def old_code(text: str) -> str:
    """The DfE 3-digit code, or "" where DfE writes ``x`` (an LA that never had one)."""
    text = text.strip()
    return text if text.isdigit() else ""


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def build_las(reference: Path) -> str:
    """Every LA with an ONS code, live or terminated, so history keyed by old code still resolves."""
    rows = []
    for record in read_records(reference / "dfe_las.csv"):
        code = record["new_la_code"].strip()
        if not code.startswith("E"):
            continue  # "z": British Forces overseas, not an English LA
        rows.append((
            code,
            old_code(record["old_la_code"]),
            record["la_name"].strip(),
            record["parent_geography_code"].strip(),
            iso_date(record["date_of_operation"]),
            iso_date(record["date_of_termination"]),
            record["status"].strip(),
        ))
    header = ("code", "old_code", "name", "region_code", "opened", "closed", "status")
    return to_csv(header, sorted(rows))


def build_regions(reference: Path) -> str:
    """Regions, Inner and Outer London (inside London) and England."""
    rows = [(*ENGLAND, "")]
    for record in read_records(reference / "dfe_regions.csv"):
        code = record["region_code"].strip()
        parent = LONDON if code.startswith("E13") else ENGLAND[0]
        rows.append((code, record["region_name"].strip(), parent))
    return to_csv(("code", "name", "parent_code"), sorted(rows))


def district_rows(reference: Path) -> list[tuple[str, str, str]]:
    """English lower-tier districts (E07) with the county that provides their children's services."""
    rows = []
    for record in read_records(reference / "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"):
        code = record["LTLA23CD"].strip()
        if code.startswith("E07"):
            rows.append((code, record["LTLA23NM"].strip(), record["UTLA23CD"].strip()))
    return sorted(rows)


def build_districts(reference: Path) -> str:
    return to_csv(("code", "name", "la_code"), district_rows(reference))


def neighbour_rows(rows: list[list[str]], first_column: int) -> list[tuple[int, int, int, str]]:
    """Wide neighbour rows (code, then pairs of neighbour code and closeness) to long sorted rows."""
    out = []
    for row in rows[1:]:
        if not row[0].strip().isdigit():
            continue  # the 2021 file has a note ("Old SNs:") above its pre-reorganisation LAs
        la = int(row[0])
        for rank in range(1, NEIGHBOURS_PER_LA + 1):
            column = first_column + 2 * (rank - 1)
            out.append((la, rank, int(row[column]), row[column + 1].strip()))
    if len({(la, rank) for la, rank, _code, _closeness in out}) != len(out):
        raise ValueError("an LA appears twice in a statistical neighbour file")
    return sorted(out)


def build_neighbours_2025(reference: Path) -> str:
    rows = read_rows(reference / "sn_model_2025_wide.csv")
    if rows[0][4] != "SN_1":
        raise ValueError("sn_model_2025_wide.csv: expected SN_1 in the fifth column")
    return to_csv(("la_old_code", "rank", "neighbour_old_code", "closeness"), neighbour_rows(rows, 4))


def build_neighbours_2021(reference: Path) -> str:
    """The April 2021 model repeats ``SNP`` as every closeness header, so columns go by position."""
    rows = read_rows(reference / "New_Statistical_Neighbour_Groupings_April_2021.csv")
    if rows[0][5] != "SN1":
        raise ValueError("New_Statistical_Neighbour_Groupings_April_2021.csv: expected SN1 in column 6")
    return to_csv(("la_old_code", "rank", "neighbour_old_code", "closeness"), neighbour_rows(rows, 5))


def build_operational(reference: Path) -> str:
    districts = {code: la for code, _name, la in district_rows(reference)}
    rows = []
    for la_code, areas in OPERATIONAL_AREAS.items():
        for slug, name, members in areas:
            for district in members:
                if districts.get(district) != la_code:
                    raise ValueError(f"{district} is not a district of {la_code}")
                rows.append((f"{la_code}-{slug}", name, la_code, district))
    return to_csv(("code", "name", "la_code", "district_code"), sorted(rows))


def population_code(record: dict[str, str]) -> str:
    level = record["geographic_level"].strip()
    if level == "National":
        return record["country_code"].strip()
    if level == "Regional":
        return record["region_code"].strip()
    return record["new_la_code"].strip()


def build_population(reference: Path) -> str:
    """Children aged 0-17 by area and mid-year; suppressed or missing figures are left out."""
    found: dict[tuple[str, int], int] = {}
    for record in read_records(reference / "ons_mid-year_population_estimates_2012_to_2024.csv"):
        value = record["population_estimate"].strip()
        if not value.isdigit():
            continue
        key = (population_code(record), int(record["time_period"]))
        if key in found and found[key] != int(value):
            raise ValueError(f"two different populations for {key}")
        found[key] = int(value)
    rows = sorted((code, year, value) for (code, year), value in found.items())
    return to_csv(("area_code", "mid_year", "children"), rows)


BUILDERS = {
    "las.csv": build_las,
    "regions.csv": build_regions,
    "districts.csv": build_districts,
    "neighbours_2025.csv": build_neighbours_2025,
    "neighbours_2021.csv": build_neighbours_2021,
    "operational.csv": build_operational,
    "population.csv": build_population,
}


def build_all(reference: Path) -> dict[str, str]:
    """File name -> file text for every generated file."""
    return {name: builder(reference) for name, builder in BUILDERS.items()}


def main(argv: Sequence[str]) -> int:
    reference = Path(argv[0]) if argv else DEFAULT_REFERENCE
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in build_all(reference).items():
        (OUTPUT_DIR / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {OUTPUT_DIR / name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
