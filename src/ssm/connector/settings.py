"""The configuration of one connector installation, kept as TOML in its folder.

An install folder holds ``config/connector.toml`` (what the wizard chose),
``data/state.sqlite`` (bindings and cursors) and ``logs/``. The secrets (the Sage password,
the private API key and, with SQL Server authentication, the SQL login's password) live
apart from the rest, so the configuration can be shown,
copied into a support ticket or diffed without leaking anything: in the OS keyring, or in
``config/secrets.toml`` readable by the service account only (``secret_store`` chooses).
``[secrets] store`` in ``connector.toml`` records which; an install written before that key
existed has no such section and keeps using the file.

Whoever opens the Sage 100 server of an install gets its SQL Server login from
:func:`sage_login`, the one place that reads it from the configuration and the secrets::

    config, secrets = load_install(layout)
    server = open_server(config.sage.server, login=sage_login(config, secrets))
"""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, model_validator
from pydantic_core import ErrorDetails

from ssm.connector import messages as msg
from ssm.connector._install_marker import ServiceKind, read_marker
from ssm.connector.errors import ConfigurationError
from ssm.connector.secret_store import (
    FileStore,
    KeyringStore,
    StoreKind,
    choose_store_kind,
    open_store,
    write_toml,
)
from ssm.connector.secret_store import Secrets as Secrets  # its home before the stores
from ssm.sage100 import SqlLogin

M = TypeVar("M", bound=BaseModel)

#: How the connector logs in to a SQL Server: ``windows`` (integrated security, the account
#: the connector runs as) or ``sql`` (a SQL Server login and its password).
SageAuthentication = Literal["windows", "sql"]
AUTHENTICATIONS: Final[tuple[SageAuthentication, ...]] = ("windows", "sql")


class SageSection(BaseModel):
    r"""Where the Sage 100 company lives and who we log in as.

    Example (a SQL Server reached with a SQL login; its password is a secret)::

        SageSection(server=r"SRV-SAGE\SAGE100", company="BIJOU", user="Administrateur",
                    authentication="sql", sql_user="ssm_lecture")
    """

    model_config = ConfigDict(extra="forbid")

    server: str = Field(
        description=(
            "Sage 100 server: an emulated server folder, or a SQL Server "
            "(SERVEUR\\INSTANCE, host,port or a mssql+…:// URL without password)."
        )
    )
    company: str = Field(description="Database name of the Sage 100 company (dossier).")
    user: str = Field(description="Sage 100 user the connector logs in as.")
    authentication: SageAuthentication = Field(
        default="windows",
        description=(
            "How SQL Server is logged in to: windows (the account the connector runs as) or "
            "sql (sql_user and its password, kept with the secrets). An emulated server "
            "ignores it."
        ),
    )
    sql_user: str = Field(
        default="", description='SQL Server login, with authentication = "sql" only.'
    )

    @model_validator(mode="after")
    def _sql_needs_a_login(self) -> SageSection:
        if self.authentication == "sql" and not self.sql_user.strip():
            raise ValueError(msg.SQL_USER_MISSING)
        return self


class CloudSection(BaseModel):
    """Which Sales Management instance this connector feeds."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="Base URL of the Sales Management service.")
    instance_id: int = Field(description="Instance (tenant) created at activation.")
    public_key: str = Field(description="Public half of the API key pair.")


class SyncSection(BaseModel):
    """How often the background service looks for changes."""

    model_config = ConfigDict(extra="forbid")

    # 0.25 s: a look costs microseconds, so a change waits a quarter second, not a second,
    # for its pass at no measurable idle cost (issue 14: bench/README.md, latency and idle).
    poll_interval: float = Field(
        default=0.25, gt=0, description="Seconds between two looks at Sage 100's change watcher."
    )
    overlap_minutes: int = Field(
        default=2, ge=1, description="Minutes re-read before the cursor (cbModification)."
    )
    batch_size: int = Field(default=200, ge=1, le=200, description="Records per upsert call.")
    prospect_prefix: str = Field(
        default="P",
        max_length=8,
        pattern=r"^[A-Z0-9]*$",
        description="Start of the CT_Num of prospects made in the CRM (A–Z, 0–9).",
    )
    prospect_digits: int = Field(
        default=6, ge=1, le=9, description="Digits of their counter: P000001 with the defaults."
    )


class ServiceSection(BaseModel):
    """The background service's other cadences, in seconds; the defaults suit every install.

    The poll interval stays ``sync.poll_interval``, where every configuration written so far
    has it. A file without ``[service]`` gets these defaults.
    """

    model_config = ConfigDict(extra="forbid")

    reconcile_interval: float = Field(
        default=600.0,
        gt=0,
        description="Seconds between two reconciliations (deletions), run only if Sage changed.",
    )
    heartbeat_interval: float = Field(
        default=30.0, gt=0, description="Seconds between two heartbeats sent to the cloud."
    )
    requests_interval: float = Field(
        default=10.0,
        gt=0,
        description="Seconds between two looks for resynchronisations asked in the web app.",
    )
    max_backoff: float = Field(
        default=60.0,
        gt=0,
        description="Longest wait, in seconds, after consecutive failed passes.",
    )


class SecretsSection(BaseModel):
    """Where the secrets are kept; chosen by ``save_install``, never a secret itself."""

    model_config = ConfigDict(extra="forbid")

    store: StoreKind = Field(
        default="file",
        description="Where the secrets are: the OS keyring or config/secrets.toml (0600).",
    )


class InstallConfig(BaseModel):
    """The whole of ``config/connector.toml``."""

    model_config = ConfigDict(extra="forbid")

    sage: SageSection
    cloud: CloudSection
    sync: SyncSection = SyncSection()
    service: ServiceSection = ServiceSection()
    secrets: SecretsSection = SecretsSection()


@dataclass(frozen=True)
class InstallLayout:
    """The paths of an install folder, so no other module spells them."""

    root: Path

    @property
    def config_file(self) -> Path:
        """Configuration chosen by the wizard."""
        return self.root / "config" / "connector.toml"

    @property
    def secrets_file(self) -> Path:
        """Secrets when the file keeps them (mode 0600); absent when the keyring does."""
        return self.root / "config" / "secrets.toml"

    @property
    def state_file(self) -> Path:
        """Sync state: bindings, cursors, runs."""
        return self.root / "data" / "state.sqlite"

    @property
    def logs_dir(self) -> Path:
        """Log folder shown at the end of the configuration."""
        return self.root / "logs"

    def create(self) -> None:
        """Create the folders of the layout (idempotent)."""
        for folder in (self.config_file.parent, self.state_file.parent, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)


def save_install(
    layout: InstallLayout,
    config: InstallConfig,
    secrets: Secrets,
    *,
    service_kind: ServiceKind | Literal[""] | None = None,
) -> InstallConfig:
    """Keep the secrets in the chosen store, then write the configuration that names it.

    Args:
        layout: the install folder.
        config: the configuration; its ``secrets.store`` is replaced by the store chosen.
        secrets: the Sage password and the private API key.
        service_kind: the kind of background service that will read the secrets, ``""``
            for none; default: ``install.service_kind`` of the install marker, if any.

    Returns:
        The configuration as written, naming the store that holds the secrets.

    Raises:
        ConfigurationError: ``SSM_SECRETS_STORE`` forces a keyring that cannot be used, or
            the keyring refused the secrets (the message never holds one).
    """
    layout.create()
    kind = _marker_service_kind(layout) if service_kind is None else service_kind
    store = choose_store_kind(layout.root, kind)
    before = _recorded_store(layout)
    open_store(store, layout.root, layout.secrets_file).save(secrets)
    written = config.model_copy(update={"secrets": SecretsSection(store=store)})
    write_toml(layout.config_file, written.model_dump(mode="json"), private=False)
    # The configuration now names the new store, so the secrets live in one place only.
    if store == "keyring":
        FileStore(layout.secrets_file).delete()
    elif before == "keyring":
        with contextlib.suppress(ConfigurationError):  # a locked keyring keeps stale entries
            KeyringStore(layout.root).delete()
    return written


def load_install(layout: InstallLayout) -> tuple[InstallConfig, Secrets]:
    """Read back what ``save_install`` wrote, with a French message on any defect."""
    config = _read_model(layout, layout.config_file, InstallConfig)
    if config.secrets.store == "file" and not layout.secrets_file.is_file():
        raise ConfigurationError(
            msg.INSTALL_NOT_CONFIGURED.format(path=layout.root, file=layout.secrets_file.name)
        )
    return config, open_store(config.secrets.store, layout.root, layout.secrets_file).load()


def read_config(layout: InstallLayout) -> InstallConfig:
    """The configuration alone, without opening the secrets (``status``, the service's start).

    Raises:
        ConfigurationError: the file is missing or invalid; the French sentence says where.
    """
    return _read_model(layout, layout.config_file, InstallConfig)


def sql_login(authentication: str, user: str, password: SecretStr | str | None) -> SqlLogin | None:
    """The SQL Server login to open the Sage server with: None for Windows authentication.

    The emulated server takes None and ignores any login. An absent password is an empty
    one (a SQL login may have none); :func:`sage_login` refuses a configured SQL login
    whose password is missing from the secrets.
    """
    if authentication != "sql":
        return None
    secret = password.get_secret_value() if isinstance(password, SecretStr) else password
    return SqlLogin(user, secret or "")


def sage_login(config: InstallConfig, secrets: Secrets) -> SqlLogin | None:
    """The SQL Server login of an install, from its configuration and its secrets.

    Every command that opens the install's Sage 100 server (sync, service, doctor…) gets
    the login here: ``open_server(config.sage.server, login=sage_login(config, secrets))``.

    Raises:
        ConfigurationError: SQL Server authentication without its password in the secrets.
    """
    sage = config.sage
    if sage.authentication == "sql" and secrets.sql_password is None:
        raise ConfigurationError(
            msg.SQL_LOGIN_INCOMPLETE.format(
                company=sage.company, server=sage.server, user=sage.sql_user
            )
        )
    return sql_login(sage.authentication, sage.sql_user, secrets.sql_password)


def delete_secrets(layout: InstallLayout) -> None:
    """Forget the secrets of an install wherever they are (for the uninstaller; idempotent).

    The file always goes; the keyring entries go when the configuration names the keyring.

    Raises:
        ConfigurationError: the keyring holding the secrets is locked or unavailable.
    """
    FileStore(layout.secrets_file).delete()
    if _recorded_store(layout) == "keyring":
        KeyringStore(layout.root).delete()


def _recorded_store(layout: InstallLayout) -> StoreKind | None:
    """The store named by the configuration on disk, ``None`` if there is none readable."""
    try:
        return _read_model(layout, layout.config_file, InstallConfig).secrets.store
    except ConfigurationError:
        return None


def _marker_service_kind(layout: InstallLayout) -> str:
    section = read_marker(layout.root).get("install")
    kind = section.get("service_kind", "") if isinstance(section, dict) else ""
    return kind if isinstance(kind, str) else ""


def _read_model(layout: InstallLayout, path: Path, model: type[M]) -> M:
    """Read and check a TOML file; every defect becomes one French sentence.

    The sentence points at the place to fix: the line and column of a TOML syntax error,
    the closest known key for a misspelt one, the missing key, a file not in UTF-8.
    """
    if not path.is_file():
        raise ConfigurationError(
            msg.INSTALL_NOT_CONFIGURED.format(path=layout.root, file=path.name)
        )
    try:
        text = path.read_text(encoding="utf-8")
        return model.model_validate(tomllib.loads(text))
    except UnicodeDecodeError as exc:
        detail = msg.CONFIG_NOT_UTF8.format(position=exc.start)
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=detail)) from exc
    except OSError as exc:
        detail = msg.CONFIG_UNREADABLE.format(reason=exc.strerror or type(exc).__name__)
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=detail)) from exc
    except tomllib.TOMLDecodeError as exc:
        detail = _toml_detail(str(exc), text)
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=detail)) from exc
    except ValidationError as exc:
        detail = _fields_detail(model, exc.errors())
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=detail)) from exc


_TOML_WHERE = re.compile(
    r"^(?P<reason>.*?) \((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$"
)


def _toml_detail(error: str, text: str) -> str:
    """The TOML parser's « Expected … (at line 3, column 7) » in French, same place."""
    found = _TOML_WHERE.match(error)
    if found is None:
        return error
    reason = found["reason"]
    french = next((fr for en, fr in msg.TOML_REASONS.items() if reason.startswith(en)), reason)
    if found["line"] is None:  # the end of the document
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    else:
        line, column = int(found["line"]), int(found["col"])
    return msg.CONFIG_TOML.format(line=line, column=column, reason=french)


def _fields_detail(model: type[BaseModel], errors: list[ErrorDetails]) -> str:
    """Unknown keys first; a missing key that an unknown one misspells is not said twice."""
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    suggested = {_closest(model, [str(p) for p in e["loc"]]) for e in unknown}
    rest = [
        e
        for e in errors
        if e["type"] != "extra_forbidden"
        and not (e["type"] == "missing" and ".".join(map(str, e["loc"])) in suggested)
    ]
    return " ; ".join(_field_detail(model, e) for e in [*unknown, *rest])


def _closest(model: type[BaseModel], loc: list[str]) -> str | None:
    """The known key closest to a misspelt one (``sage.compnay`` → ``sage.company``)."""
    close = difflib.get_close_matches(loc[-1], _known_keys(model, loc[:-1]), n=1, cutoff=0.6)
    return ".".join([*loc[:-1], close[0]]) if close else None


def _field_detail(model: type[BaseModel], error: ErrorDetails) -> str:
    """One pydantic error as « clé inconnue « sage.compnay » (vouliez-vous dire … ?) »."""
    loc = [str(part) for part in error["loc"]]
    key = ".".join(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        close = _closest(model, loc)
        hint = msg.CONFIG_DID_YOU_MEAN.format(known=close) if close else ""
        return msg.CONFIG_UNKNOWN_KEY.format(key=key) + hint
    if kind == "missing":
        return msg.CONFIG_MISSING_KEY.format(key=key)
    ctx = error.get("ctx", {})
    reason = msg.VALUE_REASONS.get(kind, "{input}").format(input=error.get("input"), **ctx)
    return msg.CONFIG_BAD_VALUE.format(key=key, reason=reason)


def _known_keys(model: type[BaseModel], path: list[str]) -> list[str]:
    """The keys a section of ``model`` accepts (its fields), following ``path``."""
    for part in path:
        field = model.model_fields.get(part)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return list(model.model_fields)
