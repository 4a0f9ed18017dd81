"""cpdesk's settings, declared as data: each one's key, type, default and label.

The app keeps them with Qt's ``QSettings`` in ``cpdesk.ini`` (``cpdesk.ui.settings``), and builds its
Settings dialog from :data:`SETTINGS`; the command line reads the same file here, without Qt
(:func:`saved_home_council`).

Keys sit in real groups (``council/``, ``officer/``, ``startup/``, ``storage/``...). Earlier versions
wrote the first four under ``general/``, which Qt's INI format stores as ``[%General]`` and reads back
in the next process as ``General/``: the settings seemed forgotten at every start. Each setting names
those old keys, and values found under them are carried over (:func:`old_keys`).
"""

from __future__ import annotations

import configparser
import logging
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from cpdesk import paths
from cpdesk.indicators.area_files import ENGLAND

logger = logging.getLogger(__name__)

DATABASE_VARIABLE = "CPDESK_DB"  # a database for this run, below --db and above the saved setting
# Where the pages open until the officer chooses a home council: England, no council's own figures.
# No council is ever assumed: one assumed would file workbooks that name none under it.
OPENING_AREA = ENGLAND
SETTINGS_FILE = "cpdesk.ini"
# Qt's INI format: keys of no group sit under [General]; a group named "general" under [%General].
QT_GENERAL_SECTION, QT_ESCAPED_GENERAL = "General", "%General"


class SettingKind(StrEnum):
    """How a setting is typed in the file and edited in the Settings dialog."""

    COUNCIL = "council"  # an open local authority's ONS code, chosen by name
    TEXT = "text"
    LOCATION = "location"  # a database file's path or a team database's URL (never with a password)
    FLAG = "flag"  # true or false
    CHOICE = "choice"  # one of ``choices``


@dataclass(frozen=True)
class Setting:
    """One setting. ``label`` is its row in the Settings dialog (none: not shown there); ``text`` is
    a check box's own words; ``choices`` pairs what the dialog shows with the value stored."""

    key: str
    kind: SettingKind
    default: str | bool
    label: str = ""
    text: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    old_key: str = ""  # where versions before the real groups kept it ("general/...")


SN_CHOICES = (("Mean (as LAIT)", "mean"), ("Median (as the DfE dashboard)", "median"))
THEME_CHOICES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))

HOME_COUNCIL = Setting("council/home", SettingKind.COUNCIL, "", "Home council",
                       old_key="general/home_council")
OFFICER_NAME = Setting("officer/name", SettingKind.TEXT, "", "Your name", old_key="general/user_name")
FIRST_RUN_DONE = Setting("startup/first_run_done", SettingKind.FLAG, False, old_key="general/first_run_done")
DATABASE = Setting("storage/database", SettingKind.LOCATION, "", "Where the figures live",
                   old_key="general/database")
THOUSANDS = Setting("format/thousands_separator", SettingKind.FLAG, True, "Figures",
                    text="Show thousands separators (1,234)")
SN_STATISTIC = Setting("charts/sn_statistic", SettingKind.CHOICE, "mean", "Statistical neighbours",
                       choices=SN_CHOICES)
THEME = Setting("appearance/theme", SettingKind.CHOICE, "system", "Colours", choices=THEME_CHOICES)
BACKUPS_KEPT_CHOICES = (("3 daily backups", "3"), ("7 daily backups", "7"), ("14 daily backups", "14"),
                        ("30 daily backups", "30"))
BACKUPS_KEPT = Setting("storage/backups_kept", SettingKind.CHOICE, "7", "Backups kept",
                       choices=BACKUPS_KEPT_CHOICES)

SETTINGS: tuple[Setting, ...] = (HOME_COUNCIL, OFFICER_NAME, FIRST_RUN_DONE, DATABASE, BACKUPS_KEPT,
                                 THOUSANDS, SN_STATISTIC, THEME)
SHOWN: tuple[Setting, ...] = tuple(setting for setting in SETTINGS if setting.label)


def settings_path() -> Path:
    """The settings file (beside the database; ``CPDESK_HOME`` moves both)."""
    return paths.data_dir() / SETTINGS_FILE


def old_keys(setting: Setting) -> tuple[str, ...]:
    """Where an earlier version may have left the setting: "general/x" as written (and as Qt gives it
    back within that process, or from the Windows registry), "General/x" as Qt reads the file later."""
    if not setting.old_key:
        return ()
    group, _, name = setting.old_key.partition("/")
    return (setting.old_key, f"{group.capitalize()}/{name}")


def as_flag(value: object) -> bool:
    """A flag as QSettings gives it back: True, or the text "true" (any case)."""
    return value is True or str(value).strip().lower() == "true"


def read_ini(path: Path) -> dict[str, str]:
    """The plain values of a settings file QSettings wrote, keyed as Qt names them ("council/home").

    Only what the command line needs: lists and Qt's ``@Variant`` values are left as written."""
    parser = configparser.RawConfigParser(strict=False, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case, as Qt's do
    try:
        parser.read(path, encoding="utf-8")
    except (OSError, configparser.Error) as exc:
        logger.warning("settings file %s not read: %s", path, exc)
        return {}
    values: dict[str, str] = {}
    for section in parser.sections():
        group = "" if section == QT_GENERAL_SECTION else section.replace(QT_ESCAPED_GENERAL,
                                                                         QT_GENERAL_SECTION)
        for name, value in parser.items(section):
            values[f"{group}/{name}" if group else name] = _unquoted(value)
    return values


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def saved_value(values: dict[str, str], setting: Setting) -> str | None:
    """The setting's value in ``values`` (from :func:`read_ini`), under its key or an old one."""
    for key in (setting.key, *old_keys(setting)):
        if values.get(key):
            return values[key]
    return None


def saved_home_council(path: Path | None = None) -> str | None:
    """The home council the officer chose in the app, or None if none was saved (Qt-free)."""
    return saved_value(read_ini(path or settings_path()), HOME_COUNCIL)


def saved_backups_kept(path: Path | None = None) -> int:
    """How many daily backups of the database to keep, as chosen in Settings (Qt-free)."""
    value = saved_value(read_ini(path or settings_path()), BACKUPS_KEPT) or str(BACKUPS_KEPT.default)
    return int(value) if value.isdigit() and int(value) > 0 else int(str(BACKUPS_KEPT.default))


def saved_database(path: Path | None = None) -> str | None:
    """The database chosen in Settings (a file's path or a team database's URL), or None (Qt-free)."""
    return saved_value(read_ini(path or settings_path()), DATABASE)


def officer_name(path: Path | None = None) -> str:
    """Who the command line credits a change to: ``CPDESK_USER``, else the name saved in Settings (as
    the app does), else the OS login (Qt-free)."""
    saved = saved_value(read_ini(path or settings_path()), OFFICER_NAME)
    return os.environ.get(paths.USER_VARIABLE) or saved or paths.current_user()


def chosen_database(given: str | Path | None = None, saved: str | None = None) -> str:
    """Where cpdesk's figures are: ``--db`` (``given``), else ``CPDESK_DB``, else the Settings' choice
    (``saved``, read from the settings file when not passed), else the default file. A SQLite path or a
    PostgreSQL URL, as text."""
    chosen = given or os.environ.get(DATABASE_VARIABLE) or saved or saved_database()
    return str(chosen) if chosen else str(paths.default_db_path())


def database_of(args: object) -> str:
    """The database a command's arguments choose: its own ``--db``, the top-level one, then as
    :func:`chosen_database`."""
    return chosen_database(getattr(args, "sub_db", None) or getattr(args, "db", None))
