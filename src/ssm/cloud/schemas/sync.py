"""Bodies of ``PUT /api/v4/integration/errors`` (ours): the records the connector refused."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from ssm.cloud.schemas._base import CamelModel

MAX_SYNC_ERRORS = 500
"""Most refused records one report may list."""

SyncResource = Literal["accounts", "contacts", "products", "invoices", "quotes"]


class SyncError(CamelModel):
    """One record the connector could not synchronise, and why."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"resource": "accounts", "extId": "C001", "message": "Code postal invalide"}
        }
    )

    resource: SyncResource
    ext_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


SyncErrors = Annotated[list[SyncError], Field(max_length=MAX_SYNC_ERRORS)]
"""The whole current error list of the instance (at most ``MAX_SYNC_ERRORS`` items)."""


class UnknownRecord(CamelModel):
    """A listed record the instance does not have (nothing to mark)."""

    resource: SyncResource
    ext_id: str


class SyncErrorsApplied(CamelModel):
    """What a report changed: records now in error, records back to synced, unknown ones."""

    errors: int = Field(description="Records now marked « Erreur de synchronisation ».")
    cleared: int = Field(description="Records no longer listed, back to « Synchronisé ».")
    unknown: list[UnknownRecord] = Field(description="Listed records the instance lacks.")
