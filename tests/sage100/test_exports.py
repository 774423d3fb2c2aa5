"""Public surfaces: ``__all__`` lists exactly the public names, sorted."""

from __future__ import annotations

import pytest

import ssm.sage100
import ssm.sage100.emulator
import ssm.sage100.schema
import ssm.sage100.sqlserver


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's __all__ order: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[0].isupper() else (2, name)


@pytest.mark.parametrize(
    "module", [ssm.sage100, ssm.sage100.emulator, ssm.sage100.schema, ssm.sage100.sqlserver]
)
def test_all_equals_public_names(module) -> None:
    submodules = {n for n, v in vars(module).items() if type(v).__name__ == "module"}
    public = {name for name in vars(module) if not name.startswith("_")} - submodules
    assert set(module.__all__) == public
    assert list(module.__all__) == sorted(module.__all__, key=_isort_key)
    assert len(module.__all__) == len(set(module.__all__))


def test_contract_names_are_exported() -> None:
    contract = {
        "open_server", "Sage100Server", "CompanyInfo", "SageVersion", "Cursor", "TableSpec",
        "CLIENTS", "read_changes", "Batch", "count_rows", "Sage100Error",
        "ServerNotFoundError", "CompanyNotFoundError", "SageLoginError",
        "read_articles", "read_documents", "read_keys", "ChangeWatcher", "USERS", "CONTACTS",
        "server_now",
    }  # fmt: skip
    assert contract <= set(ssm.sage100.__all__)
