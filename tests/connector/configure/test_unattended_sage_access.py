"""Answers files that say how to reach Sage 100: ``sage_authentication``, ``sql_user`` and
``sql_password`` in ``configure --unattended`` and in ``setup --unattended``'s ``[configure]``,
run as real processes against a real emulated server, a real cloud, and a SQL Server address
where nothing listens. A refusal writes nothing and burns no activation key."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cloud_checks import sage_accounts, wait_for_accounts

from ssm.connector import messages as msg
from ssm.connector.configure import check_activation_key
from ssm.connector.demo import issue_activation_key
from ssm.connector.settings import InstallLayout, load_install, sage_login
from ssm.sage100 import DEFAULT_SAGE_USER, Sage100Error, SqlLogin, open_server

EXE = str(Path(sys.executable).with_name("ssm-connector"))
COMPANY = "BIJOU"
SQL_USER = "ssm_lecture"
SQL_PASSWORD = "Sql-Lecture-0d93e1"


def _toml(values: dict[str, str]) -> str:
    return "".join(f"{k} = '{v}'\n" for k, v in values.items())  # literal strings: SRV\INST


def _configure_answers(path: Path, server: str, cloud_url: str, key: str, **over: str) -> Path:
    """A fresh Sage user has no password: ``sage_password`` is left out."""
    values = {
        "cloud_url": cloud_url,
        "activation_key": key,
        "sage_server": server,
        "sage_authentication": "sql",
        "sql_user": SQL_USER,
        "sql_password": SQL_PASSWORD,
        "company": COMPANY,
        "sage_user": DEFAULT_SAGE_USER,
    }
    values.update(over)
    text = _toml({k: v for k, v in values.items() if v is not None})
    path.write_text(
        text + '\n[administrator]\nfirst_name = "Claire"\nlast_name = "Martin"\n'
        'email = "claire.martin@example.com"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)  # it holds secrets: private, as docs/configure.md asks
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=180, check=False)


def _configure(folder: Path, answers: Path) -> subprocess.CompletedProcess[str]:
    folder.mkdir(parents=True, exist_ok=True)
    return _run("configure", "--dir", str(folder), "--unattended", "--answers", str(answers))


def _instances(demo_paths) -> int:
    with sqlite3.connect(demo_paths.cloud_database) as db:
        return int(db.execute("SELECT COUNT(*) FROM instances").fetchone()[0])


def _assert_nothing_happened(folder: Path, demo_paths, cloud_url: str, key: str) -> None:
    assert list(folder.iterdir()) == []  # no configuration, no secrets
    assert _instances(demo_paths) == 0
    check_activation_key(cloud_url, key)  # not burnt


def test_sql_authentication_is_written_and_the_sync_runs(
    tmp_path, demo_paths, cloud_url, stop_afterwards
):
    folder = stop_afterwards(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    answers = _configure_answers(tmp_path / "a.toml", str(demo_paths.sage_server), cloud_url, key)
    done = _configure(folder, answers)
    assert done.returncode == 0, done.stderr
    assert SQL_PASSWORD not in done.stdout + done.stderr
    layout = InstallLayout(folder)
    config, secrets = load_install(layout)
    assert (config.sage.authentication, config.sage.sql_user) == ("sql", SQL_USER)
    assert sage_login(config, secrets) == SqlLogin(SQL_USER, SQL_PASSWORD)
    assert secrets.sage_password.get_secret_value() == ""
    assert SQL_PASSWORD not in layout.config_file.read_text("utf-8")
    assert tomllib.loads(layout.secrets_file.read_text("utf-8"))["sql_password"] == SQL_PASSWORD
    # The background sync opens the server with that login (the emulator ignores it).
    assert wait_for_accounts(folder) == sage_accounts(str(demo_paths.sage_server))


def test_an_unreachable_sql_server_stops_at_the_connection_test(
    tmp_path, demo_paths, cloud_url, free_port
):
    server = f"127.0.0.1,{free_port}"
    folder = tmp_path / "install"
    key = issue_activation_key(demo_paths)
    done = _configure(folder, _configure_answers(tmp_path / "a.toml", server, cloud_url, key))
    assert done.returncode == 1
    with pytest.raises(Sage100Error) as raised:
        open_server(server, login=SqlLogin(SQL_USER, SQL_PASSWORD)).companies()
    assert done.stderr.strip() == f"Erreur : {raised.value}"
    assert SQL_PASSWORD not in done.stdout + done.stderr
    _assert_nothing_happened(folder, demo_paths, cloud_url, key)


def test_sql_authentication_without_a_login_is_refused(tmp_path, demo_paths, cloud_url):
    folder = tmp_path / "install"
    key = issue_activation_key(demo_paths)
    server = str(demo_paths.sage_server)
    answers = _configure_answers(tmp_path / "a.toml", server, cloud_url, key, sql_user="")
    done = _configure(folder, answers)
    assert done.returncode == 1
    assert done.stderr.strip() == f"Erreur : {msg.CONFIGURE_SQL_USER_MISSING}"
    _assert_nothing_happened(folder, demo_paths, cloud_url, key)


def test_a_misspelt_sql_key_is_refused_by_name(tmp_path, demo_paths):
    answers = tmp_path / "a.toml"
    answers.write_text(
        _toml({"activation_key": "K", "company": COMPANY, "sage_user": "u", "sql_usr": "x"}),
        encoding="utf-8",
    )
    done = _configure(tmp_path / "install", answers)
    assert done.returncode == 1
    assert "clé inconnue : « sql_usr » (vouliez-vous dire « sql_user » ?)" in done.stderr
    assert "sage_authentication" in done.stderr and "sql_password" in done.stderr


def test_a_company_lacking_a_required_column_is_refused(tmp_path, demo_paths, cloud_url):
    with sqlite3.connect(demo_paths.sage_server / f"{COMPANY}.sqlite") as db:
        db.execute("ALTER TABLE F_DOCLIGNE DROP COLUMN DL_Qte")
    folder = tmp_path / "install"
    key = issue_activation_key(demo_paths)
    server = str(demo_paths.sage_server)
    answers = _configure_answers(
        tmp_path / "a.toml", server, cloud_url, key, sage_authentication="windows"
    )
    done = _configure(folder, answers)
    assert done.returncode == 1
    assert f"L’entreprise « {COMPANY} » ne peut pas être synchronisée" in done.stderr
    assert "La table F_DOCLIGNE" in done.stderr and "DL_Qte" in done.stderr
    assert "aucune clé d’activation n’a été utilisée" in done.stderr
    _assert_nothing_happened(folder, demo_paths, cloud_url, key)


def _setup_answers(path: Path, folder: Path, demo_paths, cloud_url: str, extra: str) -> Path:
    key = issue_activation_key(demo_paths)
    path.write_text(
        f"[install]\ndir = '{folder}'\naccept_terms = true\n"
        f"sage_server = '{demo_paths.sage_server}'\ncloud_url = '{cloud_url}'\n\n"
        f"[configure]\nactivation_key = '{key}'\ncompany = '{COMPANY}'\n"
        f"sage_user = '{DEFAULT_SAGE_USER}'\n{extra}",
        encoding="utf-8",
    )
    return path


def test_setup_unattended_takes_the_sql_keys(tmp_path, demo_paths, cloud_url, stop_afterwards):
    folder = stop_afterwards(tmp_path / "Sage Sales Management")
    extra = _toml(
        {"sage_authentication": "sql", "sql_user": SQL_USER, "sql_password": SQL_PASSWORD}
    )
    answers = _setup_answers(tmp_path / "setup.toml", folder, demo_paths, cloud_url, extra)
    done = _run("setup", "--unattended", "--answers", str(answers), "--no-service")
    assert done.returncode == 0, done.stderr
    assert SQL_PASSWORD not in done.stdout + done.stderr
    config, secrets = load_install(InstallLayout(folder))
    assert sage_login(config, secrets) == SqlLogin(SQL_USER, SQL_PASSWORD)


def test_setup_refuses_a_misspelt_sql_key_before_installing(tmp_path, demo_paths, cloud_url):
    folder = tmp_path / "install"
    extra = _toml({"sql_pasword": SQL_PASSWORD})
    answers = _setup_answers(tmp_path / "setup.toml", folder, demo_paths, cloud_url, extra)
    done = _run("setup", "--unattended", "--answers", str(answers), "--no-service")
    assert done.returncode == 1
    assert "clé inconnue : « sql_pasword » (vouliez-vous dire « sql_password » ?)" in done.stderr
    assert SQL_PASSWORD not in done.stderr
    assert not folder.exists()


def test_setup_stops_at_a_sql_servers_connection_test_and_undoes_its_install(
    tmp_path, demo_paths, cloud_url, free_port
):
    """Installing needs no Sage login; the configuration then reaches the server, or says
    why, and the folder this command installed is removed so the same command can run again."""
    server = f"127.0.0.1,{free_port}"
    folder = tmp_path / "install"
    key = issue_activation_key(demo_paths)
    answers = tmp_path / "setup.toml"
    answers.write_text(
        f"[install]\ndir = '{folder}'\naccept_terms = true\nsage_server = '{server}'\n"
        f"cloud_url = '{cloud_url}'\n\n[configure]\nactivation_key = '{key}'\n"
        f"company = '{COMPANY}'\nsage_user = '{DEFAULT_SAGE_USER}'\n"
        + _toml({"sage_authentication": "sql", "sql_user": SQL_USER, "sql_password": SQL_PASSWORD}),
        encoding="utf-8",
    )
    done = _run("setup", "--unattended", "--answers", str(answers), "--no-service")
    assert done.returncode == 1
    with pytest.raises(Sage100Error) as raised:
        open_server(server, login=SqlLogin(SQL_USER, SQL_PASSWORD)).companies()
    undone = msg.SETUP_UNDONE.format(path=folder)
    assert done.stderr.strip().splitlines()[-1] == f"Erreur : {raised.value} ; {undone}"
    assert SQL_PASSWORD not in done.stdout + done.stderr
    assert not folder.exists()
    assert _instances(demo_paths) == 0
    check_activation_key(cloud_url, key)


@pytest.mark.parametrize(
    ("sage_user", "sage_password", "expected"),
    [
        (DEFAULT_SAGE_USER, "faux", msg.CONFIGURE_LOGIN_REFUSED.format(user=DEFAULT_SAGE_USER)),
        ("Inconnu", "", msg.CONFIGURE_LOGIN_REFUSED.format(user="Inconnu")),
    ],
    ids=["wrong-password", "unknown-user"],
)
def test_setup_refused_by_the_sage_login_leaves_nothing(
    tmp_path, demo_paths, cloud_url, sage_user, sage_password, expected
):
    folder = tmp_path / "Sage Sales Management"
    key = issue_activation_key(demo_paths)
    answers = tmp_path / "setup.toml"
    answers.write_text(
        f"[install]\ndir = '{folder}'\naccept_terms = true\n"
        f"sage_server = '{demo_paths.sage_server}'\ncloud_url = '{cloud_url}'\n\n"
        f"[configure]\nactivation_key = '{key}'\ncompany = '{COMPANY}'\n"
        + _toml({"sage_user": sage_user, "sage_password": sage_password}),
        encoding="utf-8",
    )
    done = _run("setup", "--unattended", "--answers", str(answers), "--no-service")
    assert done.returncode == 1
    assert expected in done.stderr
    assert msg.SETUP_UNDONE.format(path=folder) in done.stderr
    assert not folder.exists()
    assert _instances(demo_paths) == 0
    check_activation_key(cloud_url, key)
