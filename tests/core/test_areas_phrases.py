"""Area phrases as councils and LAIT write them: comparators, totals, decorated district names, and rows
that are no area at all ("Out of county"). Expected codes are those of resources/areas/las.csv,
regions.csv and districts.csv."""

from __future__ import annotations

import shutil

import pytest

from cpdesk.indicators.area_match import MatchOutcome
from cpdesk.indicators.area_names import load_wording
from cpdesk.indicators.area_phrases import load_phrases
from cpdesk.indicators.areas import load_areas
from cpdesk.paths import resources_dir

WARWICKSHIRE = "E10000031"
HAMPSHIRE = "E10000014"
OXFORDSHIRE = "E10000025"
COUNTY_DURHAM = "E06000047"
ENGLAND = "E92000001"
NORTH_EAST = "E12000001"
WEST_MIDLANDS = "E12000005"
SOUTH_EAST = "E12000008"
LONDON = "E12000007"
RUGBY = "E07000220"


@pytest.mark.parametrize(
    ("written", "context", "code"),
    [
        # Statistical neighbours of the council the workbook is about.
        ("Statistical Neighbours Average", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("Statistical neighbours", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("SN average", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("SN Avg", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("Stat neighbours (mean)", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("Comparator average", WARWICKSHIRE, f"SN-{WARWICKSHIRE}"),
        ("Statistical neighbour average", "937", f"SN-{WARWICKSHIRE}"),
        ("Statistical neighbours", HAMPSHIRE, f"SN-{HAMPSHIRE}"),
        ("SN average", 850, f"SN-{HAMPSHIRE}"),
        # The council's region for the generic phrases; the region named for the others.
        ("Regional average", WARWICKSHIRE, WEST_MIDLANDS),
        ("Region", WARWICKSHIRE, WEST_MIDLANDS),
        ("Regional", WARWICKSHIRE, WEST_MIDLANDS),
        ("Regional average", HAMPSHIRE, SOUTH_EAST),
        ("Region", COUNTY_DURHAM, NORTH_EAST),
        ("West Midlands average", WARWICKSHIRE, WEST_MIDLANDS),
        ("West Midlands average", HAMPSHIRE, WEST_MIDLANDS),
        ("West Midlands average", None, WEST_MIDLANDS),
        ("WM average", WARWICKSHIRE, WEST_MIDLANDS),
        ("WM average", HAMPSHIRE, WEST_MIDLANDS),
        ("South East average", None, SOUTH_EAST),
        ("North East average", None, NORTH_EAST),
        ("London average", None, LONDON),
        ("Yorks & Humber average", None, "E12000003"),
        ("West Midlands region", None, WEST_MIDLANDS),
        # England.
        ("England average", WARWICKSHIRE, ENGLAND),
        ("England", None, ENGLAND),
        ("England", WARWICKSHIRE, ENGLAND),
        ("National", None, ENGLAND),
        ("National average", WARWICKSHIRE, ENGLAND),
        ("England (all LAs)", None, ENGLAND),
        ("England total", None, ENGLAND),
        # The council as the total of its districts.
        ("Warwickshire total", WARWICKSHIRE, WARWICKSHIRE),
        ("Total Warwickshire", WARWICKSHIRE, WARWICKSHIRE),
        ("Warwickshire (all districts)", WARWICKSHIRE, WARWICKSHIRE),
        ("Warwickshire County Council total", None, WARWICKSHIRE),
        ("Total Warwickshire", None, WARWICKSHIRE),
        ("All districts", WARWICKSHIRE, WARWICKSHIRE),
        ("Our LA", WARWICKSHIRE, WARWICKSHIRE),
        ("County total", OXFORDSHIRE, OXFORDSHIRE),
        # District names with what councils write around them.
        ("Rugby District", WARWICKSHIRE, RUGBY),
        ("Rugby Borough", WARWICKSHIRE, RUGBY),
        ("Rugby Borough", None, RUGBY),
        ("Rugby Borough Council", None, RUGBY),
        ("Rugby total", WARWICKSHIRE, RUGBY),
        ("North Warwickshire BC", WARWICKSHIRE, "E07000218"),
        ("North Warwickshire Borough", None, "E07000218"),
        ("Nuneaton & Bedworth", WARWICKSHIRE, "E07000219"),
        ("Nuneaton and Bedworth BC", WARWICKSHIRE, "E07000219"),
        ("Stratford-on-Avon DC", WARWICKSHIRE, "E07000221"),
        ("Stratford-on-Avon District", None, "E07000221"),
        ("Stratford DC", WARWICKSHIRE, "E07000221"),
        ("Warwick District", WARWICKSHIRE, "E07000222"),
        ("Warwick DC", None, "E07000222"),
        ("Oxford City", OXFORDSHIRE, "E07000178"),
        ("Cherwell District", OXFORDSHIRE, "E07000177"),
        ("North area", OXFORDSHIRE, f"{OXFORDSHIRE}-north"),
        ("North locality", OXFORDSHIRE, f"{OXFORDSHIRE}-north"),
        ("Sandwell Borough", None, "E08000028"),
        # Names that look alike.
        ("Durham", None, COUNTY_DURHAM),
        ("County Durham", None, COUNTY_DURHAM),
        ("Durham County Council", None, COUNTY_DURHAM),
        ("Durham County", None, COUNTY_DURHAM),
        ("Bristol", None, "E06000023"),
        ("Bristol", WARWICKSHIRE, "E06000023"),
        ("Bristol, City of", None, "E06000023"),
        ("London", None, LONDON),
        ("London", WARWICKSHIRE, LONDON),
        ("City of London", None, "E09000001"),
        ("North East", None, NORTH_EAST),
        ("North East Lincolnshire", None, "E06000012"),
        ("North East Lincs", None, "E06000012"),
        ("West Midlands", None, WEST_MIDLANDS),
        ("Warwick", WARWICKSHIRE, "E07000222"),
        ("Warwickshire", WARWICKSHIRE, WARWICKSHIRE),
    ],
)
def test_phrases_councils_write_resolve_to_one_area(areas, written, context, code):
    found = areas.match(written, context=context)
    assert found.area is not None, found.reason
    assert found.area.code == code, found.reason
    assert found.outcome is MatchOutcome.AREA and not found.not_area


@pytest.mark.parametrize(
    "written",
    ["Out of county", "Out of area", "Not known", "Out of county / not known", "Unknown district",
     "Address not known", "No fixed abode", "OUT OF COUNTY", "Out-of-area", "Unknown", "NFA",
     "Out of county total", "Other LAs", "District not known"],
)
@pytest.mark.parametrize("context", [WARWICKSHIRE, None])
def test_rows_that_are_no_area_are_set_apart_with_a_reason(areas, written, context):
    found = areas.match(written, context=context)
    assert found.not_area and found.outcome is MatchOutcome.NOT_AN_AREA
    assert found.area is None and found.candidates == ()
    assert found.reason.startswith(f"{written!r} is not an area: a row for children")


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("Shire counties average", "shire counties as a group"),
        ("Shire counties", "shire counties as a group"),
        ("Shire county average", "shire counties as a group"),
        ("Metropolitan districts average", "metropolitan districts"),
        ("Unitary authorities", "unitary authorities"),
        ("London boroughs average", "London boroughs"),
        ("CIPFA nearest neighbours", "not CIPFA's nearest neighbours"),
    ],
)
def test_groups_cpdesk_has_no_figures_for_are_unresolved_with_a_reason(areas, written, words):
    found = areas.match(written, context=WARWICKSHIRE)
    assert found.area is None and found.candidates == () and not found.not_area
    assert found.outcome is MatchOutcome.UNRESOLVED
    assert words in found.reason and "not an area cpdesk has" in found.reason


@pytest.mark.parametrize(
    ("written", "words"),
    [("Statistical neighbours", "statistical neighbours"), ("SN average", "statistical neighbours"),
     ("Comparator average", "statistical neighbours"), ("Region", "the region"),
     ("Regional average", "the region"), ("All districts", "the whole area")],
)
def test_phrases_relative_to_the_council_need_one(areas, written, words):
    found = areas.match(written)
    assert found.area is None and found.candidates == () and not found.not_area
    assert found.outcome is MatchOutcome.UNRESOLVED
    assert words in found.reason and "which LA is not known" in found.reason


@pytest.mark.parametrize(
    ("written", "context", "candidates"),
    [
        ("North", None, None),  # too general: a dozen areas start with "North"
        ("North", WARWICKSHIRE, None),  # not North Warwickshire by guesswork
        ("Central", None, None),
        ("Warwickshire District", WARWICKSHIRE, [WARWICKSHIRE]),  # a county council is no district
        ("Warwickshire DC", None, [WARWICKSHIRE]),
        ("London Borough", None, [LONDON]),  # the region, not a borough
        ("Warwickshire (all LAs)", None, [WARWICKSHIRE]),
        ("England (all districts)", None, [ENGLAND]),
        ("West Midlands District", None, [WEST_MIDLANDS]),
        ("Stratford DC", OXFORDSHIRE, ["E07000221"]),  # an abbreviation stays inside the council
        ("Newcastle Borough", None, ["E07000195", "E08000021"]),  # under-Lyme or upon Tyne
        ("North total", None, None),
    ],
)
def test_names_that_fit_no_one_area_give_candidates_not_a_guess(areas, written, context, candidates):
    found = areas.match(written, context=context)
    assert found.area is None, found.reason
    assert found.outcome is MatchOutcome.CANDIDATES and not found.not_area
    if candidates is not None:
        assert [area.code for area in found.candidates] == candidates


@pytest.mark.parametrize(
    "written",
    ["Total", "Average", "Borough", "District", "Out of county placements", "North Bristol",
     "Warwickshire CP rate per 10,000", "Durhamshire", "Region 7", "Statistical"],
)
def test_names_of_no_area(areas, written):
    found = areas.match(written, context=WARWICKSHIRE)
    assert found.area is None and not found.not_area
    assert found.outcome is MatchOutcome.NO_AREA
    assert found.reason.startswith("no area is called")


def test_never_the_durham_county_that_closed_in_2009(areas):
    for written in ("Durham", "County Durham", "Durham County", "Durham total"):
        assert areas.match(written).area.code == COUNTY_DURHAM
    assert areas.match("E10000010").area.name == "Durham"  # only by its own code


def test_a_decorated_name_says_what_was_read_around_it(areas):
    assert "'borough'" in areas.match("Rugby Borough").reason
    misfit = areas.match("Warwickshire District")
    assert "'district' goes with the name of a district" in misfit.reason
    assert "Warwickshire is a council" in misfit.reason


def test_no_phrase_hides_an_area_name(areas):
    """A phrase is read before names, so it must never be an area's own name or alias."""
    folder = resources_dir() / "areas"
    wording = load_wording(folder / "aliases.csv")
    phrases = load_phrases(folder, wording.normalise)
    area_keys = {wording.normalise(area.name) for area in areas.all()} | set(wording.names)
    assert len(phrases.whole) > 50
    assert set(phrases.whole) & area_keys == set()


def test_phrases_are_data(tmp_path):
    folder = tmp_path / "areas"
    shutil.copytree(resources_dir() / "areas", folder)
    with (folder / "phrases.csv").open("a", encoding="utf-8") as handle:
        handle.write("placed out of county,not-an-area,a row for children placed outside the area\n")
    with (folder / "decorations.csv").open("a", encoding="utf-8") as handle:
        handle.write("hub,after,operational\n")
    areas = load_areas(folder)
    assert areas.match("Placed out of county").not_area
    assert areas.match("North hub", context=OXFORDSHIRE).area.code == f"{OXFORDSHIRE}-north"


def test_a_decoration_for_an_unknown_kind_is_refused(tmp_path):
    folder = tmp_path / "areas"
    shutil.copytree(resources_dir() / "areas", folder)
    with (folder / "decorations.csv").open("a", encoding="utf-8") as handle:
        handle.write("ward,after,ward\n")
    with pytest.raises(ValueError, match="decorations.csv: 'ward'"):
        load_areas(folder)
