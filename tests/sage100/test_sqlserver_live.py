"""The SQL Server server kind against a real SQL Server, when the environment names one.

Collected only when ``SSM_TEST_MSSQL_URL`` is set (``tests/sage100/conftest.py``), e.g.::

    SSM_TEST_MSSQL_URL='mssql+pymssql://sa@127.0.0.1:1433' \\
    SSM_TEST_MSSQL_PASSWORD='…' .venv/bin/pytest tests/sage100/test_sqlserver_live.py

The login needs ``dbcreator`` (it creates and drops throwaway databases named
``ssm_test_<random>_<generation>``). For each schema generation it creates a company with
``create_company``, copies a tiny emulated company in, then checks discovery, version,
Sage logins, every reader against the emulator's counts and rows, and the change
watcher with and without Change Tracking. Written without a SQL Server at hand: it has
not run yet (see docs/sqlserver.md).
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select, update

from ssm.sage100 import (
    ARTICLES,
    CLIENTS,
    DEFAULT_SAGE_USER,
    READER_SPECS,
    NowMinute,
    SageLoginError,
    SqlLogin,
    check_company,
    count_rows,
    generate_server,
    open_server,
    read_articles,
    read_changes,
    read_documents,
    read_keys,
)
from ssm.sage100.schema import F_COMPTET, GENERATIONS
from ssm.sage100.sqlserver import (
    SqlServer,
    copy_company,
    create_company,
    open_engine,
    parse_location,
)
from ssm.sage100.sqlserver.statements import (
    WATCHED_TABLES,
    create_database,
    drop_database,
    enable_change_tracking,
    track_table,
)

from ._labels import SPECS
from .conftest import ANCHOR, MSSQL_NOT_RUN, MSSQL_URL_VARIABLE

if not os.environ.get(MSSQL_URL_VARIABLE):  # only when this file is named explicitly
    pytest.skip(MSSQL_NOT_RUN, allow_module_level=True)
URL = os.environ[MSSQL_URL_VARIABLE]
ADDRESS = parse_location(URL)
assert ADDRESS is not None, f"SSM_TEST_MSSQL_URL n'est pas une adresse SQL Server : {URL}"
LOGIN = (
    SqlLogin(ADDRESS.user, os.environ.get("SSM_TEST_MSSQL_PASSWORD", "")) if ADDRESS.user else None
)


@dataclass
class LiveCompany:
    generation: str
    database: str
    name: str
    emulated: Engine
    live: Engine


@pytest.fixture(scope="module")
def server() -> SqlServer:
    return SqlServer(ADDRESS, LOGIN, location=URL, watch_interval=1.0, watch_settle=2.0)


def _master() -> Engine:
    return open_engine(ADDRESS, LOGIN, "master").execution_options(isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module")
def companies(server, tmp_path_factory) -> Iterator[dict[str, LiveCompany]]:
    """One throwaway database per generation, holding a copy of a tiny emulated company."""
    master = _master()
    prefix = f"ssm_test_{uuid.uuid4().hex[:8]}"
    made: dict[str, LiveCompany] = {}
    created: list[str] = []
    try:
        for generation in GENERATIONS:
            database = f"{prefix}_{generation}"
            with master.connect() as conn:
                conn.execute(create_database(database))
            created.append(database)
            name = f"Démo Live {generation}"
            folder = tmp_path_factory.mktemp(f"live{generation}") / "srv"
            report = generate_server(
                folder, name, "tiny", 1, anchor=ANCHOR, generation=generation, triggers=False
            )
            emulated = open_server(report.location).engine(report.database)
            live = server.engine(database)
            metadata = create_company(live, generation)
            copy_company(emulated, live, metadata)
            made[generation] = LiveCompany(generation, database, name, emulated, live)
        yield made
    finally:
        for company in made.values():
            company.emulated.dispose()
            company.live.dispose()
        if created:
            with master.connect() as conn:
                for database in created:
                    conn.execute(drop_database(database))
        master.dispose()


def test_discovery_finds_each_company_by_name(server, companies) -> None:
    found = {c.database: c.name for c in server.companies()}
    for company in companies.values():
        assert found[company.database] == company.name


def test_version_is_honest(server, companies) -> None:
    version = server.version()
    if sys.platform != "win32":
        assert (version.major, version.supported) == (0, False)
        assert version.product == "Sage 100 (SQL Server)"


@pytest.mark.parametrize("generation", GENERATIONS)
def test_sage_logins(server, companies, generation) -> None:
    database = companies[generation].database
    for user in (DEFAULT_SAGE_USER, DEFAULT_SAGE_USER.upper(), DEFAULT_SAGE_USER.lower()):
        server.check_login(database, user, "")
    with pytest.raises(SageLoginError, match="Mot de passe incorrect"):
        server.check_login(database, DEFAULT_SAGE_USER, "not-empty")
    with pytest.raises(SageLoginError, match="n'existe pas"):
        server.check_login(database, "Personne", "")


def _normalised(rows: list[dict]) -> list[dict]:
    def value(v):
        return v.rstrip() if isinstance(v, str) else v

    return sorted(
        ({k: value(v) for k, v in row.items() if k != "lines"} for row in rows),
        key=lambda r: r["cbMarq"],
    )


def _all(batches) -> list[dict]:
    return [row for batch in batches for row in batch.rows]


@pytest.mark.parametrize("generation", GENERATIONS)
def test_readers_match_the_emulator(companies, generation) -> None:
    company = companies[generation]
    emu, live = company.emulated, company.live
    assert check_company(live).generation == check_company(emu).generation == generation
    for spec in READER_SPECS:
        assert count_rows(live, spec) == count_rows(emu, spec), spec.table
        assert _normalised(_all(read_changes(live, spec))) == _normalised(
            _all(read_changes(emu, spec))
        ), spec.table
    assert _normalised(_all(read_articles(live))) == _normalised(_all(read_articles(emu)))
    live_docs, emu_docs = _all(read_documents(live)), _all(read_documents(emu))
    assert _normalised(live_docs) == _normalised(emu_docs)
    assert sorted(len(d["lines"]) for d in live_docs) == sorted(len(d["lines"]) for d in emu_docs)
    for stream, spec in SPECS.items():
        live_keys = {k for chunk in read_keys(live, spec, chunk_size=7) for k in chunk}
        emu_keys = {k for chunk in read_keys(emu, spec) for k in chunk}
        assert live_keys == emu_keys, stream
    assert count_rows(live, ARTICLES) > 0


def _touch_a_client(engine: Engine) -> str:
    with engine.begin() as conn:
        row = conn.execute(
            select(F_COMPTET.c.cbMarq, F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Type == 0).limit(1)
        ).one()
        conn.execute(
            update(F_COMPTET)
            .where(F_COMPTET.c.cbMarq == row.cbMarq)
            .values(CT_Telephone="01 23 45 67 89", cbModification=NowMinute())
        )
    return str(row.CT_Num)


def _wait_for_change(watcher, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watcher.changed():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("generation", GENERATIONS)
def test_a_change_is_watched_and_read(server, companies, generation) -> None:
    company = companies[generation]
    batches = list(read_changes(company.live, CLIENTS))
    cursor = batches[-1].cursor
    with server.watch(company.database) as watcher:
        assert watcher.changed() is True  # the first call
        time.sleep(3)  # past the settle delay of the copy's statements
        while watcher.changed():
            time.sleep(0.2)
        ct_num = _touch_a_client(company.live)
        assert _wait_for_change(watcher), watcher.mode
    changed = _all(read_changes(company.live, CLIENTS, since=cursor))
    assert ct_num in {row["CT_Num"] for row in changed}


def test_change_tracking_when_a_dba_enabled_it(server, companies) -> None:
    company = companies[GENERATIONS[-1]]
    master = _master()
    try:
        with master.connect() as conn:
            conn.execute(enable_change_tracking(company.database))
    finally:
        master.dispose()
    with company.live.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in WATCHED_TABLES:
            conn.execute(track_table(table))
    with server.watch(company.database) as watcher:
        assert watcher.changed() is True
        assert watcher.mode == "change_tracking"
        assert watcher.changed() is False
        _touch_a_client(company.live)
        assert watcher.changed() is True
        assert watcher.changed() is False
