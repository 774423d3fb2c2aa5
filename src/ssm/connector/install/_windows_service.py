r"""The Windows service (pywin32), registered with the Service Control Manager.

Importing this module never needs pywin32: the ``ServiceFramework`` subclass is built by
:func:`service_class` (and the module attribute ``ConnectorWindowsService``) on first use,
on Windows only. The service runs ``python -m ssm.connector.install._windows_service`` with
the interpreter of the environment that installed it; the install folder is kept in the
service's registry parameters (``HKLM\SYSTEM\CurrentControlSet\Services\NAME\Parameters``,
value ``InstallDir``).

Untested on a real Windows machine: only the pure parts (kind choice, messages) run in CI.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

from ssm.connector import messages as msg
from ssm.connector.errors import InstallError

DISPLAY_NAME = "Sage Sales Management pour Sage 100"
DESCRIPTION = "Connecteur Sage 100 - Sales Management : synchronisation en continu."
INSTALL_DIR_OPTION = "InstallDir"
CLASS_NAME = "ConnectorWindowsService"
PYWIN32_MODULES = ("win32serviceutil", "win32service", "win32event", "servicemanager")

_class: type[Any] | None = None


def pywin32_available() -> bool:
    """Whether pywin32's service modules import here (never on Linux or macOS)."""
    try:
        import servicemanager  # noqa: F401
        import win32event  # noqa: F401
        import win32service  # noqa: F401
        import win32serviceutil  # noqa: F401
    except ImportError:
        return False
    return True


def unavailable_reason(platform: str, has_pywin32: bool) -> str | None:
    """Why a Windows service cannot be used here (French), or ``None`` if it can. Pure."""
    if platform != "win32":
        return msg.WINDOWS_SERVICE_NOT_WINDOWS
    if not has_pywin32:
        return msg.WINDOWS_SERVICE_NO_PYWIN32
    return None


def require_pywin32() -> None:
    """Raise the French :class:`InstallError` naming the ``windows`` extra when needed."""
    reason = unavailable_reason(sys.platform, pywin32_available())
    if reason is not None:
        raise InstallError(reason)


def service_class() -> type[Any]:
    """The ``win32serviceutil.ServiceFramework`` subclass (built once; needs pywin32)."""
    global _class
    if _class is not None:
        return _class
    import servicemanager
    import win32service
    import win32serviceutil

    from ssm.connector.service.loop import Service
    from ssm.connector.settings import InstallLayout

    class ConnectorWindowsService(win32serviceutil.ServiceFramework):  # type: ignore[misc]
        _svc_name_ = "ssm-connector"  # the real name (one per install) comes in args[0]
        _svc_display_name_ = DISPLAY_NAME
        _svc_description_ = DESCRIPTION

        def __init__(self, args: Any) -> None:
            super().__init__(args)
            self.name = str(args[0]) if args else self._svc_name_
            self.service: Service | None = None
            self.stop_requested = threading.Event()

        def SvcStop(self) -> None:
            self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING)
            self.stop_requested.set()
            service = self.service
            if service is not None:
                service.stop()  # after the batch in flight

        def SvcDoRun(self) -> None:
            install_dir = win32serviceutil.GetServiceCustomOption(
                self.name, INSTALL_DIR_OPTION, None
            )
            if not install_dir:
                servicemanager.LogErrorMsg(msg.WINDOWS_SERVICE_NO_DIR.format(name=self.name))
                return
            service = Service(InstallLayout(Path(install_dir)))
            self.service = service
            if self.stop_requested.is_set():  # SvcStop came before the service existed
                service.stop()
            servicemanager.LogInfoMsg(f"{self.name} : démarrage ({install_dir})")
            try:
                service.run()
            except Exception as exc:
                servicemanager.LogErrorMsg(f"{self.name} : arrêt sur erreur : {exc}")
                raise

    ConnectorWindowsService.__module__ = __name__
    ConnectorWindowsService.__qualname__ = CLASS_NAME
    _class = ConnectorWindowsService
    return _class


def __getattr__(name: str) -> Any:
    """``ConnectorWindowsService`` on demand, for pywin32 hosts that look it up by name."""
    if name == CLASS_NAME:
        return service_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def definition(name: str, install_dir: Path, python: Path) -> str:
    """The text kept in ``service/`` describing the registered service (informative)."""
    return (
        f"# Service Windows {name}\n"
        f"name = {name}\n"
        f"display_name = {DISPLAY_NAME}\n"
        "start = auto\n"
        f'command = "{python}" -m {__name__}\n'
        f"{INSTALL_DIR_OPTION} = {install_dir}\n"
    )


def install_service(name: str, install_dir: Path, python: Path | None = None) -> None:
    """Create the service (auto start), record the install folder, start it."""
    require_pywin32()
    import win32service
    import win32serviceutil

    service_class()
    try:
        win32serviceutil.InstallService(
            f"{__name__}.{CLASS_NAME}",
            name,
            DISPLAY_NAME,
            startType=win32service.SERVICE_AUTO_START,
            exeName=str(python or Path(sys.executable)),
            exeArgs=f"-m {__name__}",
            description=DESCRIPTION,
        )
        win32serviceutil.SetServiceCustomOption(name, INSTALL_DIR_OPTION, str(install_dir))
        win32serviceutil.StartService(name)
    except Exception as exc:  # pywintypes.error and friends
        raise InstallError(
            msg.SERVICE_COMMAND_FAILED.format(command=f"InstallService {name}", detail=exc)
        ) from exc


def remove_service(name: str) -> None:
    """Stop and remove the service; one already stopped or gone is not an error."""
    if not pywin32_available():
        return
    import win32serviceutil

    for action in (win32serviceutil.StopService, win32serviceutil.RemoveService):
        try:
            action(name)
        except Exception:  # noqa: S112 - not running, or already removed
            continue


def main() -> None:
    """Entry point the Service Control Manager starts: host the service class."""
    import servicemanager

    servicemanager.Initialize()
    servicemanager.PrepareToHostSingle(service_class())
    servicemanager.StartServiceCtrlDispatcher()


if __name__ == "__main__":
    main()
