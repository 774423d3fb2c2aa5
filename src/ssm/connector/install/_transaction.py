"""Transactional install and uninstall.

``install`` writes a journal next to the target, builds the whole folder in a staging
folder beside it (``.<name>.staging-<pid>``), renames the staging folder into place (atomic
on one file system) and registers the service last. Whatever stops it — an error, a cancel,
SIGKILL — the journal remains, and the next ``install`` (or :func:`recover`) rolls the
interrupted install back: service unregistered, target removed if the rename happened,
staging removed, journal removed. A finished install has no journal.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

from ssm.connector import messages as msg
from ssm.connector._install_marker import MARKER, ServiceKind, read_marker
from ssm.connector.environment import read_environment, variable
from ssm.connector.errors import ConfigurationError, InstallError
from ssm.connector.install._answers import Answers
from ssm.connector.install._background import stop_background
from ssm.connector.install._paths import is_install, journal_path, staging_path
from ssm.connector.install.prerequisites import InstallOptions
from ssm.connector.install.service_units import (
    Registration,
    planned_registration,
    register,
    service_unit,
    unit_file_name,
    unregister,
)
from ssm.connector.settings import InstallLayout, delete_secrets

#: What ``uninstall --keep-data`` keeps and a new install into the same folder reuses.
KEPT = ("data", "logs")
#: Test knob (``ConnectorEnvironment.test_install_step_delay``): seconds to sleep between
#: install steps, so a test can kill the installer mid-way. Never set it in production.
STEP_DELAY_ENV = variable("test_install_step_delay")


@dataclass(frozen=True)
class InstallResult:
    """What an install did."""

    install_dir: Path
    registration: Registration | None
    recovered: bool


def _pause() -> None:
    delay = read_environment().test_install_step_delay
    if delay > 0:
        time.sleep(delay)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path)


def recover(target: Path) -> bool:
    """Roll back an interrupted install into ``target``; ``True`` if there was one."""
    journal = journal_path(target)
    leftover_tmp = journal.with_name(journal.name + ".tmp")
    if not journal.exists():
        leftover_tmp.unlink(missing_ok=True)
        return False
    try:
        entry = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = {}
    registration = entry.get("registration")
    if registration:
        unregister(Registration(**registration))
    staging = Path(entry["staging"]) if entry.get("staging") else None
    staging_left = staging is not None and staging.exists()
    moved = entry.get("phase") in ("moving", "moved", "registered")
    adopted = [str(name) for name in entry.get("adopted", [])]
    if moved and not staging_left and Path(entry.get("target", "")) == Path(target):
        # The target was free (or held only kept data/ and logs/) before: the rest is ours.
        if adopted and target.is_dir():
            for child in target.iterdir():
                if child.name not in adopted:
                    _remove_tree(child)
        else:
            _remove_tree(target)
    if staging is not None and staging_left:
        for name in adopted:  # kept data/ and logs/ go back where they were
            if (staging / name).exists() and not (target / name).exists():
                target.mkdir(exist_ok=True)
                (staging / name).rename(target / name)
        _remove_tree(staging)
    for stray in target.parent.glob(f".{target.name}.staging-*"):
        _remove_tree(stray)
    if entry.get("target_existed"):
        target.mkdir(exist_ok=True)
    journal.unlink(missing_ok=True)
    leftover_tmp.unlink(missing_ok=True)
    for folder in entry.get("created", []):
        try:
            Path(folder).rmdir()
        except OSError:
            break
    return True


def install(answers: Answers, options: InstallOptions | None = None) -> InstallResult:
    """Lay out the install folder of ``answers.install_dir`` and register the service.

    Args:
        answers: validated wizard answers; ``install_dir`` is absolute and free.
        options: Sage server, cloud URL and whether to register the service.

    Raises:
        InstallError: the install failed; it was rolled back.
    """
    options = options or InstallOptions()
    if answers.install_dir is None:
        raise InstallError(msg.INSTALL_FAILED.format(path="?", detail="dossier non choisi"))
    target = Path(answers.install_dir)
    recovered = recover(target)
    kind: ServiceKind = options.kind()
    journal = journal_path(target)
    staging = staging_path(target, os.getpid())
    created = [str(p) for p in target.parents if not p.exists()]  # deepest first
    entry: dict[str, Any] = {
        "target": str(target),
        "staging": str(staging),
        "phase": "staging",
        "pid": os.getpid(),
        "created": created,
        "target_existed": target.exists(),
        "adopted": kept_data(target),
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_json_atomic(journal, entry)
        _build(staging, target, answers, options, kind, entry["adopted"])
        if entry["adopted"]:
            entry["phase"] = "adopting"
            _write_json_atomic(journal, entry)
            for name in entry["adopted"]:
                (target / name).rename(staging / name)
                _pause()
        entry["phase"] = "moving"
        _write_json_atomic(journal, entry)
        if target.exists():
            target.rmdir()  # validated empty (kept data/ and logs/ moved into staging)
        staging.rename(target)
        _fsync_dir(target.parent)
        entry["phase"] = "moved"
        _write_json_atomic(journal, entry)
        _pause()
        registration = None
        if options.register_service:
            unit = (target / "service" / unit_file_name(kind, target)).read_text("utf-8")
            entry["registration"] = planned_registration(kind, target).__dict__
            _write_json_atomic(journal, entry)  # before: a kill mid-way still unregisters
            registration = register(kind, target, unit)
            entry["phase"] = "registered"
            _write_json_atomic(journal, entry)
            _record_registration(target, registration)
        journal.unlink()
        _fsync_dir(target.parent)
    except (OSError, InstallError) as exc:
        with contextlib.suppress(OSError):
            recover(target)
        if isinstance(exc, InstallError):
            raise
        raise InstallError(msg.INSTALL_FAILED.format(path=target, detail=exc)) from exc
    return InstallResult(target, registration, recovered)


def kept_data(target: Path) -> list[str]:
    """``data`` and ``logs`` left by ``uninstall --keep-data`` in ``target``, to reuse."""
    if not target.is_dir() or is_install(target):
        return []
    names = sorted(child.name for child in target.iterdir())
    return names if names and set(names) <= set(KEPT) else []


def _build(
    staging: Path,
    target: Path,
    answers: Answers,
    options: InstallOptions,
    kind: ServiceKind,
    adopted: list[str],
) -> None:
    staging.mkdir()
    _pause()
    for folder in ("config", "data", "logs", "service"):
        if folder in adopted:
            continue
        (staging / folder).mkdir()
        _pause()
    (staging / "service" / unit_file_name(kind, target)).write_text(
        service_unit(kind, target), encoding="utf-8"
    )
    _pause()
    marker: dict[str, Any] = {
        "install": {
            "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "country": answers.country,
            "accept_terms": answers.accept_terms,
            "launch_configuration": answers.launch_configuration,
            "sage_server": options.resolved_sage_server() or "",
            "cloud_url": options.resolved_cloud_url() or "",
            "service_kind": kind if options.register_service else "",
        }
    }
    with (staging / MARKER).open("wb") as handle:
        tomli_w.dump(marker, handle)
    _pause()


def _record_registration(target: Path, registration: Registration) -> None:
    path = target / MARKER
    data = read_marker(target)
    data["service"] = registration.__dict__
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        tomli_w.dump(data, handle)
    tmp.replace(path)


def uninstall(install_dir: Path, keep_data: bool = False) -> None:
    """Stop and unregister the service, then remove the install folder.

    Args:
        install_dir: an install folder.
        keep_data: keep ``data/`` (sync state) and ``logs/``, remove the rest.

    Raises:
        InstallError: ``install_dir`` is not an install (nothing removed), or removal failed.
    """
    target = Path(install_dir).absolute()
    recover(target)
    if not is_install(target):
        raise InstallError(msg.NOT_AN_INSTALL.format(path=target))
    service = read_marker(target).get("service")
    stop_background(target)  # a detached sync process (no service) would keep files open
    try:
        delete_secrets(InstallLayout(target))  # the keyring's entries outlive the folder
    except ConfigurationError as exc:
        raise InstallError(str(exc)) from exc
    try:
        if isinstance(service, dict):
            unregister(Registration(**service))
        if keep_data:
            for child in target.iterdir():
                if child.name not in KEPT:
                    _remove_tree(child)
        else:
            shutil.rmtree(target)
    except OSError as exc:
        raise InstallError(msg.UNINSTALL_FAILED.format(path=target, detail=exc)) from exc
