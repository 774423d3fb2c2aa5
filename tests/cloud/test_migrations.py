"""Alembic migrations: they build exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from ssm.cloud import CloudSettings, create_app, get_database, migrations
from ssm.cloud.db import Database
from ssm.cloud.errors import DatabaseError
from ssm.cloud.models import Base, Quote, QuoteLine


@pytest.fixture
def empty_url(database_kind, tmp_path, request) -> str:
    """A database with no table at all (not the tests' migrated template)."""
    if database_kind == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    url = server.create_database(template="template0")
    request.addfinalizer(lambda: server.drop_database(url))
    return url


def differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_item": migrations.render_item}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_migrations_build_exactly_the_models_schema(empty_url):
    db = Database(empty_url)
    try:
        db.create_schema()
    finally:
        db.dispose()
    assert differences(empty_url) == []
    db = Database(empty_url)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()
    finally:
        db.dispose()


def test_create_app_brings_an_empty_database_to_head(empty_url, tmp_path):
    app = create_app(CloudSettings(database_url=empty_url, mail_dir=tmp_path))
    db = get_database(app)
    try:
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        tables = set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
    assert set(Base.metadata.tables) | {"alembic_version"} == tables


def test_downgrade_to_base_then_upgrade_again(empty_url):
    db = Database(empty_url)
    try:
        migrations.upgrade(db.write_engine)
        migrations.downgrade(db.write_engine, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        migrations.upgrade(db.write_engine)
    finally:
        db.dispose()
    assert differences(empty_url) == []


def test_workers_starting_together_migrate_once(empty_url):
    """Four workers open one empty database at once: the lock makes one migrate, all succeed."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        db = Database(empty_url)
        try:
            barrier.wait()
            db.create_schema()
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert differences(empty_url) == []


def test_db_upgrade_command(empty_url):
    command = [sys.executable, "-m", "ssm.cloud", "db", "upgrade", "--database", empty_url]
    first = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert first.returncode == 0, first.stderr
    assert migrations.head_revision() in first.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert again.returncode == 0, again.stderr
    assert differences(empty_url) == []


def test_postgresql_scheme_means_psycopg():
    settings = CloudSettings(database_url="postgresql://ssm:secret@db.example.fr/ssm")
    assert settings.database_url == "postgresql+psycopg://ssm:secret@db.example.fr/ssm"
    db = Database("postgres://ssm@localhost/ssm")
    try:
        assert db.engine.dialect.driver == "psycopg"
    finally:
        db.dispose()


def test_a_database_made_before_migrations_is_refused_with_what_to_do(empty_url):
    engine = create_engine(empty_url)
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    db = Database(empty_url)
    try:
        with pytest.raises(DatabaseError, match="alembic_version"):
            db.create_schema()
    finally:
        db.dispose()


def test_quotes_stored_before_0006_read_as_sages_read_only_quotes(empty_url):
    """0006 adds the quote flow's columns: a quote Sage sent before it stays Sage's."""
    db = Database(empty_url)
    try:
        migrations.upgrade(db.write_engine, "0005")
        with db.write_engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO instances (id, name, created_at, plan)"
                    " VALUES (1, 'ACME', '2026-12-01 08:00:00', 'starter')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO quotes (id, instance_id, ext_id, status, date_created, deleted)"
                    " VALUES (1, 1, '900', 'in_sage', '2026-12-01 08:00:00', false)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO quote_lines (id, instance_id, quote_id, position, quantity)"
                    " VALUES (1, 1, 1, 0, 2000000)"
                )
            )
        migrations.upgrade(db.write_engine)
        with db.read() as session:
            quote = session.execute(select(Quote).where(Quote.id == 1)).scalar_one()
            line = session.execute(select(QuoteLine).where(QuoteLine.id == 1)).scalar_one()
            assert (quote.origin, quote.read_only, quote.revision, quote.status) == (
                "sage",
                True,
                0,
                "in_sage",
            )
            assert (quote.contact_id, quote.internal_comment, quote.order_number) == (None,) * 3
            assert (line.discounts, line.net_unit_price, line.stock, line.ext_id) == (None,) * 4
        migrations.downgrade(db.write_engine, "0005")
        with db.write_engine.connect() as connection:
            columns = {column["name"] for column in inspect(connection).get_columns("quotes")}
            assert "revision" not in columns
            assert connection.execute(text("SELECT ext_id FROM quotes")).scalar_one() == "900"
    finally:
        db.dispose()
