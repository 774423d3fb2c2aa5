"""Schema migrations with Alembic: bring a database to the models' schema, write a revision.

``upgrade(engine)`` is what ``create_app`` and ``ssm-cloud db upgrade`` call: it takes a lock
first (``pg_advisory_xact_lock`` on PostgreSQL, the write lock of ``BEGIN IMMEDIATE`` on
SQLite), so several workers starting together on one empty database migrate it once, and it
returns at once when the database is already at the head revision. The migrations run in
that one transaction (PostgreSQL and SQLite both have transactional DDL), so a failed
upgrade leaves the schema as it was.

``revision(url, message)`` autogenerates a revision from the difference between a database
brought to head and ``ssm.cloud.models.Base.metadata`` (``ssm-cloud db revision``).
Custom column types are written as their plain SQLAlchemy implementation (``UTCDateTime`` as
``sa.DateTime()``), so a revision imports nothing from the application and stays valid when
the models change later.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, TypeDecorator, create_engine, inspect, text

from ssm.cloud import messages
from ssm.cloud.errors import DatabaseError

FOLDER = Path(__file__).resolve().parent
"""This package's folder: ``env.py``, ``script.py.mako`` and ``versions/``."""

_LOCK_KEY = 0x55_4D_43_4C  # "SMCL": the advisory lock every migrating worker takes


def alembic_config(url: str | None = None) -> Config:
    """An Alembic ``Config`` for this package (no ``alembic.ini`` needed)."""
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@cache
def head_revision() -> str | None:
    """The head revision of the shipped migrations (read once per process)."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database of ``engine`` is at (``None``: not under Alembic)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database of ``engine`` to ``revision`` in one locked transaction.

    ``engine`` should be a writing engine (``Database.write_engine``) so SQLite takes its
    write lock when the transaction begins.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        current = MigrationContext.configure(connection).get_current_revision()
        if current is None and inspect(connection).has_table("instances"):
            raise DatabaseError(messages.DATABASE_NOT_MIGRATED.format(url=engine.url))
        if revision == "head" and current is not None and current == head_revision():
            return
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database of ``engine`` back to ``revision`` (``"base"``: no table left)."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revision(url: str, message: str, *, rev_id: str | None = None) -> str:
    """Autogenerate a revision file against the database at ``url``; return its path.

    The database is brought to head first, so the revision holds exactly what the models
    add; use an empty SQLite file to write the whole schema as one baseline.
    """
    engine = create_engine(url)
    try:
        upgrade(engine)
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
    finally:
        engine.dispose()
    scripts = script if isinstance(script, list) else [script]
    return ", ".join(item.path for item in scripts if item is not None)


def render_item(kind: str, value: Any, context: AutogenContext) -> str | Literal[False]:
    """Write custom types (``UTCDateTime``, ``Amount``) as their ``sa.`` implementation."""
    if kind == "type" and isinstance(value, TypeDecorator):
        return f"sa.{value.impl_instance!r}"
    return False
