"""Incremental reads: triggers at minute precision, overlap re-reads, keyset paging.

The server's clock is the test's (``clock``, ``tests/_clock.py``): no test waits for
the wall clock's next minute.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, create_engine, event, select, update

from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    DOCUMENT_LINES,
    Cursor,
    TableSpec,
    count_rows,
    read_changes,
)
from ssm.sage100.emulator import (
    EmulatedServer,
    create_indexes,
    create_tables,
    install_clock,
    open_sqlite,
)
from ssm.sage100.schema import F_COMPTET, metadata_for


def test_insert_and_update_stamp_cbmodification_to_the_minute(engine, clock) -> None:
    with engine.begin() as conn:  # Sage's DEFAULT getdate() at insert
        conn.execute(F_COMPTET.insert().values(CT_Num="ZTEST", CT_Type=0, CT_Intitule="Test"))
        inserted = conn.execute(
            select(F_COMPTET.c.cbModification).where(F_COMPTET.c.CT_Num == "ZTEST")
        ).one()
    assert inserted.cbModification == clock.minute
    old = next(read_changes(engine, CLIENTS)).rows[0]
    assert old["cbModification"] < clock.minute
    clock.advance(minutes=3, seconds=20)
    with engine.begin() as conn:
        conn.execute(
            update(F_COMPTET).where(F_COMPTET.c.CT_Num == old["CT_Num"]).values(CT_Ville="Sète")
        )
        bumped = conn.execute(
            select(F_COMPTET.c.cbModification).where(F_COMPTET.c.CT_Num == old["CT_Num"])
        ).scalar_one()
    assert bumped == clock.minute == inserted.cbModification + timedelta(minutes=3)
    assert bumped.second == 0  # TG_CBUPD_F_COMPTET, to the minute


def test_generation_c_fills_cbcreation_by_trigger(make_server, clock) -> None:
    report = make_server(generation="C")
    engine = EmulatedServer(report.location, clock=clock).engine(report.database)
    with engine.begin() as conn:
        conn.execute(F_COMPTET.insert().values(CT_Num="ZTEST", CT_Type=0, CT_Intitule="Test"))
        created = conn.execute(
            select(F_COMPTET.c.cbCreation).where(F_COMPTET.c.CT_Num == "ZTEST")
        ).scalar_one()
    engine.dispose()
    assert created == clock.now.replace(tzinfo=None)  # to the second


def test_without_triggers_an_update_leaves_cbmodification_to_the_writer(make_server, clock) -> None:
    report = make_server(triggers=False)
    engine = EmulatedServer(report.location, clock=clock).engine(report.database)
    old = next(read_changes(engine, CLIENTS)).rows[0]
    where = F_COMPTET.c.CT_Num == old["CT_Num"]
    with engine.begin() as conn:
        conn.execute(update(F_COMPTET).where(where).values(CT_Ville="Sète"))
        kept = conn.execute(select(F_COMPTET.c.cbModification).where(where)).scalar_one()
    engine.dispose()
    assert kept == old["cbModification"] < clock.minute  # as on a Sage whose triggers are off


def test_two_edits_in_the_same_minute_are_both_caught(engine, clock) -> None:
    target = next(read_changes(engine, CLIENTS)).rows[0]["CT_Num"]
    where = F_COMPTET.c.CT_Num == target
    with engine.begin() as conn:
        conn.execute(update(F_COMPTET).where(where).values(CT_Telephone="01 11 11 11 11"))
    first = [r for b in read_changes(engine, CLIENTS) for r in b.rows if r["CT_Num"] == target]
    assert first[0]["CT_Telephone"] == "01 11 11 11 11"
    cursor = Cursor(first[0]["cbModification"], 0)
    clock.advance(seconds=30)  # 10:30:15 → 10:30:45, the same minute
    with engine.begin() as conn:
        conn.execute(update(F_COMPTET).where(where).values(CT_Telephone="01 22 22 22 22"))
    again = [r for b in read_changes(engine, CLIENTS, cursor, timedelta(minutes=1)) for r in b.rows]
    seen = [r for r in again if r["CT_Num"] == target]
    assert seen and seen[-1]["CT_Telephone"] == "01 22 22 22 22"
    assert seen[-1]["cbModification"] == cursor.cbModification  # same minute: same cursor value


def test_clients_spec_reads_only_clients_with_python_types(engine) -> None:
    rows = [r for b in read_changes(engine, CLIENTS) for r in b.rows]
    assert rows and all(r["CT_Type"] == 0 for r in rows)
    assert len(rows) == count_rows(engine, CLIENTS)
    assert isinstance(rows[0]["CT_DateCreate"], datetime)
    order = [r["cbMarq"] for r in rows]
    assert order == sorted(order)  # the initial read follows the primary key
    items = next(read_changes(engine, ARTICLES)).rows
    assert all(isinstance(r["AR_PrixVen"], Decimal) for r in items)
    lines = next(read_changes(engine, DOCUMENT_LINES)).rows
    assert isinstance(lines[0]["DL_MontantHT"], Decimal)


def test_rows_hold_the_values_sqlalchemy_results_give(engine) -> None:
    """Readers decode the driver's tuples themselves: same values, types and scales."""
    for spec in (CLIENTS, ARTICLES, DOCUMENT_LINES):
        rows = [r for b in read_changes(engine, spec) for r in b.rows]
        table = spec.sa_table
        query = select(*(table.c[n] for n in rows[0])).order_by(table.c.cbMarq)
        if spec.where is not None:
            query = query.where(spec.where)
        with engine.connect() as conn:
            expected = [dict(r) for r in conn.execute(query).mappings()]
        assert len(rows) > 1
        assert repr(rows) == repr(expected)  # repr: Decimal's scale, exact types


def test_since_rereads_from_cursor_minus_overlap_inclusive(engine) -> None:
    rows = [r for b in read_changes(engine, CLIENTS) for r in b.rows]
    rows.sort(key=lambda r: (r["cbModification"], r["cbMarq"]))
    middle = rows[len(rows) // 2]
    since = Cursor(middle["cbModification"], 0)
    reread = [r for b in read_changes(engine, CLIENTS, since, timedelta(0)) for r in b.rows]
    assert reread == [r for r in rows if r["cbModification"] >= since.cbModification]
    wide = [r for b in read_changes(engine, CLIENTS, since, timedelta(days=3650)) for r in b.rows]
    assert wide == rows


#: F_COMPTET alone, as generation B has it: each example builds its database from it.
_TIERS_ONLY = MetaData()
metadata_for("B").tables["F_COMPTET"].to_metadata(_TIERS_ONLY)


@settings(max_examples=25, deadline=None)
@given(
    minutes=st.lists(st.integers(min_value=0, max_value=3), min_size=0, max_size=40),
    chunk=st.integers(min_value=1, max_value=7),
)
def test_paging_returns_every_row_exactly_once(minutes: list[int], chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.sqlite"
        with closing(open_sqlite(str(path))) as conn:
            create_tables(conn, _TIERS_ONLY)
            create_indexes(conn, _TIERS_ONLY)
            conn.executemany(
                "INSERT INTO F_COMPTET (CT_Num, CT_Type, cbModification) VALUES (?, 0, ?)",
                [(f"C{i:04d}", f"2024-01-01 10:0{m}:00") for i, m in enumerate(minutes)],
            )
        engine = create_engine(f"sqlite:///{path}")  # a bare file: give it the server's clock
        event.listen(engine, "connect", lambda dbapi_conn, _record: install_clock(dbapi_conn))
        try:
            spec = TableSpec("F_COMPTET", "CT_Num", ("CT_Num",), chunk_size=chunk)
            initial = list(read_changes(engine, spec))
            since = Cursor(datetime(2024, 1, 1, 10, 0), 0)
            changes = list(read_changes(engine, spec, since, timedelta(0)))
        finally:
            engine.dispose()
    expected = sorted(f"C{i:04d}" for i in range(len(minutes)))
    for batches in (initial, changes):
        got = [r["CT_Num"] for b in batches for r in b.rows]
        assert sorted(got) == expected and len(got) == len(set(got))
        assert all(len(b.rows) <= chunk for b in batches)
        assert not batches[-1].cursor.backfill and batches[-1].cursor.cbMarq == 0
        assert all(len(b.rows) == chunk for b in batches[:-1])
    for batch in initial[:-1]:
        assert batch.cursor.backfill and batch.cursor.cbMarq == batch.rows[-1]["cbMarq"]
    assert all(b.cursor == since for b in changes[:-1])
    order = [(r["cbModification"], r["cbMarq"]) for b in changes for r in b.rows]
    assert order == sorted(order)


_AMOUNTS = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e12, max_value=1e12).map(lambda x: round(x, 4)),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
)


@settings(max_examples=25, deadline=None)
@given(amounts=st.lists(st.tuples(_AMOUNTS, _AMOUNTS), min_size=1, max_size=30))
def test_amounts_read_as_the_decimals_sqlalchemy_gives(
    amounts: list[tuple[object, object]],
) -> None:
    """SQLite's amounts (REAL, whole numbers stored as integers, NULL) decode a column at a
    time to the very Decimals, scale included, that the column type gives one by one."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.sqlite"
        with closing(open_sqlite(str(path))) as conn:
            create_tables(conn, _TIERS_ONLY)
            conn.executemany(
                "INSERT INTO F_COMPTET (CT_Num, CT_Type, CT_Encours, CT_Assurance, cbModification)"
                " VALUES (?, 0, ?, ?, '2024-01-01 10:00:00')",
                [(f"C{i:04d}", *pair) for i, pair in enumerate(amounts)],
            )
        engine = create_engine(f"sqlite:///{path}")
        event.listen(engine, "connect", lambda dbapi_conn, _record: install_clock(dbapi_conn))
        try:
            spec = TableSpec("F_COMPTET", "CT_Num", ("CT_Num", "CT_Encours", "CT_Assurance"))
            rows = [r for b in read_changes(engine, spec) for r in b.rows]
            c = F_COMPTET.c
            query = select(c.CT_Num, c.CT_Encours, c.CT_Assurance).order_by(c.cbMarq)
            with engine.connect() as conn:
                expected = [tuple(r) for r in conn.execute(query)]
        finally:
            engine.dispose()
    got = [(r["CT_Num"], r["CT_Encours"], r["CT_Assurance"]) for r in rows]
    assert repr(got) == repr(expected)  # repr: Decimal's scale and sign of zero
    assert all(isinstance(v, Decimal) for row in got for v in row[1:] if v is not None)


def test_tablespec_rejects_unknown_names() -> None:
    import pytest

    with pytest.raises(ValueError, match=r"^Table Sage inconnue « F_NOPE »"):
        TableSpec("F_NOPE", "x", ())
    with pytest.raises(ValueError, match=r"^La table F_COMPTET n'a pas de colonne CT_Nope :"):
        TableSpec("F_COMPTET", "CT_Num", ("CT_Nope",))
    with pytest.raises(ValueError, match=r"^Taille de lot 0 invalide"):
        TableSpec("F_COMPTET", "CT_Num", (), chunk_size=0)


def test_sqlite_file_is_wal(tiny) -> None:
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
