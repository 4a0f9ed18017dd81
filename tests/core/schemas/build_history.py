"""A version-2 database with a history of every kind, and what each cell showed, as cpdesk 2 wrote them.

``history_v2.sql`` is the database: Warwickshire's report (seed 003: 563 on a plan at 31 March 2018, 345
at 31 March 2019, 674 plans started in 2017/18), the DfE's release (561; 126 repeat plans), a corrected
report that changed a figure, an edit typed in the grid, an undo of the corrected report, a re-import
of cpdesk's own format whose figures name the files they first came from (one an edit, with no file),
an undo of that (which empties the figure it added) and an import that fills that figure again.
``history_v2.json`` is every cell's current figure and whole history as that release read them
(:func:`cell_states`). The migration tests load the database, upgrade it, and compare.

Built with cpdesk at schema version 2 (commit 66c54d5); run from a checkout at that commit:
``python tests/core/schemas/build_history.py``. It writes through the Store, as an officer's cpdesk did.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SQL, EXPECTED = HERE / "history_v2.sql", HERE / "history_v2.json"
CPDESK_FILE = "warwickshire.cpdesk.xlsx"


def build(path: Path) -> None:
    """The history, written through cpdesk's own Store."""
    from cpdesk.observation import CellRef
    from cpdesk.store import open_store
    from tests.core.test_store import (
        AREAS,
        INDICATORS,
        MAR_2018,
        MAR_2019,
        YEAR_2017_18,
        batch,
        council_report,
        dfe_release,
        figure,
    )

    with open_store(path) as store:
        store.sync_areas(AREAS)
        store.sync_indicators(INDICATORS)
        store.import_observations(batch(council_report()))
        store.import_observations(batch(dfe_release(), file_name="d1_2018.csv", file_hash="hash-dfe"))
        corrected = [figure("cpp_count", MAR_2018, 561, file="corrected.xlsx", cell="D11"),
                     figure("cpp_count", MAR_2019, None, status="tbc", raw="TBC", file="corrected.xlsx"),
                     figure("cpp_starts", YEAR_2017_18, 674, file="corrected.xlsx", cell="D8")]
        third = store.import_observations(batch(corrected, file_name="corrected.xlsx", file_hash="hash-2",
                                                user="bob"))
        typed = dataclasses.replace(figure("cpp_starts", YEAR_2017_18, 680, raw="680"), source=None)
        store.record_edits([typed], "carol", "edit: the return's typo corrected")
        store.undo_import(third.import_id, "alice")
        own = [figure("cpp_count", MAR_2018, 563, cell="D10"),
               figure("cpp_count", MAR_2019, 346, raw="346", cell="E10"),
               dataclasses.replace(figure("cpp_starts", YEAR_2017_18, 681, raw="681"),
                                   source=CellRef("", "", "")),
               figure("cpp_count", MAR_2018, 41, area="E07000220", file="rugby.xlsx", cell="C4"),
               figure("cpp_repeat_count", YEAR_2017_18, 126, publisher="dfe", file="d3.csv", cell="row 9")]
        sixth = store.import_observations(batch(own, file_name=CPDESK_FILE, file_hash="hash-own",
                                                user="dave"))
        store.undo_import(sixth.import_id, "dave")
        again = [figure("cpp_count", MAR_2018, 42, area="E07000220", file="rugby 2.xlsx", cell="C4")]
        store.import_observations(batch(again, file_name="rugby 2.xlsx", file_hash="hash-rugby", user="erin"))


def cell_states(database: str | Path) -> list[dict[str, Any]]:
    """Every cell (emptied ones too): its key, what it holds now, and its whole history, as the Store
    reads them; in the cells' order of creation. ``database``: a SQLite file or a server's URL."""
    from cpdesk.indicators.model import Period
    from cpdesk.store import open_store

    engine = sa.create_engine(_url(database))
    with engine.connect() as conn:
        cells = conn.exec_driver_sql(
            "SELECT o.area_code, o.indicator_id, o.breakdown, p.kind, p.start_date, p.end_date, p.label, "
            "o.publisher, o.value, o.status, o.raw FROM observations o JOIN periods p ON p.id = o.period_id "
            "ORDER BY o.id").all()
    engine.dispose()
    states = []
    with open_store(database, create=False, read_only=True) as store:
        for area, indicator, breakdown, kind, start, end, label, publisher, value, status, raw in cells:
            period = Period(kind, _date(start), _date(end), label)
            stored = store.stored_values([(area, indicator, breakdown, *period.key, publisher)])
            current = next(iter(stored.values()), None)
            states.append({
                "key": [area, indicator, breakdown, kind, str(start), str(end), publisher],
                "cell": [value, status, raw],
                "stored": list(current[5:]) if current is not None else None,
                "history": [dataclasses.asdict(r) for r in store.history(area, indicator, period, breakdown,
                                                                         publisher)],
            })
    return states


def imports_of(database: str | Path) -> list[dict[str, Any]]:
    from cpdesk.store import open_store

    with open_store(database, create=False, read_only=True) as store:
        return [dataclasses.asdict(record) for record in store.imports()]


def states(database: str | Path) -> dict[str, Any]:
    """Every cell's state and every import, as ``history_v2.json`` holds them."""
    return json.loads(json.dumps({"cells": cell_states(database), "imports": imports_of(database)},
                                 default=str))


def _url(database: str | Path) -> str:
    from cpdesk.store.credentials import with_password
    from cpdesk.store.engine import locate

    return with_password(locate(database).url).render_as_string(hide_password=False)


def _date(text: Any) -> Any:
    import datetime as dt

    return text if isinstance(text, dt.date) else dt.date.fromisoformat(str(text))


def main() -> int:
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite"
        build(path)
        expected = states(path)
        raw = sqlite3.connect(path)
        try:
            dump = "\n".join(raw.iterdump()) + "\n"
        finally:
            raw.close()
    SQL.write_text("-- cpdesk schema version 2 with a history of every kind; built by "
                   "tests/core/schemas/build_history.py\n" + dump, encoding="utf-8")
    EXPECTED.write_text(json.dumps(expected, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"{SQL.relative_to(REPO)}, {EXPECTED.relative_to(REPO)}: {len(expected['cells'])} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
