"""``cpdesk --smoke-test``: every check passes from a checkout; a missing resource, font, image format or
Qt plugin, and a team database out of reach, each fail it with the reason; it never writes to the
officer's own folder and needs no terminal.

The full run starts cpdesk in a process of its own, as the built app is started; the failing runs stop
early (nothing needing the resources is tried) and take about a second.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPluginLoader
from PySide6.QtGui import QColor, QImage

from cpdesk.read.grid import ReadError
from cpdesk.store import open_store
from cpdesk.store.migrations import latest_version
from cpdesk.ui.smoke_checks import (
    SmokeFailure,
    image_formats,
    image_not_blank,
    opens_back,
    platform_plugin,
    plugin_folders,
    plugin_keys,
)
from cpdesk.ui.smoke_test import PG_VARIABLE, SmokeTest, offscreen_settings, qt_message

REPO = Path(__file__).resolve().parents[2]
CHECKS = ("qt platform", "qt image formats", "fonts", "resources", "demo database", "main window", "charts",
          "exports")
DESKTOP_PLATFORMS = ("wayland", "xcb")
NO_SERVER = "postgresql://nobody@127.0.0.1:9/cpdesk"  # port 9 (discard): nothing listens there
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{folder}</dir><cachedir>{folder}/cache</cachedir></fontconfig>
"""


def smoke_test(tmp_path: Path, python_code: str | None = None,
               **env: str | None) -> subprocess.CompletedProcess:
    """``python -m cpdesk --smoke-test`` from this checkout (or ``python_code`` that runs it), with the
    officer's home in ``tmp_path/officer`` and the variables ``env`` sets (None: unset)."""
    given = {PG_VARIABLE: None, **env, "PYTHONPATH": str(REPO), "CPDESK_HOME": str(tmp_path / "officer")}
    environment = {name: value for name, value in {**os.environ, **given}.items() if value is not None}
    command = ["-c", python_code] if python_code else ["-m", "cpdesk", "--smoke-test"]
    return subprocess.run([sys.executable, *command], cwd=tmp_path, env=environment, capture_output=True,
                          text=True, timeout=300)


def lines_of(text: str) -> dict[str, str]:
    """Each check's printed line, by the check's name."""
    found = {}
    for line in text.splitlines():
        status, _, rest = line.partition(" ")
        name, colon, _ = rest.strip().partition(":")
        if status in ("ok", "FAIL", "skip") and colon:
            found[name] = line
    return found


def test_every_check_passes_from_a_checkout_in_a_folder_of_its_own(tmp_path):
    done = smoke_test(tmp_path, QT_QPA_PLATFORM=None)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = lines_of(done.stdout)
    for check in CHECKS:
        assert lines[check].startswith(f"ok   {check}: "), lines[check]
    assert "offscreen" in lines["qt platform"]  # chosen by the smoke test when the caller chose none
    assert "Dashboard, Charts, Data, Imports & history; icon in 6 sizes" in lines["main window"]
    assert lines["charts"] == "ok   charts: trend, districts, rank, neighbours (4 PNG) and trend as SVG"
    for export in ("board workbook (", "PDF pack (", "DfE (", "cpdesk ("):
        assert export in lines["exports"]
    assert lines["postgresql"].startswith("skip postgresql: ")  # optional: no URL given
    assert "propagateSizeHints" not in done.stderr  # the offscreen platform's harmless remark
    assert done.stdout.splitlines()[-1].startswith(f"smoke test passed: {len(CHECKS)} checks in ")
    officer = tmp_path / "officer"
    assert sorted(p.name for p in officer.iterdir()) == ["logs"]  # no database, settings or mappings
    assert not [p for p in tmp_path.iterdir() if p.name != "officer"]  # the temporary folder is gone


def test_missing_resources_and_an_unreachable_team_database_fail_with_their_reasons(tmp_path):
    empty = tmp_path / "no-resources"
    empty.mkdir()
    done = smoke_test(tmp_path, CPDESK_RESOURCES=str(empty), **{PG_VARIABLE: NO_SERVER})
    assert done.returncode == 1
    lines = lines_of(done.stdout)
    assert lines["resources"].startswith(
        f"FAIL resources: missing from {empty}: indicators.toml, lexicon.toml")
    assert "national/national_pack.csv.gz, icons/cpdesk.ico, icons/cpdesk.png" in lines["resources"]
    assert lines["qt platform"].startswith("ok   ")  # what needs no resources is still checked
    assert lines["fonts"].startswith("ok   ")
    assert lines["demo database"] == "skip demo database: needs the resources"
    assert lines["charts"] == "skip charts: needs the demo database"
    assert lines["postgresql"].startswith(
        "FAIL postgresql: cpdesk cannot reach the database server 127.0.0.1:9")
    assert done.stdout.splitlines()[-1].startswith(
        "smoke test FAILED: resources, postgresql; not tried: demo database, main window, charts, exports")


def test_a_missing_module_is_named(tmp_path):
    """python-calamine (cpdesk's workbook reader) left out of a build."""
    code = ("import sys; sys.modules['python_calamine'] = None\n"
            "from cpdesk.cli import main\n"
            "raise SystemExit(main(['--smoke-test']))\n")
    done = smoke_test(tmp_path, code)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    assert failed and all("the module 'python_calamine' is missing" in line for line in failed), failed
    assert lines_of(done.stdout)["fonts"].startswith("ok   ")


def test_a_check_that_hangs_ends_the_smoke_test_naming_it(tmp_path):
    code = ("import time\n"
            "import cpdesk.ui.smoke_test as smoke\n"
            "smoke.CHECK_LIMIT_S = 1.0\n"
            "smoke.SmokeTest.resources = lambda self: time.sleep(60)\n"
            "from cpdesk.cli import main\n"
            "raise SystemExit(main(['--smoke-test']))\n")
    started = time.monotonic()
    done = smoke_test(tmp_path, code)
    assert time.monotonic() - started < 50  # not the minute the check would have taken
    assert done.returncode == 1
    assert lines_of(done.stdout)["resources"] == (
        "FAIL resources: no answer after 1 s (the log file has what it was doing)")
    assert done.stdout.splitlines()[-1] == (
        "smoke test FAILED: resources did not finish; the checks after it were not tried")
    log = (tmp_path / "officer" / "logs" / "cpdesk.log").read_text(encoding="utf-8")
    assert "smoke test: resources hung; where each thread was:\nMainThread:\n" in log
    assert 'in run_all\n    self.check("resources", self.resources)' in log and "in <lambda>" in log
    assert not [p for p in tmp_path.iterdir() if p.name != "officer"]  # its temporary folder removed


def test_with_no_terminal_at_all_the_result_is_in_the_log(tmp_path):
    """A windowed build has no stdout or stderr (both None): nothing may crash, and the log has it all."""
    empty = tmp_path / "no-resources"
    empty.mkdir()
    code = ("import sys; sys.stdout = sys.stderr = None\n"
            "from cpdesk.cli import main\n"
            "raise SystemExit(main(['--smoke-test']))\n")
    done = smoke_test(tmp_path, code, CPDESK_RESOURCES=str(empty))
    assert done.returncode == 1 and done.stdout == ""
    log = (tmp_path / "officer" / "logs" / "cpdesk.log").read_text(encoding="utf-8")
    assert f"WARNING cpdesk.ui.smoke_test: smoke test: FAIL resources: missing from {empty}" in log
    assert "INFO cpdesk.ui.smoke_test: smoke test: ok   fonts: " in log
    assert "smoke test: smoke test FAILED: resources; not tried: demo database" in log


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig chooses Qt's fonts on Linux")
def test_no_font_fails_naming_what_is_missing(tmp_path):
    (tmp_path / "no-fonts").mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS.format(folder=tmp_path / "no-fonts"), encoding="utf-8")
    done = smoke_test(tmp_path, FONTCONFIG_FILE=str(config), CPDESK_RESOURCES=str(tmp_path / "no-fonts"))
    assert done.returncode == 1
    assert lines_of(done.stdout)["fonts"].startswith(
        "FAIL fonts: Qt has no font to draw 'cpdesk 0123456789' with")
    assert "fonts-dejavu-core" in lines_of(done.stdout)["fonts"]


def test_a_missing_platform_plugin_is_named_before_qt_would_abort(qapp):
    assert platform_plugin("offscreen", plugin_folders()).name in ("libqoffscreen.so", "qoffscreen.dll",
                                                                     "libqoffscreen.dylib")
    missing = r"Qt's 'nosuch' platform plugin is missing \(looked in .*platforms"
    with pytest.raises(SmokeFailure, match=missing):
        platform_plugin("nosuch", plugin_folders())


def unloadable_platform() -> str | None:
    """A desktop platform whose plugin is installed but cannot load here (wayland's without
    libwayland-cursor, on a server)."""
    for folder in plugin_folders():
        for file in sorted((folder / "platforms").glob("*")):
            loader = QPluginLoader(str(file))
            keys = plugin_keys(loader)
            if keys and keys[0] in DESKTOP_PLATFORMS and not loader.load():
                return keys[0]
    return None


def test_a_platform_plugin_missing_a_library_fails_naming_it_instead_of_aborting(qapp, tmp_path):
    platform = unloadable_platform()
    if platform is None:
        pytest.skip("every Qt platform plugin loads here: no missing library to show")
    empty = tmp_path / "no-resources"
    empty.mkdir()
    done = smoke_test(tmp_path, QT_QPA_PLATFORM=platform, CPDESK_RESOURCES=str(empty))
    assert done.returncode == 1
    lines = lines_of(done.stdout)
    assert lines["qt platform"].startswith(f"FAIL qt platform: Qt's '{platform}' platform plugin cannot be "
                                           "loaded: Cannot load library ")
    assert ": cannot open shared object file" in lines["qt platform"] or os.name == "nt"
    assert lines["fonts"] == "skip fonts: needs the Qt platform"


def test_qt_draws_offscreen_unless_the_caller_chose_a_platform_and_on_windows_with_its_fonts():
    assert offscreen_settings({}, "linux") == {"QT_QPA_PLATFORM": "offscreen", "PYQTGRAPH_QT_LIB": "PySide6"}
    assert offscreen_settings({"QT_QPA_PLATFORM": "xcb"}, "linux") == {"PYQTGRAPH_QT_LIB": "PySide6"}
    windows = offscreen_settings({"WINDIR": "D:\\Win"}, "win32")
    assert windows["QT_QPA_PLATFORM"] == "offscreen"
    assert windows["QT_QPA_FONTDIR"] == str(Path("D:\\Win", "Fonts"))
    assert "QT_QPA_FONTDIR" not in offscreen_settings({"QT_QPA_FONTDIR": "F:\\fonts"}, "win32")
    assert "QT_QPA_FONTDIR" not in offscreen_settings({"QT_QPA_PLATFORM": "windows"}, "win32")


def test_qt_messages_go_to_the_log_and_stderr_but_not_the_harmless_one(caplog, capsys):
    from PySide6.QtCore import QtMsgType

    with caplog.at_level(logging.DEBUG, logger="cpdesk.ui.smoke_test"):
        qt_message(QtMsgType.QtWarningMsg, None, "QFont::setPointSize: Point size <= 0 (-1)")
        qt_message(QtMsgType.QtWarningMsg, None, "This plugin does not support propagateSizeHints()")
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.WARNING, "Qt: QFont::setPointSize: Point size <= 0 (-1)"),
        (logging.DEBUG, "Qt: This plugin does not support propagateSizeHints()")]
    assert capsys.readouterr().err == "QFont::setPointSize: Point size <= 0 (-1)\n"


def test_a_missing_image_format_is_named(qapp):
    assert image_formats().startswith("png, ico read, png written; ")
    named = r"Qt has no image format plugin for nosuch \(read\), nosuch \(write\) \(looked in .*imageformats"
    with pytest.raises(SmokeFailure, match=named):
        image_formats(("png", "nosuch"), ("png", "nosuch"))


def test_a_blank_chart_or_an_export_that_does_not_open_back_fails(qapp, tmp_path):
    blank = tmp_path / "blank.png"
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(blank))
    with pytest.raises(SmokeFailure, match="blank.png is blank: nothing was drawn"):
        image_not_blank(blank)
    empty_pdf = tmp_path / "pack.pdf"
    empty_pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(SmokeFailure, match="pack.pdf is not a PDF with pages"):
        opens_back(empty_pdf)
    header_only = tmp_path / "dfe.csv"
    header_only.write_text("time_period,la_name\n", encoding="utf-8")
    with pytest.raises(SmokeFailure, match="dfe.csv holds no figures"):
        opens_back(header_only)
    cut_short = tmp_path / "board.xlsx"
    cut_short.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    with pytest.raises(ReadError, match="board.xlsx"):
        opens_back(cut_short)


def test_a_team_database_is_opened_and_its_schema_read(pg_url, tmp_path, monkeypatch):
    checks = SmokeTest(tmp_path)
    monkeypatch.setenv(PG_VARIABLE, pg_url)
    checks.team_database()  # an empty database: reached, with nothing in it yet
    open_store(pg_url).close()  # cpdesk's tables, as `cpdesk db init` leaves them
    checks.team_database()
    empty, ready = checks.outcomes
    assert empty.status == ready.status == "ok", (empty.detail, ready.detail)
    assert "; Schema version: none: the database is empty (cpdesk db init creates the schema); " \
        in empty.detail
    latest = latest_version()
    assert f"; Schema version: {latest} (this cpdesk: {latest}); Login: " in ready.detail
    assert "; May: read the figures, import and edit" in ready.detail
    password = sa.make_url(pg_url).password
    assert not password or password not in ready.detail
