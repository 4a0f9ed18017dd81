"""Warwickshire, "Update on Child Protection", Children & Young People Overview & Scrutiny, 29 Sep 2020.

Seed 003. Tables 1-7 typed as printed. Text extraction of Table 6 printed each figure row twice,
the second time garbled ("4/3", "J 44"); the first line of each pair is the table's figure and is
the one typed here. Table 3 has an empty second column in the extraction, dropped here.
"""

from __future__ import annotations

from sample_workbooks.seed_types import Part, SeedTable, years

SEED = "003_13c247d34daabed0.txt"
LA = "E10000031"
SN = "SN-E10000031"
ENGLAND = "E92000001"
YEARS = ("2015/16", "2016/17", "2017/18", "2018/19", "2019/20")
AREA_ROWS = ("Warwickshire", "Statistical Neighbours", "England")
AREA_PARTS = (Part(area=LA), Part(area=SN), Part(area=ENGLAND))


def _area_table(number: int, title: str, indicator: str, cells) -> SeedTable:
    return SeedTable(
        id=f"warwickshire_t{number}", seed_file=SEED, council=LA, title=title,
        layout="areas as rows (Warwickshire, statistical neighbours, England), financial years as columns",
        row_labels=AREA_ROWS, column_labels=YEARS, cells=cells,
        base=Part(indicator=indicator), row_parts=AREA_PARTS, column_parts=years(*YEARS))


TABLE_1 = _area_table(
    1, "Table 1 shows the rate of children who are subject to a Child Protection Plan at 31 March per "
       "10,000 of the 0-17 child population.", "cpp_rate",
    (("42.0", "38.8", "49.0", "29.8", "25.1"),
     ("39.4", "35.7", "34.4", "34.7", "TBC"),
     ("43.1", "43.3", "45.3", "43.7", "TBC")))

TABLE_2 = _area_table(
    2, "Table 2 shows Long Plans: The percentage of children who ceased to be the subject of a child "
       "protection plan during the year ending 31 March, who had been the subject of a child protection "
       "plan, continuously for two years or more.", "cpp_ended_2y_pct",
    (("4.9%", "4.9%", "5.9%", "3.0%", "2.3%"),
     ("2.6%", "3.3%", "3.8%", "3.7%", "TBC"),
     ("3.8%", "3.4%", "3.4%", "3.3%", "TBC")))

TABLE_3 = _area_table(
    3, "Table 3 \u2013 The % of children whose initial child protection conferences were held within 15 "
       "working days of the initiation of the s.47 enquiries which led to the conference.", "icpc_15wd_pct",
    (("100.0%", "76.8%", "72.6%", "83.1%", "67.8%"),
     ("79.1%", "80.4%", "84.9%", "84.7%", "TBC"),
     ("76.7%", "77.2%", "76.9%", "78.7%", "TBC")))

TABLE_4 = _area_table(
    4, "Table 4 - Of all children who had a child protection plan initiated during the year, the "
       "proportion who became the subject of a child protection plan for a second or subsequent time.",
    "cpp_repeat_pct",
    (("18.1%", "20.8%", "18.7%", "18.6%", "23.8%"),
     ("19.0%", "18.9%", "21.6%", "22.0%", "TBC"),
     ("17.9%", "18.7%", "20.2%", "20.8%", "TBC")))

QUARTERS = ("Q4 17/18", "Q1 18/19", "Q2 18/19", "Q3 18/19", "Q4 18/19",
            "Q1 19/20", "Q2 19/20", "Q3 19/20", "Q4 19/20", "Q1 20/21")
TABLE_5 = SeedTable(
    id="warwickshire_t5", seed_file=SEED, council=LA,
    title="Table 5 \u2013 The average number of months between previous and current child protection plan "
          "being initiated.",
    layout="quarters as rows, measures as columns; the first header cell is 'Quarter'",
    row_labels=QUARTERS,
    column_labels=("No. within 2 years", "% within 2 years", "Total No. repeat plans", "% regardless of time",
                   "Total No. CP Starts", "Average no. of months between prev and current CP"),
    cells=(("17", "10.1%", "26", "15.4%", "169", "30"),
           ("13", "8.3%", "19", "12.1%", "157", "24"),
           ("4", "2.9%", "30", "21.6%", "139", "54"),
           ("8", "8.2%", "15", "15.5%", "97", "55"),
           ("18", "14.6%", "32", "26.0%", "123", "23"),
           ("11", "8.5%", "22", "17.1%", "129", "34"),
           ("22", "20.8%", "33", "31.1%", "106", "23"),
           ("11", "12.6%", "23", "26.4%", "87", "45"),
           ("12", "11.4%", "25", "23.8%", "105", "42"),
           ("12", "10.0%", "38", "31.7%", "120", "42")),
    row_parts=tuple(Part(period=q) for q in QUARTERS),
    column_parts=(Part(indicator="cpp_repeat_2y_count"), Part(indicator="cpp_repeat_2y_pct"),
                  Part(indicator="cpp_repeat_count"), Part(indicator="cpp_repeat_pct"),
                  Part(indicator="cpp_starts"), Part(indicator="cpp_repeat_gap_months")))

TABLE_6 = SeedTable(
    id="warwickshire_t6", seed_file=SEED, council=LA,
    title="Table 6 - Child Protection Activity between 2015-2020.",
    layout="activity measures as rows (labels wrapped over two or three lines in the report, joined "
           "here), financial years as columns; plans at 31 March are snapshots",
    row_labels=("Number of S47 Child Protection Investigations initiated",
                "Number of Children subject to an Initial Child Protection Conferences during the year",
                "Number of Child Protection Plans initiated during the year",
                "Number of Child Protection Plans closed during the year",
                "Number of Children subject to Plans at 31 March"),
    column_labels=YEARS,
    cells=(("1084", "1290", "1426", "1205", "1306"),
           ("618", "544", "727", "623", "482"),
           ("579", "496", "674", "516", "425"),
           ("639", "532", "544", "734", "473"),
           ("473", "439", "563", "345", "295")),
    row_parts=(Part(indicator="s47_enquiries"), Part(indicator="icpc_count"), Part(indicator="cpp_starts"),
               Part(indicator="cpp_ended"), Part(indicator="cpp_count")),
    column_parts=years(*YEARS))

DISTRICT_COLUMNS = ("31 March 2015", "31 March 2016", "31 March 2017", "31 March 2018", "31 March 2019",
                    "31 March 2020", "31 July 2020")
DISTRICT_SNAPSHOTS = ("31 Mar 2015", "31 Mar 2016", "31 Mar 2017", "31 Mar 2018", "31 Mar 2019",
                      "31 Mar 2020", "31 Jul 2020")
TABLE_7 = SeedTable(
    id="warwickshire_t7", seed_file=SEED, council=LA,
    title="Table 7 \u2013 Child Protection Rates per 10,000 by District.",
    layout="districts as rows with the county last; dates as columns printed over three header lines "
           "('31' / 'March' / '2015'), joined here; the row header reads 'Child Protection Rate per "
           "10,000 at Year End'",
    row_labels=("N. Warwickshire", "Nuneaton & Bedworth", "Rugby", "Stratford", "Warwick",
                "Warwickshire CP rate per 10,000"),
    column_labels=DISTRICT_COLUMNS,
    cells=(("51", "35", "39", "47", "22", "17", "22"),
           ("77", "60", "54", "67", "36", "36", "32"),
           ("42", "39", "37", "36", "23", "24", "33"),
           ("22", "23", "24", "43", "26", "19", "24"),
           ("45", "45", "39", "51", "23", "20", "16"),
           ("47.7", "42", "38.8", "49", "29.8", "25.1", "28")),
    base=Part(indicator="cpp_rate"),
    row_parts=(Part(area="E07000218"), Part(area="E07000219"), Part(area="E07000220"),
               Part(area="E07000221"), Part(area="E07000222"), Part(area=LA)),
    column_parts=tuple(Part(period=s) for s in DISTRICT_SNAPSHOTS))

TABLES = (TABLE_1, TABLE_2, TABLE_3, TABLE_4, TABLE_5, TABLE_6, TABLE_7)
ROW_HEADER_T7 = "Child Protection Rate per 10,000 at Year End"
