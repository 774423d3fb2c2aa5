"""The state store writes a chunk's bindings in one statement, whatever their characters."""

import sqlite3

import pytest

from ssm.connector.sync import Binding, StateStore

# Texts a JSON array must carry intact; the NUL sends its chunk row by row.
ODD = ['"CT', "a\\b", "tab\tnl\n\x1f", "Élodie", "😀", " ", "[1]", "null", "1.0", "a\\u0000"]


def _rows(path):
    db = sqlite3.connect(path)
    try:
        query = "SELECT sage_key, crm_id, hash, status, error, owner, attempts FROM bindings"
        return {r[0]: r[1:] for r in db.execute(query + " WHERE stream = 'accounts'")}
    finally:
        db.close()


@pytest.mark.parametrize("extra", [[], ["nul\x00key"]], ids=["json", "row-by-row"])
def test_bindings_come_back_exactly_as_committed(tmp_path, extra):
    keys = ODD + extra
    bindings = [
        Binding(k, i, f"h{i}", "error" if i % 2 else "created", f"refusé : {k}", f"o{k}")
        for i, k in enumerate(keys)
    ]
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
        state.commit("accounts", [Binding(key, 7, "h1", "created", owner="ADM")])
        state.mark_sending("accounts", [key])  # already bound: left as it was
        assert _rows(tmp_path / "state.sqlite")[key] == (7, "h1", "created", None, "ADM", 0)
        state.commit("accounts", [Binding(key, None, None, "error", "refusé", retry=True)])
        state.commit("accounts", [Binding(key, None, None, "error", "refusé", retry=True)])
    assert _rows(tmp_path / "state.sqlite")[key] == (7, None, "error", "refusé", "ADM", 2)
