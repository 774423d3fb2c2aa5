"""Bodies used across URL families: the error body and the system endpoints' bodies."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    """One field-level problem of a 422 response."""

    loc: list[str | int] = Field(description="Where the problem is, e.g. ['body', 'name'].")
    message: str = Field(description="What is wrong, in French.")


class ErrorBody(BaseModel):
    """Every error response: a stable machine ``code`` and a French ``message``."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"code": "invalid_session", "message": "Le jeton de session est inconnu."}
        }
    )

    code: str = Field(description="Stable, machine-readable error code.")
    message: str = Field(description="Human message in French saying what to do.")
    details: list[ErrorDetail] | None = Field(
        default=None, description="Field-level problems, on validation errors only."
    )


class Health(BaseModel):
    """Answer of ``GET /-/health``."""

    status: Literal["ok"] = "ok"


class Version(BaseModel):
    """Answer of ``GET /-/version``."""

    version: str = Field(description="Version of the ssm distribution serving the API.")
    api: Literal["v4"] = "v4"
