"""Cursors in the state file keep the server's UTC offset, and older files gain it."""

import sqlite3
from datetime import datetime, timedelta

import pytest

from ssm.connector.sync import StateStore
from ssm.sage100 import Cursor

AT = datetime(2026, 10, 25, 2, 58)


@pytest.mark.parametrize(
    "offset", [timedelta(hours=2), timedelta(hours=-5), timedelta(hours=5, minutes=30), None]
)
def test_a_cursor_comes_back_with_its_offset(tmp_path, offset):
    cursor = Cursor(AT, 42, backfill=True, utc_offset=offset)
    with StateStore(tmp_path / "state.sqlite") as state:
        state.commit("accounts", [], cursor=cursor)
    with StateStore(tmp_path / "state.sqlite") as state:
        assert state.cursor("accounts") == cursor


def test_a_state_file_from_before_offsets_reads_its_cursor_without_one(tmp_path):
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as db:  # the cursors table as earlier versions made it
        db.execute(
            "CREATE TABLE cursors (stream TEXT PRIMARY KEY, cb_modification TEXT NOT NULL,"
            " cb_marq INTEGER NOT NULL, backfill INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute("INSERT INTO cursors VALUES ('accounts', ?, 0, 0)", (AT.isoformat(),))
    db.close()
    with StateStore(path) as state:
        assert state.cursor("accounts") == Cursor(AT, 0)  # no offset: the old rule, once
        state.commit("accounts", [], cursor=Cursor(AT, 0, utc_offset=timedelta(hours=1)))
        assert state.cursor("accounts").utc_offset == timedelta(hours=1)
