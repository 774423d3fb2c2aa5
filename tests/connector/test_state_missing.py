"""The state store finds the bound keys Sage no longer has, whatever order Sage reads in."""

import pytest

from ssm.connector.errors import StateError
from ssm.connector.sync import StateStore


def test_bound_keys_absent_from_every_chunk_are_missing_and_sorted(tmp_path):
    with StateStore(tmp_path / "state.sqlite") as state:
        state.mark_sending("contacts", ["10", "9", "2", "11", "7"])
        state.mark_sending("accounts", ["C9"])  # another stream's binding is not compared
        chunks = [["9", "10"], ["12"], ["2", "9"]]  # Sage's order, a new key, a repeat
        assert state.missing_from("contacts", iter(chunks)) == (["11", "7"], 5)


def test_an_unreadable_state_file_fails_the_comparison_as_a_state_error(tmp_path):
    with StateStore(tmp_path / "state.sqlite") as state:
        (tmp_path / "state.sqlite").unlink()
        (tmp_path / "state.sqlite").mkdir()  # a new connection cannot open a folder
        with pytest.raises(StateError):
            state.missing_from("accounts", iter([["C1"]]))
