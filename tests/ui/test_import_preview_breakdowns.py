"""The import wizard's figures page: a Breakdown column, and statuses written as officers write them."""

from PySide6.QtCore import Qt

from tests.ui.test_import_wizard import ctx, open_wizard, read_files  # noqa: F401 - ctx is a fixture

ROWS = """area_code,area_name,indicator,breakdown,period,value
E10000031,Warwickshire,referrals_by_source_pct,individual,2019/20,8.5
E10000031,Warwickshire,referrals_by_source_pct,education,2019/20,19.0
E10000031,Warwickshire,referrals_by_source_pct,health,2019/20,TBC
E10000031,Warwickshire,cpp_count,,31 Mar 2019,N/A
E10000031,Warwickshire,cpp_rate,,31 Mar 2019,c
E10000031,Warwickshire,cin_rate,,31 Mar 2019,x
"""


def shown_rows(model) -> list[dict[str, str]]:
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{headers[c]: model.data(model.index(r, c)) for c in range(model.columnCount())}
            for r in range(model.rowCount())]


def test_preview_names_each_breakdown_and_writes_statuses_as_officers_do(qtbot, ctx, tmp_path,  # noqa: F811
                                                                       qtmodeltester):
    csv = tmp_path / "referrals by source.csv"
    csv.write_text(ROWS, encoding="utf-8")
    wizard = open_wizard(qtbot, ctx, csv)
    read_files(qtbot, wizard)
    model = wizard.preview_page.model
    qtmodeltester.check(model)
    rows = {(row["Indicator"], row["Breakdown"]): row["Value"] for row in shown_rows(model)}
    by_source = {breakdown: value for (title, breakdown), value in rows.items()
                 if title == "Referrals by source"}
    assert by_source == {"Individual": "8.5", "Education": "19", "Health services": "TBC"}
    statuses = sorted(value for (title, breakdown), value in rows.items() if breakdown == "")
    assert statuses == ["N/A", "c", "x"]
