"""The technical prerequisites of an install, each with what to do when it is not met.

The wizard checks them first and again just before installing; ``ssm-connector doctor``
prints the same report. Every check is a small function returning a :class:`Prerequisite`.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import httpx

from ssm.connector import messages as msg
from ssm.connector._install_marker import ServiceKind
from ssm.connector.crm_client import describe_http_error
from ssm.connector.environment import read_environment
from ssm.connector.install._paths import NEEDED_MB, nearest_existing
from ssm.connector.install.service_units import can_register, default_kind

if TYPE_CHECKING:
    from ssm.sage100 import SqlLogin


@dataclass(frozen=True)
class InstallOptions:
    r"""What the installer was told besides the wizard's answers.

    Attributes:
        sage_server: the Sage 100 server, an emulated server folder or a SQL Server
            (``SERVEUR\INSTANCE``…); ``None`` looks at ``SSM_SAGE100_SERVER`` then the
            Windows registry.
        cloud_url: the Sales Management service; ``None`` looks at ``SSM_CLOUD_URL``.
        register_service: register the background service (``False`` with ``--no-service``).
        service_kind: the kind of service; ``None`` picks the machine's default.
        sage_login: the SQL Server login of a configured install (``doctor --dir``); None
            is Windows authentication, or not chosen yet (before the configuration).
    """

    sage_server: str | None = None
    cloud_url: str | None = None
    register_service: bool = True
    service_kind: ServiceKind | None = None
    sage_login: SqlLogin | None = None

    def resolved_sage_server(self) -> str | None:
        """The Sage 100 server given, from the environment, or from the Windows registry."""
        return self.sage_server or read_environment().sage100_server or _registry_sage()

    def resolved_cloud_url(self) -> str | None:
        """The Sales Management URL given or from the environment."""
        return self.cloud_url or read_environment().cloud_url or None

    def kind(self) -> ServiceKind:
        """The kind of service to register."""
        return self.service_kind or default_kind()


class CompanyFacts(TypedDict):
    """What ``doctor`` found in the configured Sage company (``--json``'s ``company``)."""

    database: str
    server: str
    generation: str
    missing_optional: dict[str, list[str]]  # table → optional columns it lacks
    libres: dict[str, list[str]]  # table → its « informations libres »


@dataclass(frozen=True)
class Prerequisite:
    """One checked prerequisite, in French: its name, whether it is met, why, what to do.

    ``company`` holds the facts behind the « Entreprise Sage » line of ``doctor --dir``.
    """

    name: str
    ok: bool
    detail: str
    what_to_do: str
    company: CompanyFacts | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (``doctor --json``); ``company`` only on the line that has it."""
        found = asdict(self)
        if self.company is None:
            del found["company"]
        return found


def check_prerequisites(install_dir: Path | None, options: InstallOptions) -> list[Prerequisite]:
    """Check everything an install needs; folder checks only when ``install_dir`` is given."""
    checks = [check_os(), check_python()]
    if install_dir is not None:
        checks += [check_disk(install_dir), check_write(install_dir)]
    checks += [check_sage(options), check_service(options), check_port(), check_cloud(options)]
    return checks


def failed(prerequisites: list[Prerequisite]) -> list[str]:
    """One French line per unmet prerequisite."""
    return [
        msg.PREREQUISITE_FAILED.format(name=p.name, detail=p.detail, what_to_do=p.what_to_do)
        for p in prerequisites
        if not p.ok
    ]


def check_os() -> Prerequisite:
    """Windows 10+, Linux, or macOS 12+."""
    system, release = platform.system(), platform.release()
    if system == "Windows":
        ok = _major(release) >= 10
    elif system == "Darwin":
        ok = _major(platform.mac_ver()[0]) >= 12
    else:
        ok = system == "Linux"
    detail = (msg.OS_OK if ok else msg.OS_UNSUPPORTED).format(system=system, release=release)
    return Prerequisite(msg.PRE_OS, ok, detail, msg.OK if ok else msg.OS_TODO)


def _major(version: str) -> int:
    head = version.split(".")[0]
    return int(head) if head.isdigit() else 0


def check_python() -> Prerequisite:
    """Python 3.11 or newer."""
    version = platform.python_version()
    ok = sys.version_info >= (3, 11)
    detail = (msg.PYTHON_OK if ok else msg.PYTHON_OLD).format(version=version)
    return Prerequisite(msg.PRE_PYTHON, ok, detail, msg.OK if ok else msg.PYTHON_TODO)


def free_mb(path: Path) -> int:
    """Free megabytes on the disk of ``path`` (or of its nearest existing ancestor)."""
    return shutil.disk_usage(nearest_existing(path)).free // (1024 * 1024)


def check_disk(install_dir: Path) -> Prerequisite:
    """At least :data:`NEEDED_MB` megabytes free where the install goes."""
    free = free_mb(install_dir)
    ok = free >= NEEDED_MB
    detail = (msg.DISK_OK if ok else msg.DISK_LOW).format(free=free, needed=NEEDED_MB)
    return Prerequisite(msg.PRE_DISK, ok, detail, msg.OK if ok else msg.DISK_TODO)


def writable_error(path: Path) -> str | None:
    """Why the nearest existing folder of ``path`` is not writable, or ``None``.

    It creates and removes a temporary file there: permission bits alone do not tell
    (ACLs, read-only mounts, dropped capabilities).
    """
    folder = nearest_existing(path)
    if not folder.is_dir():
        folder = folder.parent
    try:
        fd, name = tempfile.mkstemp(prefix=".ssm-write-test-", dir=folder)
    except OSError as exc:
        return exc.strerror or str(exc)
    os.close(fd)
    Path(name).unlink()
    return None


def check_write(install_dir: Path) -> Prerequisite:
    """The install folder (or its nearest existing parent) can be written."""
    error = writable_error(install_dir)
    folder = nearest_existing(install_dir)
    if error is None:
        return Prerequisite(msg.PRE_WRITE, True, msg.WRITE_OK.format(path=folder), msg.OK)
    detail = msg.WRITE_DENIED.format(path=folder, detail=error)
    return Prerequisite(msg.PRE_WRITE, False, detail, msg.WRITE_TODO)


def _registry_sage() -> str | None:
    """The Sage 100 installation folder from the Windows registry, if any."""
    if sys.platform != "win32":
        return None
    import winreg

    for key_path in (r"SOFTWARE\Sage\Sage 100", r"SOFTWARE\WOW6432Node\Sage\Sage 100"):
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, key_path) as key:
                value, _ = winreg.QueryValueEx(key, "InstallDir")
                return str(value)
        except OSError:
            continue
    return None


def check_sage(options: InstallOptions) -> Prerequisite:
    """A Sage 100 server is detected and its version is supported (9 to 12).

    A SQL Server whose version cannot be read from here (no Sage in this machine's Windows
    registry, and the server not reached, or reached but silent about its version) passes
    with a notice: the authentication is chosen at the configuration, whose « Test de
    connexion » reaches the server and whose « Enregistrer » checks the company's columns.
    A SQL Server address with a password, a folder that is not a server, or a known
    unsupported version fail.
    """
    location = options.resolved_sage_server()
    if location is None:
        return Prerequisite(msg.PRE_SAGE, False, msg.SAGE_NOT_FOUND, msg.SAGE_NOT_FOUND_TODO)
    from ssm.sage100 import Sage100Error, is_sql_server_location, open_server

    sql_server = is_sql_server_location(location)
    try:
        server = open_server(location, login=options.sage_login)
    except (Sage100Error, OSError, ValueError) as exc:
        detail = msg.SAGE_UNREADABLE.format(location=location, detail=exc)
        return Prerequisite(msg.PRE_SAGE, False, detail, msg.SAGE_UNREADABLE_TODO)
    try:
        version = server.version()
    except (Sage100Error, OSError, ValueError) as exc:
        if sql_server:
            detail = msg.SAGE_SQLSERVER_UNDETECTED.format(location=location, detail=exc)
            return Prerequisite(msg.PRE_SAGE, True, detail, msg.OK)
        detail = msg.SAGE_UNREADABLE.format(location=location, detail=exc)
        return Prerequisite(msg.PRE_SAGE, False, detail, msg.SAGE_UNREADABLE_TODO)
    fields = {"product": version.product, "version": version.version, "location": location}
    if sql_server and version.major == 0:  # reached, but nothing here tells the version
        detail = msg.SAGE_SQLSERVER_UNDETECTED.format(
            location=location, detail=f"{version.product} : {version.version}."
        )
        return Prerequisite(msg.PRE_SAGE, True, detail, msg.OK)
    if not version.supported:
        detail = msg.SAGE_UNSUPPORTED.format(**fields)
        return Prerequisite(msg.PRE_SAGE, False, detail, msg.SAGE_UNSUPPORTED_TODO)
    return Prerequisite(msg.PRE_SAGE, True, msg.SAGE_OK.format(**fields), msg.OK)


def check_service(options: InstallOptions) -> Prerequisite:
    """The background service can be registered (not checked with ``--no-service``)."""
    if not options.register_service:
        return Prerequisite(msg.PRE_SERVICE, True, msg.SERVICE_SKIPPED, msg.OK)
    kind = options.kind()
    reason = can_register(kind)
    if reason is None:
        return Prerequisite(msg.PRE_SERVICE, True, msg.SERVICE_OK.format(kind=kind), msg.OK)
    detail = msg.SERVICE_DENIED.format(detail=reason)
    return Prerequisite(msg.PRE_SERVICE, False, detail, msg.SERVICE_TODO)


def check_port() -> Prerequisite:
    """A free TCP port on 127.0.0.1 (the wizards serve their pages there)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
    except OSError as exc:
        detail = msg.PORT_NONE.format(detail=exc.strerror or exc)
        return Prerequisite(msg.PRE_PORT, False, detail, msg.PORT_TODO)
    return Prerequisite(msg.PRE_PORT, True, msg.PORT_OK, msg.OK)


def check_cloud(options: InstallOptions) -> Prerequisite:
    """The Sales Management service answers its health check."""
    url = options.resolved_cloud_url()
    if not url:
        return Prerequisite(msg.PRE_CLOUD, False, msg.CLOUD_NO_URL, msg.CLOUD_NO_URL_TODO)
    try:
        response = httpx.get(url.rstrip("/") + "/-/health", timeout=5.0)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        detail = msg.CLOUD_DOWN.format(url=url, detail=describe_http_error(exc))
        return Prerequisite(msg.PRE_CLOUD, False, detail, msg.CLOUD_DOWN_TODO)
    except ValueError as exc:  # not a URL httpx can use
        detail = msg.CLOUD_DOWN.format(url=url, detail=exc)
        return Prerequisite(msg.PRE_CLOUD, False, detail, msg.CLOUD_DOWN_TODO)
    return Prerequisite(msg.PRE_CLOUD, True, msg.CLOUD_OK.format(url=url), msg.OK)
