"""Old home of the issue types, which now live in :mod:`cpdesk.issues`.

Kept only for the readers that still import from here (``cpdesk.read.dfe``, ``dfe_derive``, ``long``
and ``long_columns``); delete it once they import :mod:`cpdesk.issues`.
"""

from cpdesk.issues import ERROR, INFO, WARNING, Issue, counted

__all__ = ["ERROR", "INFO", "WARNING", "Issue", "counted"]
