"""Unattended configuration: link an install folder to a Sage 100 company and a new instance.

The configuration wizard (a later issue) drives the same steps screen by screen; this
module is the steps themselves, callable without any front end: check the company and the
Sage login, redeem the activation key, write the configuration and the secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from ssm.connector._crm import CrmClient
from ssm.connector.settings import (
    CloudSection,
    InstallConfig,
    InstallLayout,
    SageSection,
    Secrets,
    save_install,
)
from ssm.connector.sync import clean, clean_email
from ssm.sage100 import USERS, CompanyNotFoundError, open_server, read_changes


@dataclass(frozen=True)
class Administrator:
    """The Sales Management administrator created at activation."""

    first_name: str
    last_name: str
    email: str


def sage_administrators(sage_server: str, company: str) -> list[Administrator]:
    """The Sage 100 sales reps that could administer the instance: those with an e-mail."""
    engine = open_server(sage_server).engine(company)
    try:
        reps = [row for batch in read_changes(engine, USERS) for row in batch.rows]
    finally:
        engine.dispose()
    candidates = []
    for row in sorted(reps, key=lambda r: int(str(r["CO_No"]))):
        email = clean_email(row["CO_EMail"])
        if email is not None and not row.get("CO_Sommeil"):
            candidates.append(
                Administrator(clean(row["CO_Prenom"]) or "", clean(row["CO_Nom"]) or "", email)
            )
    return candidates


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
) -> InstallConfig:
    """Check Sage first, then activate: a bad Sage login never burns an activation key."""
    server = open_server(sage_server)
    names = {c.database: c.name for c in server.companies()}
    if company not in names:
        raise CompanyNotFoundError(
            f"La société « {company} » est introuvable sur le serveur Sage 100 {sage_server}."
        )
    server.check_login(company, sage_user, sage_password)
    with CrmClient(cloud_url) as crm:
        activation = crm.activate(
            activation_key,
            names[company],
            {
                "firstName": administrator.first_name,
                "lastName": administrator.last_name,
                "email": administrator.email,
            },
        )
    config = InstallConfig(
        sage=SageSection(server=sage_server, company=company, user=sage_user),
        cloud=CloudSection(
            url=cloud_url, instance_id=activation.instanceId, public_key=activation.publicKey
        ),
    )
    secrets = Secrets(
        sage_password=SecretStr(sage_password), private_key=SecretStr(activation.privateKey)
    )
    save_install(layout, config, secrets)
    return config
