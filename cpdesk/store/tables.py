"""The database tables, described once with SQLAlchemy Core so the same schema runs on SQLite and PostgreSQL.

This module always describes the latest schema. Column names avoid SQL reserved words (``user``,
``end``) so that hand-written queries against the database, e.g. from a reporting tool, stay simple.
Timestamps reach cpdesk as UTC ISO-8601 strings on every engine: SQLite stores that text (it sorts
correctly), PostgreSQL a ``timestamptz`` (:class:`Timestamp`), so a reporting tool gets real times there.

Provenance is kept per import, not per figure (schema version 3): the file, who and when live in
``imports`` (the display name typed in Settings, ``user_name``, and the database login beside it,
``user_login``: PostgreSQL's ``current_user``, the operating-system login on SQLite), and so does the
reason its revisions give. A figure keeps its import's id, its sheet and cell; its ``source_file`` is
NULL where it is the import's own file, :data:`NO_FILE` where the figure has no source, and the file's
name where it names another (cpdesk's own format carries each figure's original file). An observation
holds its current figure, stored by ``import_id``; ``revisions`` holds a row only where a figure
changed: a cell that never changed has none, its history being the observation itself, and its first
change writes its first revision (from nothing to the first figure, of the import that stored it)
before the change. ``observations.revision`` counts the values a cell has held (1 when first stored):
an edit names the revision it saw and is refused if the cell has moved on since.
"""

# No ``from __future__ import annotations`` here: it would be shadowed by the annotations table.
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


class Timestamp(sa.types.TypeDecorator):
    """A UTC ISO-8601 string in Python; ``timestamptz`` on PostgreSQL, the same text on SQLite."""

    impl = sa.String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.DateTime(timezone=True))
        return dialect.type_descriptor(sa.String(40))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> object:
        if value is None or dialect.name != "postgresql":
            return value
        return dt.datetime.fromisoformat(value)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """None on SQLite, which gives the text back as stored: no call per row (46,000 of them when the
        Dashboard reads every figure)."""
        return super().result_processor(dialect, coltype) if dialect.name == "postgresql" else None

    def process_result_value(self, value: object, dialect: Dialect) -> str | None:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
        return value  # type: ignore[return-value]


# ``source_file`` of a figure that has no source (one typed in, or worked out): NULL is the import's file.
NO_FILE = "\x1f"

metadata = sa.MetaData()

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

areas = sa.Table(
    "areas",
    metadata,
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    # Not a foreign key: reference data arrives in any order and a parent may be synced later.
    sa.Column("parent_code", sa.String(64)),
    sa.Column("old_code", sa.String(16)),
    sa.Column("region_code", sa.String(64)),
)

indicators = sa.Table(
    "indicators",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("unit", sa.String(32), nullable=False),
    sa.Column("polarity", sa.String(16), nullable=False),
    sa.Column("decimals", sa.Integer, nullable=False),
    sa.Column("period_kind", sa.String(16), nullable=False),
    sa.Column("breakdown", sa.String(64)),
    sa.Column("local", sa.Boolean, nullable=False, default=False),
)

periods = sa.Table(
    "periods",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
    sa.UniqueConstraint("kind", "start_date", "end_date", name="uq_periods_kind_span"),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("file_path", sa.Text),
    sa.Column("file_hash", sa.String(128)),
    sa.Column("imported_at", Timestamp, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("n_added", sa.Integer, nullable=False, default=0),
    sa.Column("n_changed", sa.Integer, nullable=False, default=0),
    sa.Column("n_unchanged", sa.Integer, nullable=False, default=0),
    sa.Column("n_skipped", sa.Integer, nullable=False, default=0),
    sa.Column("report_json", sa.Text, nullable=False, default="{}"),
    sa.Column("status", sa.String(16), nullable=False, default="committed"),  # committed / undone
    sa.Column("kind", sa.String(16), nullable=False, default="file"),  # file / edit / undo
    sa.Column("user_login", sa.Text),  # schema version 2; NULL in rows written before it
    sa.Column("reason", sa.Text),  # schema version 3: what its revisions say ("import of FILE", "edit")
    sa.Index("ix_imports_file_hash", "file_hash"),
)

observations = sa.Table(
    "observations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_code", sa.String(64), sa.ForeignKey("areas.code"), nullable=False),
    sa.Column("indicator_id", sa.String(64), sa.ForeignKey("indicators.id"), nullable=False),
    sa.Column("breakdown", sa.String(64), nullable=False, server_default=""),
    sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id"), nullable=False),
    sa.Column("publisher", sa.String(32), nullable=False, server_default="local"),
    sa.Column("value", sa.Double),
    sa.Column("status", sa.String(16)),
    sa.Column("raw", sa.Text),
    sa.Column("source_file", sa.Text),  # NULL: the import's file; NO_FILE: none
    sa.Column("source_sheet", sa.Text),
    sa.Column("source_cell", sa.String(32)),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),  # the import that stored the figure
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),  # schema version 2
    sa.UniqueConstraint(
        "area_code", "indicator_id", "breakdown", "period_id", "publisher", name="uq_observations_cell"
    ),
    # The unique constraint's index serves look-ups by area first; this one serves "one indicator".
    sa.Index("ix_observations_indicator_area", "indicator_id", "area_code"),
    sa.Index("ix_observations_import", "import_id"),
)

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False),
    sa.Column("old_value", sa.Double),
    sa.Column("old_status", sa.String(16)),
    sa.Column("old_raw", sa.Text),
    sa.Column("new_value", sa.Double),
    sa.Column("new_status", sa.String(16)),
    sa.Column("new_raw", sa.Text),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),  # who and when: its import's
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("source_file", sa.Text),  # as observations.source_file, against this revision's import
    sa.Column("source_sheet", sa.Text),
    sa.Column("source_cell", sa.String(32)),
    sa.Index("ix_revisions_observation", "observation_id", "id"),
    sa.Index("ix_revisions_import", "import_id"),
)

targets = sa.Table(
    "targets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_code", sa.String(64), sa.ForeignKey("areas.code"), nullable=False),
    sa.Column("indicator_id", sa.String(64), sa.ForeignKey("indicators.id"), nullable=False),
    sa.Column("breakdown", sa.String(64), nullable=False, server_default=""),
    sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id")),  # NULL: every period
    sa.Column("target", sa.Double, nullable=False),
    sa.Column("tolerance", sa.Double),
    sa.Column("set_by", sa.Text, nullable=False),
    sa.Column("set_at", Timestamp, nullable=False),
    sa.Index("ix_targets_area_indicator", "area_code", "indicator_id"),
)

annotations = sa.Table(
    "annotations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("area_code", sa.String(64), sa.ForeignKey("areas.code")),
    sa.Column("indicator_id", sa.String(64), sa.ForeignKey("indicators.id")),
    sa.Column("period_id", sa.Integer, sa.ForeignKey("periods.id")),
    sa.Column("breakdown", sa.String(64), nullable=False, server_default=""),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Index("ix_annotations_indicator_area", "indicator_id", "area_code"),
)
