"""A corpus of council-shaped files, each built by a function into a folder: lists of individual children
(made-up people only) that cpdesk must refuse, and aggregate reports that it must not.

The shapes imitate what performance officers hold: Mosaic, LCS, Liquidlogic, Azeus and EHM exports,
SSDA903 and CIN census files, trackers kept by hand, header-less pastes, child lists on hidden or third
sheets; and beside them counts by month, team, ward, LSOA, school URN, age, ethnicity and year of birth,
staff lists, dashboards with notes (``aggregate_corpus.py``). Each row of :data:`CORPUS` is (builder,
kind, what it imitates, known miss); a child list cpdesk is known to let through says why in
``known_miss``. A new way of writing a heading is a lexicon entry and a row here. The seed reports and
the sample workbooks are checked by ``test_personal_data.py`` and are not repeated here.

Lists are cut to :data:`MOST_ROWS` rows so the corpus builds in a few seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlwt

from tests.core.aggregate_corpus import AGGREGATE
from tests.core.corpus_people import CATS, CATS_SHORT, PC_AREAS, TEAMS, Person, people, uk, write_csv, xlsx

MOST_ROWS = 300
D = dt.date
SOURCES = ["Police", "Schools", "Health services", "LA services", "Individual", "Anonymous", "Other"]
LEGAL = ["C2 - Full care order", "V2 - Section 20", "C1 - Interim care order", "E1 - Placement order"]

Builder = Callable[[Path, random.Random], Path]


@dataclass(frozen=True)
class CorpusFile:
    """One file of the corpus: how to build it, whether it lists children, what it imitates, and, for a
    child list cpdesk is known to let through, why."""

    build: Builder
    kind: str  # "child" or "aggregate"
    imitates: str
    known_miss: str = ""

    @property
    def name(self) -> str:
        return self.build.__name__


def _some(rng: random.Random, count: int, **years: int) -> list[Person]:
    return people(rng, min(count, MOST_ROWS), **years)


# --- lists of children --------------------------------------------------------------------------------

def mosaic_cp_register(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.surname, p.forename, p.dob, p.age(), "Male" if p.sex == "M" else "Female",
             p.eth_long, p.postcode, p.cp_start, CATS[p.cat], p.worker, p.team] for p in _some(rng, 342)]
    return xlsx(out / "mosaic_cp_register.xlsx", {"Report": [
        ["Mosaic Report: Children Subject to a Child Protection Plan"],
        ["Run date: 01/12/2025 07:02   Run by: PERF_OFFICER2"], ["OFFICIAL-SENSITIVE"], [],
        ["Person ID", "Surname", "Forename(s)", "D.O.B", "Age", "Gender", "Ethnicity", "Post Code",
         "CP Start", "Category of Abuse", "Allocated Worker", "Team"], *rows]})


def lcs_open_cases_extract(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.surname.upper(), p.forename.upper(), uk(p.dob), p.sex, p.eth, p.team, p.worker,
             uk(p.ref_date), "OPEN"] for p in _some(rng, 1214)]
    return write_csv(out / "lcs_open_cases_extract.csv", rows, [
        "PERSON_ID", "SURNAME", "FORENAME", "DOB", "GENDER", "ETHNICITY", "TEAM_NAME", "WORKER_NAME",
        "CASE_START_DATE", "CASE_STATUS"])


def liquidlogic_referrals(out: Path, rng: random.Random) -> Path:
    rows = [[f"LL{p.person_id}", f"{p.surname}, {p.forename}", p.dob, p.ref_date, rng.choice(SOURCES),
             rng.choice(["Assessment", "NFA", "Early Help"]), p.team] for p in _some(rng, 811)]
    return xlsx(out / "liquidlogic_referrals.xlsx", {"Referrals": [
        ["LL ID", "Child Name", "DateOfBirth", "Referral Date", "Referral Source", "Outcome", "Team"],
        *rows]})


def azeus_cla_list(out: Path, rng: random.Random) -> Path:
    rows = [[f"AZ-{p.person_id}", p.full, p.dob, p.sex, rng.choice(LEGAL), rng.choice(["U1", "U4", "R1"]),
             p.cp_start, p.postcode] for p in _some(rng, 467, lo_year=2006)]
    return xlsx(out / "azeus_cla_list.xlsx", {"CLA": [
        ["Client No", "Client Name", "Birth Date", "Sex", "Legal Status", "Placement Type", "Placement Start",
         "Placement Postcode"], *rows]})


def ehm_early_help_episodes(out: Path, rng: random.Random) -> Path:
    rows = [[f"EHM{p.person_id}", p.forename, p.surname, p.dob.strftime("%d-%b-%Y"), p.postcode,
             rng.choice(["Oakfield Primary", "Ashlawn School"]), uk(p.ref_date), p.worker]
            for p in _some(rng, 736)]
    return write_csv(out / "ehm_early_help_episodes.csv", rows, [
        "EHM Ref", "First Name", "Last Name", "Date of Birth", "Postcode", "School", "Episode Start",
        "Lead Professional"], encoding="utf-8-sig")


def cin_census_child_level(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.upn, "", "", p.dob.isoformat(), "", 1 if p.sex == "M" else 2, "", p.eth,
             p.ref_date.isoformat(), rng.choice(["1A", "2A", "5A", "9"]), rng.choice(["N1", "N2", "N4"]),
             p.cp_start.isoformat(), CATS_SHORT[p.cat]] for p in _some(rng, 3000)]
    return write_csv(out / "cin_census_child_level.csv", rows, [
        "LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
        "GenderCurrent", "PersonDeathDate", "Ethnicity", "CINreferralDate", "ReferralSource",
        "PrimaryNeedCode", "CPPstartDate", "InitialCategoryOfAbuse"])


def ssda903_header(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, 1 if p.sex == "M" else 2, uk(p.dob), p.eth, p.upn, "", ""]
            for p in _some(rng, 520, lo_year=2006)]
    return write_csv(out / "ssda903_header.csv", rows,
                     ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])


def ssda903_episodes(out: Path, rng: random.Random) -> Path:
    """No names, no dates of birth: child IDs, episode start dates and home postcodes; all 610 rows, so
    that the start dates crowd onto most days as a year's episodes do."""
    rows = [[p.person_id, uk(p.cp_start), rng.choice("SPLTB"), rng.choice(["C2", "V2", "E1", "J2"]), "N1",
             rng.choice(["U1", "U4", "R1"]), "PR1", "", "", "", p.postcode, rng.choice(PC_AREAS)[0] + " 2AB",
             f"SC{rng.randrange(100000, 999999)}"] for p in people(rng, 610, lo_year=2006)]
    return write_csv(out / "ssda903_episodes.csv", rows, [
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
        "HOME_POST", "PL_POST", "URN"])


def ssda903_uasc(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, 1, uk(p.dob), uk(p.ref_date)] for p in _some(rng, 41, lo_year=2008, hi_year=2010)]
    return write_csv(out / "ssda903_uasc.csv", rows, ["CHILD", "SEX", "DOB", "DUC"])


def icpc_tracker(out: Path, rng: random.Random) -> Path:
    """Kept by hand: title rows, dates of birth as dates or text, 'tbc', a blank line every 20 rows."""
    rows: list[list] = []
    for k, p in enumerate(_some(rng, 64)):
        days = rng.randrange(5, 22)
        held = p.ref_date + dt.timedelta(days=days + 4) if k % 7 else "tbc"
        rows.append([p.full, p.dob if k % 3 else uk(p.dob), p.ref_date, p.ref_date, held, days,
                     "Y" if days <= 15 else "N", rng.choice(["IRO - JB", "IRO - SK"]),
                     rng.choice(["CP plan", ""])])
        if k % 20 == 19:
            rows.append([])
    return xlsx(out / "icpc_tracker.xlsx", {"Tracker": [
        ["ICPC TRACKER 2025/26 - DO NOT CIRCULATE"], ["Updated by SM, Safeguarding Unit"], [],
        ["Child Name", "DOB", "Strategy Date", "S47 Start", "ICPC Date", "Working days", "Within 15 WD?",
         "Chair", "Outcome"], *rows]})


def icpc_tracker_by_month(out: Path, rng: random.Random) -> Path:
    """A summary of counts first, then a sheet of 20 children for each month."""
    months = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
    group = _some(rng, 120)
    summary = [[f"{m}-25", 20, 15 + i % 4, round((15 + i % 4) / 20, 3)] for i, m in enumerate(months)]
    sheets = {"Summary": [["ICPC timeliness 2025/26"], [], ["Month", "ICPCs held", "Within 15 days", "%"],
                          *summary]}
    for i, month in enumerate(months):
        sheets[month] = [["Name", "D.O.B", "Strat", "ICPC", "WD", "In time"]] + [
            [p.full, p.dob, p.ref_date, p.ref_date + dt.timedelta(days=12), 8, "Y"]
            for p in group[i * 20:(i + 1) * 20]]
    return xlsx(out / "icpc_tracker_by_month.xlsx", sheets)


def cp_register_pivot_and_data(out: Path, rng: random.Random) -> Path:
    pivot = [["Count of Person ID", "Column Labels"], ["Row Labels", *CATS]]
    pivot += [[team, *(rng.randrange(30) for _ in CATS)] for team in TEAMS[:6]]
    data = [[p.person_id, p.forename, p.surname, p.dob, p.sex, p.eth_long, p.team, p.cp_start, CATS[p.cat],
             rng.choice([1, 1, 2])] for p in _some(rng, 388)]
    return xlsx(out / "cp_register_pivot_and_data.xlsx", {"Pivot": pivot, "Data": [
        ["Person ID", "Forename", "Surname", "DateOfBirth", "Gender", "Ethnicity", "Team", "CP Start",
         "Category of Abuse", "Plan No."], *data]})


def cases_open_to_team(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.full, p.age(), p.sex, p.worker, rng.choice(["CP", "CIN", "CLA"]), p.cp_start,
             p.cp_start + dt.timedelta(days=90)] for p in _some(rng, 57)]
    return xlsx(out / "cases_open_to_team.xlsx", {"Rugby SG2": [
        ["Cases open to Team: Rugby Safeguarding 2"], ["As at 28/11/2025"], [],
        ["Team Manager: Claire Ridgeway"],
        ["Total open: 57"], [],
        ["Child Ref", "Name", "Age", "Gender", "Worker", "Case Status", "Last Visit", "Next Review"], *rows]})


def export_no_header(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.surname, p.forename, uk(p.dob), p.sex, p.eth, p.postcode, uk(p.cp_start),
             CATS_SHORT[p.cat]] for p in _some(rng, 205)]
    return write_csv(out / "export_20251201_noheader.csv", rows)


def book1_no_header(out: Path, rng: random.Random) -> Path:
    rows = [[p.full, p.dob, p.postcode, p.team, p.cp_start] for p in _some(rng, 88)]
    return xlsx(out / "Book1.xlsx", {"Sheet": rows})


def dfe_style_child_level_return(out: Path, rng: random.Random) -> Path:
    rows = [["937", "Warwickshire", "E10000031", f"C{p.person_id}", p.upn, p.dob.isoformat(), p.sex, p.eth,
             p.ref_date.isoformat(), p.cp_start.isoformat(), "", CATS[p.cat]] for p in _some(rng, 940)]
    return write_csv(out / "dfe_childlevel_return_937.csv", rows, [
        "old_la_code", "la_name", "new_la_code", "child_id", "upn", "date_of_birth", "sex", "ethnicity",
        "referral_date", "cp_plan_start_date", "cp_plan_end_date", "initial_category"])


def cla_placement_stability_ids(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.age(D(2025, 3, 31)), p.sex, rng.choice(LEGAL), rng.choice(["U1", "U4", "R1"]),
             round(rng.random() * 40, 1), rng.choice([1, 2, 3])] for p in _some(rng, 330, lo_year=2006)]
    return xlsx(out / "cla_placement_stability.xlsx", {"CLA at 31 March": [
        ["LA Child ID", "Age at 31 March", "Gender", "Legal Status", "Placement",
        "Distance from home (miles)",
         "Placements in year"], *rows]})


def cp_reviews_due_five_rows(out: Path, rng: random.Random) -> Path:
    rows = [[p.full, p.dob, p.cp_start, p.cp_start + dt.timedelta(days=91), "JB"] for p in _some(rng, 5)]
    return xlsx(out / "cp_reviews_due.xlsx", {"Reviews due": [
        ["Child", "DOB", "Plan start", "Review due", "IRO"], *rows]})


def virtual_school_attendance(out: Path, rng: random.Random) -> Path:
    rows = [[p.upn, rng.choice(["Y3", "Y7", "Y10"]), round(70 + rng.random() * 30, 1), rng.randrange(6)]
            for p in _some(rng, 143, lo_year=2010, hi_year=2020)]
    return write_csv(out / "virtual_school_attendance.csv", rows,
                     ["UPN", "NC Year", "Attendance %", "Fixed term exclusions"])


def mosaic_workflow_steps(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.full.upper(), p.dob.strftime("%Y-%m-%d 00:00:00"), rng.choice(["ICPC", "S47"]),
             p.ref_date.strftime("%d/%m/%Y %H:%M"), p.cp_start.strftime("%d/%m/%Y %H:%M"), p.worker]
            for p in _some(rng, 1500)]
    return write_csv(out / "mosaic_workflow_steps.csv", rows, [
        "PERSON_ID", "FULL_NAME", "DATE_OF_BIRTH", "STEP_TYPE", "STARTED_ON", "COMPLETED_ON", "WORKER"])


def late_assessments_exceptions(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.ref_date, p.ref_date + dt.timedelta(days=70), rng.randrange(46, 90), p.team,
             p.worker] for p in _some(rng, 96)]
    return xlsx(out / "late_assessments_exceptions.xlsx", {"Over 45 days": [
        ["Assessments authorised over 45 working days - November 2025"], [],
        ["Person ID", "Assessment Start", "Assessment Authorised", "Working Days", "Team", "Worker"], *rows]})


def missing_episodes(out: Path, rng: random.Random) -> Path:
    rows = [[p.full, uk(p.dob), rng.choice("YN"), p.postcode, p.ref_date, p.ref_date + dt.timedelta(days=1),
             "Y", rng.choice("YN")] for p in _some(rng, 178, lo_year=2008, hi_year=2013)]
    return xlsx(out / "missing_episodes.xlsx", {"Missing": [
        ["Name", "DOB", "CLA?", "Missing From", "Date Missing", "Date Returned", "RHI Offered",
         "RHI Accepted"], *rows]})


def cp_register_legacy_xls(out: Path, rng: random.Random) -> Path:
    book = xlwt.Workbook()
    sheet = book.add_sheet("CP Register")
    for r, title in enumerate(["Child Protection Register", "Warwickshire County Council",
                              "Produced 02/12/2025"]):
        sheet.write(r, 0, title)
    day = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    headings = ["Surname", "Forename(s)", "D.O.B", "Gender", "Post Code", "Registration Date", "Category",
                "Key Worker"]
    for c, heading in enumerate(headings):
        sheet.write(5, c, heading)
    for r, p in enumerate(_some(rng, 260), 6):
        for c, value in enumerate([p.surname, p.forename, p.dob, p.sex, p.postcode, p.cp_start, CATS[p.cat],
                                   p.worker]):
            if isinstance(value, dt.date):
                sheet.write(r, c, value, day)
            else:
                sheet.write(r, c, value)
    book.save(str(out / "cp_register_legacy.xls"))
    return out / "cp_register_legacy.xls"


def serial_number_dates(out: Path, rng: random.Random) -> Path:
    """A paste-as-values copy: the dates became whole numbers (days since 1899-12-30)."""
    epoch = D(1899, 12, 30)
    rows = [[f"WCC/{p.person_id}", p.full, (p.dob - epoch).days, p.sex, p.town, (p.cp_start - epoch).days]
            for p in _some(rng, 150)]
    return xlsx(out / "cp_list_serial_dates.xlsx", {"Sheet1": [
        ["Ref", "Child's name", "Birth", "Sex", "Area", "Start"], *rows]})


def data_pack_child_list_third(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.surname, p.forename, p.dob, p.age(), p.sex, p.cp_start, CATS[p.cat]]
            for p in _some(rng, 221)]
    return xlsx(out / "cp_datapack_q2.xlsx", {
        "Cover": [["Quarterly CP data pack Q2 2025/26"], [], ["Contents: Headlines, Tables, Child list"]],
        "Headlines": [["Measure", "Q1 25/26", "Q2 25/26"], ["Children subject to a CP plan", 431, 447],
                      ["CP plans started", 121, 133]],
        "Child list": [["Person ID", "Surname", "Forename", "DateOfBirth", "Age", "Gender", "CP Start",
                        "Category of Abuse"], *rows]})


def semicolon_cp1252(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.forename, p.surname, p.dob.strftime("%d.%m.%Y"), p.postcode, p.eth]
            for p in _some(rng, 120)]
    return write_csv(out / "child_list_semicolon_cp1252.csv", rows,
                     ["Child ID", "Vorname/Forename", "Surname", "D.O.B", "Post Code", "Ethnicity"],
                     encoding="cp1252", delimiter=";")


def strategy_discussion_log(out: Path, rng: random.Random) -> Path:
    """'Forename Surname (dd/mm/yy)' in one cell, postcodes inside free-text notes."""
    rows = [[p.ref_date, f"{p.full} ({p.dob:%d/%m/%y})", "Police, Health, School", rng.choice(["S47", "NFA"]),
             f"Concerns re {p.forename}'s home at {p.postcode}"] for p in _some(rng, 75)]
    return xlsx(out / "strategy_discussion_log.xlsx", {"Strats": [
        ["Strat date", "Child(ren)", "Agencies", "Outcome", "Notes"], *rows]})


def audit_sample_initials(out: Path, rng: random.Random) -> Path:
    rows = [[f"{p.forename[0]}.{p.surname[0]}.", p.dob, p.sex, p.eth, p.ref_date, rng.choice(["NFA", "S47"])]
            for p in _some(rng, 140)]
    return xlsx(out / "audit_sample_initials.xlsx", {"Sheet": [
        ["Initials", "D.O.B", "Gender", "Ethnicity", "Referral Date", "Outcome"], *rows]})


def care_leavers_eet(out: Path, rng: random.Random) -> Path:
    rows = [[f"CL{p.person_id}", p.age(), rng.choice(["EET", "NEET"]), rng.choice(["Suitable", "Unsuitable"]),
             rng.choice(["Independent", "Staying Put"]), p.worker]
            for p in _some(rng, 212, lo_year=2002, hi_year=2007)]
    return write_csv(out / "care_leavers_eet.csv", rows, [
        "Care Leaver ID", "Age", "Activity", "Accommodation suitable", "Accommodation type", "PA"])


def referrals_by_month_list(out: Path, rng: random.Random) -> Path:
    rows = [[p.ref_date.strftime("%b-%y"), p.person_id, uk(p.ref_date), rng.choice(SOURCES), rng.choice("YN"),
             p.team] for p in _some(rng, 640)]
    return write_csv(out / "referrals_by_month_list.csv", rows,
                     ["Month", "Person ID", "Referral Date", "Source", "Re-referral in 12m", "Team"])


def lcs_cin_open_episodes(out: Path, rng: random.Random) -> Path:
    titles = [["Children in Need - all open episodes"], ["Source: LCS"], ["Warwickshire Children & Families"],
              ["Extract date 30/11/2025"], [], ["OFFICIAL SENSITIVE - PERSONAL DATA"], []]
    rows = [[p.person_id, p.upn, p.surname, p.forename, p.dob, p.sex, p.eth, p.postcode, p.ref_date,
             rng.choice(["N1", "N2"]), p.worker] for p in _some(rng, 3000)]
    return xlsx(out / "lcs_cin_open_episodes.xlsx", {"CIN": [*titles, [
        "LA Child ID", "UPN", "Surname", "Forename(s)", "DateOfBirth", "Gender", "Ethnicity", "Post Code",
        "Referral Date", "Primary Need", "Allocated Worker"], *rows]})


def families_on_cp_plans(out: Path, rng: random.Random) -> Path:
    group = _some(rng, 90)
    rows = [[f"F{rng.randrange(10000, 99999)}", "; ".join(p.full for p in group[k:k + 3]),
             min(p.dob for p in group[k:k + 3]), group[k].postcode, "CP"] for k in range(0, 90, 3)]
    return xlsx(out / "families_on_cp_plans.xlsx", {"Sheet": [
        ["Family ID", "Children", "Youngest DOB", "Address Postcode", "Plan Type"], *rows]})


def cp_at_31_march_list(out: Path, rng: random.Random) -> Path:
    rows = [[p.full, p.dob, p.cp_start, (D(2025, 3, 31) - p.cp_start).days, CATS[p.cat]]
            for p in _some(rng, 25)]
    return xlsx(out / "cp_at_31_march_2025_list.xlsx", {"CP at 31 March 2025": [
        ["Children subject to a CP plan at 31 March 2025"],
        ["Name", "Date of birth", "Date plan started", "Length of plan (days)", "Category"], *rows]})


def uasc_arrivals(out: Path, rng: random.Random) -> Path:
    rows = [[f"U{p.person_id}", p.age(), rng.choice(["Afghan", "Eritrean", "Sudanese", "Albanian"]),
             uk(p.ref_date), "NTS" if k % 2 else "Spontaneous"]
            for k, p in enumerate(_some(rng, 38, lo_year=2008, hi_year=2010))]
    return write_csv(out / "uasc_arrivals.csv", rows, ["Ref", "Age", "Nationality", "Date of arrival",
                     "Route"])


def azeus_cp_report_title_lines(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.surname, p.forename, p.dob.strftime("%d-%m-%y"), p.age(), p.sex, uk(p.cp_start),
             CATS[p.cat], p.worker] for p in _some(rng, 300)]
    return write_csv(out / "azeus_cp_report.csv", [
        ["Azeus CP Report"], ["Parameters: Team=All; Status=Open"], [],
        ["Client Ref", "Surname", "Forename(s)", "D.O.B", "Age", "Gender", "CP Start", "Category of Abuse",
         "Allocated Worker"], *rows])


def summary_with_hidden_raw_sheet(out: Path, rng: random.Random) -> Path:
    summary = [["CP plans by category and team"], ["Team", *CATS]]
    summary += [[team, *(rng.randrange(30) for _ in CATS)] for team in TEAMS[:6]]
    raw = [[p.person_id, p.surname, p.forename, p.dob, p.postcode, p.cp_start, CATS[p.cat], p.team]
           for p in _some(rng, 402)]
    return xlsx(out / "cp_summary_hidden_raw.xlsx", {"Summary": summary, "raw": [
        ["Person ID", "Surname", "Forename", "DOB", "Post Code", "CP Start", "Category of Abuse", "Team"],
        *raw]}, hidden=("raw",))


def unallocated_names_and_ages(out: Path, rng: random.Random) -> Path:
    rows = [[p.full, p.age(), rng.randrange(1, 40), p.team] for p in _some(rng, 12)]
    return xlsx(out / "unallocated_cases_list.xlsx", {"Unallocated": [
        ["Child Name", "Age", "Days unallocated", "Team"], *rows]})


def cla_health_nhs_numbers(out: Path, rng: random.Random) -> Path:
    rows = [[f"{rng.randrange(400, 499)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}", p.full,
             p.dob, "Westside Surgery", p.cp_start] for p in _some(rng, 95)]
    return xlsx(out / "cla_health_assessments.xlsx", {"Sheet": [
        ["NHS No", "Name", "Date of Birth", "GP Practice", "Health Assessment Due"], *rows]})


def demographics_person_ids_only(out: Path, rng: random.Random) -> Path:
    rows = [[p.person_id, p.age(), p.sex, p.eth, CATS_SHORT[p.cat], rng.choice("YN")] for p in _some(rng,
            520)]
    return write_csv(out / "cp_demographics_extract.csv", rows,
                     ["PERSON_ID", "AGE", "GENDER", "ETHNICITY", "CATEGORY", "SUBSEQUENT_PLAN"])


def anonymised_plans_row_numbers(out: Path, rng: random.Random) -> Path:
    """No identifiers: row numbers, age, gender and the day each plan started (still one row a child)."""
    rows = [[k, p.age(), p.sex, p.cp_start, CATS[p.cat], rng.randrange(1, 110)]
            for k, p in enumerate(_some(rng, 84), start=1)]
    return xlsx(out / "anonymised_plans_rownumbers.xlsx", {"Plans": [
        ["No.", "Age", "Gender", "CP Start", "Category", "Plan length (weeks)"], *rows]})


def dob_split_columns(out: Path, rng: random.Random) -> Path:
    rows = [[p.surname, p.forename, p.dob.day, p.dob.month, p.dob.year, "Oakfield Primary"]
            for p in _some(rng, 160)]
    return xlsx(out / "dob_split_columns.xlsx", {"Sheet1": [
        ["Surname", "Forename", "Day", "Month", "Year", "School"], *rows]})


def s47_totals_above_list(out: Path, rng: random.Random) -> Path:
    totals = [["S47 enquiries - Nuneaton"], ["Month", "S47s started", "Led to ICPC"]]
    totals += [[m, rng.randrange(10, 25), rng.randrange(3, 10)] for m in ["Apr-25", "May-25", "Jun-25"]]
    rows = [[p.full, p.dob, p.ref_date, rng.choice(["ICPC", "NFA", "CIN"]), p.worker] for p in _some(rng, 73)]
    return xlsx(out / "s47_tracker.xlsx", {"S47 tracker": [
        *totals, [], [], ["Child", "D.o.B.", "S47 start", "Outcome", "SW"], *rows]})


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def young_person_word_dates(out: Path, rng: random.Random) -> Path:
    rows = [[f"{p.surname.upper()}, {p.forename}", f"{_ordinal(p.dob.day)} {p.dob:%B %Y}",
             rng.choice(["Foster care", "Residential"]), f"{p.cp_start:%d %b %Y}", "JB"]
            for p in _some(rng, 66, lo_year=2008, hi_year=2012)]
    return xlsx(out / "lac_reviews_young_person.xlsx", {"YP": [
        ["Young Person", "YP DOB", "Placement", "Review date", "IRO"], *rows]})


def client_list_compact_dates(out: Path, rng: random.Random) -> Path:
    rows = [[f"{p.surname.upper()}, {p.forename}", f"{p.dob:%Y%m%d}", p.sex, p.team, f"{p.cp_start:%Y%m%d}"]
            for p in _some(rng, 210)]
    return write_csv(out / "client_list_yyyymmdd.csv", rows, ["Client", "Birth", "Sex", "Team", "Start"])


CHILD_LEVEL = [
    CorpusFile(mosaic_cp_register, "child", "Mosaic CP register report, title rows, header row 5"),
    CorpusFile(lcs_open_cases_extract, "child", "LCS open cases extract, UPPER_SNAKE headings, text dates"),
    CorpusFile(liquidlogic_referrals, "child", "Liquidlogic referrals, 'Child Name' as 'Surname, Forename'"),
    CorpusFile(azeus_cla_list, "child", "Azeus (Capita) children looked after list"),
    CorpusFile(ehm_early_help_episodes, "child", "EHM early help episodes, BOM, dates '12-Mar-2014'"),
    CorpusFile(cin_census_child_level, "child", "CIN census child-level file (DfE field names), no names"),
    CorpusFile(ssda903_header, "child", "SSDA903 header file: CHILD, SEX, DOB, UPN"),
    CorpusFile(ssda903_episodes, "child", "SSDA903 episodes: CHILD, DECOM, HOME_POST; no names or DOB"),
    CorpusFile(ssda903_uasc, "child", "SSDA903 UASC file, four columns"),
    CorpusFile(icpc_tracker, "child", "ICPC tracker kept by hand: DOB as date or text, 'tbc', blank lines"),
    CorpusFile(icpc_tracker_by_month, "child", "ICPC tracker: a Summary of counts, then a sheet a month"),
    CorpusFile(cp_register_pivot_and_data, "child", "CP register: pivot sheet, then the raw data sheet"),
    CorpusFile(cases_open_to_team, "child", "'Cases open to team' for a team manager, header row 7"),
    CorpusFile(export_no_header, "child", "raw system export, no header row"),
    CorpusFile(book1_no_header, "child", "officer's scratch workbook pasted from a system, no header"),
    CorpusFile(dfe_style_child_level_return, "child", "DfE-style child-level return with la_code columns"),
    CorpusFile(cla_placement_stability_ids, "child", "CLA placement stability: LA Child ID, age, gender"),
    CorpusFile(cp_reviews_due_five_rows, "child", "five CP reviews due this week"),
    CorpusFile(virtual_school_attendance, "child", "virtual school attendance: UPNs only"),
    CorpusFile(mosaic_workflow_steps, "child", "Mosaic workflow steps, timestamps, FULL_NAME"),
    CorpusFile(late_assessments_exceptions, "child", "late assessments exceptions list, Person ID and dates"),
    CorpusFile(missing_episodes, "child", "missing episodes log, DOB as text, postcode as 'Missing From'"),
    CorpusFile(cp_register_legacy_xls, "child", "legacy .xls CP register, header row 6"),
    CorpusFile(serial_number_dates, "child", "paste-as-values copy, dates as serial numbers, 'Child's name'"),
    CorpusFile(data_pack_child_list_third, "child", "data pack whose third sheet is a child list"),
    CorpusFile(semicolon_cp1252, "child", "European-locale Excel export: ';', cp1252, dd.mm.yyyy"),
    CorpusFile(strategy_discussion_log, "child", "strategy discussion log, 'Name (dd/mm/yy)' cells"),
    CorpusFile(audit_sample_initials, "child", "case audit sample, initials, DOB and referral date"),
    CorpusFile(care_leavers_eet, "child", "care leavers activity list, 'Care Leaver ID' and age"),
    CorpusFile(referrals_by_month_list, "child", "referrals list with a Month column"),
    CorpusFile(lcs_cin_open_episodes, "child", "LCS CIN open episodes, title rows, header row 8"),
    CorpusFile(families_on_cp_plans, "child", "family list naming children in one cell"),
    CorpusFile(cp_at_31_march_list, "child", "year-end CP list behind the CPP_At31 figure"),
    CorpusFile(uasc_arrivals, "child", "UASC arrivals: 'Ref' U+digits, age, nationality, arrival date"),
    CorpusFile(azeus_cp_report_title_lines, "child", "Azeus CP report csv, parameter lines above the header"),
    CorpusFile(summary_with_hidden_raw_sheet, "child", "summary sheet with the child list on a hidden sheet"),
    CorpusFile(unallocated_names_and_ages, "child", "unallocated cases: names and ages, no dates"),
    CorpusFile(cla_health_nhs_numbers, "child", "CLA health assessments with NHS numbers"),
    CorpusFile(demographics_person_ids_only, "child", "PERSON_ID with age, gender, ethnicity only"),
    CorpusFile(anonymised_plans_row_numbers, "child", "anonymised rows 1..n with plan start dates"),
    CorpusFile(dob_split_columns, "child", "school list, DOB split into Day/Month/Year columns"),
    CorpusFile(s47_totals_above_list, "child", "S47 tracker: monthly totals above the child list"),
    CorpusFile(young_person_word_dates, "child", "LAC reviews, 'Young Person', DOB as '3rd March 2014'"),
    CorpusFile(client_list_compact_dates, "child", "legacy dump, 'Client' as 'SURNAME, Forename', yyyymmdd"),
]

CORPUS: list[CorpusFile] = CHILD_LEVEL + [CorpusFile(build, "aggregate", imitates) for build,
             imitates in AGGREGATE]


def build(entry: CorpusFile, folder: Path) -> Path:
    """The file of ``entry``, written into ``folder`` from a seed of its own name (the same every run)."""
    return entry.build(folder, random.Random(entry.name))


def write_manifest(path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["builder", "kind", "imitates", "known_miss"])
        writer.writerows([e.name, e.kind, e.imitates, e.known_miss] for e in CORPUS)
