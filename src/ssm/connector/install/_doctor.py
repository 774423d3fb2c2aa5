"""``ssm-connector doctor``: the prerequisites report, plus the state of an install."""

from __future__ import annotations

from pathlib import Path

from ssm.connector.install import _messages as msg
from ssm.connector.install._paths import CONFIG, is_install, is_interrupted
from ssm.connector.install._prerequisites import (
    InstallOptions,
    Prerequisite,
    check_prerequisites,
)


def doctor(install_dir: Path | None, options: InstallOptions) -> list[Prerequisite]:
    """The same report as the wizard's, and whether ``install_dir`` is a sound install."""
    report = check_prerequisites(install_dir, options)
    if install_dir is None:
        return report
    if is_interrupted(install_dir):
        detail = msg.INSTALL_INTERRUPTED.format(path=install_dir)
        report.append(Prerequisite(msg.PRE_INSTALL, False, detail, msg.INSTALL_INTERRUPTED_TODO))
    elif is_install(install_dir):
        configured = (install_dir / CONFIG).is_file()
        detail = msg.INSTALL_FOUND.format(
            path=install_dir,
            configured=msg.INSTALL_CONFIGURED if configured else msg.INSTALL_NOT_CONFIGURED_YET,
        )
        report.append(Prerequisite(msg.PRE_INSTALL, True, detail, msg.OK))
    else:
        detail = msg.INSTALL_MISSING.format(path=install_dir)
        report.append(Prerequisite(msg.PRE_INSTALL, False, detail, msg.INSTALL_MISSING_TODO))
    return report
