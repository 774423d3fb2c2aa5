"""Alembic's environment: the connection ``upgrade`` or ``revision`` opened, our metadata.

Run through ``ssm.cloud.migrations`` (or ``ssm-cloud db ...``), never through a bare
``alembic`` command: those functions pass the open connection in
``config.attributes["connection"]``; without one, the URL of the config is used.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from ssm.cloud.migrations import render_item
from ssm.cloud.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_item=render_item,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite's ALTER is limited
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("No database: pass a connection or set sqlalchemy.url.")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


_main()
