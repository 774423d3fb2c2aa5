"""Daylight saving: no edit lost when the server's local time goes back an hour, or forward.

``cbModification`` is the server's local time. At the end of summer time (03:00 CEST →
02:00 CET) an edit is stamped up to an hour before a cursor taken just before; the
cursor's UTC offset tells the next read to start that much earlier. The server's clock
is the test's (``ManualClock``): the change happens in an instant.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select, update

from ssm.sage100 import (
    CLIENTS,
    DEFAULT_OVERLAP,
    Cursor,
    ServerClock,
    lower_bound,
    read_articles,
    read_changes,
    server_clock,
)
from ssm.sage100.schema import F_ARTSTOCK, F_COMPTET

from .conftest import ANCHOR, SUMMER

CEST, CET = timedelta(hours=2), timedelta(hours=1)


@pytest.fixture
def night(clock):
    """The clock at 02:50 CEST today, ten minutes before summer time ends."""
    today = ANCHOR.date() + timedelta(days=1)
    clock.now = datetime.combine(today, time(2, 50), tzinfo=SUMMER)
    return clock


def _edit_client(engine, phone: str) -> tuple[str, datetime]:
    """Change one client's phone; its key and the ``cbModification`` the trigger stamped."""
    c = F_COMPTET.c
    with engine.begin() as conn:
        key = conn.execute(
            select(c.CT_Num).where(c.CT_Type == 0).order_by(c.cbMarq).limit(1)
        ).scalar_one()
        conn.execute(update(F_COMPTET).where(c.CT_Num == key).values(CT_Telephone=phone))
        stamp = conn.execute(select(c.cbModification).where(c.CT_Num == key)).scalar_one()
    return key, stamp


def _read(engine, since: Cursor) -> tuple[dict[str, dict], Cursor]:
    batches = list(read_changes(engine, CLIENTS, since, DEFAULT_OVERLAP))
    return {r["CT_Num"]: r for b in batches for r in b.rows}, batches[-1].cursor


def test_the_server_clock_gives_the_minute_and_the_offset(engine, night) -> None:
    assert server_clock(engine) == ServerClock(
        datetime.combine(night.now.date(), time(2, 50)), CEST
    )
    night.advance(minutes=10)
    night.shift_zone(hours=-1)  # 03:00 CEST is 02:00 CET
    assert server_clock(engine) == ServerClock(night.minute, CET)
    assert night.minute.hour == 2 and night.minute.minute == 0


def test_fall_back_with_the_connector_stopped_loses_no_edit(engine, night) -> None:
    cursor = list(read_changes(engine, CLIENTS))[-1].cursor  # the connector stops at 02:50
    assert cursor.utc_offset == CEST
    night.advance(minutes=10)
    night.shift_zone(hours=-1)  # 02:00 CET
    night.advance(minutes=10)
    key, stamp = _edit_client(engine, "01 99 99 99 99")
    assert stamp < cursor.cbModification - DEFAULT_OVERLAP  # 02:10 CET, before the cursor
    night.advance(minutes=30)  # the connector starts again at 02:40 CET
    rows, after = _read(engine, cursor)
    assert rows[key]["CT_Telephone"] == "01 99 99 99 99"
    assert after.cbModification == night.minute and after.utc_offset == CET
    # the same read from a cursor that does not know its offset misses the edit
    blind, _ = _read(engine, dataclasses.replace(cursor, utc_offset=None))
    assert key not in blind


def test_fall_back_while_the_connector_runs_loses_no_edit(engine, night) -> None:
    cursor = list(read_changes(engine, CLIENTS))[-1].cursor
    night.advance(minutes=9)
    rows, cursor = _read(engine, cursor)  # 02:59 CEST: the last read of summer time
    night.advance(minutes=1)
    night.shift_zone(hours=-1)  # 02:00 CET
    key, stamp = _edit_client(engine, "01 88 88 88 88")
    assert stamp == night.minute < cursor.cbModification - DEFAULT_OVERLAP
    rows, cursor = _read(engine, cursor)
    assert rows[key]["CT_Telephone"] == "01 88 88 88 88"
    assert cursor == Cursor(night.minute, 0, utc_offset=CET)  # the cursor went back too
    night.advance(minutes=5)
    _edit_client(engine, "01 77 77 77 77")
    rows, _ = _read(engine, cursor)
    assert rows[key]["CT_Telephone"] == "01 77 77 77 77"


def test_spring_forward_loses_no_edit_and_adds_no_reread(engine, clock) -> None:
    winter = datetime.combine(ANCHOR.date() + timedelta(days=1), time(1, 50))
    clock.now = winter.replace(tzinfo=timezone(CET))  # 01:50 CET, ten minutes before 03:00 CEST
    cursor = list(read_changes(engine, CLIENTS))[-1].cursor
    clock.advance(minutes=10)
    clock.shift_zone(hours=1)  # 02:00 CET is 03:00 CEST
    key, stamp = _edit_client(engine, "01 66 66 66 66")
    assert stamp == winter + timedelta(hours=1, minutes=10)
    assert lower_bound(cursor, server_clock(engine), DEFAULT_OVERLAP) == (
        cursor.cbModification - DEFAULT_OVERLAP
    )
    rows, after = _read(engine, cursor)
    assert list(rows) == [key] and after.utc_offset == CEST


def test_composite_readers_apply_the_same_rule(engine, night) -> None:
    cursor = list(read_articles(engine))[-1].cursor
    night.advance(minutes=10)
    night.shift_zone(hours=-1)
    night.advance(minutes=5)
    with engine.begin() as conn:  # a stock movement at 02:05 CET
        ref = conn.execute(select(F_ARTSTOCK.c.AR_Ref).limit(1)).scalar_one()
        conn.execute(
            update(F_ARTSTOCK)
            .where(F_ARTSTOCK.c.AR_Ref == ref)
            .values(AS_QteSto=F_ARTSTOCK.c.AS_QteSto + 5)
        )
    rows = [r for b in read_articles(engine, cursor, timedelta(0)) for r in b.rows]
    assert [r["AR_Ref"] for r in rows] == [ref]


def test_lower_bound_moves_back_by_the_lost_offset_only() -> None:
    at = datetime(2026, 10, 25, 2, 58)
    since = Cursor(at, 0, utc_offset=CEST)
    assert lower_bound(since, ServerClock(at, CEST), DEFAULT_OVERLAP) == at - DEFAULT_OVERLAP
    back = lower_bound(since, ServerClock(at, CET), DEFAULT_OVERLAP)
    assert back == at - DEFAULT_OVERLAP - timedelta(hours=1)
    half = lower_bound(since, ServerClock(at, timedelta(minutes=90)), timedelta(0))
    assert half == at - timedelta(minutes=30)
    unknown = Cursor(at, 0)  # saved before cursors recorded their offset
    assert lower_bound(unknown, ServerClock(at, CET), DEFAULT_OVERLAP) == at - DEFAULT_OVERLAP
