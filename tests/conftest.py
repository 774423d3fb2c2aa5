"""Fixtures shared by every part's tests."""

import os
import socket
from collections.abc import Iterator

import pytest
from ssm_bench.postgres import PostgresServer, PostgresUnavailableError


def pytest_configure(config: pytest.Config) -> None:
    """Speak French whatever the developer's locale: the tests compare French texts.

    The command lines and their messages take their language from the environment when
    first imported (``ssm.i18n.process_language``), which collection does after this hook;
    ``LANGUAGE`` goes first. The language tests set ``LANG`` in their subprocesses and drop it.
    """
    os.environ["LANGUAGE"] = "fr"


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster for the session (``ssm_bench.postgres``); never skipped.

    Started on first use only, so a run without PostgreSQL tests does not pay for it. Its
    ``template`` database is migrated to head once, so ``create_database()`` hands each test
    a ready schema in a few tens of milliseconds.
    """
    try:
        server = PostgresServer.start()
    except PostgresUnavailableError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        from ssm.cloud.db import Database

        server.template = None
        url = server.create_database()
        database = Database(url)
        try:
            database.create_schema()
        finally:
            database.dispose()
        server.template = url.rsplit("/", 1)[-1]
        yield server
    finally:
        server.stop()
