"""Reconciliation keys (every live key, once) and the change watcher."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update

from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    USERS,
    ChangeWatcher,
    CompanyNotFoundError,
    SageConnectionError,
    TableSpec,
    open_server,
    read_keys,
)
from ssm.sage100.schema import F_COLLABORATEUR, F_COMPTET, F_CONTACTT, F_DOCENTETE

from ._labels import SPECS

_EXPECTED = {
    "users": (F_COLLABORATEUR.c.CO_No, F_COLLABORATEUR.c.CO_Vendeur == 1),
    "accounts": (F_COMPTET.c.CT_Num, F_COMPTET.c.CT_Type == 0),
    "contacts": (
        F_CONTACTT.c.CT_No,
        F_CONTACTT.c.CT_Num.not_in(select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Type != 0)),
    ),
    "invoices": (
        F_DOCENTETE.c.cbMarq,
        (F_DOCENTETE.c.DO_Domaine == 0) & F_DOCENTETE.c.DO_Type.in_((6, 7)),
    ),
}


@pytest.mark.parametrize("name", sorted(SPECS))
def test_read_keys_gives_every_key_once(engine, name: str) -> None:
    chunks = list(read_keys(engine, SPECS[name], chunk_size=7))
    keys = [k for chunk in chunks for k in chunk]
    assert all(isinstance(k, str) for k in keys)
    assert all(len(c) == 7 for c in chunks[:-1]) and chunks[-1]
    column, where = _EXPECTED.get(name, (ARTICLES.sa_table.c.AR_Ref, None))
    query = select(column)
    if where is not None:
        query = query.where(where)
    with engine.connect() as conn:
        expected = {str(v) for v in conn.execute(query).scalars()}
    assert set(keys) == expected and len(keys) == len(expected)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_read_keys_is_one_statement_without_a_sort(engine, name: str) -> None:
    """Chunks are fetched from one statement: no subquery run again per chunk, no sort."""
    statements: list[tuple[str, Any]] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append((statement, parameters))

    list(read_keys(engine, SPECS[name]))  # the company's columns probed beforehand
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert len(list(read_keys(engine, SPECS[name], chunk_size=3))) > 1
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1
    with engine.connect() as conn:
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[0][0], statements[0][1])
        steps = [row[3] for row in plan]
    assert not any("TEMP B-TREE" in step for step in steps), steps


def test_read_keys_decodes_keys_as_sqlalchemy_does(engine) -> None:
    """A key whose type has a result processor (a Sage date) comes back as SQLAlchemy's."""
    dates = TableSpec(table="F_DOCENTETE", key="DO_Date", columns=("DO_Date",))
    keys = sorted(k for chunk in read_keys(engine, dates, chunk_size=5) for k in chunk)
    column = F_DOCENTETE.c.DO_Date
    with engine.connect() as conn:
        values = list(conn.execute(select(column).where(column.is_not(None))).scalars())
    assert isinstance(values[0], datetime)
    assert keys == sorted(str(v) for v in values)


def test_a_key_read_failing_between_chunks_is_a_connection_error(tiny) -> None:
    """Rows come from the driver's cursor: its own error mid-read is translated too."""
    engine = open_server(tiny.location).engine(tiny.database)
    interrupt = {"on": False}

    @event.listens_for(engine, "connect")
    def handler(dbapi_connection, record) -> None:
        dbapi_connection.set_progress_handler(lambda: interrupt["on"], 1)

    try:
        chunks = read_keys(engine, CONTACTS, chunk_size=3)
        assert len(next(chunks)) == 3
        interrupt["on"] = True
        with pytest.raises(SageConnectionError, match="Impossible de lire la table F_CONTACTT"):
            next(chunks)
    finally:
        engine.dispose()


def test_read_keys_takes_a_spec_and_refuses_a_bad_chunk_size(engine) -> None:
    assert "BUREAU00005" in {k for c in read_keys(engine, ARTICLES) for k in c}
    with pytest.raises(ValueError, match=r"^Taille de lot 0"):
        next(read_keys(engine, USERS, chunk_size=0))


def test_read_keys_skips_deleted_rows(engine) -> None:
    with engine.begin() as conn:
        conn.execute(F_CONTACTT.delete().where(F_CONTACTT.c.CT_No == 2))
    keys = [k for c in read_keys(engine, CONTACTS) for k in c]
    assert "2" not in keys and "1" in keys and "3" in keys


def test_watcher_sees_commits_of_other_connections_only(tiny) -> None:
    server = open_server(tiny.location)
    engine = server.engine(tiny.database)
    try:
        with server.watch(tiny.database) as watcher:
            assert isinstance(watcher, ChangeWatcher)
            assert watcher.changed() is True  # the first call: anything may have changed
            assert [watcher.changed() for _ in range(50)] == [False] * 50
            with engine.connect() as conn:  # a read is no change
                conn.execute(select(F_COMPTET.c.CT_Num)).all()
            assert watcher.changed() is False
            with engine.begin() as conn:
                conn.execute(
                    update(F_COMPTET).where(F_COMPTET.c.cbMarq == 1).values(CT_Ville="Pau")
                )
            assert watcher.changed() is True
            assert watcher.changed() is False
    finally:
        engine.dispose()


def test_watcher_sees_a_commit_from_another_process(tiny) -> None:
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    script = (  # another program, on its own connection (with the server's GETDATE())
        "import sqlite3, sys\n"
        "from ssm.sage100.emulator import install_clock\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "install_clock(conn)\n"
        "conn.execute(\"UPDATE F_COMPTET SET CT_Ville = 'Nîmes' WHERE cbMarq = 2\")\n"
        "conn.commit()\n"
    )
    watcher = open_server(tiny.location).watch(tiny.database)
    try:
        assert watcher.changed() and not watcher.changed()
        subprocess.run([sys.executable, "-c", script, str(path)], check=True)
        assert watcher.changed() is True
        assert watcher.changed() is False
    finally:
        watcher.close()
    watcher.close()  # idempotent
    with pytest.raises(SageConnectionError, match="surveillance déjà fermée"):
        watcher.changed()


def test_watch_an_unknown_company(tiny) -> None:
    with pytest.raises(CompanyNotFoundError):
        open_server(tiny.location).watch("NOPE")


def test_account_keys_read_back_from_sages_binary_copy_are_the_keys(engine) -> None:
    """Accounts are read from cbCT_Num (ICT_TYPE); a key read back from it is CT_Num exactly."""
    from sqlalchemy import insert, select

    from ssm.sage100.schema import F_COMPTET

    with engine.begin() as conn:
        conn.execute(insert(F_COMPTET).values(CT_Num="CÉLINE-01", CT_Type=0, CT_Intitule="É"))
        expected = set(
            conn.execute(select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Type == 0)).scalars()
        )
    keys = [k for chunk in read_keys(engine, CLIENTS, chunk_size=7) for k in chunk]
    assert set(keys) == expected and len(keys) == len(expected)
    assert "CÉLINE-01" in keys
