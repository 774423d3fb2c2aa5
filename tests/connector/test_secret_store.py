"""Where secrets live: the OS keyring or a 0600 file, never a log line or a message.

The keyring is a real backend, ``keyrings.alt``'s ``PlaintextKeyring`` writing under
``tmp_path``. keyring marks it "not recommended" (priority 0.5), so the automatic choice
ignores it; the same backend given priority 1 (``recommended=True``) stands in for an OS
keyring (Secret Service, Keychain, Credential Locker). No backend *class* is defined here:
keyring registers every subclass and would make it the whole session's default backend.
"""

import logging
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import keyring
import pytest
import tomli_w
from keyring.backends import fail, null
from keyrings.alt.file import PlaintextKeyring
from pydantic import SecretStr

from ssm.connector.environment import ConnectorEnvironment, variable
from ssm.connector.errors import ConfigurationError
from ssm.connector.secret_store import (
    FileStore,
    KeyringStore,
    choose_store_kind,
    keyring_service,
)
from ssm.connector.settings import (
    CloudSection,
    InstallConfig,
    InstallLayout,
    SageSection,
    Secrets,
    delete_secrets,
    load_install,
    sage_login,
    save_install,
)
from ssm.sage100 import SqlLogin

STORE_ENV = variable("secrets_store")

SAGE_PASSWORD = "Sage-Mot2Passe-7f3a91"
PRIVATE_KEY = "sk_live_9c1e55d0b7a84e2f"


@pytest.fixture
def use_keyring(tmp_path, monkeypatch):
    """Factory: make a backend keyring's backend, a plaintext one's file under ``tmp_path``."""
    data_home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.delenv(STORE_ENV, raising=False)
    previous = keyring.get_keyring()

    def use(backend_class=PlaintextKeyring, *, recommended=True):
        backend = backend_class()
        if isinstance(backend, PlaintextKeyring):
            backend.file_path = str(data_home / "python_keyring" / "keyring_pass.cfg")
            if recommended:
                backend.priority = 1  # this instance only: an OS keyring's rank
        keyring.set_keyring(backend)
        return backend

    yield use
    keyring.set_keyring(previous)


@pytest.fixture
def layout(tmp_path) -> InstallLayout:
    return InstallLayout(tmp_path / "install")


@pytest.fixture
def secrets_log(caplog):
    """Every log record at any level, to prove no secret reaches one."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    for value in (SAGE_PASSWORD, PRIVATE_KEY):
        assert value not in caplog.text


def config() -> InstallConfig:
    return InstallConfig(
        sage=SageSection(server="/srv/sage100", company="BIJOU", user="Administrateur"),
        cloud=CloudSection(url="https://sales.example.com", instance_id=1, public_key="pk_1"),
    )


def secrets() -> Secrets:
    return Secrets(sage_password=SecretStr(SAGE_PASSWORD), private_key=SecretStr(PRIVATE_KEY))


def assert_no_secret(text):
    assert SAGE_PASSWORD not in text and PRIVATE_KEY not in text


def keyring_file_text(backend):
    path = Path(backend.file_path)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def write_marker(layout, service_kind):
    layout.create()
    marker = {"install": {"country": "FR", "service_kind": service_kind}}
    (layout.root / "config" / "install.toml").write_text(tomli_w.dumps(marker), "utf-8")


# --- the file store ---------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_file_store_round_trips_readable_by_the_owner_only(layout, monkeypatch, secrets_log):
    monkeypatch.setenv(STORE_ENV, "file")
    written = save_install(layout, config(), secrets())
    assert written.secrets.store == "file"
    assert layout.secrets_file.stat().st_mode & 0o777 == 0o600
    assert layout.config_file.stat().st_mode & 0o777 == 0o644
    loaded_config, loaded = load_install(layout)
    assert loaded_config.secrets.store == "file"
    assert loaded.sage_password.get_secret_value() == SAGE_PASSWORD
    assert loaded.private_key.get_secret_value() == PRIVATE_KEY


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_leftover_temporary_file_does_not_lend_its_mode_to_the_secrets(layout, monkeypatch):
    monkeypatch.setenv(STORE_ENV, "file")
    layout.create()
    leftover = layout.secrets_file.with_suffix(".tmp")
    leftover.write_text("", "utf-8")
    leftover.chmod(0o644)
    save_install(layout, config(), secrets())
    assert layout.secrets_file.stat().st_mode & 0o777 == 0o600


def test_an_install_written_before_the_secrets_section_still_loads(layout):
    layout.create()
    old = config().model_dump(mode="json", exclude={"secrets"})
    layout.config_file.write_text(tomli_w.dumps(old), "utf-8")
    plain = {"sage_password": SAGE_PASSWORD, "private_key": PRIVATE_KEY}
    layout.secrets_file.write_text(tomli_w.dumps(plain), "utf-8")
    loaded_config, loaded = load_install(layout)
    assert loaded_config.secrets.store == "file"
    assert loaded.private_key.get_secret_value() == PRIVATE_KEY


def test_a_bad_secrets_file_is_named_without_quoting_a_value(layout, monkeypatch, secrets_log):
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, config(), secrets())
    bad = {"sage_password": 12345, "private_key": PRIVATE_KEY, "unknown": SAGE_PASSWORD}
    layout.secrets_file.write_text(tomli_w.dumps(bad), "utf-8")
    with pytest.raises(ConfigurationError) as raised:
        load_install(layout)
    message = str(raised.value)
    assert "secrets.toml" in message and "ssm-connector configure" in message
    assert "12345" not in message
    assert_no_secret(message)
    # No chained pydantic error, whose text quotes the input, can reach a traceback.
    assert raised.value.__cause__ is None and raised.value.__context__ is None


def test_a_missing_secrets_file_says_to_configure(layout, monkeypatch):
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, config(), secrets())
    layout.secrets_file.unlink()
    with pytest.raises(ConfigurationError, match="ssm-connector configure"):
        load_install(layout)
    with pytest.raises(ConfigurationError, match="absent"):
        FileStore(layout.secrets_file).load()


# --- the keyring store --------------------------------------------------------------------


def test_secrets_round_trip_through_the_keyring_and_no_file_is_written(
    layout, use_keyring, secrets_log
):
    backend = use_keyring()
    written = save_install(layout, config(), secrets(), service_kind="systemd-user")
    assert written.secrets.store == "keyring"
    assert not layout.secrets_file.exists()
    assert not layout.secrets_file.with_suffix(".tmp").exists()
    service = keyring_service(layout.root)
    assert backend.get_password(service, "sage_password") == SAGE_PASSWORD
    assert backend.get_password(service, "private_key") == PRIVATE_KEY
    assert backend.get_password(service, "ssm-connector-probe") is None  # the probe is gone
    loaded_config, loaded = load_install(layout)
    assert loaded_config.secrets.store == "keyring"
    assert loaded.sage_password.get_secret_value() == SAGE_PASSWORD
    assert loaded.private_key.get_secret_value() == PRIVATE_KEY


@pytest.mark.parametrize("forced", ["file", "keyring"])
def test_connector_toml_never_holds_a_secret(layout, use_keyring, monkeypatch, forced):
    use_keyring()
    monkeypatch.setenv(STORE_ENV, forced)
    save_install(layout, config(), secrets())
    text = layout.config_file.read_text("utf-8")
    assert_no_secret(text)
    assert tomllib.loads(text)["secrets"] == {"store": forced}


def test_the_service_name_is_the_absolute_install_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert keyring_service(Path("install")) == f"ssm-connector:{tmp_path.resolve() / 'install'}"


def test_a_service_process_of_the_same_account_reads_the_keyring(
    layout, use_keyring, monkeypatch, tmp_path
):
    use_keyring(recommended=False)
    monkeypatch.setenv(STORE_ENV, "keyring")
    save_install(layout, config(), secrets())
    child = (
        "import sys\n"
        "from ssm.connector.settings import InstallLayout, load_install\n"
        "_, s = load_install(InstallLayout(__import__('pathlib').Path(sys.argv[1])))\n"
        "print(s.private_key.get_secret_value() == sys.argv[2])\n"
    )
    env = {
        **os.environ,
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    env.pop(STORE_ENV)
    done = subprocess.run(
        [sys.executable, "-c", child, str(layout.root), PRIVATE_KEY],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


# --- the choice -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["", "systemd-user", "launchd", "windows-task"])
def test_services_running_as_the_wizards_account_use_the_keyring(layout, use_keyring, kind):
    use_keyring()
    assert save_install(layout, config(), secrets(), service_kind=kind).secrets.store == "keyring"


@pytest.mark.parametrize("kind", ["systemd-system", "windows-service"])
def test_system_services_keep_secrets_in_the_file(layout, use_keyring, kind):
    backend = use_keyring()
    written = save_install(layout, config(), secrets(), service_kind=kind)
    assert written.secrets.store == "file"
    assert layout.secrets_file.is_file()
    assert_no_secret(keyring_file_text(backend))


@pytest.mark.parametrize(
    ("marker_kind", "store"),
    [("systemd-system", "file"), ("windows-service", "file"), ("systemd-user", "keyring")],
)
def test_the_service_kind_defaults_to_the_install_marker(layout, use_keyring, marker_kind, store):
    use_keyring()
    write_marker(layout, marker_kind)
    assert save_install(layout, config(), secrets()).secrets.store == store


def test_an_install_without_service_uses_the_keyring(tmp_path, use_keyring):
    from ssm.connector.install import Answers, InstallOptions, install

    use_keyring()
    target = tmp_path / "installed"
    install(Answers(install_dir=target, country="FR"), InstallOptions(register_service=False))
    assert save_install(InstallLayout(target), config(), secrets()).secrets.store == "keyring"


def test_uninstall_removes_the_keyring_entries(tmp_path, use_keyring):
    from ssm.connector.install import Answers, InstallOptions, install, uninstall

    backend = use_keyring()
    target = tmp_path / "installed"
    install(Answers(install_dir=target, country="FR"), InstallOptions(register_service=False))
    save_install(InstallLayout(target), config(), secrets())
    service = keyring_service(target)
    assert backend.get_password(service, "private_key") == PRIVATE_KEY
    uninstall(target)
    assert backend.get_password(service, "private_key") is None
    assert backend.get_password(service, "sage_password") is None
    assert not target.exists()


@pytest.mark.parametrize("backend_class", [fail.Keyring, null.Keyring, "not recommended"])
def test_auto_falls_back_to_the_file_without_a_recommended_keyring(
    layout, use_keyring, backend_class
):
    if backend_class == "not recommended":
        backend = use_keyring(recommended=False)
    else:
        backend = use_keyring(backend_class)
    written = save_install(layout, config(), secrets(), service_kind="systemd-user")
    assert written.secrets.store == "file"
    assert load_install(layout)[1].private_key.get_secret_value() == PRIVATE_KEY
    if isinstance(backend, PlaintextKeyring):
        assert_no_secret(keyring_file_text(backend))


def test_auto_falls_back_to_the_file_when_the_probe_fails(layout, use_keyring, tmp_path):
    backend = use_keyring()
    (tmp_path / "not-a-folder").write_text("", "utf-8")
    backend.file_path = str(tmp_path / "not-a-folder" / "keyring_pass.cfg")  # cannot be written
    assert save_install(layout, config(), secrets()).secrets.store == "file"


def test_forced_file_ignores_a_usable_keyring(layout, use_keyring, monkeypatch):
    backend = use_keyring()
    monkeypatch.setenv(STORE_ENV, "file")
    assert save_install(layout, config(), secrets(), service_kind="").secrets.store == "file"
    assert_no_secret(keyring_file_text(backend))


@pytest.mark.parametrize("kind", ["systemd-system", ""])
def test_forced_keyring_takes_any_working_backend_for_any_service(
    layout, use_keyring, monkeypatch, kind
):
    use_keyring(recommended=False)  # not recommended, but it works: the admin chose it
    monkeypatch.setenv(STORE_ENV, " Keyring ")
    assert save_install(layout, config(), secrets(), service_kind=kind).secrets.store == "keyring"
    assert not layout.secrets_file.exists()


@pytest.mark.parametrize("backend_class", [fail.Keyring, null.Keyring])
def test_forced_keyring_without_a_usable_backend_is_a_french_error(
    layout, use_keyring, monkeypatch, backend_class, secrets_log
):
    use_keyring(backend_class)
    monkeypatch.setenv(STORE_ENV, "keyring")
    with pytest.raises(ConfigurationError) as raised:
        save_install(layout, config(), secrets())
    message = str(raised.value)
    assert "trousseau" in message and f"{STORE_ENV}=file" in message
    assert_no_secret(message)
    assert not layout.config_file.exists() and not layout.secrets_file.exists()


def test_an_unknown_store_value_is_refused(layout, monkeypatch):
    monkeypatch.setenv(STORE_ENV, "vault")
    with pytest.raises(ConfigurationError, match="« auto », « keyring » ou « file »"):
        save_install(layout, config(), secrets())


def test_the_choice_reads_the_environment_it_is_given(tmp_path, use_keyring):
    use_keyring()
    assert choose_store_kind(tmp_path, "", env=ConnectorEnvironment(secrets_store="")) == "keyring"
    assert choose_store_kind(tmp_path, "", env=ConnectorEnvironment(secrets_store="file")) == "file"
    assert (
        choose_store_kind(tmp_path, "", env=ConnectorEnvironment(secrets_store="auto")) == "keyring"
    )
    assert (
        choose_store_kind(
            tmp_path, "", env=ConnectorEnvironment(secrets_store=""), backend=fail.Keyring()
        )
        == "file"
    )


# --- errors, switching, deleting ------------------------------------------------------------


def test_a_missing_keyring_entry_says_what_to_do(layout, use_keyring, secrets_log):
    backend = use_keyring()
    save_install(layout, config(), secrets(), service_kind="launchd")
    backend.delete_password(keyring_service(layout.root), "private_key")
    with pytest.raises(ConfigurationError) as raised:
        load_install(layout)
    message = str(raised.value)
    assert "introuvables dans le trousseau" in message
    assert "« private_key »" in message and "ssm-connector configure" in message
    assert_no_secret(message)


def test_an_unavailable_keyring_at_load_says_what_to_do(layout, use_keyring, secrets_log):
    use_keyring()
    save_install(layout, config(), secrets(), service_kind="launchd")
    use_keyring(fail.Keyring)  # e.g. the service started before any login
    with pytest.raises(ConfigurationError) as raised:
        load_install(layout)
    message = str(raised.value)
    assert "verrouillé ou indisponible" in message and f"{STORE_ENV}=file" in message
    assert_no_secret(message)
    assert raised.value.__cause__ is None


def test_a_refusing_backend_never_quotes_the_secret(layout, use_keyring, secrets_log):
    backend = use_keyring()
    write = backend.set_password

    def echoing(service, username, password):  # the worst a backend could do: quote it
        if username in Secrets.model_fields:
            raise keyring.errors.PasswordSetError(f"refusé : {password}")
        write(service, username, password)

    backend.set_password = echoing
    with pytest.raises(ConfigurationError) as raised:
        save_install(layout, config(), secrets(), service_kind="")
    message = str(raised.value)
    assert "PasswordSetError" in message and "***" in message
    assert_no_secret(message)
    assert raised.value.__cause__ is None and raised.value.__context__ is None


def test_switching_stores_leaves_the_secrets_in_one_place(layout, use_keyring, monkeypatch):
    backend = use_keyring()
    service = keyring_service(layout.root)
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, config(), secrets())
    monkeypatch.setenv(STORE_ENV, "keyring")
    save_install(layout, config(), secrets())
    assert not layout.secrets_file.exists()
    assert backend.get_password(service, "private_key") == PRIVATE_KEY
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, config(), secrets())
    assert layout.secrets_file.is_file()
    assert backend.get_password(service, "private_key") is None
    assert load_install(layout)[1].private_key.get_secret_value() == PRIVATE_KEY


def test_delete_secrets_cleans_the_keyring_and_is_idempotent(layout, use_keyring):
    backend = use_keyring()
    save_install(layout, config(), secrets(), service_kind="windows-task")
    delete_secrets(layout)
    delete_secrets(layout)
    service = keyring_service(layout.root)
    assert backend.get_password(service, "sage_password") is None
    assert backend.get_password(service, "private_key") is None
    with pytest.raises(ConfigurationError, match="introuvables"):
        load_install(layout)


def test_delete_secrets_cleans_the_file_and_is_idempotent(layout, use_keyring):
    use_keyring()
    save_install(layout, config(), secrets(), service_kind="systemd-system")
    delete_secrets(layout)
    delete_secrets(layout)
    assert not layout.secrets_file.exists()
    delete_secrets(InstallLayout(layout.root / "never-installed"))


def test_the_keyring_store_alone_round_trips_and_deletes(tmp_path, use_keyring):
    store = KeyringStore(tmp_path, use_keyring(recommended=False))
    store.save(secrets())
    assert store.load().sage_password.get_secret_value() == SAGE_PASSWORD
    store.delete()
    store.delete()
    with pytest.raises(ConfigurationError, match="introuvables"):
        store.load()


# --- SQL Server authentication: the SQL login's password, an optional secret -------------

SQL_PASSWORD = "Sql-Lecture-5e0b42"


def sql_config() -> InstallConfig:
    sage = SageSection(
        server=r"SRV-SAGE\SAGE100",
        company="BIJOU",
        user="Administrateur",
        authentication="sql",
        sql_user="ssm_lecture",
    )
    return config().model_copy(update={"sage": sage})


def sql_secrets() -> Secrets:
    return secrets().model_copy(update={"sql_password": SecretStr(SQL_PASSWORD)})


@pytest.mark.parametrize("store", ["file", "keyring"])
def test_the_sql_password_round_trips_in_either_store(layout, use_keyring, monkeypatch, store):
    use_keyring()
    monkeypatch.setenv(STORE_ENV, store)
    save_install(layout, sql_config(), sql_secrets())
    loaded_config, loaded = load_install(layout)
    assert loaded_config.sage.authentication == "sql"
    assert loaded_config.sage.sql_user == "ssm_lecture"
    assert loaded.sql_password is not None
    assert loaded.sql_password.get_secret_value() == SQL_PASSWORD
    assert sage_login(loaded_config, loaded) == SqlLogin("ssm_lecture", SQL_PASSWORD)
    text = layout.config_file.read_text("utf-8")
    assert SQL_PASSWORD not in text
    assert tomllib.loads(text)["sage"]["server"] == r"SRV-SAGE\SAGE100"
    for shown in (repr(loaded), str(loaded), repr(sage_login(loaded_config, loaded))):
        assert SQL_PASSWORD not in shown


@pytest.mark.parametrize("store", ["file", "keyring"])
def test_windows_authentication_keeps_no_sql_password(layout, use_keyring, monkeypatch, store):
    backend = use_keyring()
    monkeypatch.setenv(STORE_ENV, store)
    save_install(layout, sql_config(), sql_secrets())
    save_install(layout, config(), secrets())  # configured again, Windows authentication
    loaded_config, loaded = load_install(layout)
    assert loaded_config.sage.authentication == "windows"
    assert loaded.sql_password is None
    assert sage_login(loaded_config, loaded) is None
    assert backend.get_password(keyring_service(layout.root), "sql_password") is None
    if store == "file":
        assert "sql_password" not in tomllib.loads(layout.secrets_file.read_text("utf-8"))


def test_an_old_keyring_without_the_sql_password_still_loads(tmp_path, use_keyring):
    backend = use_keyring()
    service = keyring_service(tmp_path)
    backend.set_password(service, "sage_password", SAGE_PASSWORD)
    backend.set_password(service, "private_key", PRIVATE_KEY)
    loaded = KeyringStore(tmp_path).load()
    assert loaded.sql_password is None
    assert loaded.private_key.get_secret_value() == PRIVATE_KEY


def test_sql_authentication_without_its_password_says_what_to_do(layout, monkeypatch):
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, sql_config(), secrets())  # the password lost from the secrets
    loaded_config, loaded = load_install(layout)
    with pytest.raises(ConfigurationError) as raised:
        sage_login(loaded_config, loaded)
    message = str(raised.value)
    assert "authentification SQL Server" in message and "« ssm_lecture »" in message
    assert "ssm-connector configure" in message


def test_sql_authentication_needs_a_sql_login_in_connector_toml(layout, monkeypatch):
    monkeypatch.setenv(STORE_ENV, "file")
    save_install(layout, sql_config(), sql_secrets())
    data = tomllib.loads(layout.config_file.read_text("utf-8"))
    data["sage"]["sql_user"] = " "
    layout.config_file.write_text(tomli_w.dumps(data), "utf-8")
    with pytest.raises(ConfigurationError) as raised:
        load_install(layout)
    assert "connector.toml" in str(raised.value)
    assert "identifiant SQL Server (sql_user)" in str(raised.value)
    assert SQL_PASSWORD not in str(raised.value)
