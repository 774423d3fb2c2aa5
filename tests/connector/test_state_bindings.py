"""The state store writes a chunk's bindings in one statement, whatever their characters."""

import sqlite3

import pytest

from ssm.connector.sync import Binding, StateStore

# Texts a JSON array must carry intact.
ODD = ['"CT', "a\\b", "tab\tnl\n\x1f", "Élodie", "😀", " ", "[1]", "null", "1.0"]
# A NUL sends its chunk row by row (so does what its JSON looks like: only slower).
ROW_BY_ROW = ["nul\x00key", "a\\u0000"]


def _rows(path):
    db = sqlite3.connect(path)
    try:
        query = "SELECT sage_key, crm_id, hash, status, error, owner, attempts FROM bindings"
        return {r[0]: r[1:] for r in db.execute(query + " WHERE stream = 'accounts'")}
    finally:
        db.close()


def _synced(i, key):
    return Binding(key, i, f"h{i}", "synced", owner=f"o{key}" if i % 2 else None)


def _any(i, key):
    if i % 2:
        return Binding(key, i, None, "error", f"refusé : {key}", f"o{key}")
    return _synced(i, key)


@pytest.mark.parametrize("outcome", [_synced, _any], ids=["all-synced", "some-refused"])
@pytest.mark.parametrize("extra", [[], ROW_BY_ROW], ids=["json", "row-by-row"])
def test_bindings_come_back_exactly_as_committed(tmp_path, extra, outcome):
    keys = ODD + extra
    bindings = [outcome(i, k) for i, k in enumerate(keys)]
    with StateStore(tmp_path / "state.sqlite") as state:
        state.mark_sending("accounts", keys)
        assert set(_rows(tmp_path / "state.sqlite")) == set(keys)
        state.commit("accounts", bindings)
    assert _rows(tmp_path / "state.sqlite") == {
        b.sage_key: (b.crm_id, b.hash, b.status, b.error, b.owner, 0) for b in bindings
    }


@pytest.mark.parametrize("key", ["C1", "C\x001"], ids=["json", "row-by-row"])
def test_a_binding_without_id_or_owner_keeps_those_it_had(tmp_path, key):
    with StateStore(tmp_path / "state.sqlite") as state:
        state.commit("accounts", [Binding(key, 7, "h1", "synced", owner="ADM")])
        state.mark_sending("accounts", [key])  # already bound: left as it was
        assert _rows(tmp_path / "state.sqlite")[key] == (7, "h1", "synced", None, "ADM", 0)
        state.commit("accounts", [Binding(key, None, None, "error", "refusé", retry=True)])
        state.commit("accounts", [Binding(key, None, None, "error", "refusé", retry=True)])
        assert _rows(tmp_path / "state.sqlite")[key] == (7, None, "error", "refusé", "ADM", 2)
        state.commit("accounts", [Binding(key, 7, "h2", "synced")])  # retries end
    assert _rows(tmp_path / "state.sqlite")[key] == (7, "h2", "synced", None, "ADM", 0)
    with StateStore(tmp_path / "state.sqlite") as state:
        assert state.due_retries("accounts") == []
