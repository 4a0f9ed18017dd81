"""The base of cpdesk's expected errors: problems the officer can do something about (a file that
cannot be read or written, a locked or damaged database, a code cpdesk does not know, a broken
``local_indicators.toml``).

Each says what went wrong in one plain sentence. The command line prints it as one line and exits
with 2; the app shows it as a warning. Anything else is a fault in cpdesk, for the crash dialog and
the log.
"""

from __future__ import annotations


class CpdeskError(Exception):
    """A problem the officer can fix or work round; ``str()`` is the message shown."""


EXPECTED_EXIT = 2  # what the command line returns for a CpdeskError
