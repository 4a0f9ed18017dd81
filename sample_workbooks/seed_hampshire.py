"""Hampshire, "Safeguarding Update", Children and Young People Select Committee, 3 June 2015.

Seed 004. Four tables, each headed by its name in the corner cell, with the columns "2012-13",
"2013-14" and "Feb 2015". "Feb 2015" is the latest month reported: the snapshot at 28 Feb 2015 for
counts held at a date; for measures over time it is the year so far (71,434 contacts against 68,789
in the whole of 2013-14), not February's own, so those figures are not read. (The S47 row's label
says its "Feb 2015" figure covers January to December 2014.)
"""

from __future__ import annotations

from sample_workbooks.seed_types import Part, Periods, SeedTable

SEED = "004_ee7f86c2859ba24e.txt"
LA = "E10000014"
COLUMNS = ("2012-13", "2013-14", "Feb 2015")
COLUMN_PARTS = (Part(period=Periods("2012/13", "31 Mar 2013")),
                Part(period=Periods("2013/14", "31 Mar 2014")),
                Part(period=Periods(None, "28 Feb 2015")))
LAYOUT = ("measures as rows under a corner header naming the table; columns '2012-13', '2013-14', "
          "'Feb 2015'; a breakdown's first row carries the measure ('Referral Source : Individual') and "
          "the rows below it only the category")


def _table(suffix: str, corner: str, rows: tuple[tuple[str, Part, tuple[str, str, str]], ...]) -> SeedTable:
    return SeedTable(
        id=f"hampshire_{suffix}", seed_file=SEED, council=LA, title=corner, layout=LAYOUT,
        row_labels=tuple(r[0] for r in rows), column_labels=COLUMNS, cells=tuple(r[2] for r in rows),
        row_parts=tuple(r[1] for r in rows), column_parts=COLUMN_PARTS)


def _source(category: str) -> Part:
    return Part(indicator="referrals_by_source_pct", breakdown=category)


def _category(indicator: str, category: str) -> Part:
    return Part(indicator=indicator, breakdown=category)


ACTIVITY = _table("activity", "Contacts and Referrals", (
    ("No. of open social work cases", Part(indicator="open_cases"), ("6502", "8020", "8537")),
    ("Number of initial contacts", Part(indicator="contacts"), ("61174", "68789", "71434")),
    ("Number of referrals", Part(indicator="referrals"), ("10297", "16217", "16898")),
    ("Referral Source : Individual", _source("individual"), ("N/A", "11.2%", "11.1%")),
    ("Education", _source("education"), ("N/A", "18.7%", "21.9%")),
    ("Health Services", _source("health"), ("N/A", "13.7%", "14.2%")),
    ("Housing", _source("housing"), ("N/A", "0.0%", "1.7%")),
    ("Local Authority Services", _source("la_services"), ("N/A", "11.2%", "8.4%")),
    ("Police", _source("police"), ("N/A", "29.1%", "28.2%")),
    ("Other legal agency", _source("other_legal_agency"), ("N/A", "3.3%", "3.0%")),
    ("Other", _source("other"), ("N/A", "7.4%", "7.9%")),
    ("Anonymous", _source("anonymous"), ("N/A", "2.2%", "2.6%")),
    ("Unknown", _source("unknown"), ("N/A", "1.8%", "1.1%")),
    ("Not Recorded", _source("not_recorded"), ("N/A", "1.4%", "0.0%")),
))

ASSESSMENTS = _table("assessments", "Section 47 and Assessments", (
    ("% of S47 going to ICPC - Jan to Dec 2014 latest figures", Part(indicator="s47_to_icpc_pct"),
     ("53.3%", "53.5%", "44.5%")),
    ("Initial Assessments Timeliness", Part(indicator="initial_assessments_timely_pct"),
     ("64.9%", "68.1%", "N/A")),
    ("Core Assessments Timeliness", Part(indicator="core_assessments_timely_pct"), ("66.8%", "66.6%", "N/A")),
    ("CFA Timeliness", Part(indicator="assessments_45wd_pct"), ("N/A", "91.4%", "74.6%")),
    ("Assessments Total", Part(indicator="assessments_timely_pct"), ("65.7%", "74.8%", "74.6%")),
))

PLANS = _table("cp_plans", "Child Protection Plans (CPP) and visits", (
    ("No of children on CPP", Part(indicator="cpp_count"), ("909", "1111", "1357")),
    ("New CPP in the Year %: Neglect", _category("cpp_by_category_pct", "neglect"),
     ("46.6%", "49.0%", "58.5%")),
    ("Physical", _category("cpp_by_category_pct", "physical"), ("26.9%", "21.6%", "15.4%")),
    ("Sexual", _category("cpp_by_category_pct", "sexual"), ("7.6%", "4.9%", "5.0%")),
    ("Emotions", _category("cpp_by_category_pct", "emotional"), ("18.9%", "24.6%", "21.1%")),
    ("New CPP in Year Rate Per 10,000 : Neglect", _category("cpp_by_category_rate", "neglect"),
     ("19", "20.7", "37.4")),
    ("Physical", _category("cpp_by_category_rate", "physical"), ("10.9", "8.2", "9.9")),
    ("Sexual", _category("cpp_by_category_rate", "sexual"), ("3.1", "1.9", "3.2")),
    ("Emotions", _category("cpp_by_category_rate", "emotional"), ("7.7", "8.7", "13.6")),
    ("CPP's ending after 2 or more years", Part(indicator="cpp_ended_2y_pct"), ("5.2%", "3.2%", "2.8%")),
    ("Current CPs lasting 2 or more years", Part(indicator="cpp_current_2y_pct"), ("2.1%", "1.8%", "2.5%")),
    ("Children requiring a repeat CPP within 2 yrs", Part(indicator="cpp_repeat_2y_pct"),
     ("N/A", "10.0%", "8.1%")),
    ("Visits made in accordance with CPP - 14 day", Part(indicator="cpp_visits_timely_pct"),
     ("N/A", "84.4%", "72.5%")),
))

LOOKED_AFTER = _table("cla", "Full Time Children Looked After (CLA)", (
    ("No of full time CLA", Part(indicator="cla_count"), ("1131", "1267", "1354")),
    ("% of CLA with 3+ moves during the year", Part(indicator="cla_3plus_moves_pct"),
     ("16.2%", "13.7%", "13.6%")),
))

TABLES = (ACTIVITY, ASSESSMENTS, PLANS, LOOKED_AFTER)
