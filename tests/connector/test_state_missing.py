"""The state store finds the bound keys Sage no longer has, whatever order Sage reads in."""

import sqlite3

import pytest

from ssm.connector.errors import StateError
from ssm.connector.sync import Reservation, StateStore


def test_bound_keys_absent_from_every_chunk_are_missing_and_sorted(tmp_path):
    with StateStore(tmp_path / "state.sqlite") as state:
        state.mark_sending("contacts", ["10", "9", "2", "11", "7"])
        state.mark_sending("accounts", ["C9"])  # another stream's binding is not compared
        chunks = [["9", "10"], ["12"], ["2", "9"]]  # Sage's order, a new key, a repeat
        assert state.missing_from("contacts", iter(chunks)) == (["11", "7"], 5)


def test_bound_keys_come_back_exactly_whatever_their_characters(tmp_path):
    """The bound keys are read as one JSON array: every character must survive it."""
    odd = ['"CT', "a\\b", "tab\tnl\n\x00\x1f", "Élodie", "😀", " ", "[1]", "null", "1.0"]
    with StateStore(tmp_path / "state.sqlite") as state:
        state.mark_sending("accounts", odd)
        assert state.missing_from("accounts", iter([odd[:4]])) == (sorted(odd[4:]), 4)
        assert state.missing_from("accounts", iter([odd])) == ([], len(odd))
        assert state.missing_from("users", iter([["1"]])) == ([], 1)  # nothing bound


def test_a_state_store_that_cannot_be_read_fails_the_comparison_as_a_state_error(tmp_path):
    # The reconciliation reports a StateError in French; a raw sqlite3 error would not be.
    state = StateStore(tmp_path / "state.sqlite")
    state.close()
    with pytest.raises(StateError):
        state.missing_from("accounts", iter([["C1"]]))


def test_a_state_file_of_an_earlier_version_gains_the_crm_feed_tables(tmp_path):
    path = tmp_path / "state.sqlite"
    StateStore(path).close()
    with sqlite3.connect(path) as db:
        db.executescript("DROP TABLE feed; DROP TABLE reservations; DROP TABLE crm_errors;")
    with StateStore(path) as state:
        assert state.feed_position() == 0
        state.reserve("accounts", 7, Reservation("P000001"))
        assert state.reserved_codes() == ["P000001"]
        state.applied(3, "accounts", 7, "P000001")
        assert (state.feed_position(), state.reservation("accounts", 7)) == (3, None)
