"""The SQL Server server kind without a SQL Server: locations, URLs, errors, rules, registry.

What needs a server is in ``test_sqlserver_live.py``. Here the driver is real where it can
be (pymssql failing to reach a closed loopback port) and faked where it cannot (a login
SQL Server refuses): the fakes carry the arguments each driver is documented to raise.
"""

from __future__ import annotations

import socket
from datetime import datetime, timedelta

import pytest
from sqlalchemy.exc import OperationalError

from ssm.sage100 import (
    CLIENTS,
    SERVER_KINDS,
    CompanyNotFoundError,
    Sage100Server,
    SageConnectionError,
    ServerNotFoundError,
    SqlLogin,
    is_sql_server_location,
    open_server,
    read_changes,
)
from ssm.sage100 import messages as msg
from ssm.sage100.emulator import GESCOM_KEY, EmulatedServer
from ssm.sage100.sqlserver import (
    GESCOM_SUBKEYS,
    Periodic,
    SqlServer,
    SqlServerAddress,
    UsageStamps,
    Versions,
    Where,
    company_info,
    company_url,
    credentials,
    error_numbers,
    open_engine,
    parse_location,
    password_accepted,
    read_gescom_version,
    sage_tables,
    translate,
    unknown_version,
    value_version,
)
from ssm.sage100.sqlserver.statements import quote_name

SECRET = "S3cret!pw"


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- locations --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("location", "host", "instance", "port"),
    [
        (r"SRV\SAGE100", "SRV", "SAGE100", None),
        (r".\SQLEXPRESS", ".", "SQLEXPRESS", None),
        (r"(local)\SAGE", "(local)", "SAGE", None),
        ("srv", "srv", None, None),
        ("sage-sql.example.local", "sage-sql.example.local", None, None),
        ("10.0.0.5,1433", "10.0.0.5", None, 1433),
        ("srv:49152", "srv", None, 49152),
        (r"SRV\SAGE100,1500", "SRV", "SAGE100", 1500),
        ("  srv  ", "srv", None, None),
    ],
)
def test_addresses_as_sql_server_tools_write_them(location, host, instance, port) -> None:
    address = parse_location(location)
    assert address == SqlServerAddress(host=host, instance=instance, port=port)


@pytest.mark.parametrize(
    "location", ["/srv/sage", "C:\\Sage\\Serveur", "./srv", "srv,99999", "", "a b", "srv\\"]
)
def test_paths_and_nonsense_are_not_sql_servers(location) -> None:
    assert parse_location(location) is None
    assert not is_sql_server_location(location)


def test_urls_keep_driver_user_and_options() -> None:
    address = parse_location(
        "mssql+pyodbc://sa@srv:1433/ignored?driver=ODBC+Driver+18+for+SQL+Server"
        "&TrustServerCertificate=yes"
    )
    assert address == SqlServerAddress(
        host="srv",
        port=1433,
        driver="mssql+pyodbc",
        user="sa",
        query=(("TrustServerCertificate", "yes"), ("driver", "ODBC Driver 18 for SQL Server")),
    )
    plain = parse_location(r"mssql://SRV\SAGE100")
    assert plain is not None
    assert (plain.driver, plain.host, plain.instance) == ("mssql+pymssql", "SRV", "SAGE100")
    assert parse_location("mssql+pymssql://SRV%5CSAGE100").instance == "SAGE100"  # type: ignore[union-attr]


def test_a_url_with_a_password_is_refused_without_repeating_it() -> None:
    with pytest.raises(SageConnectionError, match="contient un mot de passe") as caught:
        open_server(f"mssql+pymssql://sa:{SECRET}@srv:1433")
    assert SECRET not in str(caught.value)
    assert "mssql+pymssql://sa:***@srv:1433" in str(caught.value)


def test_an_unreadable_url_is_one_sentence() -> None:
    with pytest.raises(SageConnectionError, match="Adresse de serveur SQL illisible"):
        open_server("mssql+pymssql://")


# --- the registry of server kinds --------------------------------------------------------
def test_sql_server_is_tried_before_the_emulator() -> None:
    assert [kind.name for kind in SERVER_KINDS] == ["sqlserver", "emulator"]


def test_a_sql_server_opens_without_connecting() -> None:
    server = open_server(r"127.0.0.1\SAGE100", login=SqlLogin("sa", SECRET))
    assert isinstance(server, SqlServer)
    assert isinstance(server, Sage100Server)
    assert server.location == r"127.0.0.1\SAGE100"


def test_a_folder_stays_the_emulators_even_named_like_a_host(tiny, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # "srv" is then both a host name and an existing folder
    assert is_sql_server_location("srv") is False
    assert isinstance(open_server("srv"), EmulatedServer)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ServerNotFoundError, match="n'est pas un serveur Sage 100 émulé"):
        open_server("empty")


def test_a_path_still_to_create_gets_the_emulators_sentence(tmp_path) -> None:
    with pytest.raises(ServerNotFoundError, match="ssm-sage100 generate"):
        open_server(tmp_path / "not-yet")


def test_an_unreachable_server_fails_on_first_use_in_french() -> None:
    port = closed_port()
    server = open_server(f"127.0.0.1,{port}", login=SqlLogin("sa", SECRET))
    with pytest.raises(SageConnectionError) as caught:
        server.companies()
    text = str(caught.value)
    assert text == msg.SQLSERVER_UNREACHABLE.format(server=f"127.0.0.1,{port}", port=port)
    assert SECRET not in text


def test_readers_get_the_same_sentence_through_the_engine() -> None:
    port = closed_port()
    engine = open_server(f"127.0.0.1:{port}", login=SqlLogin("sa", SECRET)).engine("BIJOU")
    try:
        with pytest.raises(SageConnectionError, match="Impossible de joindre le serveur"):
            next(read_changes(engine, CLIENTS))
    finally:
        engine.dispose()


def test_check_login_on_an_unreachable_server() -> None:
    server = open_server(f"127.0.0.1,{closed_port()}")
    with pytest.raises(SageConnectionError, match="Impossible de joindre le serveur"):
        server.check_login("BIJOU", "Administrateur", "")


# --- URLs and credentials ---------------------------------------------------------------
def test_the_password_is_in_the_url_but_never_shown() -> None:
    address = parse_location(r"SRV\SAGE100")
    assert address is not None
    url = company_url(address, SqlLogin("sage_ro", SECRET), "BIJOU")
    assert url.password == SECRET
    assert (url.username, url.host, url.port, url.database) == (
        "sage_ro",
        r"SRV\SAGE100",
        None,
        "BIJOU",
    )
    for shown in (str(url), repr(url), repr(SqlLogin("sage_ro", SECRET))):
        assert SECRET not in shown
    engine = open_engine(address, SqlLogin("sage_ro", SECRET), "BIJOU")
    try:
        assert SECRET not in str(engine.url) and SECRET not in repr(engine)
        assert engine.dialect.driver == "pymssql"
    finally:
        engine.dispose()


def test_windows_integrated_security_sends_no_user() -> None:
    address = parse_location("srv,1433")
    assert address is not None
    assert credentials(address, None) == (None, None)
    url = company_url(address, None, "BIJOU")
    assert (url.username, url.password, url.host, url.port) == (None, None, "srv", 1433)
    assert "Trusted_Connection" not in url.query  # pymssql: no user means integrated
    odbc = parse_location("mssql+pyodbc://srv/?driver=ODBC+Driver+18+for+SQL+Server")
    assert odbc is not None
    assert company_url(odbc, None, "BIJOU").query["Trusted_Connection"] == "yes"
    assert "Trusted_Connection" not in company_url(odbc, SqlLogin("sa", "x"), "B").query


def test_a_url_user_logs_in_with_an_empty_password_unless_a_login_is_given() -> None:
    address = parse_location("mssql+pymssql://sa@srv")
    assert address is not None
    assert credentials(address, None) == ("sa", "")
    assert credentials(address, SqlLogin("other", SECRET)) == ("other", SECRET)


def test_a_port_wins_over_an_instance_as_in_sql_servers_tools() -> None:
    address = parse_location(r"SRV\SAGE100,1500")
    assert address is not None
    assert (address.network_host, address.port, address.server) == (
        "SRV",
        1500,
        r"SRV\SAGE100,1500",
    )
    assert parse_location(r".\SAGE").network_host == r"localhost\SAGE"  # type: ignore[union-attr]


@pytest.mark.parametrize("driver", ["pyodbc", "mssqlpython", "nosuchdriver"])
def test_a_missing_driver_is_one_sentence(driver) -> None:
    server = open_server(f"mssql+{driver}://srv:1433")
    with pytest.raises(SageConnectionError, match=f"Le pilote SQL Server « {driver} »"):
        server.engine("BIJOU")


# --- error translation ------------------------------------------------------------------
class FakeDriverError(Exception):
    """A DB-API error as a driver raises it (pymssql, pyodbc and mssql-python alike)."""


WHERE_SQL = Where(SqlServerAddress("srv", port=1433), "sage_ro", "BIJOU")
WHERE_WINDOWS = Where(SqlServerAddress("SRV", "SAGE100"), None, "BIJOU")

PYMSSQL_LOGIN = FakeDriverError(
    (
        18456,
        b"Login failed for user 'sage_ro'.DB-Lib error message 20018, severity 14:\n"
        b"General SQL Server error: Check messages from the SQL Server\n"
        b"DB-Lib error message 20002, severity 9:\nAdaptive Server connection failed (srv)\n",
    )
)
PYODBC_LOGIN = FakeDriverError(
    "28000",
    "[28000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user "
    "'sage_ro'. (18456) (SQLDriverConnect)",
)


def test_a_refused_sql_login_names_the_login_never_the_password() -> None:
    for error in (PYMSSQL_LOGIN, PYODBC_LOGIN):
        translated = translate(error, WHERE_SQL)
        assert isinstance(translated, SageConnectionError)
        assert str(translated) == msg.SQLSERVER_LOGIN_REFUSED.format(
            server="srv,1433", user="sage_ro"
        )
        assert SECRET not in str(translated)


def test_a_refused_windows_account_says_to_grant_it_access() -> None:
    translated = translate(PYMSSQL_LOGIN, WHERE_WINDOWS)
    assert isinstance(translated, SageConnectionError)
    assert str(translated).startswith(
        r"Le serveur SQL Server SRV\SAGE100 a refusé le compte Windows"
    )
    assert "db_datareader" in str(translated)


@pytest.mark.parametrize(
    ("error", "kind", "start"),
    [
        (
            FakeDriverError((4060, b'Cannot open database "BIJOU" requested by the login.')),
            CompanyNotFoundError,
            "La base « BIJOU » n'existe pas sur le serveur SQL Server srv,1433, ou "
            "l'identifiant SQL « sage_ro » n'y a pas accès",
        ),
        (
            FakeDriverError(
                "42000", "[42000] [Microsoft][ODBC Driver 18]Cannot open database (4060)"
            ),
            CompanyNotFoundError,
            "La base « BIJOU » n'existe pas",
        ),
        (
            FakeDriverError(
                (942, b"Database 'BIJOU' cannot be opened because it is offline.DB-Lib error")
            ),
            SageConnectionError,
            "La base « BIJOU » du serveur SQL Server srv,1433 n'est pas disponible",
        ),
        (
            FakeDriverError(
                (
                    20003,
                    b"DB-Lib error message 20003, severity 6:\n"
                    b"Adaptive Server connection timed out",
                )
            ),
            SageConnectionError,
            "Le serveur SQL Server srv,1433 n'a pas répondu à temps",
        ),
        (
            FakeDriverError("HYT00", "[HYT00] [Microsoft][ODBC Driver 18]Login timeout expired"),
            SageConnectionError,
            "Le serveur SQL Server srv,1433 n'a pas répondu à temps",
        ),
        (
            FakeDriverError(
                "08001",
                "[08001] [Microsoft][ODBC Driver 18]TCP Provider: No connection could be made "
                "because the target machine actively refused it. (10061)",
            ),
            SageConnectionError,
            "Impossible de joindre le serveur SQL Server srv,1433",
        ),
    ],
)
def test_driver_errors_become_sentences(error, kind, start) -> None:
    translated = translate(error, WHERE_SQL)
    assert type(translated) is kind
    assert str(translated).startswith(start)


def test_an_unknown_instance_points_to_the_browser() -> None:
    error = FakeDriverError(
        (
            20009,
            b"DB-Lib error message 20009, severity 9:\nUnable to connect: TDS server is "
            b"unavailable or does not exist (SRV\\SAGE100)\n",
        )
    )
    translated = translate(error, WHERE_WINDOWS)
    assert str(translated) == msg.SQLSERVER_INSTANCE_UNREACHABLE.format(
        instance="SAGE100", host="SRV"
    )


def test_statement_errors_are_left_to_the_readers() -> None:
    lock = FakeDriverError(
        (1222, b"Lock request time out period exceeded.DB-Lib error message 20018")
    )
    assert translate(lock, WHERE_SQL) is None
    assert error_numbers(lock) == [1222, 20018]
    wrapped = OperationalError("SELECT 1", {}, lock)
    assert msg.db_reason(wrapped) == "Lock request time out period exceeded."


def test_the_real_driver_error_for_a_closed_port() -> None:
    import pymssql

    with pytest.raises(pymssql.OperationalError) as caught:
        pymssql.connect(server="127.0.0.1", port=str(closed_port()), login_timeout=2)
    assert 20009 in error_numbers(caught.value)
    assert isinstance(translate(caught.value, WHERE_SQL), SageConnectionError)


# --- discovery, logins, version -----------------------------------------------------------
def test_database_names_are_quoted_as_quotename_does() -> None:
    assert quote_name("BIJOU") == "[BIJOU]"
    assert quote_name("Ma ]Base") == "[Ma ]]Base]"
    assert sage_tables("A]") == {
        "docentete": "[A]]].dbo.F_DOCENTETE",
        "artstock": "[A]]].dbo.F_ARTSTOCK",
    }


def test_a_company_is_named_after_its_database_when_unnamed() -> None:
    assert company_info("BIJOU", "  Bijou SA ").name == "Bijou SA"
    assert company_info("BIJOU", "   ").name == "BIJOU"
    assert company_info("BIJOU", None).name == "BIJOU"


@pytest.mark.parametrize(
    ("prot_hash", "password", "accepted"),
    [
        (None, "", True),
        (None, "anything", False),
        (b"\x01" * 32, "", True),
        (b"\x01" * 32, "whatever", True),
    ],
)
def test_what_the_login_check_can_tell(prot_hash, password, accepted) -> None:
    assert password_accepted(prot_hash, password) is accepted


def test_the_registry_version_needs_no_connection() -> None:
    address = SqlServerAddress("127.0.0.1", port=closed_port())
    version = SqlServer(address, registry=lambda: "11.00").version()
    assert (version.product, version.version, version.major, version.supported) == (
        "Gestion Commerciale 100c",
        "11.00",
        11,
        True,
    )
    assert SqlServer(address, registry=lambda: "7.70").version().supported is False


def test_no_registry_and_no_server_is_a_sentence() -> None:
    address = SqlServerAddress("127.0.0.1", port=closed_port())
    with pytest.raises(SageConnectionError, match="Impossible de joindre"):
        SqlServer(address, registry=lambda: None).version()


def test_an_unknown_version_is_never_supported() -> None:
    assert unknown_version([]) == unknown_version([])
    version = unknown_version([("CPTA", 1000, 655360), ("CIAL", 1100, 720896)])
    assert (version.major, version.supported) == (0, False)
    assert version.product == "Sage 100 (SQL Server)"
    assert (
        version.version
        == "version inconnue (cbSysTable CIAL : CB_Version 1100, CB_DescVersion 720896)"
    )


def test_the_registry_key_is_the_emulators() -> None:
    assert "HKEY_LOCAL_MACHINE\\" + GESCOM_SUBKEYS[0] == GESCOM_KEY
    assert value_version(" 11.00 ") == "11.00"
    assert value_version(11) == "11"
    assert value_version("") is None and value_version(None) is None
    assert read_gescom_version() is None  # not Windows: the registry says nothing


# --- the watcher's decisions ----------------------------------------------------------------
def test_change_tracking_versions() -> None:
    versions = Versions()
    assert [versions.seen(v) for v in (5, 5, 6, 6, 6, 9)] == [True, False, True, False, False, True]


def test_usage_stamps_report_a_change_twice_when_it_may_not_have_committed() -> None:
    stamps = UsageStamps(settle=30)
    t0 = datetime(2026, 6, 1, 10, 0, 0)
    old = t0 - timedelta(hours=1)
    assert stamps.seen(old, t0) is True  # the first call
    assert stamps.seen(old, t0 + timedelta(seconds=1)) is False  # settled long ago
    fresh = t0 + timedelta(seconds=2)
    assert stamps.seen(fresh, t0 + timedelta(seconds=3)) is True  # new statement
    assert stamps.seen(fresh, t0 + timedelta(seconds=10)) is False
    assert stamps.seen(fresh, t0 + timedelta(seconds=33)) is True  # surely committed now
    assert stamps.seen(fresh, t0 + timedelta(seconds=60)) is False
    assert stamps.seen(None, t0 + timedelta(seconds=61)) is True  # SQL Server restarted
    assert stamps.seen(None, t0 + timedelta(seconds=62)) is False


def test_periodic_says_maybe_every_interval() -> None:
    now = [0.0]
    periodic = Periodic(120, clock=lambda: now[0])
    seen = []
    for t in (0, 1, 119, 120, 121, 239, 240):
        now[0] = t
        seen.append(periodic.seen())
    assert seen == [True, False, False, True, False, False, True]


def test_a_watcher_on_an_unreachable_server_says_so_on_first_call() -> None:
    server = open_server(f"127.0.0.1,{closed_port()}")
    watcher = server.watch("BIJOU")
    try:
        with pytest.raises(SageConnectionError, match="Impossible de joindre"):
            watcher.changed()
    finally:
        watcher.close()
    with pytest.raises(SageConnectionError, match="surveillance déjà fermée"):
        watcher.changed()


# --- the real driver against a loopback endpoint that refuses -----------------------------
_SCENARIO = """
import sys
sys.path.insert(0, {tests!r})
from _fake_tds import fake_tds
from ssm.sage100 import Sage100Error, SqlLogin
from ssm.sage100.sqlserver import SqlServer, SqlServerAddress

def attempt(errors, close_only=False, database="BIJOU"):
    with fake_tds(errors, close_only=close_only) as port:
        address = SqlServerAddress("127.0.0.1", port=port)
        server = SqlServer(address, SqlLogin("sage_ro", {secret!r}))
        engine = server.engine(database)
        try:
            with engine.connect():
                pass
        except Sage100Error as exc:
            print(type(exc).__name__ + ": " + str(exc))
        finally:
            engine.dispose()

for errors, close_only in {attempts!r}:
    attempt(errors, close_only)
"""
LOGIN_FAILED = (18456, "Login failed for user 'sage_ro'.")
NO_DATABASE = (4060, 'Cannot open database "BIJOU" requested by the login. The login failed.')
OFFLINE = (942, "Database 'BIJOU' cannot be opened because it is offline.")
HANDSHAKE = "SageConnectionError: " + msg.SQLSERVER_HANDSHAKE_FAILED.format(
    server="127.0.0.1,PORT", who="l'identifiant SQL « sage_ro »"
)


def _run_scenario(attempts) -> list[str]:
    import re
    import subprocess
    import sys
    from pathlib import Path

    script = _SCENARIO.format(tests=str(Path(__file__).parent), secret=SECRET, attempts=attempts)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert SECRET not in done.stdout + done.stderr
    return [
        re.sub(r"127\.0\.0\.1,\d+", "127.0.0.1,PORT", line) for line in done.stdout.splitlines()
    ]


@pytest.mark.parametrize(
    ("errors", "expected"),
    [
        (
            [LOGIN_FAILED],
            "SageConnectionError: "
            + msg.SQLSERVER_LOGIN_REFUSED.format(server="127.0.0.1,PORT", user="sage_ro"),
        ),
        (
            [NO_DATABASE, LOGIN_FAILED],
            "CompanyNotFoundError: La base « BIJOU » n'existe pas sur le serveur SQL Server "
            "127.0.0.1,PORT, ou l'identifiant SQL « sage_ro » n'y a pas accès : choisissez une "
            "société de la liste, ou donnez l'accès à cette base (rôle db_datareader).",
        ),
        (
            [OFFLINE],
            "SageConnectionError: "
            + msg.SQLSERVER_DATABASE_OFFLINE.format(database="BIJOU", server="127.0.0.1,PORT"),
        ),
    ],
)
def test_a_refusal_through_the_real_driver(errors, expected) -> None:
    """In a fresh process: pymssql and FreeTDS read the endpoint's TDS error tokens."""
    assert _run_scenario([(errors, False)]) == [expected]


def test_later_refusals_in_one_process_still_get_a_sentence() -> None:
    """pymssql 2.4 keeps the first failure's number for later ones, without its message.

    The translation then trusts FreeTDS's own line (20002: the login exchange failed) and
    gives the sentence that covers a refused login, a closed connection and TLS alike.
    """
    lines = _run_scenario([([OFFLINE], False), ([LOGIN_FAILED], False), ([], True)])
    assert lines[0].startswith("SageConnectionError: La base « BIJOU »")
    assert lines[1:] == [HANDSHAKE, HANDSHAKE]
