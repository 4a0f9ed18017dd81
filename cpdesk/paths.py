"""Where cpdesk keeps its files. One place, overridable for a portable install and for tests.

``CPDESK_HOME`` moves everything (database, settings, mappings, logs) into one folder.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "cpdesk"
PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The packaged resources (indicator schema, areas)."""
    env = os.environ.get("CPDESK_RESOURCES")
    if env:
        return Path(env)
    inside = PACKAGE_DIR / "resources"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "resources"


def icon_file(suffix: str = ".ico") -> Path:
    """cpdesk's icon (drawn by tools/draw_icon.py): the multi-size .ico, or the 256 px .png."""
    return resources_dir() / "icons" / f"cpdesk{suffix}"


def data_dir() -> Path:
    home = os.environ.get("CPDESK_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def log_dir() -> Path:
    home = os.environ.get("CPDESK_HOME")
    if home:
        return Path(home) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "cpdesk.sqlite"


def demo_db_path() -> Path:
    """The demo database (``cpdesk --demo`` and ``cpdesk demo``), kept apart from the officer's own."""
    return data_dir() / "demo.sqlite"


def database_file(location: str | Path) -> Path | None:
    """The file a database location names (a path, or a ``sqlite:///`` URL); None for a server's URL."""
    text = str(location)
    if "://" not in text:
        return Path(text).expanduser()
    scheme, _, rest = text.partition(":///")
    return Path(rest).expanduser() if scheme.lower().startswith("sqlite") and rest else None


def database_missing(location: str | Path) -> bool:
    """Whether ``location`` is a database file that does not exist yet (a server is never "missing" here:
    opening it says what is wrong)."""
    file = database_file(location)
    return file is not None and not file.exists()


def local_indicators_path() -> Path:
    """A council's own indicators, beside the database."""
    return data_dir() / "local_indicators.toml"


def local_lexicon_path() -> Path:
    """The council's own recognition phrases (``lexicon.toml``, in the shape of resources/lexicon.toml)."""
    return data_dir() / "lexicon.toml"


def mappings_dir() -> Path:
    return data_dir() / "mappings"


def documents_dir() -> Path:
    """Where file dialogs start: the officer's Documents folder (its home folder if there is none)."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


USER_VARIABLE = "CPDESK_USER"  # who a change is credited to, above the name saved in Settings


def current_user() -> str:
    """Who is making a change: ``CPDESK_USER`` or the login name."""
    user = os.environ.get(USER_VARIABLE)
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some locked-down machines
        return "unknown"
