"""Reconciliation keys (ordered, from indexes) and the change watcher."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    CONTACTS,
    USERS,
    ChangeWatcher,
    CompanyNotFoundError,
    SageConnectionError,
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
def test_read_keys_gives_every_key_in_order(engine, name: str) -> None:
    chunks = list(read_keys(engine, SPECS[name], chunk_size=7))
    keys = [k for chunk in chunks for k in chunk]
    assert all(isinstance(k, str) for k in keys)
    assert all(len(c) == 7 for c in chunks[:-1]) and chunks[-1]
    column, where = _EXPECTED.get(name, (ARTICLES.sa_table.c.AR_Ref, None))
    query = select(column).order_by(column)
    if where is not None:
        query = query.where(where)
    with engine.connect() as conn:
        expected = [str(v) for v in conn.execute(query).scalars()]
    assert keys == expected and len(set(keys)) == len(keys)
    natural = [int(k) for k in keys] if name in ("users", "contacts", "invoices") else keys
    assert natural == sorted(natural)  # numbers in numeric order, text in binary order


def test_read_keys_takes_a_spec_and_refuses_a_bad_chunk_size(engine) -> None:
    assert [k for c in read_keys(engine, ARTICLES) for k in c][:1] == ["BUREAU00005"]
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
    """Accounts page on cbCT_Num (ICT_TYPE); a key read back from it is CT_Num exactly."""
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
