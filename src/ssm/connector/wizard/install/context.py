"""What the installation screens know about the machine, gathered before they render.

Rendering does no I/O: the process list, the default folder and a first prerequisites
report are read once here. ``check`` re-runs the prerequisites when a screen validates.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ssm.connector.install import (
    InstallOptions,
    Prerequisite,
    check_prerequisites,
    default_install_dir,
)
from ssm.connector.wizard.install.processes import running_process_names

Check = Callable[[Path | None], list[Prerequisite]]


@dataclass(frozen=True)
class InstallContext:
    """The machine as the installation wizard sees it.

    Attributes:
        options: Sage server, cloud URL, service or not.
        check: runs the prerequisites for an install folder (``None``: folder-free ones).
        processes: names of the processes running when the wizard started.
        default_dir: the folder proposed on the folder screen.
        report: the prerequisites checked when the wizard started.
    """

    options: InstallOptions
    check: Check
    processes: tuple[str, ...] = ()
    default_dir: str = field(default_factory=default_install_dir)
    report: tuple[Prerequisite, ...] = ()


def build_context(options: InstallOptions, check: Check | None = None) -> InstallContext:
    """Gather the context on this machine (the I/O happens here, not in the screens)."""
    check = check or partial(check_prerequisites, options=options)
    return InstallContext(
        options=options,
        check=check,
        processes=tuple(running_process_names()),
        default_dir=default_install_dir(sys.platform),
        report=tuple(check(None)),
    )
