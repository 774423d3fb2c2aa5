"""Fixtures shared by every part's tests."""

import socket

import pytest


@pytest.fixture
def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (servers under test listen on loopback only)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def secrets_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep test secrets out of the developer's real keyring (keyring tests opt back in)."""
    monkeypatch.setenv("SSM_SECRETS_STORE", "file")
