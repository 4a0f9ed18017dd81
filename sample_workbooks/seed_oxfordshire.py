"""Oxfordshire: three reports (seeds 000, 001, 002), typed as printed.

000 is the Health & Wellbeing Board report card of November 2015, 001 the Performance Scrutiny
paper of September 2014, 002 the Safeguarding Board PAQA annual report 2018/19. Figures that 001
and 002 give only in their text are gathered into small "key figures" tables, labelled as the
sentences print them. Columns of derived figures ("% change", rankings) are kept but marked
``skip``: they are not observations.

Two dates are decisions, not print: the July snapshots are read as at 31 July (a month column for
a count held at a date means its last day), and the undated caseload table of the 2015 report card
(written for the Children's Trust in September 2015) is taken as at 30 September 2015.
"""

from __future__ import annotations

from sample_workbooks.seed_types import Part, SeedTable, same, years

LA = "E10000025"
SKIP = Part(skip=True)
FIVE_YEARS = ("2010/11", "2011/12", "2012/13", "2013/14", "2014/15")

JULY_SNAPSHOTS = SeedTable(
    id="oxfordshire_july_snapshots", seed_file="000_e2f04375b8344c0a.txt", council=LA,
    title="The following is a snapshot showing the increasingly statutory nature of children's social "
          "care's interventions",
    layout="plan types as rows, July snapshots as columns, then a '% change' column",
    row_labels=("Child Protection", "Looked After", "Children in Need Plan"),
    column_labels=("July 2013", "July 2014", "July 2015", "% change"),
    cells=(("422", "454", "626", "48.3%"),
           ("427", "500", "555", "30%"),
           ("2451", "2243", "1801", "-26.5%")),
    row_parts=(Part(indicator="cpp_count"), Part(indicator="cla_count"), Part(indicator="cin_plans_count")),
    column_parts=(Part(period="31 Jul 2013"), Part(period="31 Jul 2014"), Part(period="31 Jul 2015"), SKIP))

LEGAL_STATUS = SeedTable(
    id="oxfordshire_legal_status", seed_file="000_e2f04375b8344c0a.txt", council=LA,
    title="Legal Status @ 31 March 2015",
    layout="legal statuses as rows under a corner header, then a bold Total row; years (at 31 March) "
           "as columns, then a change column",
    row_labels=("Full Care Order", "Interim Care Order", "All Care Orders", "Placement Order",
                "Voluntary - Section 20", "Remand", "Police Protection or Emergency Protection", "Total"),
    column_labels=(*FIVE_YEARS, "Change 10/11 to 14/15"),
    cells=(("127", "145", "142", "170", "189", "48.8%"),
           ("96", "103", "63", "78", "61", "-36.5%"),
           ("223", "248", "205", "248", "250", "12.1%"),
           ("26", "48", "57", "58", "65", "150%"),
           ("177", "154", "153", "155", "197", "11.3%"),
           ("0", "0", "1", "1", "0", "0.0%"),
           ("1", "0", "0", "1", "2", "100%"),
           ("427", "450", "416", "463", "514", "20.4%")),
    base=Part(indicator="cla_by_legal_status_count"),
    row_parts=(Part(breakdown="full_care_order"), Part(breakdown="interim_care_order"),
               Part(breakdown="all_care_orders"), Part(breakdown="placement_order"),
               Part(breakdown="section_20"), Part(breakdown="remand"),
               Part(breakdown="police_protection_epo"),
               Part(indicator="cla_count")),
    column_parts=(*years(*FIVE_YEARS), SKIP))

UASC = SeedTable(
    id="oxfordshire_uasc", seed_file="000_e2f04375b8344c0a.txt", council=LA,
    title="31st March:",
    layout="one row under a corner header '31st March:'; years as columns, then a change column",
    row_labels=("No. LAC who are UASC",),
    column_labels=(*FIVE_YEARS, "Change from 31st March 14"),
    cells=(("34", "30", "26", "24", "49", "104%"),),
    row_parts=(Part(indicator="cla_uasc_count"),),
    column_parts=(*years(*FIVE_YEARS), SKIP))

RISK_FACTORS = SeedTable(
    id="oxfordshire_risk_factors", seed_file="000_e2f04375b8344c0a.txt", council=LA,
    title="The following table identifies the 10 most common risk factors identified at social care "
          "assessment that led to a child becoming the subject of a child protection plan.",
    layout="risk factors as rows; a two-row header: 'How often a child went on a plan where this risk "
           "factor was recorded' spans 'No' and '%', then two single columns; 2014/15",
    row_labels=("Parent Domestic Violence", "Child Emotional Abuse", "Parent Mental Health",
                "Child Neglect", "Parent Alcohol Misuse", "Child Physical Abuse", "Parent Drugs Misuse",
                "Child Domestic Violence", "Child Unacceptable Behaviour", "Child Sexual Abuse"),
    column_labels=("No", "%", "Number of assessments identifying this risk", "% of times it went to a plan"),
    cells=(("174", "27.6%", "613", "28.4%"),
           ("168", "26.7%", "388", "43.3%"),
           ("147", "23.3%", "492", "29.9%"),
           ("142", "22.5%", "389", "36.5%"),
           ("99", "15.7%", "295", "33.6%"),
           ("91", "14.4%", "309", "29.4%"),
           ("84", "13.3%", "245", "34.3%"),
           ("66", "10.5%", "312", "21.2%"),
           ("59", "9.4%", "200", "29.5%"),
           ("57", "9.0%", "144", "39.6%")),
    base=Part(period="2014/15"),
    row_parts=tuple(Part(breakdown=b) for b in (
        "parent_domestic_violence", "child_emotional_abuse", "parent_mental_health", "child_neglect",
        "parent_alcohol_misuse", "child_physical_abuse", "parent_drugs_misuse", "child_domestic_violence",
        "child_unacceptable_behaviour", "child_sexual_abuse")),
    column_parts=(Part(indicator="risk_factor_cpp_count"), Part(indicator="risk_factor_cpp_pct"),
                  Part(indicator="risk_factor_assessments_count"), Part(indicator="risk_factor_to_plan_pct")))

CASELOADS = SeedTable(
    id="oxfordshire_caseloads", seed_file="000_e2f04375b8344c0a.txt", council=LA,
    title="The average Family Support social worker's caseload across the county is 20 children.",
    layout="measures as rows, operational areas (South, Central, North) as columns; undated, taken as at "
           "30 Sep 2015; team caseload totals are context, not indicators",
    row_labels=("Total family support caseload by area", "Child Protection cases by area",
                "Looked after cases in family support teams by area", "Children in Need cases by area",
                "Family support team caseload", "Average caseload by worker",
                "Unallocated Child Protection cases", "Unallocated Children in need cases"),
    column_labels=("South", "Central", "North"),
    cells=(("417", "578", "498"), ("163", "223", "208"), ("51", "58", "36"), ("203", "297", "254"),
           ("209", "192", "249"), ("22", "18", "20"), ("0", "0", "0"), ("37", "17", "7")),
    base=Part(period="30 Sep 2015"),
    row_parts=(*same(SKIP, 5), Part(indicator="caseload_avg"), Part(indicator="unallocated_cp_cases"),
               Part(indicator="unallocated_cin_cases")),
    column_parts=(Part(area=f"{LA}-south"), Part(area=f"{LA}-central"), Part(area=f"{LA}-north")))

LOOKED_AFTER_2014 = SeedTable(
    id="oxfordshire_2014_cla", seed_file="001_e92f659f89a44c19.txt", council=LA,
    title="The number of children looked after by Oxfordshire has remained relatively stable over the last "
          "8 years, but since March 2013 has risen significantly - by over 20%.",
    layout="dates as rows, the count and a national ranking as columns; the text dates September 2014 "
           "to 1st September",
    row_labels=("March 2013", "March 2014", "September 2014"),
    column_labels=("Number looked after", "Ranking (based on 2013 national figures)"),
    cells=(("416", "6 th"), ("463", "10 th"), ("519", "17 th")),
    row_parts=(Part(period="31 Mar 2013"), Part(period="31 Mar 2014"), Part(period="1 Sep 2014")),
    column_parts=(Part(indicator="cla_count"), SKIP))

ENTERING_CARE_2014 = SeedTable(
    id="oxfordshire_2014_entering_care", seed_file="001_e92f659f89a44c19.txt", council=LA,
    title="Previous interventions for children commencing a period of care:",
    layout="the title is the corner header; years and 'Qtr 1 14/15' as columns; the first row counts "
           "children becoming looked after (with a footnote mark), the rest their previous interventions",
    row_labels=("Became looked after in period:", "None", "Early Help", "Child in Need Plan",
                "Child Protection Plan", "Previously Looked After"),
    column_labels=("2012/13", "2013/14", "Qtr 1 14/15"),
    cells=(("247 \u2074", "298", "68"), ("83", "72", "25"), ("40", "65", "19"), ("56", "87", "8"),
           ("123", "163", "33"), ("26", "42", "15")),
    row_parts=(Part(indicator="cla_starts"), *same(SKIP, 5)),
    column_parts=(Part(period="2012/13"), Part(period="2013/14"), Part(period="Q1 14/15")))

KEY_FIGURES_2014 = SeedTable(
    id="oxfordshire_2014_text", seed_file="001_e92f659f89a44c19.txt", council=LA,
    title="Current levels of demand and caseloads",
    layout="figures quoted in the text of paragraph 4 (row labels are ours), set out as measures by date",
    row_labels=("Open cases", "Children on child protection plans",
                "Child protection plans per 10,000 children",
                "National rate: child protection plans per 10,000 children",
                "Looked after children rate per 10,000",
                "National rate: looked after children rate per 10,000"),
    column_labels=("March 2013", "1st September 2014"),
    cells=(("3,471", ""), ("430", "451"), ("30.9", "32.4"), ("37.9", ""), ("30.0", "37.4"), ("59.0", "")),
    row_parts=(Part(indicator="open_cases"), Part(indicator="cpp_count"), Part(indicator="cpp_rate"),
               Part(indicator="cpp_rate", area="E92000001"), Part(indicator="cla_rate"),
               Part(indicator="cla_rate", area="E92000001")),
    column_parts=(Part(period="31 Mar 2013"), Part(period="1 Sep 2014")))

KEY_FIGURES_2019 = SeedTable(
    id="oxfordshire_2019_text", seed_file="002_5900f415c133d2d0.txt", council=LA,
    title="The local safeguarding data",
    layout="figures quoted in the text (row labels are ours), set out as measures by year end "
           "('2009' is 31 March 2009) and the ONS mid-year estimate; blanks where the text gives none",
    row_labels=("Children subject to a child protection plan", "Children looked after", "Child population"),
    column_labels=("2009", "2018", "2019", "mid-2017"),
    cells=(("250", "", "605", ""), ("", "690", "780", ""), ("", "", "", "143,400")),
    row_parts=(Part(indicator="cpp_count"), Part(indicator="cla_count"), Part(indicator="child_population")),
    column_parts=(Part(period="31 Mar 2009"), Part(period="31 Mar 2018"), Part(period="31 Mar 2019"),
                  Part(period="mid-2017")))

TABLES = (JULY_SNAPSHOTS, LEGAL_STATUS, UASC, RISK_FACTORS, CASELOADS, LOOKED_AFTER_2014, ENTERING_CARE_2014,
          KEY_FIGURES_2014, KEY_FIGURES_2019)
