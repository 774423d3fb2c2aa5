"""``ssm-connector doctor``: the prerequisites report, plus the state of an install.

For a configured install, the report reads the install's own Sage 100 server (with its SQL
Server login, through :func:`~ssm.connector.settings.sage_login`) and its own Sales
Management service, unless ``--sage-server`` or ``--cloud-url`` name others. It adds a line
for the configured company: its schema generation, the optional columns it lacks and its
« informations libres », or the missing required column that stops the sync
(``ssm.sage100.check_company``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ssm.connector import messages as msg
from ssm.connector.errors import ConfigurationError
from ssm.connector.install._paths import CONFIG, is_install, is_interrupted
from ssm.connector.install.prerequisites import (
    CompanyFacts,
    InstallOptions,
    Prerequisite,
    check_prerequisites,
)
from ssm.connector.service.passes import crm_to_sage_unavailable
from ssm.connector.service.status import data_folder_problem
from ssm.connector.settings import InstallConfig, InstallLayout, load_install, sage_login
from ssm.sage100 import Sage100Error, SageSchemaError, SqlLogin, check_company, open_server

#: Optional columns named one by one on the line; the rest are counted.
SHOWN_COLUMNS = 6


def doctor(install_dir: Path | None, options: InstallOptions) -> list[Prerequisite]:
    """The same report as the wizard's, and whether ``install_dir`` is a sound install."""
    configured = None
    if install_dir is not None and is_install(install_dir) and (install_dir / CONFIG).is_file():
        configured = _configured(install_dir)
        if isinstance(configured, tuple):
            options = _install_options(options, *configured)
    report = check_prerequisites(install_dir, options)
    if install_dir is None:
        return report
    if is_interrupted(install_dir):
        detail = msg.INSTALL_INTERRUPTED.format(path=install_dir)
        report.append(Prerequisite(msg.PRE_INSTALL, False, detail, msg.INSTALL_INTERRUPTED_TODO))
    elif is_install(install_dir):
        detail = msg.INSTALL_FOUND.format(
            path=install_dir,
            configured=_configured_label(configured),
        )
        report.append(Prerequisite(msg.PRE_INSTALL, True, detail, msg.OK))
        report.append(check_data_folder(InstallLayout(install_dir)))
        if isinstance(configured, tuple):
            report.append(check_sage_company(install_dir, *configured))
            unavailable = crm_to_sage_unavailable(configured[0].sage.server)
            if unavailable is not None:  # a notice: Sage → CRM works, doctor does not fail
                report.append(Prerequisite(msg.PRE_TWO_WAY, True, unavailable, msg.OK))
        elif configured is not None:  # the configuration cannot be read: say why, what to do
            todo = msg.DOCTOR_AGAIN.format(path=install_dir)
            report.append(Prerequisite(msg.PRE_COMPANY, False, configured, todo))
    else:
        detail = msg.INSTALL_MISSING.format(path=install_dir)
        report.append(Prerequisite(msg.PRE_INSTALL, False, detail, msg.INSTALL_MISSING_TODO))
    return report


def check_data_folder(layout: InstallLayout) -> Prerequisite:
    """The « Dossier de données » line: the service can write its state there now."""
    problem = data_folder_problem(layout)
    folder = layout.state_file.parent
    if problem is None:
        return Prerequisite(msg.PRE_DATA, True, msg.DATA_OK.format(path=folder), msg.OK)
    return Prerequisite(msg.PRE_DATA, False, problem, msg.DOCTOR_AGAIN.format(path=layout.root))


def _configured_label(configured: tuple[InstallConfig, SqlLogin | None] | str | None) -> str:
    """« , configuré », « , configuration invalide » or « , pas encore configuré »."""
    if configured is None:
        return msg.INSTALL_NOT_CONFIGURED_YET
    return msg.INSTALL_CONFIGURED if isinstance(configured, tuple) else msg.INSTALL_MISCONFIGURED


def _install_options(
    options: InstallOptions, config: InstallConfig, login: SqlLogin | None
) -> InstallOptions:
    """Check the install's own Sage server and cloud, unless the command line names others."""
    if options.sage_server is None:
        options = replace(options, sage_server=config.sage.server, sage_login=login)
    if options.cloud_url is None:
        options = replace(options, cloud_url=config.cloud.url)
    return options


def _configured(install_dir: Path) -> tuple[InstallConfig, SqlLogin | None] | str:
    """The install's configuration and SQL Server login, or why they cannot be read."""
    try:
        config, secrets = load_install(InstallLayout(install_dir))
        return config, sage_login(config, secrets)
    except ConfigurationError as exc:
        return str(exc)


def check_sage_company(
    install_dir: Path, config: InstallConfig, login: SqlLogin | None
) -> Prerequisite:
    """The « Entreprise Sage » line: the configured company can be read by every stream."""
    sage = config.sage
    where = {"company": sage.company, "server": sage.server}
    again = msg.DOCTOR_AGAIN.format(path=install_dir)
    try:
        engine = open_server(sage.server, login=login).engine(sage.company)
        try:
            found = check_company(engine)
        finally:
            engine.dispose()
    except SageSchemaError as exc:
        detail = msg.COMPANY_SCHEMA_MISSING.format(**where, detail=exc)
        return Prerequisite(msg.PRE_COMPANY, False, detail, f"{msg.COMPANY_SCHEMA_TODO} {again}")
    except Sage100Error as exc:
        detail = msg.COMPANY_UNREADABLE.format(**where, detail=exc)
        return Prerequisite(
            msg.PRE_COMPANY, False, detail, f"{msg.COMPANY_UNREADABLE_TODO} {again}"
        )
    missing = [
        f"{table}.{column}" for table, cols in found.missing_optional.items() for column in cols
    ]
    libres = sum(len(columns) for columns in found.libres.values())
    detail = msg.COMPANY_OK.format(
        **where,
        generation=found.generation,
        optional=_optional(missing),
        libres=msg.COMPANY_LIBRES.format(count=libres),
    )
    facts: CompanyFacts = {
        "database": sage.company,
        "server": sage.server,
        "generation": found.generation,
        "missing_optional": {t: list(c) for t, c in found.missing_optional.items()},
        "libres": {t: list(c) for t, c in found.libres.items()},
    }
    return Prerequisite(msg.PRE_COMPANY, True, detail, msg.OK, company=facts)


def _optional(missing: list[str]) -> str:
    """« colonnes facultatives absentes : A.x, B.y… et N autre(s) », or that none is."""
    if not missing:
        return msg.COMPANY_OPTIONAL_NONE
    shown = ", ".join(missing[:SHOWN_COLUMNS])
    if len(missing) > SHOWN_COLUMNS:
        shown += msg.COMPANY_OPTIONAL_MORE.format(count=len(missing) - SHOWN_COLUMNS)
    return msg.COMPANY_OPTIONAL_MISSING.format(columns=shown)
