"""The store: the only code that writes SQL. SQLite by default, PostgreSQL through a URL."""

from cpdesk.store.records import (
    Annotation,
    CellValue,
    Change,
    ImportBatch,
    ImportOutcome,
    ImportRecord,
    Revision,
    StoredObservation,
    StoreError,
    Target,
)
from cpdesk.store.store import Store, open_store

__all__ = [
    "Annotation",
    "CellValue",
    "Change",
    "ImportBatch",
    "ImportOutcome",
    "ImportRecord",
    "Revision",
    "Store",
    "StoreError",
    "StoredObservation",
    "Target",
    "open_store",
]
