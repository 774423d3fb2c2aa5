"""Bodies of ``/api/v4/integration`` (ours): the connector's heartbeat."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

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
