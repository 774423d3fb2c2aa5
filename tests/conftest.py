"""Fixtures shared by every part's tests."""

import socket

import pytest


@pytest.fixture
def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (servers under test listen on loopback only)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
