"""A council's own tidy return: "category" is the breakdown, a unit column is checked against each
indicator's unit ("per 1,000" is never stored as a rate per 10,000), and columns cpdesk does not read
are named in a note."""

from __future__ import annotations

from cpdesk.read.dispatch import read_file
from cpdesk.read.long_columns import ignored_columns, unit_named, with_aliases
from cpdesk.reference import load_reference

RETURN = ("la_code,la_name,indicator,period,value,unit,category,notes\n"
          "E10000031,Warwickshire,cpp_rate,31 Mar 2024,2.95,\"per 1,000\",,\n"
          "E10000031,Warwickshire,cpp_by_category_pct,2023/24,51.3,%,neglect,\n"
          "E10000031,Warwickshire,cpp_by_category_pct,2023/24,37.9,%,emotional_abuse,\n"
          "937,Warwickshire,contacts,2023/24,15000,count,,checked\n"
          "E10000031,Warwickshire,rereferrals_12m_pct,2023/24,25.1,%,,\n")


def _read(tmp_path):
    path = tmp_path / "return.csv"
    path.write_text(RETURN, encoding="utf-8")
    return read_file(path, load_reference())


def test_category_is_the_breakdown_and_units_that_fit_are_read(tmp_path):
    result = _read(tmp_path)
    read = sorted((o.indicator_id, o.breakdown, o.value) for o in result.observations)
    assert read == [("contacts", "", 15000), ("cpp_by_category_pct", "emotional_abuse", 37.9),
                    ("cpp_by_category_pct", "neglect", 51.3), ("rereferrals_12m_pct", "", 25.1)]


def test_a_unit_that_is_not_the_indicators_is_refused_at_its_cell(tmp_path):
    result = _read(tmp_path)
    [refused] = [i for i in result.issues if i.code == "unit-mismatch"]
    assert (refused.severity, refused.cell) == ("error", "F2")
    assert ("the unit 'per 1,000' is not one cpdesk knows, and this indicator is a rate per 10,000"
            in refused.message)


def test_columns_cpdesk_does_not_read_are_named(tmp_path):
    [note] = [i for i in _read(tmp_path).issues if i.code == "ignored-columns"]
    assert note.severity == "info" and "'notes'" in note.message and "'category'" not in note.message
    assert ignored_columns(with_aliases({"area_code": 0, "category": 1, "rag": 2})) == ["rag"]
    # Two breakdown columns: "breakdown" is read, so "category" is named as not read.
    assert ignored_columns(with_aliases({"breakdown": 0, "category": 1})) == ["category"]


def test_unit_words():
    assert [unit_named(t) for t in ("%", "Per 10,000", "Number", "per 1,000", "")] == [
        "percent", "rate_per_10k", "count", None, None]
