"""The CRM → Sage part of the state: reservations, the keys the streams skip, refusals."""

import sqlite3

from ssm.connector.sync import Reservation, StateStore


def test_a_reservations_table_of_the_first_feed_version_gains_the_noted_key(tmp_path):
    path = tmp_path / "state.sqlite"
    StateStore(path).close()
    with sqlite3.connect(path) as db:
        db.executescript(
            "DROP TABLE reservations; CREATE TABLE reservations (resource TEXT NOT NULL,"
            " crm_id INTEGER NOT NULL, CT_Num TEXT NOT NULL, CT_Nom TEXT NOT NULL DEFAULT '',"
            " CT_Prenom TEXT NOT NULL DEFAULT '', PRIMARY KEY (resource, crm_id));"
            " INSERT INTO reservations VALUES ('accounts', 4, 'P000004', '', '');"
        )
    with StateStore(path) as state:
        assert state.reservation("accounts", 4) == Reservation("P000004")
        assert state.reserved_resources() == {"accounts"}  # its key was never noted
        state.written("accounts", 4, "P000004")
        assert state.unconfirmed_keys("accounts") == {"P000004"}


def test_a_noted_key_is_skipped_until_bound_then_due_for_its_stream(tmp_path):
    with StateStore(tmp_path / "state.sqlite") as state:
        state.reserve("contacts", 9, Reservation("C1", "Durand", "Léa"))
        assert state.reserved_resources() == {"contacts"}
        state.written("contacts", 9, "812")
        assert (state.reserved_resources(), state.unconfirmed_keys("contacts")) == (
            set(),
            {"812"},
        )
        assert state.unconfirmed_keys("accounts") == frozenset()
        state.unconfirmed(5, "contacts", 9, "812", "Le service a refusé (409).")
        assert state.unconfirmed_keys("contacts") == {"812"}
        assert [e[:4] for e in state.crm_errors()] == [
            ("contacts", 9, "812", "Le service a refusé (409).")
        ]
        assert state.feed_position() == 5
        assert state.due_retries("contacts") == []

        state.applied(8, "contacts", 9, "812")
        assert state.unconfirmed_keys("contacts") == frozenset()
        assert state.crm_errors() == []
        assert state.due_retries("contacts") == ["812"]


def test_a_refusal_no_longer_true_is_cleared_alone(tmp_path):
    with StateStore(tmp_path / "state.sqlite") as state:
        state.applied(1, "accounts", 1, "P1", "refusé")
        state.applied(2, "accounts", 2, "P2", "refusé aussi")
        state.clear_crm_error("accounts", 1)
        assert [e[:3] for e in state.crm_errors()] == [("accounts", 2, "P2")]
        assert state.feed_position() == 2
