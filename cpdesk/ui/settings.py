"""User settings, kept in QSettings (an INI file in the user data folder), read and written by their
declarations in :mod:`cpdesk.preferences`, with typed accessors for the rest of the app."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings

from cpdesk import paths
from cpdesk.preferences import (
    DATABASE,
    FIRST_RUN_DONE,
    HOME_COUNCIL,
    OFFICER_NAME,
    SETTINGS,
    SN_STATISTIC,
    THEME,
    THOUSANDS,
    Setting,
    SettingKind,
    as_flag,
    old_keys,
    settings_path,
)

logger = logging.getLogger(__name__)

MAX_RECENT = 8
# What a blank setting stands for, worked out when asked: the login name, the default database.
FALLBACKS = {OFFICER_NAME.key: paths.current_user, DATABASE.key: lambda: str(paths.default_db_path())}


def carry_over_old_keys(q: QSettings) -> list[str]:
    """Move values an earlier version kept under ``general/`` to their own groups; returns the keys
    moved. A value already under the new key wins; the old keys are removed either way."""
    moved = []
    for setting in SETTINGS:
        for old in old_keys(setting):
            if not q.contains(old):
                continue
            if not q.contains(setting.key):
                q.setValue(setting.key, q.value(old))
                moved.append(setting.key)
            q.remove(old)
    if moved:
        logger.info("settings moved from the old 'general' group: %s", ", ".join(moved))
        q.sync()
    return moved


class AppSettings:
    """Typed access to cpdesk's settings. ``QSettings`` is the store; :mod:`cpdesk.preferences` the
    vocabulary."""

    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings(str(settings_path()), QSettings.Format.IniFormat)
        carry_over_old_keys(self.q)

    def _get(self, key: str, default=""):
        value = self.q.value(key, default)
        return default if value is None else value

    def value(self, setting: Setting) -> str | bool:
        """The setting as stored, or its default (or fallback): a bool for flags, text for the rest."""
        stored = self._get(setting.key, setting.default)
        if setting.kind == SettingKind.FLAG:
            return as_flag(stored)
        fallback = FALLBACKS.get(setting.key)
        return str(stored) or (fallback() if fallback else "")

    def set_value(self, setting: Setting, value: str | bool) -> None:
        if setting.kind == SettingKind.FLAG:
            value = "true" if value else "false"
        self.q.setValue(setting.key, value)

    @property
    def home_council(self) -> str:
        return str(self.value(HOME_COUNCIL))

    @home_council.setter
    def home_council(self, code: str) -> None:
        self.set_value(HOME_COUNCIL, code)

    @property
    def user_name(self) -> str:
        """The officer's name as typed at the first run or in Settings; the login name until then."""
        return str(self.value(OFFICER_NAME))

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.set_value(OFFICER_NAME, name)

    @property
    def first_run_done(self) -> bool:
        return bool(self.value(FIRST_RUN_DONE))

    def mark_first_run_done(self) -> None:
        self.set_value(FIRST_RUN_DONE, True)

    @property
    def database(self) -> str:
        return str(self.value(DATABASE))

    @database.setter
    def database(self, location: str) -> None:
        self.set_value(DATABASE, location)

    @property
    def thousands_separator(self) -> bool:
        return bool(self.value(THOUSANDS))

    @thousands_separator.setter
    def thousands_separator(self, on: bool) -> None:
        self.set_value(THOUSANDS, on)

    @property
    def sn_statistic(self) -> str:
        """How neighbours are summarised: "mean" (as LAIT) or "median" (as the DfE dashboard)."""
        return str(self.value(SN_STATISTIC))

    @sn_statistic.setter
    def sn_statistic(self, how: str) -> None:
        self.set_value(SN_STATISTIC, how)

    @property
    def theme(self) -> str:
        """"system" (follow Windows' or the desktop's light or dark mode), "light" or "dark"."""
        return str(self.value(THEME))

    @theme.setter
    def theme(self, choice: str) -> None:
        self.set_value(THEME, choice)

    def recent_files(self) -> list[str]:
        value = self._get("files/recent", [])
        return [value] if isinstance(value, str) and value else list(value or [])

    def last_folder(self) -> Path | None:
        """The folder the last workbook imported came from, if it is still there."""
        recent = self.recent_files()
        folder = Path(recent[0]).parent if recent else None
        return folder if folder is not None and folder.is_dir() else None

    def add_recent_file(self, path: str) -> None:
        files = [path] + [f for f in self.recent_files() if f != path]
        self.q.setValue("files/recent", files[:MAX_RECENT])

    def selection(self) -> tuple[str, str]:
        return str(self._get("state/indicator", "cpp_rate")), str(self._get("state/area", ""))

    def save_selection(self, indicator: str, area: str) -> None:
        self.q.setValue("state/indicator", indicator)
        self.q.setValue("state/area", area)

    def sync(self) -> None:
        self.q.sync()
