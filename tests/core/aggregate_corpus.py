"""Aggregate reports for the child-level corpus: counts, rates and shares that cpdesk must never refuse,
several built to look like lists (a row per ward, LSOA, school, GP practice, worker or post; columns
of real dates; unique codes; postcode districts; 'Person ID' and 'D.O.B.' in free text)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

import xlwt

from tests.core.corpus_people import CATS, ETH_LONG, PC_AREAS, TEAMS, write_csv, xlsx

D = dt.date
MONTHS = [D(2024, m, 1) for m in range(4, 13)] + [D(2025, m, 1) for m in range(1, 11)]
COUNCILS = [(f"{800 + i}", f"Council {i:03d}") for i in range(150)] + [("937", "Warwickshire")]
STAFF = ["Claire Ridgeway", "Tom Ashdown", "Priya Lakhani", "Gemma Thornbury", "Dan Whitcombe",
         "Sade Ogunleye", "Rachel Penhaligon", "Mark Ellery", "Hannah Cosgrove", "Jo Stirling",
         "Femi Adebayo", "Lucy Marlow", "Beth Carrington", "Imran Qureshi", "Natalie Forsyth",
         "Agency - K Brennan",
         "Sam Ogden", "Kwame Asante"]
TOWNS = ["Rugby", "Nuneaton", "Bedworth", "Leamington", "Warwick", "Stratford", "Kenilworth", "Atherstone",
         "Alcester", "Southam", "Coleshill", "Polesworth"]
DISTRICTS = ["North Warwickshire", "Nuneaton and Bedworth", "Rugby", "Stratford-on-Avon", "Warwick"]


def monthly_performance_report(out: Path, rng: random.Random) -> Path:
    rows = [[m, rng.randrange(1800, 2600), rng.randrange(380, 520), round(rng.uniform(.17, .26), 3),
             rng.randrange(120, 180), rng.randrange(420, 480)] for m in MONTHS]
    return xlsx(out / "monthly_performance_report.xlsx", {"Monthly": [
        ["Warwickshire Children & Families - Monthly Performance Report"], [],
        ["Date", "Contacts", "Referrals", "Re-referrals within 12 months %", "S47 enquiries started",
         "Children subject to a CP plan"], *rows]})


def monthly_front_door(out: Path, rng: random.Random) -> Path:
    rows = [[m.strftime("%b-%y"), rng.randrange(380, 520), rng.randrange(120, 180),
             f"{rng.uniform(70, 95):.1f}%"] for m in MONTHS]
    return write_csv(out / "monthly_front_door.csv", rows,
                     ["Month", "Referrals", "Section 47 enquiries", "ICPC within 15 working days"])


def caseloads_by_team(out: Path, rng: random.Random) -> Path:
    rows = [[t, round(rng.uniform(4, 11), 1), rng.randrange(60, 200), rng.randrange(9)] for t in TEAMS]
    return xlsx(out / "caseloads_by_team.xlsx", {"Caseloads": [
        ["Caseloads by team at 30 September 2025"], [],
        ["Team", "Case-holding social workers (FTE)", "Open cases", "Unallocated cases"], *rows, ["Total"]]})


def worker_caseloads_staff_names(out: Path, rng: random.Random) -> Path:
    rows = [[TEAMS[k % 6], name, rng.choice([1, .8]), rng.randrange(20), rng.randrange(9), rng.randrange(12)]
            for k, name in enumerate(STAFF)]
    return xlsx(out / "social_worker_caseloads.xlsx", {"Worker caseloads": [
        ["Social worker caseloads - snapshot 28/11/2025"],
        ["Team", "Social Worker", "FTE", "Cases held", "of which CP", "of which CIN"], *rows]})


def cp_by_ethnicity(out: Path, rng: random.Random) -> Path:
    rows = [[e, rng.randrange(3, 250), round(rng.uniform(.5, 70), 1)] for e in ETH_LONG[:11]]
    return xlsx(out / "cp_by_ethnicity.xlsx", {"Ethnicity": [
        ["Children subject to a CP plan by ethnicity, 31 March 2025"], ["Ethnicity", "Number", "%"], *rows]})


def cp_age_bands_wide(out: Path, rng: random.Random) -> Path:
    rows = [[f"31 March {y}", *(rng.randrange(10, 150) for _ in range(6))] for y in range(2021, 2026)]
    return xlsx(out / "cp_age_bands.xlsx", {"Sheet": [
        ["Age at 31 March", "Unborn", "Under 1", "1-4", "5-9", "10-15", "16+"], *rows]})


def cla_by_age_and_gender(out: Path, rng: random.Random) -> Path:
    rows = [[age, g, rng.randrange(40)] for age in range(18) for g in ("Male", "Female")]
    return write_csv(out / "cla_by_age_and_gender.csv", rows,
                     ["Age", "Gender", "Number of children looked after"])


def cin_age_gender_ethnicity_long(out: Path, rng: random.Random) -> Path:
    rows = [[age, g, e, rng.choice([rng.randrange(60), "c"])]
            for age in ("Under 1", "1-4", "5-9", "10-15", "16-17") for g in ("Male",
                        "Female") for e in ETH_LONG]
    return write_csv(out / "cin_age_gender_ethnicity.csv", rows,
                     ["Age", "Gender", "Ethnicity", "Children in need at 31 March 2025"])


def cp_by_gender(out: Path, rng: random.Random) -> Path:
    rows = [["Male", 221, "47.6%"], ["Female", 238, "51.3%"], ["Unborn/Not known", 5, "1.1%"]]
    return write_csv(out / "cp_by_gender.csv", rows, ["Gender", "Children subject to a CP plan", "%"])


def dashboard_with_notes(out: Path, rng: random.Random) -> Path:
    notes = ["Notes", "Figures are taken from Mosaic on the fifth working day after the quarter end.",
             "Referral Date is the date the contact was progressed to referral; D.O.B. is not used.",
             "Re-referrals: a child referred within 12 months of a previous referral (Person ID matched).",
             "Contact: Performance & Information Team, Shire Hall, Warwick CV34 4RL."]
    return xlsx(out / "dashboard_with_notes.xlsx", {
        "Dashboard": [["Children's Services Dashboard - Q2 2025/26"], [],
                      ["Indicator", "Q1 25/26", "Q2 25/26", "Target", "RAG"], ["Referrals", 1410, 1388],
                      ["Re-referrals within 12 months", "21.4%", "22.9%", "20%", "A"],
                      ["Children subject to a child protection plan", 431, 447]],
        "Notes": [[n] for n in notes]})


def lait_rates_all_councils(out: Path, rng: random.Random) -> Path:
    rows = [[int(code), name, *(rng.choice([round(rng.uniform(20, 80), 1)] * 9 + [".."]) for _ in range(7))]
            for code, name in COUNCILS]
    return xlsx(out / "lait_cpp_rate.xlsx", {"Data": [
        ["Children who were the subject of a child protection plan per 10,000 children (LAIT)"],
        ["Source: DfE Characteristics of children in need"], [],
        ["LA number", "LA name", "2019", "2020", "2021", "2022", "2023", "2024", "2025"], *rows]})


def dfe_tidy_one_council(out: Path, rng: random.Random) -> Path:
    rows = [[str(y), "Reporting year", "Local authority", "E92000001", "England", "E10000031", "937",
             "Warwickshire", rng.randrange(300, 600), rng.randrange(400, 700)] for y in range(2019, 2026)]
    return write_csv(out / "dfe_d1_style.csv", rows, [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "new_la_code",
        "old_la_code", "la_name", "CPP_At31", "CPP_start"])


def repeat_plans_quarterly(out: Path, rng: random.Random) -> Path:
    rows = [[q, rng.randrange(100, 150), rng.randrange(20, 40), rng.randrange(5, 15)]
            for q in ["Q1 24/25", "Q2 24/25", "Q3 24/25", "Q4 24/25", "Q1 25/26", "Q2 25/26"]]
    return xlsx(out / "repeat_plans_quarterly.xlsx", {"Sheet": [
        ["Repeat CP plans by quarter"], ["Quarter", "Plans started", "Repeat plans", "Repeat within 2 years"],
        *rows]})


def cp_starts_by_category_monthly(out: Path, rng: random.Random) -> Path:
    rows = [[m.strftime("%B %Y"), *(rng.randrange(60) for _ in CATS)] for m in MONTHS]
    return write_csv(out / "cp_starts_by_category_monthly.csv", rows, ["Month", *CATS])


def referral_source_shares(out: Path, rng: random.Random) -> Path:
    sources = ["Police", "Schools", "Health services", "LA services", "Individual", "Anonymous", "Other"]
    rows = [[s, f"{rng.uniform(1, 30):.1f}%", f"{rng.uniform(1, 30):.1f}%"] for s in sources]
    return xlsx(out / "referral_sources_share.xlsx", {"Sheet": [["Referral source", "2023-24", "2024-25"],
                *rows]})


def counts_by_postcode_district(out: Path, rng: random.Random) -> Path:
    rows = [[district, town, rng.randrange(3, 80), rng.randrange(20)] for district, town in PC_AREAS]
    return write_csv(out / "cin_by_postcode_district.csv", rows,
                     ["Postcode district", "Town", "Children in need", "Children subject to a CP plan"])


def cp_by_ward_60_rows(out: Path, rng: random.Random) -> Path:
    rows = [[f"{t} {x}", t, rng.randrange(30), round(rng.uniform(5, 90), 1)] for t in TOWNS
            for x in ("North", "South", "East", "West", "Central")]
    return xlsx(out / "cp_by_ward.xlsx", {"Wards": [
        ["Ward", "District", "Children subject to a CP plan", "Rate per 10,000"], *rows]})


def mash_daily_contacts(out: Path, rng: random.Random) -> Path:
    rows = [[D(2024, 10, 1) + dt.timedelta(days=k), rng.randrange(40, 140), rng.randrange(5, 30)]
            for k in range(365)]
    return xlsx(out / "mash_daily_contacts.xlsx", {"Daily": [
        ["Date", "Contacts received", "Contacts progressed to referral"], *rows]})


def weekly_cp_starts_ends(out: Path, rng: random.Random) -> Path:
    rows = [[(D(2025, 4, 7) + dt.timedelta(weeks=k)).strftime("%d/%m/%Y"), rng.randrange(5, 20),
             rng.randrange(2, 12)] for k in range(30)]
    return write_csv(out / "weekly_cp_starts_ends.csv", rows,
                     ["Week commencing", "CP plans started", "CP plans ended"])


def workforce_table(out: Path, rng: random.Random) -> Path:
    rows = [[label, *(f"{rng.uniform(5, 25):.1f}%" for _ in range(4))]
            for label in ["Vacancy rate (FTE)", "Agency worker rate (FTE)", "Turnover rate"]]
    return xlsx(out / "workforce_local.xlsx", {"Sheet": [
        ["Workforce at 30 September", "2022", "2023", "2024", "2025"],
        ["Social worker FTE", 250.5, 261.0, 270.2, 281.4], *rows]})


def dfe_long_all_councils(out: Path, rng: random.Random) -> Path:
    rows = [[y, "Local authority", code, name, measure, rng.randrange(50, 900)] for code, name in COUNCILS
            for y in range(2019, 2026) for measure in ("CPP_At31", "CPP_start")]
    return write_csv(out / "dfe_long_all_las.csv", rows,
                     ["time_period", "geographic_level", "old_la_code", "la_name", "measure", "value"])


def rate_against_neighbours(out: Path, rng: random.Random) -> Path:
    rows = [[a, *(round(rng.uniform(25, 50), 1) for _ in range(5))]
            for a in ["Warwickshire", "Statistical neighbours", "West Midlands", "England"]]
    return xlsx(out / "cpp_rate_vs_neighbours.xlsx", {"Sheet": [
        ["CP rate per 10,000: Warwickshire and statistical neighbours"],
        ["Area", "2021", "2022", "2023", "2024", "2025"], *rows]})


def pivot_and_long_team_months(out: Path, rng: random.Random) -> Path:
    pivot = [["Sum of Value", "Column Labels"], ["Row Labels", "Open cases"]]
    pivot += [[t, rng.randrange(50, 200)] for t in TEAMS]
    data = [[t, m, measure, rng.randrange(50, 200)] for t in TEAMS for m in MONTHS
            for measure in ("Open cases", "CP visits within timescale")]
    return xlsx(out / "team_month_long_with_pivot.xlsx", {"Pivot": pivot, "Data": [
        ["Team", "Month", "Measure", "Value"], *data]})


def plan_duration_bands(out: Path, rng: random.Random) -> Path:
    bands = ["Under 3 months", "3 to 6 months", "6 months to 1 year", "1 to 2 years", "2 years or more"]
    rows = [[b, rng.randrange(10, 200), rng.randrange(10, 200)] for b in bands]
    return xlsx(out / "cp_plan_duration_bands.xlsx", {"Sheet": [
        ["Duration of CP plans ended in the year", "2023-24", "2024-25"], *rows]})


def legal_status_xls(out: Path, rng: random.Random) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Legal status")
    sheet.write(0, 0, "Children looked after by legal status at 31 March")
    for c, heading in enumerate(["Legal status", "2021", "2022", "2023", "2024", "2025"]):
        sheet.write(2, c, heading)
    for r, status in enumerate(["Full Care Order", "Interim Care Order", "Placement Order", "Section 20"], 3):
        sheet.write(r, 0, status)
        for c in range(1, 6):
            sheet.write(r, c, rng.randrange(500))
    book.save(str(out / "cla_legal_status.xls"))
    return out / "cla_legal_status.xls"


def board_paper_officer_names(out: Path, rng: random.Random) -> Path:
    return xlsx(out / "corporate_parenting_summary.xlsx", {"Sheet": [
        ["Corporate Parenting Panel - performance summary"],
        ["Lead officer: John Coleman, Assistant Director"],
        ["Report author: Sarah Whitfield, Performance Manager"], [], ["Measure", "2024/25", "Q2 2025/26"],
        ["Children looked after", 871, 884], ["UASC looked after", 74, 81]]})


def distinct_person_ids_per_month(out: Path, rng: random.Random) -> Path:
    rows = [[m.strftime("%Y-%m"), rng.randrange(300, 500), rng.randrange(1800, 2400)] for m in MONTHS]
    return write_csv(out / "distinct_person_ids_per_month.csv", rows,
                     ["Month", "Distinct Person IDs referred", "Contacts"])


def districts_suppressed(out: Path, rng: random.Random) -> Path:
    rows = [["North Warwickshire", "c", "c"], ["Nuneaton and Bedworth", 148, 41.2], ["Rugby", 92, 30.5],
            ["Stratford-on-Avon", 61, 22.0], ["Warwick", 77, 25.9]]
    return xlsx(out / "cp_by_district_suppressed.xlsx", {"Sheet": [
        ["District", "CP plans at 31 March 2025", "Rate per 10,000 children"], *rows]})


def overdue_summary_by_team(out: Path, rng: random.Random) -> Path:
    rows = [[t, rng.randrange(15), rng.randrange(10), rng.randrange(8)] for t in TEAMS]
    return xlsx(out / "overdue_summary_by_team.xlsx", {"Sheet": [
        ["Team", "Assessments over 45 working days", "CP visits overdue", "Unallocated"], *rows]})


def open_cases_month_team_age_long(out: Path, rng: random.Random) -> Path:
    rows = [[m.strftime("%d/%m/%Y"), t, band, rng.randrange(40)] for m in MONTHS for t in TEAMS[:5]
            for band in ("0-4", "5-9", "10-15", "16-17")]
    return write_csv(out / "open_cases_team_ageband_monthly.csv", rows, ["Date", "Team", "Age band",
                     "Open cases"])


def assessment_factors(out: Path, rng: random.Random) -> Path:
    factors = ["Domestic violence: parent/carer", "Mental health: parent/carer", "Drug misuse: parent/carer",
               "Emotional abuse", "Neglect", "Going missing", "Learning disability: child"]
    rows = [[f, rng.randrange(100, 1500), round(rng.uniform(5, 50), 1)] for f in factors]
    return xlsx(out / "assessment_factors.xlsx", {"Sheet": [
        ["Factors identified at the end of assessment", "Number", "%"], *rows]})


def two_tables_by_area(out: Path, rng: random.Random) -> Path:
    return xlsx(out / "two_tables_by_area.xlsx", {"Sheet": [
        ["Table 1: Open cases by area"], ["", "North", "South", "Central", "Total"],
        ["Open cases at month end", 812, 744, 903, 2459], [], ["Table 2: CP plans by area"],
        ["", "North", "South", "Central", "Total"], ["Children subject to a CP plan", 141, 132, 174, 447],
        ["Rate per 10,000", 35.1, 31.0, 38.9, 35.2]]})


def population_single_age_districts(out: Path, rng: random.Random) -> Path:
    rows = [[d, age, rng.randrange(600, 2000)] for d in DISTRICTS for age in range(18)]
    return write_csv(out / "ons_population_single_age.csv", rows, ["District", "Age", "Population mid-2024"])


def counts_by_lsoa(out: Path, rng: random.Random) -> Path:
    rows = [[f"E0100{k + 9000:04d}", f"Warwickshire {k // 10 + 1:03d}{chr(65 + k % 5)}", rng.randrange(1, 11),
             rng.randrange(25)] for k in range(300)]
    return write_csv(out / "cin_by_lsoa_imd.csv", rows, ["LSOA code", "LSOA name", "IMD decile",
                     "Children in need"])


def counts_by_ward_code(out: Path, rng: random.Random) -> Path:
    rows = [[f"E0500{k + 7000:04d}", f"Ward {k + 1}", rng.randrange(30), round(rng.uniform(5, 90), 1)]
            for k in range(57)]
    return write_csv(out / "cp_by_ward_code.csv", rows,
                     ["Ward code", "Ward name", "Children subject to a CP plan", "Rate per 10,000"])


def iro_reviews_by_chair(out: Path, rng: random.Random) -> Path:
    chairs = ["Jane Brereton", "Sanjay Kotecha", "Moira Tait", "Paul Drinkwater", "Agnieszka Wrobel",
              "Ruth Osei"]
    rows = [[n, 80, 80 - rng.randrange(8), 0.95] for n in chairs]
    return xlsx(out / "iro_reviews_by_chair.xlsx", {"Sheet": [
        ["IRO", "Reviews chaired", "Reviews in timescale", "% in timescale"], *rows]})


def months_across_the_header(out: Path, rng: random.Random) -> Path:
    rows = [[label, *(rng.randrange(100, 2500) for _ in MONTHS)]
            for label in ["Contacts", "Referrals", "Children subject to a CP plan", "Open cases"]]
    return xlsx(out / "trend_months_across.xlsx", {"Trend": [["Measure", *MONTHS], *rows]})


def case_audit_grades(out: Path, rng: random.Random) -> Path:
    grades = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    rows = [[g, rng.randrange(40), rng.randrange(40)] for g in grades]
    return xlsx(out / "case_audit_grades.xlsx", {"Sheet": [["Audit grade", "Q1 25/26", "Q2 25/26"], *rows]})


def year_of_birth_cohorts(out: Path, rng: random.Random) -> Path:
    rows = [[y, rng.randrange(5, 60)] for y in range(2008, 2026)]
    return write_csv(out / "cla_by_year_of_birth.csv", rows,
                     ["Year of birth", "Children looked after at 31 March 2025"])


def counts_by_school_urn(out: Path, rng: random.Random) -> Path:
    rows = [[130000 + k * 37 + rng.randrange(30), f"School {k} Primary", rng.randrange(12), rng.randrange(6)]
            for k in range(60)]
    return write_csv(out / "cp_by_school_urn.csv", rows,
                     ["URN", "School", "Children subject to a CP plan", "Children looked after"])


def counts_by_gp_practice(out: Path, rng: random.Random) -> Path:
    rows = [[f"M{81000 + k * 97 + rng.randrange(90)}", f"Practice {k}", rng.randrange(40)] for k in range(45)]
    return write_csv(out / "ic_health_assessments_by_practice.csv", rows,
                     ["Practice code", "Practice", "Initial health assessments due"])


def establishment_posts_with_dates(out: Path, rng: random.Random) -> Path:
    rows = [[TEAMS[k % 6], f"SW post {k + 1}", rng.choice([1, .8]), rng.choice("YNNN"), rng.choice("YN"),
             D(2024, 1, 1) + dt.timedelta(days=rng.randrange(600))] for k in range(40)]
    return xlsx(out / "sw_establishment_posts.xlsx", {"Establishment": [
        ["Team", "Post", "FTE", "Vacant?", "Agency?", "Date vacancy opened"], *rows]})


AGGREGATE: list[tuple[Callable[[Path, random.Random], Path], str]] = [
    (monthly_performance_report, "monthly performance report, a 'Date' column of month starts"),
    (monthly_front_door, "monthly front-door figures, 'Apr-24' months, '%' text"),
    (caseloads_by_team, "caseloads by team"),
    (worker_caseloads_staff_names, "caseloads by social worker: staff names, a row each"),
    (cp_by_ethnicity, "CP plans by ethnicity"),
    (cp_age_bands_wide, "CP plans by age band, bands across"),
    (cla_by_age_and_gender, "CLA by single year of age and gender, long"),
    (cin_age_gender_ethnicity_long, "CIN by age band, gender and ethnicity, long, 'c' suppressed"),
    (cp_by_gender, "CP plans by gender"),
    (dashboard_with_notes, "dashboard with a Notes sheet naming Person ID, D.O.B. and the office postcode"),
    (lait_rates_all_councils, "LAIT-style rates, 151 councils by year, '..'"),
    (dfe_tidy_one_council, "DfE tidy-data table for one council"),
    (repeat_plans_quarterly, "repeat plans by quarter"),
    (cp_starts_by_category_monthly, "CP starts by category, monthly"),
    (referral_source_shares, "referral source shares"),
    (counts_by_postcode_district, "counts by postcode district (outward codes)"),
    (cp_by_ward_60_rows, "CP by ward, 60 rows"),
    (mash_daily_contacts, "MASH daily contacts: 365 days of counts"),
    (weekly_cp_starts_ends, "weekly CP starts and ends, dd/mm/yyyy text"),
    (workforce_table, "local workforce table"),
    (dfe_long_all_councils, "DfE-style long table, all councils"),
    (rate_against_neighbours, "CP rate against neighbours, region and England"),
    (pivot_and_long_team_months, "pivot sheet and a long Data sheet by team and month"),
    (plan_duration_bands, "CP plan durations by band"),
    (legal_status_xls, "CLA by legal status, legacy .xls"),
    (board_paper_officer_names, "board paper table with officers' names in title lines"),
    (distinct_person_ids_per_month, "distinct Person IDs counted per month"),
    (districts_suppressed, "CP by district with suppression"),
    (overdue_summary_by_team, "exceptions summary, counts by team"),
    (open_cases_month_team_age_long, "open cases by month, team and age band, long"),
    (assessment_factors, "factors at assessment"),
    (two_tables_by_area, "two titled tables on one sheet, areas across"),
    (population_single_age_districts, "ONS population by single year of age and district"),
    (counts_by_lsoa, "counts by LSOA: a unique ONS code a row"),
    (counts_by_ward_code, "counts by ward: a unique ONS code a row"),
    (iro_reviews_by_chair, "reviews by IRO: staff names, a row each"),
    (months_across_the_header, "trend table with month dates across the header"),
    (case_audit_grades, "case audit grades"),
    (year_of_birth_cohorts, "CLA by year of birth"),
    (counts_by_school_urn, "counts by school: a unique 6-digit URN a row"),
    (counts_by_gp_practice, "counts by GP practice code"),
    (establishment_posts_with_dates, "social work posts, a row each, with vacancy dates"),
]
