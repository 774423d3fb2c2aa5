"""Generated service definitions: systemd (verified by systemd-analyze), launchd, Windows."""

from __future__ import annotations

import plistlib
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ssm.connector.install import (
    InstallOptions,
    connector_executable,
    default_kind,
    service_name,
    service_unit,
    unit_file_name,
)
from ssm.connector.install._service_units import can_register

INSTALL_DIR = Path("/opt/Sage Sales Management 100%")


def _systemd_values(text: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in text.splitlines() if line.startswith(f"{key}=")]


@pytest.mark.parametrize("kind", ["systemd-user", "systemd-system"])
def test_systemd_unit_runs_the_connector_and_restarts_on_failure(kind: str, tmp_path: Path) -> None:
    install_dir = tmp_path / "with space 100%"
    install_dir.mkdir()
    text = service_unit(kind, install_dir)  # type: ignore[arg-type]
    (exec_start,) = _systemd_values(text, "ExecStart")
    argv = [a.replace("%%", "%") for a in shlex.split(exec_start)]
    assert argv == [str(connector_executable()), "run", "--dir", str(install_dir)]
    assert Path(argv[0]).is_absolute() and Path(argv[0]).exists()
    assert _systemd_values(text, "Restart") == ["on-failure"]
    wanted = "multi-user.target" if kind == "systemd-system" else "default.target"
    assert _systemd_values(text, "WantedBy") == [wanted]

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        return  # parsed above: what can be checked without the tool is checked
    unit = tmp_path / unit_file_name(kind, install_dir)  # type: ignore[arg-type]
    unit.write_text(text, encoding="utf-8")
    # Always the system manager: a user manager needs a login session (absent in CI); the
    # syntax checked is the same.
    verify = subprocess.run(
        [analyze, "verify", "--man=no", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    problems = [line for line in verify.stderr.splitlines() if unit.name in line]
    assert verify.returncode == 0, verify.stderr
    assert problems == [], verify.stderr


def test_launchd_plist_runs_the_connector_and_keeps_it_alive() -> None:
    plist = plistlib.loads(service_unit("launchd", INSTALL_DIR).encode("utf-8"))
    assert plist["ProgramArguments"] == [
        str(connector_executable()),
        "run",
        "--dir",
        str(INSTALL_DIR),
    ]
    assert plist["Label"].endswith(service_name(INSTALL_DIR))
    assert plist["RunAtLoad"] is True
    assert plist["KeepAlive"] == {"SuccessfulExit": False}


def test_windows_task_runs_the_connector_at_boot_and_restarts() -> None:
    text = service_unit("windows-task", INSTALL_DIR)
    root = ET.fromstring(text.replace('encoding="UTF-16"', 'encoding="UTF-8"').encode())
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    assert root.findtext("t:Actions/t:Exec/t:Command", namespaces=ns) == str(connector_executable())
    assert root.findtext("t:Actions/t:Exec/t:Arguments", namespaces=ns) == (
        f'run --dir "{INSTALL_DIR}"'
    )
    assert root.find("t:Triggers/t:BootTrigger", ns) is not None
    assert root.find("t:Settings/t:RestartOnFailure", ns) is not None


def test_service_kind_and_names() -> None:
    assert default_kind("win32") == "windows-task"
    assert default_kind("darwin") == "launchd"
    assert default_kind("linux", is_root=True) == "systemd-system"
    assert default_kind("linux", is_root=False) == "systemd-user"
    assert service_name(INSTALL_DIR) == service_name(INSTALL_DIR)
    assert service_name(INSTALL_DIR) != service_name(INSTALL_DIR / "other")
    assert unit_file_name("systemd-user", INSTALL_DIR).endswith(".service")


def test_service_rights_are_checked_unless_no_service() -> None:
    from ssm.connector.install._prerequisites import check_service

    assert check_service(InstallOptions(register_service=False)).ok
    kind = default_kind()
    checked = check_service(InstallOptions(register_service=True, service_kind=kind))
    assert checked.ok == (can_register(kind) is None)
    if not checked.ok:
        assert "--no-service" in checked.what_to_do
