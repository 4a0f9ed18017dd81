"""Measure the `## Personal data and safer outputs` section of docs/RELIABILITY.md.

* Lists of individual children, built here with made-up names, UPNs, dates of birth, postcodes and
  case IDs, are imported with ``cpdesk import FILE --skip-invalid --yes`` in a child process (capped
  at 2 GB of address space) with its own data folder; the table gives cpdesk's answer, the exit code
  and how many of the planted texts turned up in the database file, the log folder or the output.
* Every aggregate file cpdesk knows (sample workbooks, the acceptance corpus, the DfE/ONS reference
  files and the seed reports) is looked at by the same check: how many would be refused.
* A return with free text in its cells is imported with ``--skip-invalid``: how many quoted texts the
  stored report kept and how many read ``[text not kept]``.
* Every CSV cpdesk writes (cpdesk and DfE exports, ``dump``, ``reconcile``) from a database whose
  texts begin with formula characters: cells a spreadsheet could run, in the file and, where
  LibreOffice is installed, after LibreOffice has opened it; and whether the cpdesk CSV reads back
  unchanged.
* Edited cpdesk-format rows: the error each gives.

Usage: python tools/personal_data_check.py [--write]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import openpyxl  # noqa: E402

from cpdesk.csv_cells import FORMULA_STARTS  # noqa: E402
from cpdesk.read.grid import ReadError, Sheet  # noqa: E402
from cpdesk.read.personal import UPN_LETTERS, child_level  # noqa: E402
from cpdesk.read.workbook import open_workbook  # noqa: E402
from tests.core.child_level_corpus import CORPUS, build  # noqa: E402
from tests.core.corpus_people import write_csv, xlsx  # noqa: E402
from tools.reliability_doc import write_section  # noqa: E402

SECTION = "Personal data and safer outputs"
SUMMARY_ROW = "Child-level files refused; CSV outputs neutralised"
ADDRESS_SPACE_CAP = 2_000_000_000
FORENAMES = ["Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Freya", "Arthur"]
SURNAMES = ["Hartwell", "Quinlan", "Brookfield", "Pricewood", "Stoneridge", "Ashdown"]
POSTCODES = ["CV34 4RL", "OX1 1ND", "SO23 8UJ", "B15 2TT", "CV21 2DN", "OX16 5QA", "SO50 9RS"]


# --- made-up children -------------------------------------------------------------------------------

def upn(serial: int) -> str:
    digits = f"937200112{serial:03d}"
    total = sum(weight * int(d) for weight, d in zip(range(2, 14), digits, strict=True))
    return UPN_LETTERS[total % 23] + digits


def children(count: int) -> list[dict]:
    rng = random.Random(13)
    return [{"forename": rng.choice(FORENAMES), "surname": rng.choice(SURNAMES) + str(i), "upn": upn(i),
             "dob": dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(6000)),
             "postcode": rng.choice(POSTCODES), "id": f"C{500100 + 7 * i}",
             "referral": dt.date(2024, 4, 1) + dt.timedelta(days=rng.randrange(360)),
             "plan": dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(300))} for i in range(count)]


def planted(rows: list[dict]) -> list[str]:
    texts = set()
    for row in rows:
        texts |= {row["surname"], row["upn"], row["postcode"], row["id"], row["dob"].isoformat(),
                  row["dob"].strftime("%d/%m/%Y")}
    return sorted(texts)


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    return write_csv(path, rows, header)


def child_files(folder: Path, rows: list[dict]) -> list[tuple[str, Path]]:
    """(what it is, file) for each list of children cpdesk must refuse."""
    day = "%d/%m/%Y"
    return [
        ("a tidy return with name, date-of-birth and UPN columns", _csv(
            folder / "cp_tidy_with_children.csv",
            ["area_code", "indicator", "period", "value", "child_name", "dob", "upn"],
            [["E10000031", "cpp_count", "2024-25", 1, f"{r['forename']} {r['surname']}",
              r["dob"].strftime(day), r["upn"]] for r in rows])),
        ("a CIN list: child ID, names, DOB, postcode, referral and plan start dates", xlsx(
            folder / "cin_list.xlsx",
            {"Data": [["LA Child ID", "Forename", "Surname", "Date of Birth", "Postcode", "Referral Date",
                       "CP Plan Start Date"]]
             + [[r["id"], r["forename"], r["surname"], r["dob"], r["postcode"], r["referral"], r["plan"]]
                for r in rows]})),
        ("headings that say nothing (Field 1 ...): only the cells give it away", xlsx(
            folder / "extract.xlsx",
            {"Extract": [[f"Field {i}" for i in range(1, 6)]]
             + [[r["id"], r["dob"], r["postcode"], r["referral"], 1] for r in rows]})),
        ("UPNs alone, under a heading of 'Ref'", _csv(
            folder / "refs.csv", ["Ref", "Team", "Visits"], [[r["upn"], "North", 3] for r in rows])),
        ("a case list: Mosaic IDs and referral dates only", _csv(
            folder / "cases.csv", ["Mosaic ID", "Referral date", "Team"],
            [[r["id"], r["referral"].strftime(day), "South"] for r in rows])),
        ("a summary sheet beside a hidden sheet of children", xlsx(
            folder / "summary_and_list.xlsx",
            {"Summary": [["area_code", "indicator", "period", "value"],
                         ["E10000031", "cpp_count", "2024-25", 563]],
             "Children": [["Surname", "DOB"]] + [[r["surname"], r["dob"]] for r in rows]},
            hidden=("Children",))),
    ]


# --- running cpdesk ---------------------------------------------------------------------------------

def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def cpdesk(home: Path, *args: str) -> tuple[int, str, str, float]:
    """Run ``python -m cpdesk ARGS`` with its own data folder: (exit code, stdout, stderr, seconds)."""
    env = {**os.environ, "CPDESK_HOME": str(home), "CPDESK_NATIONAL_PACK": "off", "PYTHONPATH": str(REPO),
           "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "cpdesk", *args], env=env, capture_output=True, text=True,
                          preexec_fn=_cap_memory, timeout=300, check=False)
    return done.returncode, done.stdout, done.stderr, time.perf_counter() - start


def leaks(texts: list[str], output: str, *places: Path) -> int:
    """How many of ``texts`` appear in ``output`` or in any file under ``places``."""
    blobs = [output] + [p.read_bytes().decode("utf-8", "replace") for place in places if place.exists()
                        for p in ([place] if place.is_file() else place.rglob("*")) if p.is_file()]
    return sum(1 for text in texts if any(text in blob for blob in blobs))


def refusals(folder: Path) -> list[dict]:
    rows = children(120)
    texts = planted(rows)
    found = []
    for what, path in child_files(folder, rows):
        home = folder / f"home-{path.stem}"
        db = home / "cpdesk.sqlite"
        code, out, err, seconds = cpdesk(home, "import", str(path), "--db", str(db), "--skip-invalid",
                                         "--yes")
        stored = 0
        if db.exists():
            with sqlite3.connect(db) as connection:
                stored = connection.execute("SELECT count(*) FROM observations").fetchone()[0]
        found.append({"what": what, "file": path.name, "exit": code, "seconds": seconds, "stored": stored,
                      "database_left": db.exists(),
                      "message": (err.strip() or out.strip()).splitlines()[0] if (err or out).strip() else "",
                      "leaked": leaks(texts, out + err, home), "planted": len(texts),
                      "traceback": "Traceback" in out + err})
    return found


# --- aggregate files --------------------------------------------------------------------------------

def corpus() -> tuple[int, int, int, list[str]]:
    """(files, sheets, seed reports, refused) over every aggregate file cpdesk knows."""
    shared = REPO.parent / "shared"
    folders = (REPO / "sample_workbooks", REPO / "tests" / "acceptance" / "cases", shared / "reference")
    files = sorted(p for folder in folders if folder.exists() for p in folder.rglob("*")
                   if p.is_file() and p.suffix.lower() in (".csv", ".xlsx", ".xls", ".ods"))
    sheets, refused = 0, []
    for path in files:
        try:
            workbook = open_workbook(path)
        except ReadError:
            continue
        sheets += len(workbook.sheets)
        refused += [path.name for sheet in workbook.sheets if child_level(sheet) is not None]
    seeds = sorted((shared / "seeds").glob("*.txt")) if (shared / "seeds").exists() else []
    for seed in seeds:
        rows = [[c if c.strip() else None for c in line.split("\t")]
                for line in seed.read_text(encoding="utf-8").splitlines()]
        if child_level(Sheet(seed.stem, rows)) is not None:
            refused.append(seed.name)
    return len(files), sheets, len(seeds), refused


def child_level_corpus(folder: Path) -> dict:
    """Every file of tests/core/child_level_corpus.py built and looked at: which lists of children were
    let through, which aggregate reports were refused, how long it took."""
    start = time.perf_counter()
    missed, wrongly, known = [], [], []
    for entry in CORPUS:
        workbook = open_workbook(build(entry, folder))
        refused = any(child_level(sheet) is not None for sheet in workbook.sheets)
        if entry.kind == "child" and not refused:
            (known if entry.known_miss else missed).append(entry)
        elif entry.kind == "aggregate" and refused:
            wrongly.append(entry)
    children = sum(1 for e in CORPUS if e.kind == "child")
    return {"children": children, "aggregates": len(CORPUS) - children, "missed": missed, "known": known,
            "wrongly": wrongly, "seconds": time.perf_counter() - start}


# --- the stored report ------------------------------------------------------------------------------

def stored_report(folder: Path) -> dict:
    names = ["Amelia Hartwell", "Narnia Smithfield", "Referrals Oliver Quinlan", "Q9 Brookfield"]
    path = _csv(folder / "mixed_return.csv", ["area_code", "indicator", "period", "value", "notes"],
                [["E10000031", "cpp_count", "2024-25", "563", "ok"],
                 ["E10000031", "cpp_count", "2023-24", names[0], ""],
                 [names[1], "cpp_count", "2023-24", "7", ""],
                 ["E10000031", names[2], "2023-24", "7", ""],
                 ["E10000031", "cpp_count", names[3], "5", ""]])
    home = folder / "home-mixed"
    db = home / "cpdesk.sqlite"
    code, out, err, _ = cpdesk(home, "import", str(path), "--db", str(db), "--skip-invalid", "--yes")
    with sqlite3.connect(db) as connection:
        (report,) = connection.execute("SELECT report_json FROM imports").fetchone()
    messages = [issue["message"] for issue in json.loads(report)["issues"]]
    words = [w for name in names for w in name.split() if w not in ("Referrals", "Q9")]
    not_kept = sum(m.count("[text not kept]") for m in messages)
    return {"exit": code, "issues": len(messages), "not_kept": not_kept,
            "quoted_kept": sum(len(re.findall(r"(?<!\w)'[^'\n]*?'(?!\w)", m)) for m in messages),
            "leaked": leaks(words, "", db, home / "logs"), "shown": sum(n in out for n in names)}


# --- CSV outputs ------------------------------------------------------------------------------------

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\t=1+1", "\r=1+1", "'=already quoted", "=cmd.xlsx"]


def formula_like(cell: str) -> bool:
    if not cell or cell[0] not in FORMULA_STARTS:
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def csv_outputs(folder: Path) -> dict:
    from cpdesk.export.cpdesk_format import write_cpdesk_format
    from cpdesk.export.dfe_format import write_dfe_format
    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import CellRef, Observation
    from cpdesk.pipeline import import_workbook
    from cpdesk.reference import load_reference
    from cpdesk.store import open_store
    from cpdesk.store.records import ImportBatch

    reference = load_reference()
    figures = [Observation("E10000031", "cpp_repeat_pct", parse_period(f"{2000 + i}/{i + 1:02d}"), 23.8,
                           raw=text, source=CellRef(text + ".xlsx", text, "A1"))
               for i, text in enumerate(HOSTILE, 10)]
    negative = Observation("E10000031", "cin_rate", parse_period("2018/19"), -3.5, raw="-3.5",
                           source=CellRef("report.xlsx", "Table 2", "B3"))
    dfe = Observation("E10000031", "cpp_repeat_pct", parse_period("2010/11"), 24.1, raw="24.1",
                      source=CellRef("-dfe.csv", "-dfe", "F2"), publisher="dfe")
    db = folder / "outputs.sqlite"
    outputs: dict[str, Path] = {}
    with open_store(db) as store:
        store.sync_areas(reference.areas.all())
        store.sync_indicators(reference.schema.indicators.values())
        store.import_observations(ImportBatch("=cmd.xlsx", "=cmd.xlsx", "h1", "check", figures))
        store.import_observations(ImportBatch("report.xlsx", "report.xlsx", "h2", "check", [negative]))
        store.import_observations(ImportBatch("-dfe.csv", "-dfe.csv", "h3", "check", [dfe]))
        stored = store.observations()
        outputs["cpdesk export"] = write_cpdesk_format(stored, folder / "cpdesk_export.csv")
        write_dfe_format(stored, folder / "dfe_export.csv", reference.schema, reference.areas)
        outputs["DfE export"] = folder / "dfe_export.csv"
    for command in ("dump", "reconcile"):
        _, out, _, _ = cpdesk(folder / "home-outputs", command, "--db", str(db))
        outputs[f"`{command}`"] = folder / f"{command}.csv"
        outputs[f"`{command}`"].write_bytes(out.encode("utf-8"))
    result = {"files": {}, "libreoffice": None, "round_trip": False}
    for name, path in outputs.items():
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
        result["files"][name] = (sum(len(r) for r in rows), sum(formula_like(c) for r in rows for c in r))
    result["libreoffice"] = _libreoffice(outputs, folder)
    with open_store(db) as first, open_store(folder / "second.sqlite") as second:
        second.sync_areas(reference.areas.all())
        second.sync_indicators(reference.schema.indicators.values())
        write_cpdesk_format([o for o in first.observations() if o.value is None or o.value >= 0],
                            folder / "round.csv")
        plan, outcome = import_workbook(folder / "round.csv", reference, second, user="check")

        def key(o):
            return (o.key, o.value, o.status, o.raw, o.source_file, o.source_sheet, o.source_cell)

        wanted = sorted(key(o) for o in first.observations() if o.value is None or o.value >= 0)
        result["round_trip"] = outcome is not None and sorted(map(key, second.observations())) == wanted
        result["round_figures"] = len(wanted)
    return result


def _libreoffice(outputs: dict[str, Path], folder: Path) -> dict | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    converted = folder / "converted"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder / 'lo-profile'}",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(converted),
                    *map(str, outputs.values())], check=True, capture_output=True, timeout=300)
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True, check=False).stdout
    version = version.strip()
    found = {}
    for name, path in outputs.items():
        sheet = openpyxl.load_workbook(converted / f"{path.stem}.xlsx").active
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        numbers = sum(1 for c in cells if c.data_type == "n")
        found[name] = (sum(1 for c in cells if c.data_type == "f"), numbers)
    return {"version": version, "files": found}


# --- cpdesk format ----------------------------------------------------------------------------------

FORMAT_CASES = [("a value of `abc`", {"value": "abc"}),
                ("a period kind of `fortnight`", {"period_kind": "fortnight"}),
                ("reversed dates", {"period_start": "2019-04-01", "period_end": "2018-03-31"}),
                ("a 'year' of 1 Jan - 31 Mar", {"period_start": "2019-01-01"}),
                ("a publisher of `ofsted`", {"publisher": "ofsted"}),
                ("a source cell of `somewhere`", {"source_cell": "somewhere"})]


def format_checks(folder: Path) -> list[tuple[str, int, str]]:
    from cpdesk.export.cpdesk_format import COLUMNS, write_cpdesk_format
    from cpdesk.indicators.periods import parse_period
    from cpdesk.observation import CellRef, Observation

    figure = Observation("E10000031", "cpp_repeat_pct", parse_period("2019/20"), 23.8, raw="23.8%",
                         source=CellRef("warwickshire_cp_update_2020.xlsx", "Table 4", "F5"))
    found = []
    for what, cells in FORMAT_CASES:
        path = write_cpdesk_format([figure], folder / "export.csv")
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
        for name, text in cells.items():
            rows[1][COLUMNS.index(name)] = text
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        code, out, err, _ = cpdesk(folder / "home-format", "validate", str(path))
        error = next((line.strip() for line in out.splitlines() if line.strip().startswith("ERROR")), "")
        found.append((what, code, error if "Traceback" not in out + err else "Traceback"))
    return found


# --- the section ------------------------------------------------------------------------------------

def _corpus_lines(found: dict) -> list[str]:
    refused = found["children"] - len(found["missed"]) - len(found["known"])
    known = "; ".join(f"{e.name}: {e.known_miss}" for e in found["known"]) or "none"
    missed = ", ".join(e.name for e in found["missed"]) or "none"
    wrongly = ", ".join(e.name for e in found["wrongly"]) or "none"
    return ["", "### The child-level corpus", "",
            f"`tests/core/child_level_corpus.py` builds {found['children']} lists of made-up children in the "
            "shapes councils hold them (Mosaic, LCS, Liquidlogic, Azeus and EHM exports, SSDA903 and CIN "
            "census files, hand-kept trackers, header-less pastes, lists on hidden or third sheets, "
            "anonymised rows, "
            f"dates as yyyymmdd or in words) and {found['aggregates']} aggregate reports built to look like "
            "lists (a row per ward, LSOA, school URN, GP practice, worker or post; daily and weekly dates; "
            "'Person ID' and 'D.O.B.' in notes). The suite fails if one list is let through that is not "
            "marked as a known miss, or if one aggregate report is refused.", "",
            f"- lists of children refused: {refused} of {found['children']}; let through: {missed}; "
            f"known misses: {known}",
            f"- aggregate reports refused: {len(found['wrongly'])} of {found['aggregates']} ({wrongly})",
            f"- built and looked at in {found['seconds']:.1f} s",
            "- before this corpus, an outside test of 44 such lists found 37 refused: an SSDA903 episodes "
            "file, a UASC list ('Ref' of U-numbers), care leavers ('Care Leaver ID'), a strategy-discussion "
            "log ('Child(ren)' as 'Name (dd/mm/yy)'), a client list ('SURNAME, Forename', yyyymmdd dates), "
            "'Young Person' with dates in words, and anonymised numbered rows with plan-start dates were "
            "let through; all seven shapes are in the corpus and refused."]


def section(refused: list[dict], scanned: tuple, report: dict, outputs: dict, formats: list,
            found: dict) -> str:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    files, sheets, seeds, wrongly = scanned
    today = f"{dt.date.today():%d %b %Y}"
    lines = [f"## {SECTION}", "",
             f"Produced by `python tools/personal_data_check.py` on {today}, commit {commit}, on a machine "
             f"with {os.cpu_count()} cores and {memory:.0f} GB of memory (shared with other work). Each "
             "import runs `python -m cpdesk import FILE --skip-invalid --yes` in a child process capped at "
             "2 GB of address space, with a data folder of its own.", "",
             "### Lists of individual children", "",
             f"Each file lists 120 made-up children; {refused[0]['planted']} planted texts (surnames, UPNs, "
             "dates of birth in two spellings, postcodes, case IDs) were searched for in the database file, "
             "the log folder, stdout and stderr.", "",
             "| file | cpdesk's answer | exit | figures stored | new database left | planted texts found | "
             "time |", "|---|---|---|---|---|---|---|"]
    for row in refused:
        message = row["message"].replace("|", "\\|")
        left = "yes" if row["database_left"] else "no"
        lines.append(f"| {row['what']} | {message} | {row['exit']} | {row['stored']} | {left} | "
                     f"{row['leaked']} | {row['seconds']:.1f} s |")
    named = f" ({', '.join(wrongly)})" if wrongly else ""
    lines += ["", f"Aggregate files looked at by the same check: {files} files ({sheets} sheets) of sample "
              f"workbooks, the acceptance corpus and the DfE/ONS reference files, and the {seeds} seed "
              f"reports; refused: {len(wrongly)}{named}.", *_corpus_lines(found), "",
              "### What an import's stored report quotes", "",
              f"A return with a name in a figure cell, an unknown area, a label and a period holding names, "
              f"imported with `--skip-invalid` (exit {report['exit']}): the terminal showed "
              f"{report['shown']} of the 4 texts, so the officer can fix them; the stored report's "
              f"{report['issues']} issues kept {report['quoted_kept']} quoted texts (sheet names, headings, "
              f"figures, recognised labels) and read `[text not kept]` {report['not_kept']} times; words of "
              f"the names found in the database or log: {report['leaked']}.", "",
              "### CSV outputs", "",
              "A database whose raw texts, file names and sheet names begin `=`, `+`, `-`, `@`, tab and CR, "
              "with a figure of -3.5. A formula-like cell begins with one of those characters and is not a "
              "plain number.", "",
              "| output | cells | formula-like cells in the file | formulas after LibreOffice opened it | "
              "numbers LibreOffice read |", "|---|---|---|---|---|"]
    office = outputs["libreoffice"]
    for name, (cells, formula) in outputs["files"].items():
        after = office["files"][name] if office else ("not run", "not run")
        lines.append(f"| {name} | {cells} | {formula} | {after[0]} | {after[1]} |")
    lines += ["", f"LibreOffice: {office['version'] if office else 'not installed, so not run'}. "
              f"cpdesk CSV round trip of {outputs['round_figures']} figures: "
              f"{'exact' if outputs['round_trip'] else 'NOT exact'}.", "",
              "### cpdesk format checked like any other input", "",
              "| edited cell | exit of `cpdesk validate` | error |", "|---|---|---|"]
    lines += [f"| {what} | {code} | {error.replace('|', '/')} |" for what, code, error in formats]
    return "\n".join(lines) + "\n"


def summary(refused: list[dict], scanned: tuple, outputs: dict, found: dict) -> str:
    held = sum(r["exit"] == 2 and r["stored"] == 0 and r["leaked"] == 0 and not r["traceback"]
               and not r["database_left"] for r in refused)
    office = outputs["libreoffice"]
    formulas = sum(f for _, f in outputs["files"].values())
    after = sum(f for f, _ in office["files"].values()) if office else "not run"
    caught = found["children"] - len(found["missed"]) - len(found["known"])
    return (f"{held} of {len(refused)} child lists refused, nothing stored or echoed; corpus: {caught} of "
            f"{found['children']} lists refused, {len(found['wrongly'])} of {found['aggregates']} aggregate "
            f"reports; {len(scanned[3])} of {scanned[0] + scanned[2]} aggregate files refused; formula-like "
            f"CSV cells {formulas}, formulas in LibreOffice {after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cpdesk-privacy-") as temporary:
        folder = Path(temporary)
        refused = refusals(folder)
        scanned = corpus()
        report = stored_report(folder)
        outputs = csv_outputs(folder)
        formats = format_checks(folder)
        found = child_level_corpus(folder)
    text = section(refused, scanned, report, outputs, formats, found)
    print(text)
    if args.write:
        write_section(SECTION, text, SUMMARY_ROW, summary(refused, scanned, outputs, found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
