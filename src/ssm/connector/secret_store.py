"""Where the secrets of an install live: the OS keyring, or a file only its owner can read.

The Sage 100 password, the private API key and, for SQL Server authentication, the SQL
login's password typed in the wizard go to one of two stores behind one small interface
(:class:`SecretStore`):

- :class:`KeyringStore`, the operating system's keyring through the ``keyring`` library
  (Secret Service, macOS Keychain, Windows Credential Locker), one entry per secret under a
  service name unique to the install folder (:func:`keyring_service`);
- :class:`FileStore`, ``config/secrets.toml`` created with mode 0600.

:func:`choose_store_kind` takes the keyring only when it can serve the background service:
keyring recommends the backend (priority of at least one, so not its fail or null
backends, nor the plaintext or password-prompting files of ``keyrings.alt``, which are no
safer than our own file), a probe entry survives a write-read-delete round trip, and the
service runs as the account that typed the secrets (a user unit, launchd, a scheduled task
or no service). A system unit or a Windows service runs as another account, which cannot
open the installer's keyring, so those get the file. ``SSM_SECRETS_STORE`` forces the
choice. Every keyring error is translated here into :class:`ConfigurationError` with a
French message that says what to do and never holds a secret.

Example::

    store = open_store(choose_store_kind(root, "systemd-user"), root, root / "config" / "s.toml")
    store.save(Secrets(sage_password=SecretStr("…"), private_key=SecretStr("…")))
"""

from __future__ import annotations

import os
import secrets as random_tokens
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol

import tomli_w
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from ssm.connector import messages as msg
from ssm.connector.errors import ConfigurationError

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

    from ssm.connector.environment import ConnectorEnvironment

StoreKind = Literal["keyring", "file"]
#: Service kinds that run as the account of the wizard, so can read its keyring
#: (``""``: no background service).
SAME_ACCOUNT_KINDS: Final = frozenset({"", "systemd-user", "launchd", "windows-task"})
_PROBE_ENTRY: Final = "ssm-connector-probe"


class Secrets(BaseModel):
    """The secrets of an install: never logged, never printed (``repr`` shows ``***``).

    ``sql_password`` is the SQL Server login's password, present only with SQL Server
    authentication (``sage.authentication = "sql"``); absent for Windows authentication
    and for an emulated server, and in every secrets file written before it existed.
    """

    model_config = ConfigDict(extra="forbid")

    sage_password: SecretStr
    private_key: SecretStr
    sql_password: SecretStr | None = None


SECRET_NAMES: Final = tuple(Secrets.model_fields)
#: Secrets every install has; the others may be absent.
REQUIRED_SECRETS: Final = tuple(n for n, f in Secrets.model_fields.items() if f.is_required())


class SecretStore(Protocol):
    """Somewhere the secrets of one install are kept."""

    kind: StoreKind

    def save(self, secrets: Secrets) -> None:
        """Keep ``secrets``, replacing any kept before."""

    def load(self) -> Secrets:
        """The secrets kept; :class:`ConfigurationError` if they cannot be read."""

    def delete(self) -> None:
        """Forget the secrets; nothing to forget is not an error."""


class FileStore:
    """``config/secrets.toml``, created with mode 0600 and replaced atomically."""

    kind: StoreKind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def save(self, secrets: Secrets) -> None:
        """Write the secrets readable by the owner only."""
        write_toml(self.path, _plain(secrets), private=True)

    def load(self) -> Secrets:
        """Read the secrets back; the message names the file, never a value."""
        if not self.path.is_file():
            raise ConfigurationError(msg.SECRETS_FILE_MISSING.format(file=self.path))
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
            return Secrets.model_validate(data)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            detail = type(exc).__name__
        except ValidationError as exc:  # its text quotes the input: keep only the locations
            detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        # Raised outside the ``except``: a chained pydantic error would print the secret.
        raise ConfigurationError(msg.SECRETS_FILE_INVALID.format(file=self.path, detail=detail))

    def delete(self) -> None:
        """Remove the file (and a leftover temporary file)."""
        self.path.unlink(missing_ok=True)
        self.path.with_suffix(".tmp").unlink(missing_ok=True)


class KeyringStore:
    """One keyring entry per secret, under the service name of the install folder."""

    kind: StoreKind = "keyring"

    def __init__(self, install_dir: Path, backend: KeyringBackend | None = None) -> None:
        self.install_dir = install_dir
        self.service = keyring_service(install_dir)
        self.backend = _default_backend() if backend is None else backend

    def save(self, secrets: Secrets) -> None:
        """Write every entry, delete an absent optional one; a failure is scrubbed."""
        plain = _plain(secrets)

        def write() -> None:
            for name in SECRET_NAMES:
                if name in plain:
                    self.backend.set_password(self.service, name, plain[name])
                elif self.backend.get_password(self.service, name) is not None:
                    self.backend.delete_password(self.service, name)  # from an older save

        reason = _attempt(write)
        if reason is not None:
            raise ConfigurationError(
                msg.KEYRING_WRITE_FAILED.format(
                    path=self.install_dir,
                    backend=_name(self.backend),
                    reason=_scrub(reason, plain.values()),
                    env=_store_env(),
                )
            )

    def load(self) -> Secrets:
        """Read every entry; missing or locked gives a French message saying what to do."""
        values: dict[str, str | None] = {}
        reason = _attempt(
            lambda: values.update(
                {n: self.backend.get_password(self.service, n) for n in SECRET_NAMES}
            )
        )
        if reason is not None:
            raise self._unavailable(reason)
        for name, value in values.items():
            if value is None and name in REQUIRED_SECRETS:
                raise ConfigurationError(
                    msg.KEYRING_SECRETS_MISSING.format(
                        path=self.install_dir,
                        backend=_name(self.backend),
                        service=self.service,
                        entry=name,
                    )
                )
        return Secrets.model_validate({n: v for n, v in values.items() if v is not None})

    def delete(self) -> None:
        """Delete the entries that exist."""

        def delete_existing() -> None:
            for name in SECRET_NAMES:
                if self.backend.get_password(self.service, name) is not None:
                    self.backend.delete_password(self.service, name)

        reason = _attempt(delete_existing)
        if reason is not None:
            raise self._unavailable(reason)

    def _unavailable(self, reason: str) -> ConfigurationError:
        return ConfigurationError(
            msg.KEYRING_LOCKED.format(
                backend=_name(self.backend), path=self.install_dir, reason=reason, env=_store_env()
            )
        )


def keyring_service(install_dir: Path) -> str:
    """The keyring service name of an install, e.g. ``ssm-connector:/opt/ssm``."""
    return f"ssm-connector:{install_dir.resolve()}"


def keyring_problem(backend: KeyringBackend, install_dir: Path, *, recommended: bool) -> str | None:
    """Why ``backend`` cannot keep this install's secrets, or ``None`` if it can.

    Args:
        backend: the keyring backend to try.
        install_dir: the install folder, whose service name holds the probe entry.
        recommended: also require a priority of at least one, keyring's own mark of a
            recommended backend (the automatic choice; a forced choice only needs it to work).
    """
    from keyring.backends import fail, null  # see _default_backend

    if isinstance(backend, fail.Keyring | null.Keyring):
        return "aucun trousseau n'est installé"
    priority: list[float] = []
    reason = _attempt(lambda: priority.append(float(backend.priority)))
    if reason is not None:
        return reason
    if recommended and priority[0] < 1:
        return "trousseau non recommandé"
    service, probe = keyring_service(install_dir), random_tokens.token_hex(8)
    read: list[str | None] = []

    def round_trip() -> None:
        backend.set_password(service, _PROBE_ENTRY, probe)
        read.append(backend.get_password(service, _PROBE_ENTRY))
        backend.delete_password(service, _PROBE_ENTRY)

    reason = _attempt(round_trip)
    if reason is not None:
        return reason
    return None if read == [probe] else "l'entrée d'essai n'a pas été relue"


def choose_store_kind(
    install_dir: Path,
    service_kind: str,
    *,
    env: ConnectorEnvironment | None = None,
    backend: KeyringBackend | None = None,
) -> StoreKind:
    """The store for an install whose background service is of ``service_kind``.

    Args:
        install_dir: the install folder.
        service_kind: the service's kind (``systemd-user``…), ``""`` for no service.
        env: the environment, for its ``SSM_SECRETS_STORE`` (default: the process's).
        backend: keyring backend (default: ``keyring.get_keyring()``).

    Raises:
        ConfigurationError: ``SSM_SECRETS_STORE`` is invalid, or forces an unusable keyring.
    """
    from ssm.connector.environment import read_environment  # see _store_env

    value = (env or read_environment()).secrets_store.strip().lower() or "auto"
    if value not in ("auto", "keyring", "file"):
        raise ConfigurationError(msg.STORE_ENV_INVALID.format(env=_store_env(), value=value))
    if value == "file" or (value == "auto" and service_kind not in SAME_ACCOUNT_KINDS):
        return "file"
    backend = _default_backend() if backend is None else backend
    problem = keyring_problem(backend, install_dir, recommended=value == "auto")
    if problem is None:
        return "keyring"
    if value == "keyring":
        raise ConfigurationError(
            msg.KEYRING_UNUSABLE.format(backend=_name(backend), reason=problem, env=_store_env())
        )
    return "file"


def open_store(kind: StoreKind, install_dir: Path, secrets_file: Path) -> SecretStore:
    """The store of ``kind`` for an install."""
    if kind == "keyring":
        return KeyringStore(install_dir)
    return FileStore(secrets_file)


def write_toml(path: Path, data: Mapping[str, object], *, private: bool) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)  # a leftover would keep its old mode
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(dict(data), handle)
    tmp.replace(path)


def _plain(secrets: Secrets) -> dict[str, str]:
    """The secrets' values by name; an absent optional secret is left out."""
    return {name: value.get_secret_value() for name, value in secrets if value is not None}


def _store_env() -> str:
    """The variable forcing the store: ``auto`` (default), ``keyring`` or ``file``."""
    from ssm.connector.environment import variable  # pydantic-settings: not at every start-up

    return variable("secrets_store")


def _default_backend() -> KeyringBackend:
    """``keyring``'s recommended backend, imported only here: a file store never needs it."""
    import keyring  # not at import: every ``ssm-connector sync`` would pay for it

    return keyring.get_keyring()


def _name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _attempt(action: Callable[[], object]) -> str | None:
    """Run a keyring call; the reason it failed, or ``None``.

    The caller raises its own error outside any ``except`` block, so no backend exception
    (whose text could quote a value) is chained to it as cause or context.
    """
    try:
        action()
    except Exception as exc:  # any backend error (D-Bus, Win32, files…) stops here
        return _reason(exc)
    return None


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _scrub(text: str, values: Iterable[str]) -> str:
    for value in values:
        if value:
            text = text.replace(value, "***")
    return text
