"""Company discovery, version detection and Sage logins on the emulated server."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ssm.sage100 import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    CompanyInfo,
    CompanyNotFoundError,
    Sage100Server,
    SageConnectionError,
    SageLoginError,
    SageVersion,
    ServerNotFoundError,
    open_server,
)
from ssm.sage100.emulator import GESCOM_KEY, REGISTRY_FILE, parse_reg, write_reg


def test_open_server_satisfies_the_protocol(tiny) -> None:
    server = open_server(tiny.location)
    assert isinstance(server, Sage100Server)
    assert server.location == tiny.location


def test_companies_keep_only_sage_databases(tiny) -> None:
    folder = Path(tiny.location)
    with closing(sqlite3.connect(folder / "OTHER.sqlite")) as conn:
        conn.execute("CREATE TABLE F_DOCENTETE (x)")  # no F_ARTSTOCK: not a company
    (folder / "BROKEN.sqlite").write_bytes(b"not a database at all, padding" * 10)
    assert open_server(folder).companies() == [
        CompanyInfo(database="DEMO_TINY_SARL", name="Démo Tiny SARL")
    ]


def test_company_name_falls_back_to_database(tiny) -> None:
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE P_DOSSIER SET D_RaisonSoc = '  '")
        conn.commit()
    assert open_server(tiny.location).companies()[0].name == tiny.database


def test_version_is_read_from_the_registry_export(tiny) -> None:
    reg = Path(tiny.location) / REGISTRY_FILE
    raw = reg.read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 LE with BOM, as regedit writes
    text = raw.decode("utf-16")
    assert text.startswith("Windows Registry Editor Version 5.00")
    assert f"[{GESCOM_KEY}]" in text
    assert '"Path"="C:\\\\Program Files (x86)' in text
    assert open_server(tiny.location).version() == SageVersion(
        product="Gestion Commerciale 100c", version="11.00", major=11, supported=True
    )


def test_old_version_is_unsupported(tmp_path) -> None:
    write_reg(tmp_path / REGISTRY_FILE, {GESCOM_KEY: {"Path": "C:\\Sage", "Version": "7.70"}})
    version = open_server(tmp_path).version()
    assert (version.major, version.supported) == (7, False)
    assert parse_reg(tmp_path / REGISTRY_FILE)[GESCOM_KEY]["Path"] == "C:\\Sage"


def test_unreadable_registry(tmp_path) -> None:
    (tmp_path / REGISTRY_FILE).write_text("hello")
    with pytest.raises(
        ServerNotFoundError,
        match=r"Impossible de lire la version de Sage 100 .* n'est pas un export du registre",
    ):
        open_server(tmp_path).version()


def test_not_a_server(tmp_path) -> None:
    with pytest.raises(
        ServerNotFoundError, match=r"n'est pas un serveur Sage 100 émulé .*« ssm-sage100 generate "
    ):
        open_server(tmp_path)


def test_a_missing_server_folder_may_be_a_share_gone_or_a_server_to_create(tmp_path) -> None:
    """Never only « create one »: the configured server's network share may be down."""
    with pytest.raises(ServerNotFoundError) as missing:
        open_server(tmp_path / "missing")
    assert str(missing.value) == (
        f"Le dossier {tmp_path / 'missing'} est introuvable : si c'est le serveur Sage 100 "
        "configuré, vérifiez que son disque ou son partage réseau est accessible, puis "
        "réessayez ; sinon créez un serveur émulé avec "
        f"« ssm-sage100 generate {tmp_path / 'missing'} »."
    )


def test_login_without_password(tiny) -> None:
    server = open_server(tiny.location)
    server.check_login(tiny.database, DEFAULT_SAGE_USER, "")  # PROT_Hash NULL: no password
    server.check_login(tiny.database, DEFAULT_SAGE_USER.upper(), "")  # any case, as Sage
    with pytest.raises(SageLoginError, match=r"^Mot de passe incorrect pour l'utilisateur Sage"):
        server.check_login(tiny.database, DEFAULT_SAGE_USER, "nope")


def test_login_with_a_password(make_server) -> None:
    report = make_server(sage_password="Secret-1")
    server = open_server(report.location)
    server.check_login(report.database, "administrateur", "Secret-1")
    with pytest.raises(SageLoginError) as wrong_password:
        server.check_login(report.database, DEFAULT_SAGE_USER, "nope")
    with pytest.raises(SageLoginError) as empty:
        server.check_login(report.database, DEFAULT_SAGE_USER, "")
    with pytest.raises(SageLoginError) as unknown_user:
        server.check_login(report.database, "Personne", "Secret-1")
    assert (
        str(wrong_password.value)
        == str(empty.value)
        == (
            "Mot de passe incorrect pour l'utilisateur Sage « Administrateur » de la société "
            "DEMO_TINY_SARL : saisissez son mot de passe Sage 100, ou laissez le champ vide s'il "
            "n'en a pas."
        )
    )
    assert str(unknown_user.value) == (
        "L'utilisateur Sage « Personne » n'existe pas dans la société DEMO_TINY_SARL : "
        "saisissez un utilisateur de Sage 100 (Fichier > Autorisations d'accès)."
    )
    assert all(
        "nope" not in m and "Secret" not in m
        for m in map(str, (wrong_password.value, unknown_user.value))
    )


def test_unknown_company(tiny) -> None:
    server = open_server(tiny.location)
    with pytest.raises(
        CompanyNotFoundError,
        match=r"« NOPE » n'existe pas .* choisissez l'une de ces sociétés : DEMO_TINY_SARL",
    ):
        server.engine("NOPE")
    with pytest.raises(CompanyNotFoundError):
        server.check_login("NOPE", DEFAULT_SAGE_USER, DEFAULT_SAGE_PASSWORD)


def test_a_locked_company_is_locked_not_missing(tiny) -> None:
    """Another program holds the company exclusively: say so, never « aucune société »."""
    path = Path(tiny.location) / f"{tiny.database}.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    server = open_server(tiny.location)
    try:
        for action in (server.companies, lambda: server.engine(tiny.database)):
            with pytest.raises(SageConnectionError) as locked:
                action()
            assert str(locked.value) == (
                f"La société Sage « DEMO_TINY_SARL » du serveur {tiny.location} est verrouillée "
                "par un autre programme (maintenance, sauvegarde ou accès exclusif) : attendez "
                "qu'il la libère, puis réessayez."
            )
    finally:
        holder.close()
    assert [c.database for c in server.companies()] == [tiny.database]
