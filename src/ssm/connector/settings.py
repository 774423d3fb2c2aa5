"""The configuration of one connector installation, kept as TOML in its folder.

An install folder holds ``config/connector.toml`` (what the wizard chose),
``config/secrets.toml`` (the Sage password and the private API key, readable by the
service account only), ``data/state.sqlite`` (bindings and cursors) and ``logs/``.
Secrets live apart from the rest so the configuration can be shown, copied into a support
ticket or diffed without leaking anything.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from ssm.connector import _messages as msg
from ssm.connector.errors import ConfigurationError

M = TypeVar("M", bound=BaseModel)


class SageSection(BaseModel):
    """Where the Sage 100 company lives and who we log in as."""

    model_config = ConfigDict(extra="forbid")

    server: str = Field(description="Sage 100 server: an emulated server folder for now.")
    company: str = Field(description="Database name of the Sage 100 company (dossier).")
    user: str = Field(description="Sage 100 user the connector logs in as.")


class CloudSection(BaseModel):
    """Which Sales Management instance this connector feeds."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(description="Base URL of the Sales Management service.")
    instance_id: int = Field(description="Instance (tenant) created at activation.")
    public_key: str = Field(description="Public half of the API key pair.")


class SyncSection(BaseModel):
    """How often the background service looks for changes."""

    model_config = ConfigDict(extra="forbid")

    poll_interval: float = Field(
        default=1.0, gt=0, description="Seconds between two looks at Sage 100's change watcher."
    )
    overlap_minutes: int = Field(
        default=2, ge=1, description="Minutes re-read before the cursor (cbModification)."
    )
    batch_size: int = Field(default=200, ge=1, le=200, description="Records per upsert call.")


class InstallConfig(BaseModel):
    """The whole of ``config/connector.toml``."""

    model_config = ConfigDict(extra="forbid")

    sage: SageSection
    cloud: CloudSection
    sync: SyncSection = SyncSection()


class Secrets(BaseModel):
    """The whole of ``config/secrets.toml``: never logged, never printed."""

    model_config = ConfigDict(extra="forbid")

    sage_password: SecretStr
    private_key: SecretStr


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
        """Secrets, mode 0600."""
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


def save_install(layout: InstallLayout, config: InstallConfig, secrets: Secrets) -> None:
    """Write the configuration and the secrets, the latter readable by the owner only."""
    layout.create()
    _write_toml(layout.config_file, config.model_dump(mode="json"), private=False)
    plain = {name: value.get_secret_value() for name, value in secrets}
    _write_toml(layout.secrets_file, plain, private=True)


def load_install(layout: InstallLayout) -> tuple[InstallConfig, Secrets]:
    """Read back what ``save_install`` wrote, with a French message on any defect."""
    return (
        _read_model(layout, layout.config_file, InstallConfig),
        _read_model(layout, layout.secrets_file, Secrets),
    )


def _read_model(layout: InstallLayout, path: Path, model: type[M]) -> M:
    if not path.is_file():
        raise ConfigurationError(
            msg.INSTALL_NOT_CONFIGURED.format(path=layout.root, file=path.name)
        )
    try:
        return model.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=exc)) from exc
    except ValidationError as exc:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigurationError(msg.CONFIG_INVALID.format(file=path, detail=detail)) from exc


def _write_toml(path: Path, data: dict[str, object], *, private: bool) -> None:
    """Write atomically: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_suffix(".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    fd = os.open(tmp, flags, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        tomli_w.dump(data, handle)
    tmp.replace(path)
