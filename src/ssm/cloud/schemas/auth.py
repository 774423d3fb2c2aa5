"""Bodies of login and activation (``/api/v4/login``, ``/api/v4/activation``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ssm.cloud.schemas.base import CamelModel, NulFreeModel
from ssm.cloud.schemas.integration import CompanyId

Text100 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
RequestId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{32,128}$")]
"""A connector-chosen secret naming one activation attempt (url-safe, 32–128 characters)."""


class LoginRequest(NulFreeModel):
    """The v4 login body: the public key as username, the private key as password."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"username": "pk_…", "password": "sk_…"}}
    )

    username: str = Field(max_length=200, description="Public key of the API key pair.")
    password: str = Field(max_length=200, description="Private key of the API key pair.")


class LoginResponse(BaseModel):
    """A session token, to send as ``X-Session-Key`` on every other call."""

    token: str = Field(description="Opaque session token, valid one hour from login.")


class Administrator(CamelModel):
    """The person who activates the instance and becomes its administrator."""

    first_name: Text100
    last_name: Text100
    email: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, max_length=255, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
        ),
    ]


class ActivationCheck(CamelModel):
    """An activation key to check without redeeming it."""

    activation_key: str = Field(max_length=200, description="Key received by e-mail.")


class ActivationRequest(CamelModel):
    """Redeem an activation key to create an instance."""

    activation_key: str = Field(max_length=200, description="Key received by e-mail.")
    company_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)
    ]
    administrator: Administrator
    company_id: CompanyId | None = Field(
        default=None, description="The Sage company (database name) to bind at creation."
    )
    request_id: RequestId | None = Field(
        default=None,
        description="A secret the connector chooses per activation (32–128 characters "
        "A-Z a-z 0-9 _ -). Sending the same key and requestId again after a lost answer "
        "returns the same instance with a new key pair.",
    )


class ActivationResponse(CamelModel):
    """The new instance and its API key pair; the private key is shown only here."""

    instance_id: int
    public_key: str
    private_key: str
