"""Generated service definitions: systemd (verified by systemd-analyze), launchd, Windows."""

from __future__ import annotations

import importlib
import plistlib
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ssm.connector.errors import InstallError
from ssm.connector.install import (
    InstallOptions,
    connector_executable,
    default_kind,
    service_name,
    service_unit,
    unit_file_name,
)
from ssm.connector.install import _windows_service as winsvc
from ssm.connector.install.service_units import (
    Registration,
    can_register,
    choose_kind,
    register,
    unregister,
)

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
    assert default_kind("win32", has_pywin32=False) == "windows-task"
    assert default_kind("win32", has_pywin32=True) == "windows-service"
    assert default_kind("darwin") == "launchd"
    assert default_kind("linux", is_root=True) == "systemd-system"
    assert default_kind("linux", is_root=False) == "systemd-user"
    assert service_name(INSTALL_DIR) == service_name(INSTALL_DIR)
    assert service_name(INSTALL_DIR) != service_name(INSTALL_DIR / "other")
    assert unit_file_name("systemd-user", INSTALL_DIR).endswith(".service")


def test_service_rights_are_checked_unless_no_service() -> None:
    from ssm.connector.install.prerequisites import check_service

    assert check_service(InstallOptions(register_service=False)).ok
    kind = default_kind()
    checked = check_service(InstallOptions(register_service=True, service_kind=kind))
    assert checked.ok == (can_register(kind) is None)
    if not checked.ok:
        assert "--no-service" in checked.what_to_do


@pytest.mark.parametrize(
    ("platform", "is_root", "has_pywin32", "kind"),
    [
        ("win32", True, True, "windows-service"),
        ("win32", False, True, "windows-service"),
        ("win32", True, False, "windows-task"),
        ("win32", False, False, "windows-task"),
        ("linux", True, False, "systemd-system"),
        ("linux", False, False, "systemd-user"),
        ("linux", False, True, "systemd-user"),
        ("darwin", True, False, "launchd"),
        ("darwin", False, False, "launchd"),
    ],
)
def test_choose_kind_prefers_the_windows_service_and_falls_back_to_the_task(
    platform: str, is_root: bool, has_pywin32: bool, kind: str
) -> None:
    assert choose_kind(platform, is_root=is_root, has_pywin32=has_pywin32) == kind


def test_windows_service_module_imports_without_pywin32() -> None:
    module = importlib.import_module("ssm.connector.install._windows_service")
    assert module.DISPLAY_NAME == "Sage Sales Management pour Sage 100"
    assert module.pywin32_available() is (sys.platform == "win32" and module.pywin32_available())
    if sys.platform != "win32":
        assert module.pywin32_available() is False
        assert default_kind() != "windows-service"
        with pytest.raises(ImportError):
            module.service_class()


def test_missing_pywin32_names_the_windows_extra() -> None:
    reason = winsvc.unavailable_reason("win32", has_pywin32=False)
    assert reason is not None
    assert 'pip install "ssm-connector[windows]"' in reason
    assert "pywin32" in reason
    assert winsvc.unavailable_reason("win32", has_pywin32=True) is None
    elsewhere = winsvc.unavailable_reason("linux", has_pywin32=False)
    assert elsewhere is not None and "Windows" in elsewhere


@pytest.mark.skipif(sys.platform == "win32", reason="pywin32 may be installed on Windows")
def test_explicit_windows_service_without_pywin32_is_refused_in_french(tmp_path: Path) -> None:
    from ssm.connector.install.prerequisites import check_service

    checked = check_service(InstallOptions(register_service=True, service_kind="windows-service"))
    assert not checked.ok
    assert "Windows" in checked.detail
    with pytest.raises(InstallError, match="Windows"):
        register("windows-service", tmp_path, "")
    unregister(Registration("windows-service", service_name(tmp_path), str(tmp_path)))


def test_windows_service_definition_names_the_install_folder() -> None:
    text = service_unit("windows-service", INSTALL_DIR)
    assert service_name(INSTALL_DIR) in text
    assert "Sage Sales Management pour Sage 100" in text
    assert f"InstallDir = {INSTALL_DIR}" in text
    assert "-m ssm.connector.install._windows_service" in text
    assert unit_file_name("windows-service", INSTALL_DIR) != unit_file_name(
        "windows-task", INSTALL_DIR
    )
