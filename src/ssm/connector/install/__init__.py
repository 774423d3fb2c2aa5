"""The connector's installer: prerequisites, transactional install, service, uninstall.

Example::

    from ssm.connector.install import Answers, InstallOptions, check_prerequisites, install

    options = InstallOptions(sage_server="/srv/sage100", cloud_url="https://…",
                             register_service=False)
    install(Answers(install_dir=Path("/opt/ssm"), country="US"), options)
"""

from ssm.connector._install_marker import KINDS, MARKER, ServiceKind, read_marker
from ssm.connector.install._answers import Answers
from ssm.connector.install._answers_file import exposed_secrets
from ssm.connector.install._background import (
    registered_service,
    start_background,
    stop_background,
)
from ssm.connector.install._doctor import doctor
from ssm.connector.install._paths import (
    CONFIG,
    NEEDED_MB,
    contained_install,
    default_install_dir,
    enclosing_install,
    is_install,
    is_interrupted,
    journal_path,
    nearest_existing,
)
from ssm.connector.install._transaction import (
    STEP_DELAY_ENV,
    InstallResult,
    install,
    kept_data,
    recover,
    uninstall,
)
from ssm.connector.install.prerequisites import (
    InstallOptions,
    Prerequisite,
    check_prerequisites,
    failed,
    free_mb,
    writable_error,
)
from ssm.connector.install.service_units import (
    Registration,
    connector_executable,
    default_kind,
    service_name,
    service_unit,
    unit_file_name,
)

__all__ = [
    "CONFIG",
    "KINDS",
    "MARKER",
    "NEEDED_MB",
    "STEP_DELAY_ENV",
    "Answers",
    "InstallOptions",
    "InstallResult",
    "Prerequisite",
    "Registration",
    "ServiceKind",
    "check_prerequisites",
    "connector_executable",
    "contained_install",
    "default_install_dir",
    "default_kind",
    "doctor",
    "enclosing_install",
    "exposed_secrets",
    "failed",
    "free_mb",
    "install",
    "is_install",
    "is_interrupted",
    "journal_path",
    "kept_data",
    "nearest_existing",
    "read_marker",
    "recover",
    "registered_service",
    "service_name",
    "service_unit",
    "start_background",
    "stop_background",
    "uninstall",
    "unit_file_name",
    "writable_error",
]
