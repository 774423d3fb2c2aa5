"""Bodies of ``/api/v4/integration`` (ours): the connector's heartbeat and its Sage company."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from ssm.cloud._text import shortened
from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.types import UtcDateTime

MAX_STREAMS = 20
"""Most streams one heartbeat may report (the connector has six)."""

MAX_STREAM_FIELDS = 30
"""Most figures per stream (the connector sends about a dozen)."""

MAX_STREAM_TEXT = 1000
"""Longest text figure, e.g. why a stream stopped; a longer one is cut, not refused."""

_Name = Annotated[str, StringConstraints(max_length=50)]
_Text = Annotated[str, AfterValidator(lambda text: shortened(text, MAX_STREAM_TEXT))]
_Figure = _Text | int | float | bool | None
StreamFigures = Annotated[dict[_Name, _Figure], Field(max_length=MAX_STREAM_FIELDS)]
"""One stream's flat figures: names to numbers, flags or short texts, nothing nested."""


class Heartbeat(CamelModel):
    """What the connector reports about itself, periodically.

    Stored whole and read on every page, so it is bounded (F12 of issue 12): at most
    ``MAX_STREAMS`` streams of ``MAX_STREAM_FIELDS`` flat figures; beyond is a 422. A
    text longer than ``MAX_STREAM_TEXT`` (a Sage error quoted whole) is cut instead, so the
    connector's state still shows.
    """

    connector_version: Annotated[str, StringConstraints(max_length=50)]
    status: Literal["running", "stopped"]
    streams: Annotated[dict[_Name, StreamFigures], Field(max_length=MAX_STREAMS)] = Field(
        default_factory=dict,
        description="Per stream, flat figures (last run, counts, why it stopped).",
    )


class IntegrationState(CamelModel):
    """The last heartbeat received, with when it arrived.

    Read back as stored, not as ``Heartbeat`` validates: one kept from before the bounds
    still reads.
    """

    connector_version: str
    status: Literal["running", "stopped"]
    streams: dict[str, dict[str, Any]]
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
