"""Bodies of ``/api/v4/integration`` (ours): the connector's heartbeat and its Sage company."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from ssm.cloud._types import UtcDateTime
from ssm.cloud.schemas._base import CamelModel


class Heartbeat(CamelModel):
    """What the connector reports about itself, periodically."""

    connector_version: Annotated[str, StringConstraints(max_length=50)]
    status: Literal["running", "stopped"]
    streams: dict[Annotated[str, StringConstraints(max_length=50)], dict[str, Any]] = Field(
        default_factory=dict, description="Per stream, free JSON (last run, counts, errors)."
    )


class IntegrationState(Heartbeat):
    """The last heartbeat received, with when it arrived."""

    received_at: UtcDateTime


CompanyId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
    Field(description="The Sage 100 company: its database name, e.g. BIJOU."),
]
"""A Sage company identifier as the connector sends it (1–64 characters)."""

CompanyName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    Field(description="The company's display name, e.g. Bijou SA."),
]


class CompanyBinding(CamelModel):
    """``PUT /api/v4/integration/company``: bind the instance to one Sage company."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"companyId": "BIJOU", "companyName": "Bijou SA"}}
    )

    company_id: CompanyId
    company_name: CompanyName


class Company(CamelModel):
    """The instance and the Sage company it is bound to (``companyId`` null if none yet)."""

    instance_id: int
    company_id: str | None
    company_name: str
