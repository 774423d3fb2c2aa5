"""Cursor semantics of a continuous sync: initial scan by cbMarq, resume, change reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update

from ssm.sage100 import CLIENTS, CONTACTS, Cursor, TableSpec, read_changes, server_now
from ssm.sage100.schema import F_COMPTET, F_CONTACTT

#: The test clock's zone (``conftest.SUMMER``), which every cursor records.
SUMMER_OFFSET = timedelta(hours=2)

SMALL = TableSpec(
    "F_COMPTET", "CT_Num", CLIENTS.columns, CLIENTS.where, chunk_size=4, optional=CLIENTS.optional
)


def test_server_now_is_the_database_minute(engine, clock) -> None:
    assert server_now(engine) == clock.minute
    clock.advance(seconds=50)  # 10:30:15 → 10:31:05
    with engine.connect() as conn:
        assert server_now(conn) == clock.minute
        assert server_now(conn).second == 0


def test_initial_read_yields_every_row_once_then_a_live_cursor(engine) -> None:
    start = server_now(engine)
    batches = list(read_changes(engine, SMALL))
    keys = [r["CT_Num"] for b in batches for r in b.rows]
    with engine.connect() as conn:
        expected = conn.execute(select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Type == 0))
        assert sorted(keys) == sorted(expected.scalars())
    assert len(keys) == len(set(keys))
    *scanning, final = batches
    assert final.cursor == Cursor(start, 0, backfill=False, utc_offset=SUMMER_OFFSET)
    for batch in scanning:
        assert batch.cursor == Cursor(start, batch.rows[-1]["cbMarq"], True, SUMMER_OFFSET)


def test_initial_read_of_an_empty_selection_still_ends_with_a_cursor(engine) -> None:
    nobody = TableSpec("F_COMPTET", "CT_Num", ("CT_Num",), where=F_COMPTET.c.CT_Type == 9)
    (batch,) = read_changes(engine, nobody)
    assert batch.rows == [] and not batch.cursor.backfill


def test_resume_from_a_backfill_cursor(engine) -> None:
    batches = list(read_changes(engine, SMALL))
    done = batches[2]
    assert done.cursor.backfill
    rest = list(read_changes(engine, SMALL, done.cursor))
    expected = [r for b in batches[3:] for r in b.rows]
    assert [r for b in rest for r in b.rows] == expected
    assert rest[-1].cursor == Cursor(done.cursor.cbModification, 0, utc_offset=SUMMER_OFFSET)


def test_an_edit_behind_the_scan_is_caught_by_the_next_change_read(engine, clock) -> None:
    scan = read_changes(engine, SMALL)
    first = next(scan)
    passed = first.rows[0]["CT_Num"]
    clock.advance(seconds=40)  # the same minute as the scan's start: the worst case
    with engine.begin() as conn:  # a Sage user edits a row the scan has already passed
        conn.execute(update(F_COMPTET).where(F_COMPTET.c.CT_Num == passed).values(CT_Ville="Albi"))
    final = list(scan)[-1].cursor
    assert final == replace(first.cursor, cbMarq=0, backfill=False)
    changed = [r for b in read_changes(engine, SMALL, final, timedelta(0)) for r in b.rows]
    assert [r["CT_Ville"] for r in changed if r["CT_Num"] == passed] == ["Albi"]


def test_change_batches_keep_since_until_the_last(engine) -> None:
    final = list(read_changes(engine, CONTACTS))[-1].cursor
    with engine.begin() as conn:
        conn.execute(
            update(F_CONTACTT).where(F_CONTACTT.c.CT_No <= 10).values(CT_Fonction="Achats")
        )
    spec = TableSpec("F_CONTACTT", "CT_No", ("CT_No", "CT_Fonction"), chunk_size=3)
    batches = list(read_changes(engine, spec, final, timedelta(0)))
    assert sorted(r["CT_No"] for b in batches for r in b.rows) == list(range(1, 11))
    assert [b.cursor for b in batches[:-1]] == [final] * (len(batches) - 1)
    assert batches[-1].cursor == Cursor(server_now(engine), 0, utc_offset=SUMMER_OFFSET)
    assert not batches[-1].cursor.backfill
