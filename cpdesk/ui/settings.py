"""User settings, kept in QSettings (the registry on Windows), with typed accessors and defaults."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from cpdesk import paths

MAX_RECENT = 8


class AppSettings:
    """Typed access to cpdesk's settings. ``QSettings`` is the store; this is its vocabulary."""

    def __init__(self, qsettings: QSettings | None = None):
        self.q = qsettings or QSettings(str(paths.data_dir() / "cpdesk.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default=""):
        value = self.q.value(key, default)
        return default if value is None else value

    @property
    def home_council(self) -> str:
        return str(self._get("general/home_council", ""))

    @home_council.setter
    def home_council(self, code: str) -> None:
        self.q.setValue("general/home_council", code)

    @property
    def user_name(self) -> str:
        return str(self._get("general/user_name", "")) or paths.current_user()

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.q.setValue("general/user_name", name)

    @property
    def first_run_done(self) -> bool:
        return str(self._get("general/first_run_done", "false")).lower() == "true"

    def mark_first_run_done(self) -> None:
        self.q.setValue("general/first_run_done", "true")

    @property
    def database(self) -> str:
        return str(self._get("general/database", "")) or str(paths.default_db_path())

    @database.setter
    def database(self, location: str) -> None:
        self.q.setValue("general/database", location)

    @property
    def thousands_separator(self) -> bool:
        return str(self._get("format/thousands_separator", "true")).lower() == "true"

    @thousands_separator.setter
    def thousands_separator(self, on: bool) -> None:
        self.q.setValue("format/thousands_separator", "true" if on else "false")

    @property
    def sn_statistic(self) -> str:
        """How neighbours are summarised: "mean" (as LAIT) or "median" (as the DfE dashboard)."""
        return str(self._get("charts/sn_statistic", "mean"))

    @sn_statistic.setter
    def sn_statistic(self, how: str) -> None:
        self.q.setValue("charts/sn_statistic", how)

    @property
    def theme(self) -> str:
        """"system" (follow Windows' or the desktop's light or dark mode), "light" or "dark"."""
        return str(self._get("appearance/theme", "system"))

    @theme.setter
    def theme(self, choice: str) -> None:
        self.q.setValue("appearance/theme", choice)

    def recent_files(self) -> list[str]:
        value = self._get("files/recent", [])
        return [value] if isinstance(value, str) and value else list(value or [])

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
