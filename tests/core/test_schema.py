"""The indicator schema: the core set of INDICATORS.md, its self-checks, and matching council wordings."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from cpdesk import paths
from cpdesk.indicators.model import PeriodKind, Unit
from cpdesk.indicators.schema import SchemaError, load_schema
from cpdesk.indicators.text import normalise_label
from cpdesk.recognise import resolver_for

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
INDICATORS_MD = SHARED / "INDICATORS.md"
SEEDS = SHARED / "seeds"
REFERENCE = SHARED / "reference"

# The core set of INDICATORS.md: id -> (unit, polarity, period kind). Kept here as well as parsed
# from the document, so the test still guards the ids where the shared folder is absent.
CORE = {
    "child_population": ("count", "none", "mid_year"),
    "contacts": ("count", "none", "year"),
    "referrals": ("count", "none", "year"),
    "referrals_rate": ("rate_per_10k", "none", "year"),
    "rereferrals_12m_pct": ("percent", "low", "year"),
    "open_cases": ("count", "none", "snapshot"),
    "cin_rate": ("rate_per_10k", "none", "snapshot"),
    "assessments_45wd_pct": ("percent", "high", "year"),
    "s47_enquiries": ("count", "none", "year"),
    "s47_rate": ("rate_per_10k", "none", "year"),
    "s47_to_icpc_pct": ("percent", "none", "year"),
    "icpc_count": ("count", "none", "year"),
    "icpc_15wd_pct": ("percent", "high", "year"),
    "cpp_count": ("count", "none", "snapshot"),
    "cpp_rate": ("rate_per_10k", "none", "snapshot"),
    "cpp_starts": ("count", "none", "year"),
    "cpp_starts_rate": ("rate_per_10k", "none", "year"),
    "cpp_ended": ("count", "none", "year"),
    "cpp_ended_2y_pct": ("percent", "low", "year"),
    "cpp_current_2y_pct": ("percent", "low", "snapshot"),
    "cpp_repeat_count": ("count", "low", "year"),
    "cpp_repeat_pct": ("percent", "low", "year"),
    "cpp_repeat_2y_count": ("count", "low", "year"),
    "cpp_repeat_2y_pct": ("percent", "low", "year"),
    "cpp_repeat_gap_months": ("months", "none", "year"),
    "cpp_by_category_pct": ("percent", "none", "year"),
    "cpp_by_category_rate": ("rate_per_10k", "none", "year"),
    "cpp_by_age_count": ("count", "none", "snapshot"),
    "cpp_visits_timely_pct": ("percent", "high", "year"),
    "cla_count": ("count", "none", "snapshot"),
    "cla_rate": ("rate_per_10k", "none", "snapshot"),
    "cla_3plus_moves_pct": ("percent", "low", "year"),
    "cla_uasc_count": ("count", "none", "snapshot"),
    "cla_by_legal_status_count": ("count", "none", "snapshot"),
    "caseload_avg": ("ratio", "low", "snapshot"),
    "sw_vacancy_pct": ("percent", "low", "snapshot"),
    "unallocated_cases": ("count", "low", "snapshot"),
}

# Titles exactly as the seed reports print them, and the indicator each one is.
SEED_WORDINGS = [
    ("No. of open social work cases", "open_cases"),
    ("Number of initial contacts", "contacts"),
    ("Number of referrals", "referrals"),
    ("% of S47 going to ICPC - Jan to Dec 2014 latest figures", "s47_to_icpc_pct"),
    ("CFA Timeliness", "assessments_45wd_pct"),
    ("Initial Assessments Timeliness", "initial_assessments_timely_pct"),
    ("Assessments Total", "assessments_timely_pct"),
    ("No of children on CPP", "cpp_count"),
    ("New CPP in the Year %", "cpp_by_category_pct"),
    ("New CPP in Year Rate Per 10,000", "cpp_by_category_rate"),
    ("CPP's ending after 2 or more years", "cpp_ended_2y_pct"),
    ("Current CPs lasting 2 or more years", "cpp_current_2y_pct"),
    ("Children requiring a repeat CPP within 2 yrs", "cpp_repeat_2y_pct"),
    ("Visits made in accordance with CPP", "cpp_visits_timely_pct"),
    ("No of full time CLA", "cla_count"),
    ("% of CLA with 3+ moves during the year", "cla_3plus_moves_pct"),
    ("Referral Source", "referrals_by_source_pct"),
    ("No. within 2 years", "cpp_repeat_2y_count"),
    ("% within 2 years", "cpp_repeat_2y_pct"),
    ("Total No. repeat plans", "cpp_repeat_count"),
    ("% regardless of time", "cpp_repeat_pct"),
    ("Total No. CP Starts", "cpp_starts"),
    ("Average no. of months between prev and current CP", "cpp_repeat_gap_months"),
    ("Child Protection Rate per 10,000", "cpp_rate"),
    ("Long Plans", "cpp_ended_2y_pct"),
    ("Children in Need Plan", "cin_plans_count"),
    ("Looked After", "cla_count"),
    ("Number looked after", "cla_count"),
    ("Became looked after in period", "cla_starts"),
    ("No. LAC who are UASC", "cla_uasc_count"),
    ("Average caseload by worker", "caseload_avg"),
    ("Unallocated Child Protection cases", "unallocated_cp_cases"),
    ("Unallocated Children in need cases", "unallocated_cin_cases"),
    ("Number of assessments identifying this risk", "risk_factor_assessments_count"),
    ("% of times it went to a plan", "risk_factor_to_plan_pct"),
]
# Titles the reports wrap over two lines (Warwickshire's Table 6, a chart legend), and other variants.
OTHER_WORDINGS = [
    ("ICPC held within 15 working days of strategy meeting", "icpc_15wd_pct"),
    ("Number of S47 Child Protection Investigations initiated", "s47_enquiries"),
    ("Number of Children subject to an Initial Child Protection Conferences during the year", "icpc_count"),
    ("Number of Child Protection Plans initiated during the year", "cpp_starts"),
    ("Number of Child Protection Plans closed during the year", "cpp_ended"),
    ("Number of Children subject to Plans at 31 March", "cpp_count"),
    ("Children subject to a CP plan per 10,000 children", "cpp_rate"),
    ("CHILD PROTECTION RATE PER 10000", "cpp_rate"),
    ("cp rate per 10k", "cpp_rate"),
    ("Number of children on CP plans", "cpp_count"),
    ("cpp_rate", "cpp_rate"),
    ("Children looked after at 31 March", "cla_count"),
]


def _indicators_md_table() -> dict[str, tuple[str, str, str]]:
    rows = {}
    for line in INDICATORS_MD.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[0] != "id" and re.fullmatch(r"[a-z0-9_]+", cells[0]):
            rows[cells[0]] = (cells[2], cells[3], cells[4].replace("-", "_"))
    return rows


def test_every_core_indicator_is_defined_as_listed(schema):
    for indicator_id, (unit, polarity, kind) in CORE.items():
        indicator = schema.get(indicator_id)
        assert indicator is not None, indicator_id
        described = (indicator.unit, indicator.polarity, indicator.period_kind)
        assert described == (unit, polarity, kind), indicator_id
        assert not indicator.local


@pytest.mark.skipif(not INDICATORS_MD.is_file(), reason="shared INDICATORS.md not available")
def test_schema_matches_the_table_in_indicators_md(schema):
    table = _indicators_md_table()
    assert set(table) == set(CORE), "the hard-coded core list has drifted from INDICATORS.md"
    for indicator_id, expected in table.items():
        indicator = schema[indicator_id]
        assert (indicator.unit, indicator.polarity, indicator.period_kind) == expected, indicator_id


def test_decimals_and_valid_ranges_follow_the_unit(schema):
    expected = {"percent": (1, 0, 100), "rate_per_10k": (1, 0, 10_000), "count": (0, 0, 10_000_000)}
    for indicator in schema:
        if indicator.unit in expected and indicator.id != "child_population":
            assert (indicator.decimals, indicator.valid_min, indicator.valid_max) == expected[indicator.unit]
        assert indicator.theme, f"{indicator.id} has no theme"
        assert indicator.definition and indicator.source, indicator.id
    # England's children (about 12.2 million) must fit the population's range.
    assert schema["child_population"].valid_max >= 12_183_016
    assert schema["caseload_avg"].decimals == 1
    assert schema["cpp_repeat_gap_months"].decimals in (0, 1)


def test_rates_name_the_count_they_are_computed_from(schema):
    assert schema["cpp_rate"].rate_of == "cpp_count"
    assert schema["referrals_rate"].rate_of == "referrals"
    assert schema["s47_rate"].rate_of == "s47_enquiries"
    assert schema["cpp_starts_rate"].rate_of == "cpp_starts"
    for indicator in schema:
        if indicator.rate_of:
            assert schema[indicator.rate_of].unit == "count"


def test_breakdowns_are_defined_and_used(schema):
    assert {"category", "age_band", "gender", "legal_status", "referral_source", "risk_factor"} <= set(
        schema.breakdowns
    )
    assert [c.id for c in schema.breakdowns["category"].categories] == [
        "neglect",
        "physical",
        "sexual",
        "emotional",
        "multiple",
    ]
    assert schema["cpp_by_category_pct"].breakdown == "category"
    assert schema["cpp_by_age_count"].breakdown == "age_band"
    assert schema["cla_by_legal_status_count"].breakdown == "legal_status"
    used = {indicator.breakdown for indicator in schema if indicator.breakdown}
    assert used == set(schema.breakdowns)


@pytest.mark.parametrize(("wording", "indicator_id"), SEED_WORDINGS + OTHER_WORDINGS)
def test_council_wordings_resolve_to_one_indicator(schema, wording, indicator_id):
    assert resolver_for(schema).indicator(wording).indicator.id == indicator_id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed reports not available")
def test_seed_wordings_are_real(schema):
    text = re.sub(r"\s+", " ", " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    missing = [wording for wording, _ in SEED_WORDINGS if wording not in text]
    assert missing == []


@pytest.mark.parametrize("text", ["Warwickshire", "Statistical Neighbours", "Total", "2015/16", "", "Rate"])
def test_labels_that_are_not_indicators_match_nothing(schema, text):
    assert not resolver_for(schema).indicator(text).resolved


@pytest.mark.parametrize(
    ("dimension", "text", "category_id"),
    [
        ("category", "Neglect", "neglect"),
        ("category", "NEG", "neglect"),
        ("category", "Emotions", "emotional"),
        ("category", "Emotional abuse", "emotional"),
        ("category", "Physical abuse", "physical"),
        ("category", "Sexual", "sexual"),
        ("category", "Multiple/not recommended", "multiple"),
        ("legal_status", "Full Care Order", "full_care_order"),
        ("legal_status", "Interim Care Order", "interim_care_order"),
        ("legal_status", "All Care Orders", "all_care_orders"),
        ("legal_status", "Placement Order", "placement_order"),
        ("legal_status", "Voluntary - Section 20", "section_20"),
        ("legal_status", "S20", "section_20"),
        ("legal_status", "Remand", "remand"),
        ("legal_status", "Police Protection or Emergency Protection", "police_protection_epo"),
        ("age_band", "0 to 4", "0_4"),
        ("age_band", "5 to 10", "5_10"),
        ("age_band", "11 to 15", "11_15"),
        ("age_band", "16 to 17", "16_plus"),
        ("age_band", "Under 1", "under_1"),
        ("age_band", "10-15", "10_15"),
        ("gender", "Female", "female"),
        ("gender", "Male", "male"),
        ("referral_source", "Health Services", "health"),
        ("referral_source", "Local Authority Services", "la_services"),
        ("referral_source", "Other legal agency", "other_legal_agency"),
        ("referral_source", "Not Recorded", "not_recorded"),
        ("risk_factor", "Parent Domestic Violence", "parent_domestic_violence"),
        ("risk_factor", "Child Unacceptable Behaviour", "child_unacceptable_behaviour"),
        ("risk_factor", "Parent Drugs Misuse", "parent_drugs_misuse"),
    ],
)
def test_category_spellings(schema, dimension, text, category_id):
    category = schema.match_category(dimension, text)
    assert category is not None and category.id == category_id


def test_risk_factor_table_of_seed_000_is_covered(schema):
    rows = [
        "Parent Domestic Violence",
        "Child Emotional Abuse",
        "Parent Mental Health",
        "Child Neglect",
        "Parent Alcohol Misuse",
        "Child Physical Abuse",
        "Parent Drugs Misuse",
        "Child Domestic Violence",
        "Child Unacceptable Behaviour",
        "Child Sexual Abuse",
    ]
    assert all(schema.match_category("risk_factor", row) for row in rows)
    assert schema.match_category("risk_factor", "Neglect") is None


def test_find_category_names_the_dimension_of_a_bare_label(schema):
    found = schema.find_category("Neglect")
    assert [(b.id, c.id) for b, c in found] == [("category", "neglect")]
    assert {b.id for b, _ in schema.find_category("Unknown")} == {"gender", "referral_source"}
    assert schema.find_category("Warwickshire") == []


def test_dfe_columns(schema):
    assert [i.id for i in schema.by_dfe_column("2_years_or_more_percent")] == [
        "cpp_ended_2y_pct",
        "cpp_current_2y_pct",
    ]
    assert [i.id for i in schema.by_dfe_column("2_years+_percent")] == ["cpp_ended_2y_pct"]
    assert [i.id for i in schema.by_dfe_column("CPP_subsequent")] == ["cpp_repeat_count"]
    assert [i.id for i in schema.by_dfe_column("cpp_start")] == ["cpp_starts"]
    assert [i.id for i in schema.by_dfe_column("children_count")] == ["cla_count"]
    assert schema.by_dfe_column("la_name") == []


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="shared reference files not available")
@pytest.mark.parametrize(
    ("file_name", "indicator_ids"),
    [
        (
            "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            ["referrals", "rereferrals_12m_count", "rereferrals_12m_pct"],
        ),
        ("d3_cpps_subsequent_plan_2013_to_2025.csv", ["cpp_starts", "cpp_repeat_count", "cpp_repeat_pct"]),
        ("ons_mid-year_population_estimates_2012_to_2024.csv", ["child_population"]),
    ],
)
def test_dfe_columns_exist_in_the_published_files(schema, file_name, indicator_ids):
    with open(REFERENCE / file_name, encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    for indicator_id in indicator_ids:
        assert set(schema[indicator_id].dfe_columns) <= set(header), indicator_id
        for column in schema[indicator_id].dfe_columns:
            assert schema[indicator_id] in schema.by_dfe_column(column)


def test_themes_group_in_file_order(schema):
    themes = schema.themes()
    assert {"Population", "Front door", "Assessment", "Child protection", "Looked after", "Workforce"} <= set(
        themes
    )
    assert themes["Population"][0].id == "child_population"
    ids = [i.id for i in themes["Child protection"]]
    assert ids.index("cpp_count") < ids.index("cpp_rate")
    assert sum(len(group) for group in themes.values()) == len(schema)


def test_schema_is_ordered_as_the_file_and_iterable(schema):
    ids = list(schema.indicators)
    assert ids[0] == "child_population"
    assert [i.id for i in schema] == ids
    assert "cpp_rate" in schema and "no_such_indicator" not in schema
    assert schema.get("no_such_indicator") is None


# --- bad schemas -------------------------------------------------------------------------------

GOOD_INDICATOR = """
[[indicator]]
id = "{id}"
title = "{title}"
unit = "{unit}"
polarity = "none"
period_kind = "snapshot"
aliases = {aliases}
"""


def _indicator_toml(indicator_id: str, title: str, unit: str = "count", aliases: str = "[]") -> str:
    return GOOD_INDICATOR.format(id=indicator_id, title=title, unit=unit, aliases=aliases)


@pytest.fixture
def core_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the packaged resources that a test may spoil."""
    folder = tmp_path / "resources"
    folder.mkdir()
    shutil.copy(paths.resources_dir() / "indicators.toml", folder / "indicators.toml")
    monkeypatch.setenv("CPDESK_RESOURCES", str(folder))
    return folder / "indicators.toml"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_duplicate_id_is_an_error(core_copy):
    _append(core_copy, _indicator_toml("cpp_count", "Another count of plans"))
    with pytest.raises(SchemaError, match="Duplicate indicator id 'cpp_count'"):
        load_schema()


def test_unknown_unit_is_an_error(core_copy):
    _append(core_copy, _indicator_toml("plans_per_worker", "Plans per worker", unit="per_worker"))
    with pytest.raises(SchemaError, match="'plans_per_worker'.*unknown unit 'per_worker'"):
        load_schema()


def test_unknown_period_kind_is_an_error(core_copy):
    text = _indicator_toml("plans_weekly", "Plans each week").replace('"snapshot"', '"week"')
    _append(core_copy, text)
    with pytest.raises(SchemaError, match="'plans_weekly'.*unknown period kind 'week'"):
        load_schema()


def test_units_and_period_kinds_are_read_as_their_enums(schema):
    indicator = schema["cpp_count"]
    assert indicator.unit is Unit.COUNT and indicator.period_kind is PeriodKind.SNAPSHOT


def test_ambiguous_alias_is_an_error(core_copy):
    _append(core_copy, _indicator_toml("cp_total", "CP total",
                                       aliases='["Children subject to a child protection plan at 31 March"]'))
    with pytest.raises(SchemaError, match="cp_total") as raised:
        load_schema()
    assert "cpp_count" in str(raised.value)


def test_breakdown_must_be_defined(core_copy):
    _append(core_copy, _indicator_toml("cpp_by_team", "Plans by team") + 'breakdown = "team"\n')
    with pytest.raises(SchemaError, match="'cpp_by_team'.*breakdown 'team'"):
        load_schema()


def test_rate_of_must_name_a_count(core_copy):
    text = _indicator_toml("cin_rate_2", "CIN rate again", unit="rate_per_10k") + 'rate_of = "cpp_rate"\n'
    _append(core_copy, text)
    with pytest.raises(SchemaError, match="'cin_rate_2'.*rate_of 'cpp_rate'"):
        load_schema()


def test_valid_range_must_fit_the_unit(core_copy):
    text = _indicator_toml("odd_pct", "Odd percent", unit="percent") + "valid_min = 0\nvalid_max = 150\n"
    _append(core_copy, text)
    with pytest.raises(SchemaError, match="'odd_pct'.*outside"):
        load_schema()


def test_misspelt_key_is_an_error(core_copy):
    _append(core_copy, _indicator_toml("typo_count", "Typo count") + 'polarty = "low"\n')
    with pytest.raises(SchemaError, match="'typo_count'.*polarty"):
        load_schema()


def test_local_indicators_are_added_and_marked(tmp_path):
    local = tmp_path / "local_indicators.toml"
    local.write_text(
        _indicator_toml("kingfisher_caseload", "Kingfisher CSE caseload", aliases='["Kingfisher caseload"]')
        + 'theme = "Workforce"\n',
        encoding="utf-8",
    )
    schema = load_schema(local)
    indicator = schema["kingfisher_caseload"]
    assert indicator.local and not schema["cpp_count"].local
    assert (indicator.decimals, indicator.valid_min, indicator.valid_max) == (0, 0, 10_000_000)
    assert schema.match_phrase("KINGFISHER CASELOAD") == indicator
    assert indicator in schema.themes()["Workforce"]


def test_missing_local_file_means_no_local_indicators(tmp_path):
    schema = load_schema(tmp_path / "absent.toml")
    assert not any(indicator.local for indicator in schema)


def test_local_id_clashing_with_core_is_an_error(tmp_path):
    local = tmp_path / "local_indicators.toml"
    local.write_text(_indicator_toml("cpp_rate", "Our own CP rate"), encoding="utf-8")
    with pytest.raises(SchemaError, match="'cpp_rate' clashes with a core indicator"):
        load_schema(local)


def test_local_alias_clashing_with_core_alias_is_an_error(tmp_path):  # "Long Plans": a core idiom
    local = tmp_path / "local_indicators.toml"
    text = _indicator_toml("our_cp", "Our CP", aliases='["Long Plans"]')
    local.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match="our_cp"):
        load_schema(local)


def test_broken_toml_names_the_file(tmp_path):
    local = tmp_path / "local_indicators.toml"
    local.write_text("[[indicator]\nid = ", encoding="utf-8")
    with pytest.raises(SchemaError, match="local_indicators.toml"):
        load_schema(local)


# --- normalising labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("No of children on CPP", "Number of children on child protection plan"),
        ("No. within 2 years", "number within 2 years"),
        ("Child Protection Rate per 10,000", "CP rate per 10000"),
        ("CP rate per 10k", "child protection per 10,000"),
        ("% of S47 going to ICPC", "Percent of s.47 going to ICPC"),
        ("Percentage of Section 47 going to ICPC", "% of S47 going to ICPC"),
        ("Health & Wellbeing", "health and wellbeing"),
        ("  Looked   After ", "looked after"),
        ("Children subject to a CP plan", "children subject to CP plan"),
        ("Voluntary - Section 20", "voluntary section 20"),
        ("S20", "Section 20"),
        ("Children\u2019s social care", "Childrens social care"),
    ],
)
def test_normalise_label_treats_variants_as_equal(left, right):
    assert normalise_label(left) == normalise_label(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("% within 2 years", "No. within 2 years"),
        ("Child Protection", "Children in Need"),
        ("CPP", "CP"),
        ("Physical", "Physical abuse"),
    ],
)
def test_normalise_label_keeps_different_meanings_apart(left, right):
    assert normalise_label(left) != normalise_label(right)


def test_every_indicator_has_a_short_unique_title_that_fits_a_sheet_name(schema):
    shorts = [indicator.short_title for indicator in schema.indicators.values()]
    assert all(0 < len(short) <= 28 for short in shorts)
    assert len({short.casefold() for short in shorts}) == len(shorts)
    assert schema["cpp_rate"].short_title == "CP-plan rate"


def test_a_shared_short_title_is_an_error(core_copy):
    _append(core_copy, _indicator_toml("cp_total", "CP total") + 'short_title = "CP-plan rate"\n')
    with pytest.raises(SchemaError, match="'cpp_rate' and 'cp_total' share the short title 'CP-plan rate'"):
        load_schema()


def test_a_council_indicator_without_a_short_title_is_given_its_title_cut_at_a_word(core_copy):
    _append(core_copy, _indicator_toml("plans_reviewed", "Child protection plans reviewed within timescale"))
    short = load_schema()["plans_reviewed"].short_title
    assert short == "Child protection plans"


def test_a_title_at_31_march_names_the_day_of_a_figure_counted_on_another(schema):
    from cpdesk.indicators.periods import parse_period

    plans, long_plans, referrals = (schema.get(i) for i in ("cpp_count", "cpp_current_2y_pct", "referrals"))
    assert plans.title_for(parse_period("31 March 2025")) == plans.title
    assert plans.title_for(parse_period("30 April 2024")) == ("Children subject to a child protection plan "
                                                              "at 30 April")
    assert long_plans.title_for(parse_period("30 Sep 2024")).startswith("Plans open at 30 September ")
    assert referrals.title_for(parse_period("Q1 24/25")) == referrals.title  # says no day: as it is
