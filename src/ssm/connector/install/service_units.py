"""Background-service definitions: systemd units, a launchd plist, a Windows service or task.

Each runs ``ssm-connector run --dir INSTALL_DIR`` with the absolute path of the
``ssm-connector`` executable of the environment the installer runs from, restarts it on
failure and starts it at boot (system) or login (user). On Windows the default is a real
Windows service through pywin32 (the optional ``windows`` extra), the scheduled task its
fallback when pywin32 is missing. Generators and the choice of kind (:func:`choose_kind`)
are pure; registration (:func:`register`, :func:`unregister`) runs ``systemctl``,
``launchctl``, ``schtasks`` or the Service Control Manager.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ssm.connector import messages as msg
from ssm.connector._install_marker import ServiceKind
from ssm.connector.errors import InstallError
from ssm.connector.install import _windows_service as winsvc


def connector_executable() -> Path:
    """Absolute path of the ``ssm-connector`` executable next to this Python."""
    name = "ssm-connector.exe" if sys.platform == "win32" else "ssm-connector"
    beside = Path(sys.executable).absolute().with_name(name)
    if beside.exists():
        return beside
    found = shutil.which("ssm-connector")
    return Path(found).absolute() if found else beside


def service_name(install_dir: Path) -> str:
    """A name unique to the install folder, e.g. ``ssm-connector-3f2a9c1d``."""
    digest = hashlib.sha256(str(install_dir).encode("utf-8")).hexdigest()[:8]
    return f"ssm-connector-{digest}"


def choose_kind(platform: str, *, is_root: bool, has_pywin32: bool) -> ServiceKind:
    """The kind of service for a machine, from its facts alone (pure).

    Windows: a Windows service when pywin32 imports, else the scheduled task (fallback).
    macOS: launchd. Otherwise systemd, a system unit as root, a user unit if not.
    """
    if platform == "win32":
        return "windows-service" if has_pywin32 else "windows-task"
    if platform == "darwin":
        return "launchd"
    return "systemd-system" if is_root else "systemd-user"


def default_kind(
    platform: str | None = None,
    *,
    is_root: bool | None = None,
    has_pywin32: bool | None = None,
) -> ServiceKind:
    """The kind of service this machine uses; facts not given are detected here."""
    platform = sys.platform if platform is None else platform
    if is_root is None:
        is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if has_pywin32 is None:
        has_pywin32 = platform == "win32" and winsvc.pywin32_available()
    return choose_kind(platform, is_root=is_root, has_pywin32=has_pywin32)


def service_unit(kind: ServiceKind, install_dir: Path, executable: Path | None = None) -> str:
    """The text of the service definition of ``kind`` for ``install_dir``.

    Args:
        kind: ``systemd-user``, ``systemd-system``, ``launchd``, ``windows-service`` or
            ``windows-task``.
        install_dir: absolute install folder given to ``ssm-connector run --dir``.
        executable: the ``ssm-connector`` executable (default: :func:`connector_executable`).
    """
    exe = connector_executable() if executable is None else executable
    if kind in ("systemd-user", "systemd-system"):
        return _systemd(kind, install_dir, exe)
    if kind == "launchd":
        return _launchd(install_dir, exe)
    if kind == "windows-service":
        return winsvc.definition(service_name(install_dir), install_dir, Path(sys.executable))
    return _windows_task(install_dir, exe)


def unit_file_name(kind: ServiceKind, install_dir: Path) -> str:
    """File name of the definition inside ``service/`` and where it is registered."""
    name = service_name(install_dir)
    return {
        "systemd-user": f"{name}.service",
        "systemd-system": f"{name}.service",
        "launchd": f"com.sage.salesmanagement.{name}.plist",
        "windows-service": f"{name}.windows-service.txt",
        "windows-task": f"{name}.xml",
    }[kind]


def _systemd_quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped}"'


def _systemd(kind: ServiceKind, install_dir: Path, exe: Path) -> str:
    wanted_by = "multi-user.target" if kind == "systemd-system" else "default.target"
    after = "After=network-online.target\nWants=network-online.target\n"
    config = install_dir / "config" / "connector.toml"
    return (
        "[Unit]\n"
        "Description=Connecteur Sage 100 - Sales Management\n"
        f"{after if kind == 'systemd-system' else ''}"
        # Enabled at install, it starts only once the configuration wizard has activated it.
        f"ConditionPathExists={str(config).replace('%', '%%')}\n"
        "\n[Service]\n"
        "Type=simple\n"
        f"ExecStart={_systemd_quote(str(exe))} run --dir {_systemd_quote(str(install_dir))}\n"
        f"WorkingDirectory={str(install_dir).replace('%', '%%')}\n"
        "Environment=PYTHONUNBUFFERED=1\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n[Install]\n"
        f"WantedBy={wanted_by}\n"
    )


def _launchd(install_dir: Path, exe: Path) -> str:
    label = f"com.sage.salesmanagement.{service_name(install_dir)}"
    args = "".join(
        f"    <string>{escape(a)}</string>\n" for a in (str(exe), "run", "--dir", str(install_dir))
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" '
        '"http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n'
        '<plist version="1.0">\n<dict>\n'
        f"  <key>Label</key>\n  <string>{escape(label)}</string>\n"
        f"  <key>ProgramArguments</key>\n  <array>\n{args}  </array>\n"
        f"  <key>WorkingDirectory</key>\n  <string>{escape(str(install_dir))}</string>\n"
        "  <key>RunAtLoad</key>\n  <true/>\n"
        "  <key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n"
        "  </dict>\n"
        "</dict>\n</plist>\n"
    )


def _windows_task(install_dir: Path, exe: Path) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        "  <RegistrationInfo>\n"
        "    <Description>Connecteur Sage 100 - Sales Management</Description>\n"
        "  </RegistrationInfo>\n"
        "  <Triggers>\n    <BootTrigger>\n      <Enabled>true</Enabled>\n"
        "    </BootTrigger>\n  </Triggers>\n"
        '  <Principals>\n    <Principal id="Author">\n      <UserId>S-1-5-18</UserId>\n'
        "      <RunLevel>HighestAvailable</RunLevel>\n    </Principal>\n  </Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n"
        "    <RestartOnFailure>\n      <Interval>PT1M</Interval>\n"
        "      <Count>999</Count>\n    </RestartOnFailure>\n"
        "  </Settings>\n"
        '  <Actions Context="Author">\n    <Exec>\n'
        f"      <Command>{escape(str(exe))}</Command>\n"
        f"      <Arguments>run --dir &quot;{escape(str(install_dir))}&quot;</Arguments>\n"
        f"      <WorkingDirectory>{escape(str(install_dir))}</WorkingDirectory>\n"
        "    </Exec>\n  </Actions>\n"
        "</Task>\n"
    )


@dataclass(frozen=True)
class Registration:
    """A service registered for an install: enough to unregister it."""

    kind: ServiceKind
    name: str
    path: str


def registration_path(kind: ServiceKind, install_dir: Path) -> Path:
    """Where the definition is installed for the service manager."""
    file_name = unit_file_name(kind, install_dir)
    if kind == "systemd-system":
        return Path("/etc/systemd/system") / file_name
    if kind == "systemd-user":
        config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return Path(config) / "systemd" / "user" / file_name
    if kind == "launchd":
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            return Path("/Library/LaunchDaemons") / file_name
        return Path.home() / "Library" / "LaunchAgents" / file_name
    return install_dir / "service" / file_name


def can_register(kind: ServiceKind) -> str | None:
    """Why the service of ``kind`` cannot be registered here, or ``None`` if it can."""
    if kind in ("systemd-user", "systemd-system"):
        if shutil.which("systemctl") is None:
            return "systemctl absent"
        if not Path("/run/systemd/system").is_dir():
            return "systemd ne tourne pas sur cette machine"
        if kind == "systemd-system" and os.geteuid() != 0:
            return "droits root nécessaires"
        if kind == "systemd-user":
            runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
            if not (Path(runtime) / "systemd").is_dir():
                return "pas de session systemd pour cet utilisateur"
        return None
    if kind == "launchd":
        return None if shutil.which("launchctl") else "launchctl absent"
    if kind == "windows-service":
        return winsvc.unavailable_reason(sys.platform, winsvc.pywin32_available())
    return None if shutil.which("schtasks") else "schtasks absent"


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", None) or exc
        raise InstallError(
            msg.SERVICE_COMMAND_FAILED.format(command=" ".join(command), detail=str(detail).strip())
        ) from exc


def planned_registration(kind: ServiceKind, install_dir: Path) -> Registration:
    """The registration :func:`register` will make, known before it runs."""
    windows = kind in ("windows-service", "windows-task")
    name = service_name(install_dir) if windows else unit_file_name(kind, install_dir)
    return Registration(kind, name, str(registration_path(kind, install_dir)))


def register(kind: ServiceKind, install_dir: Path, unit_text: str) -> Registration:
    """Install the definition where the service manager looks, enable and start it."""
    target = registration_path(kind, install_dir)
    name = unit_file_name(kind, install_dir)
    if kind == "windows-service":
        winsvc.install_service(service_name(install_dir), install_dir, Path(sys.executable))
        return Registration(kind, service_name(install_dir), str(target))
    if kind == "windows-task":
        _run(["schtasks", "/Create", "/F", "/TN", service_name(install_dir), "/XML", str(target)])
        _run(["schtasks", "/Run", "/TN", service_name(install_dir)])
        return Registration(kind, service_name(install_dir), str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(unit_text, encoding="utf-8")
    if kind == "launchd":
        _run(["launchctl", "load", "-w", str(target)])
        return Registration(kind, name, str(target))
    scope = ["--user"] if kind == "systemd-user" else []
    _run(["systemctl", *scope, "daemon-reload"])
    _run(["systemctl", *scope, "enable", "--now", name])
    return Registration(kind, name, str(target))


def start(registration: Registration) -> None:
    """Start a registered service now (the configuration's activation step)."""
    _run(_manager_command(registration, "start"))


def stop(registration: Registration) -> None:
    """Stop a registered service, leaving it registered."""
    _run(_manager_command(registration, "stop"))


def _manager_command(registration: Registration, verb: str) -> list[str]:
    kind, name = registration.kind, registration.name
    if kind == "windows-service":
        return ["sc", verb, name]
    if kind == "windows-task":
        return ["schtasks", "/Run" if verb == "start" else "/End", "/TN", name]
    if kind == "launchd":
        return ["launchctl", verb, name.removesuffix(".plist")]
    scope = ["--user"] if kind == "systemd-user" else []
    return ["systemctl", *scope, "restart" if verb == "start" else "stop", name]


def unregister(registration: Registration) -> None:
    """Stop and remove a registered service; a service already gone is not an error."""
    kind = registration.kind
    path = Path(registration.path)
    commands: list[list[str]]
    if kind == "windows-service":
        winsvc.remove_service(registration.name)
        return
    if kind == "windows-task":
        commands = [
            ["schtasks", "/End", "/TN", registration.name],
            ["schtasks", "/Delete", "/F", "/TN", registration.name],
        ]
    elif kind == "launchd":
        commands = [["launchctl", "unload", "-w", str(path)]]
    else:
        scope = ["--user"] if kind == "systemd-user" else []
        commands = [["systemctl", *scope, "disable", "--now", registration.name]]
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        subprocess.run(command, check=False, capture_output=True, timeout=60)  # noqa: S603
    if kind != "windows-task":
        path.unlink(missing_ok=True)
    if kind in ("systemd-user", "systemd-system") and shutil.which("systemctl"):
        scope = ["--user"] if kind == "systemd-user" else []
        reload = ["systemctl", *scope, "daemon-reload"]
        subprocess.run(reload, check=False, capture_output=True, timeout=60)  # noqa: S603
