"""The configuration's steps, callable without any front end.

They link an install folder to a Sage 100 company and to a Sales Management instance, new
(activation key) or existing (its key pair). The configuration wizard's screens
(``ssm.connector.wizard.configure``) and the demo call them.
``sql_login`` is the SQL Server login typed in the wizard (None: Windows authentication,
or an emulated server); it is written with the configuration, its password with the secrets.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from ssm.connector import messages as msg
from ssm.connector.crm_client import Company, CrmClient, InstanceCompany
from ssm.connector.errors import ConfigurationError
from ssm.connector.settings import (
    CloudSection,
    InstallConfig,
    InstallLayout,
    SageSection,
    Secrets,
    save_install,
)
from ssm.connector.sync import clean, clean_email
from ssm.sage100 import (
    USERS,
    CompanyNotFoundError,
    SqlLogin,
    check_company,
    open_server,
    read_changes,
)


@dataclass(frozen=True)
class Administrator:
    """The Sales Management administrator created at activation."""

    first_name: str
    last_name: str
    email: str


def sage_administrators(
    sage_server: str, company: str, sql_login: SqlLogin | None = None
) -> list[Administrator]:
    """The Sage 100 sales reps that could administer the instance: those with an e-mail.

    A Sage version without ``CO_Sommeil`` has no sleeping reps: all of them are offered.
    """
    engine = open_server(sage_server, login=sql_login).engine(company)
    try:
        reps = [row for batch in read_changes(engine, USERS) for row in batch.rows]
    finally:
        engine.dispose()
    candidates = []
    for row in sorted(reps, key=lambda r: int(str(r["CO_No"]))):
        email = clean_email(row.get("CO_EMail"))
        if email is not None and not row.get("CO_Sommeil"):
            candidates.append(
                Administrator(clean(row.get("CO_Prenom")) or "", clean(row["CO_Nom"]) or "", email)
            )
    return candidates


def check_activation_key(cloud_url: str, activation_key: str) -> None:
    """Ask the cloud whether the key can be redeemed (the key screen), without redeeming it.

    Raises:
        ActivationRefusedError: the guide's one message, whatever the reason.
        CloudUnreachableError: the service does not answer.
    """
    with CrmClient(cloud_url, max_attempts=2) as crm:
        crm.check_activation_key(activation_key)


def check_instance(
    cloud_url: str, instance_id: int, public_key: str, private_key: str
) -> InstanceCompany:
    """Log in with an existing instance's key pair (« Installation avancée »).

    Raises:
        CloudAuthError: the pair is refused.
        ConfigurationError: the pair opens another instance than ``instance_id``.
    """
    with CrmClient(cloud_url, public_key, private_key, max_attempts=2) as crm:
        found = crm.company()
    if found.instanceId != instance_id:
        raise ConfigurationError(
            msg.INSTANCE_MISMATCH.format(given=instance_id, found=found.instanceId)
        )
    return found


def sage_company(
    sage_server: str,
    company: str,
    sage_user: str,
    sage_password: str,
    sql_login: SqlLogin | None = None,
) -> Company:
    """The company as the cloud knows it, once its Sage login and its columns are checked.

    On SQL Server, SQL Server checks ``sql_login`` (or the Windows account) when the
    connection opens, and ``check_login`` that the Sage user exists (Sage's own password
    hash cannot be checked outside Sage).

    Raises:
        CompanyNotFoundError: no such company on the server.
        SageLoginError: the Sage user is unknown, or the password wrong.
        SageSchemaError: the company lacks a column the sync cannot do without.
        SageConnectionError: the server could not be reached or refused the login.
    """
    server = open_server(sage_server, login=sql_login)
    names = {c.database: c.name for c in server.companies()}
    if company not in names:
        raise CompanyNotFoundError(
            f"La société « {company} » est introuvable sur le serveur Sage 100 {sage_server}."
        )
    server.check_login(company, sage_user, sage_password)
    engine = server.engine(company)
    try:
        check_company(engine)
    finally:
        engine.dispose()
    return Company(id=company, name=names[company])


def configure(
    layout: InstallLayout,
    *,
    sage_server: str,
    company: str,
    sage_user: str,
    sage_password: str,
    cloud_url: str,
    activation_key: str,
    administrator: Administrator,
    sql_login: SqlLogin | None = None,
) -> InstallConfig:
    """« Installation rapide »: check Sage, redeem the key, write the configuration.

    Sage is checked first, so a bad Sage login never burns an activation key. The request id
    kept in ``data/`` until the configuration is written makes a retry after a lost answer
    (or a crash before writing) get the same instance back instead of a burnt key.
    """
    target = sage_company(sage_server, company, sage_user, sage_password, sql_login)
    request_id = _pending_request_id(layout, activation_key)
    with CrmClient(cloud_url) as crm:
        activation = crm.activate(
            activation_key,
            target,
            {
                "firstName": administrator.first_name,
                "lastName": administrator.last_name,
                "email": administrator.email,
            },
            request_id,
        )
    config = _save(
        layout,
        sage=_sage_section(sage_server, company, sage_user, sql_login),
        cloud=CloudSection(
            url=cloud_url, instance_id=activation.instanceId, public_key=activation.publicKey
        ),
        sage_password=sage_password,
        private_key=activation.privateKey,
        sql_login=sql_login,
    )
    _request_file(layout).unlink(missing_ok=True)
    return config


def attach(
    layout: InstallLayout,
    *,
    sage_server: str,
    company: str,
    sage_user: str,
    sage_password: str,
    cloud_url: str,
    instance_id: int,
    public_key: str,
    private_key: str,
    sql_login: SqlLogin | None = None,
) -> InstallConfig:
    """« Installation avancée »: link Sage to an existing instance (a reinstall).

    Raises:
        CloudRejectedError: the instance already feeds another Sage company (409).
    """
    target = sage_company(sage_server, company, sage_user, sage_password, sql_login)
    check_instance(cloud_url, instance_id, public_key, private_key)
    with CrmClient(cloud_url, public_key, private_key) as crm:
        crm.bind_company(target)
    return _save(
        layout,
        sage=_sage_section(sage_server, company, sage_user, sql_login),
        cloud=CloudSection(url=cloud_url, instance_id=instance_id, public_key=public_key),
        sage_password=sage_password,
        private_key=private_key,
        sql_login=sql_login,
    )


def _sage_section(
    sage_server: str, company: str, sage_user: str, sql_login: SqlLogin | None
) -> SageSection:
    if sql_login is None:
        return SageSection(server=sage_server, company=company, user=sage_user)
    return SageSection(
        server=sage_server,
        company=company,
        user=sage_user,
        authentication="sql",
        sql_user=sql_login.user,
    )


def _save(
    layout: InstallLayout,
    *,
    sage: SageSection,
    cloud: CloudSection,
    sage_password: str,
    private_key: str,
    sql_login: SqlLogin | None,
) -> InstallConfig:
    secrets = Secrets(
        sage_password=SecretStr(sage_password),
        private_key=SecretStr(private_key),
        sql_password=None if sql_login is None else SecretStr(sql_login.password),
    )
    return save_install(layout, InstallConfig(sage=sage, cloud=cloud), secrets)


def _request_file(layout: InstallLayout) -> Path:
    return layout.state_file.parent / "activation-request.json"


def _pending_request_id(layout: InstallLayout, activation_key: str) -> str:
    """The request id of this key's activation, kept (0600) until the configuration is saved."""
    path = _request_file(layout)
    digest = hashlib.sha256(activation_key.strip().upper().encode("utf-8")).hexdigest()
    try:
        pending = json.loads(path.read_text(encoding="utf-8"))
        if pending.get("key_sha256") == digest:
            return str(pending["request_id"])
    except (OSError, ValueError, KeyError):
        pass
    request_id = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"key_sha256": digest, "request_id": request_id}, handle)
    return request_id
