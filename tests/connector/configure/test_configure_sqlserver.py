"""The configuration wizard's Sage screens with a SQL Server, screen by screen and headless:
the authentication fields, a SQL Server nobody answers on (the sage100 package's sentence,
shown as it is), and a company lacking a required column refused at « Enregistrer » with
nothing written and no activation key burnt. Real processes and files, no mock of Sage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ssm.connector import messages as msg
from ssm.connector.configure import check_activation_key
from ssm.connector.demo import issue_activation_key
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.configure import ConfigAnswers, configure_wizard
from ssm.connector.wizard.configure.connection_result import ConnectionResultScreen
from ssm.sage100 import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    Sage100Error,
    SageSchemaError,
    SqlLogin,
    check_company,
    open_server,
)

COMPANY = "BIJOU"
SQL_USER = "ssm_lecture"
SQL_PASSWORD = "Sql-Lecture-77c1"


@pytest.fixture
def nobody_there(free_port: int) -> str:
    """A SQL Server address as its tools write it (``host,port``), where nothing listens."""
    return f"127.0.0.1,{free_port}"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "install"
    folder.mkdir()
    return folder


def _fields(wizard: Wizard) -> dict[str, dict]:
    return {f["name"]: dict(f) for f in wizard.view().get("fields", [])}


def _answers(wizard: Wizard) -> ConfigAnswers:
    answers = wizard.answers
    assert isinstance(answers, ConfigAnswers)
    return answers


def _sql_form(server: str, **over: str) -> dict[str, str]:
    form = {
        "sage_server": server,
        "sage_authentication": "sql",
        "sql_user": SQL_USER,
        "sql_password": SQL_PASSWORD,
    }
    form.update(over)
    return form


def test_the_prerequisites_screen_asks_how_to_log_in_to_sql_server(tmp_path, nobody_there):
    wizard = configure_wizard(_folder(tmp_path))
    assert wizard.submit({"mode": "rapide"}).ok
    fields = _fields(wizard)
    assert list(fields) == ["sage_server", "sage_authentication", "sql_user", "sql_password"]
    assert "SRV-SAGE\\SAGE100" in fields["sage_server"]["help"]
    auth = fields["sage_authentication"]
    assert auth["type"] == "radio" and auth["value"] == "windows"
    assert auth["options"] == {
        "windows": "Authentification Windows",
        "sql": "Authentification SQL Server",
    }
    assert fields["sql_password"]["type"] == "password"

    # SQL Server authentication without a login: one sentence, the screen and answers kept.
    before = wizard.answers
    refused = wizard.submit(_sql_form(nobody_there, sql_user=" "))
    assert refused.errors == [msg.CONFIGURE_SQL_USER_MISSING]
    assert wizard.current.name == "prerequisites" and wizard.answers == before
    refused = wizard.submit(_sql_form(nobody_there, sage_authentication="kerberos"))
    assert refused.errors == [msg.CONFIGURE_AUTH_UNKNOWN.format(mode="kerberos")]

    # A SQL Server whose version cannot be read from here is not refused: step 4 tests it.
    assert wizard.submit(_sql_form(nobody_there)).ok
    answers = _answers(wizard)
    assert (answers.sage_server, answers.sql_server) == (nobody_there, True)
    assert answers.sql_login() == SqlLogin(SQL_USER, SQL_PASSWORD)
    assert SQL_PASSWORD not in repr(answers)

    # « Précédent »: everything shown again but the password, which an empty field keeps.
    assert wizard.back().ok
    fields = _fields(wizard)
    assert fields["sage_server"]["value"] == nobody_there
    assert fields["sage_authentication"]["value"] == "sql"
    assert fields["sql_user"]["value"] == SQL_USER
    assert fields["sql_password"]["value"] == ""
    assert fields["sql_password"]["help"] == msg.CONFIGURE_SQL_KEPT_HELP
    prerequisite = wizard.view()["prerequisites"][0]
    assert prerequisite["ok"] and prerequisite["detail"] == msg.CONFIGURE_VERSION_LATER
    assert wizard.submit(_sql_form(nobody_there, sql_password="")).ok
    assert _answers(wizard).sql_password == SQL_PASSWORD

    # Windows authentication: no SQL login, no password kept.
    assert wizard.back().ok
    assert wizard.submit(_sql_form(nobody_there, sage_authentication="windows")).ok
    assert _answers(wizard).sql_login() is None
    assert _answers(wizard).sql_password == ""


def test_a_url_holding_a_password_is_refused_without_repeating_it(tmp_path):
    wizard = configure_wizard(_folder(tmp_path))
    assert wizard.submit({"mode": "rapide"}).ok
    refused = wizard.submit({"sage_server": "mssql+pymssql://sa:Secret-99@127.0.0.1:1/"})
    assert len(refused.errors) == 1
    assert "contient un mot de passe" in refused.errors[0]
    assert "Secret-99" not in refused.errors[0]


@pytest.mark.parametrize("mode", ["sql", "windows"])
def test_the_connection_test_shows_the_sql_server_sentence_as_it_is(
    tmp_path, demo_paths, cloud_url, nobody_there, mode
):
    wizard = configure_wizard(_folder(tmp_path))
    key = issue_activation_key(demo_paths)
    assert wizard.submit({"mode": "rapide"}).ok
    assert wizard.submit(_sql_form(nobody_there, sage_authentication=mode)).ok
    assert wizard.submit({"activation_key": key, "cloud_url": cloud_url}).ok
    assert wizard.current.name == "connection"
    shown = msg.CONFIGURE_AUTH_MODES[mode]
    assert f"({nobody_there}, {shown}" in wizard.view()["text"]

    login = SqlLogin(SQL_USER, SQL_PASSWORD) if mode == "sql" else None
    with pytest.raises(Sage100Error) as raised:  # what the sage100 package itself says
        open_server(nobody_there, login=login).companies()
    refused = wizard.submit({})
    assert refused.errors == [str(raised.value)]
    assert refused.errors[0].startswith(
        f"Impossible de joindre le serveur SQL Server {nobody_there}"
    )
    assert SQL_PASSWORD not in refused.errors[0]
    assert wizard.current.name == "connection"


def test_the_connection_confirmed_on_sql_server_says_crm_to_sage_is_not_available(
    tmp_path, nobody_there, demo_paths
):
    wizard = configure_wizard(_folder(tmp_path))
    assert wizard.submit({"mode": "rapide"}).ok
    assert wizard.submit(_sql_form(nobody_there)).ok
    # The connection test needs a live SQL Server: its confirmation is rendered from the
    # answers it would leave (a screen's view does no I/O).
    found = _answers(wizard).model_copy(update={"companies": ((COMPANY, "Bijou SA"),)})
    shown = ConnectionResultScreen().view(found)
    assert shown["text"] == msg.CONFIGURE_CONNECTION_OK.format(count=1, server=nobody_there)
    assert shown["warnings"] == [msg.TWO_WAY_SQLSERVER]
    assert "n'est pas disponible sur SQL Server" in shown["warnings"][0]
    # On an emulated server, the same screen has no such notice.
    emulated = found.model_copy(
        update={"sage_server": str(demo_paths.sage_server), "sql_server": False}
    )
    assert "warnings" not in ConnectionResultScreen().view(emulated)


def _drop_column(server: Path, table: str, column: str) -> None:
    """Make the company a Sage version that lacks ``column`` (SQLite ≥ 3.35)."""
    with sqlite3.connect(server / f"{COMPANY}.sqlite") as db:
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def _schema_error(server: Path) -> SageSchemaError:
    engine = open_server(server).engine(COMPANY)
    try:
        with pytest.raises(SageSchemaError) as raised:
            check_company(engine)
    finally:
        engine.dispose()
    return raised.value


def test_a_company_lacking_a_required_column_is_refused_at_save(tmp_path, demo_paths, cloud_url):
    _drop_column(demo_paths.sage_server, "F_DOCLIGNE", "DL_Qte")
    folder = _folder(tmp_path)
    key = issue_activation_key(demo_paths)
    wizard = configure_wizard(folder)
    forms = {
        "launch": {"mode": "rapide"},
        "prerequisites": {"sage_server": str(demo_paths.sage_server)},
        "activation_key": {"activation_key": key, "cloud_url": cloud_url},
        "company": {"company": COMPANY},
    }
    while wizard.current.name != "credentials":
        name = wizard.current.name
        form = forms.get(name, {})
        if name == "administrator":
            form = {"candidate": next(iter(_fields(wizard)["candidate"]["options"]))}
        assert wizard.submit(form).ok, name

    refused = wizard.submit(
        {"sage_user": DEFAULT_SAGE_USER, "sage_password": DEFAULT_SAGE_PASSWORD}
    )
    detail = _schema_error(demo_paths.sage_server)
    assert "DL_Qte" in str(detail)
    assert refused.errors == [msg.CONFIGURE_COMPANY_REFUSED.format(company=COMPANY, detail=detail)]
    assert wizard.current.name == "credentials"
    assert list(folder.iterdir()) == []  # no configuration, no secrets
    with sqlite3.connect(demo_paths.cloud_database) as db:
        assert db.execute("SELECT COUNT(*) FROM instances").fetchall() == [(0,)]
    check_activation_key(cloud_url, key)  # the key is still good
