"""cpdesk's expected errors share one base class: the command line prints one plain line and exits 2."""

from __future__ import annotations

import pytest

from cpdesk import cli
from cpdesk.chart.requests import ChartRequestError
from cpdesk.cli_chart import ChartCommandError
from cpdesk.cli_commands import CommandError
from cpdesk.errors import CpdeskError
from cpdesk.export.safe_write import ExportError
from cpdesk.indicators.schema_checks import SchemaError
from cpdesk.read.dfe_sources import DfeSourcesError
from cpdesk.read.grid import ReadError
from cpdesk.recognise.lexicon import LexiconError
from cpdesk.store import StoreError

from ..conftest import SAMPLES

EXPECTED = (ChartRequestError, ChartCommandError, CommandError, ExportError, SchemaError, DfeSourcesError,
            ReadError, LexiconError, StoreError)


@pytest.mark.parametrize("error", EXPECTED, ids=lambda e: e.__name__)
def test_every_expected_error_is_a_cpdesk_error(error):
    assert issubclass(error, CpdeskError)


def test_a_broken_schema_of_the_councils_own_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """A council's own indicators file that does not parse stops the command with its reason, not a
    traceback."""
    home = tmp_path / "home"
    home.mkdir()
    name = "local_indicators.toml"
    (home / name).write_text("this is [ not toml\n")
    monkeypatch.setenv("CPDESK_HOME", str(home))
    code = cli.main(["validate", str(SAMPLES / "broken_count_negative.xlsx")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"cpdesk: {name}") and err.count("\n") == 1, err
