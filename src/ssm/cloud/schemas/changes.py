"""Bodies of the change feed (``GET /api/v4/changes``) and of an ``extId`` confirmation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.types import UtcDateTime

ChangeEntity = Literal["accounts", "contacts", "quotes"]
ChangeAction = Literal["created", "updated"]
FieldValue = str | int | bool | None
"""A CRM field's value as a feed entry keeps it: text, a number, a flag, or empty."""


class Change(CamelModel):
    """One change made in the CRM, as the connector reads it to write it into Sage 100."""

    seq: int = Field(description="Position in the instance's feed: send it back as `after`.")
    entity: ChangeEntity
    action: ChangeAction
    id: int = Field(description="The record's CRM id.")
    ext_id: str | None = Field(description="The record's Sage key now; null until confirmed.")
    api_key_id: int | None = Field(description="The API key that made the change, if a key did.")
    user_id: int | None = Field(
        description="The user who made the change in the web app, if a person did."
    )
    changed_at: UtcDateTime
    previous: dict[str, FieldValue] | None = Field(
        description=(
            "For an update, each field it changed (API name) with its value before;"
            " null for a creation (and for entries older than this field)."
        )
    )


class ChangesPage(CamelModel):
    """A page of the feed, oldest first, and where to resume."""

    changes: list[Change]
    last: int = Field(
        description="The last sequence of this page (`after` if it is empty): the next `after`."
    )


class ExtIdBinding(CamelModel):
    """The connector's confirmation that Sage 100 holds a CRM-created record under ``extId``.

    ``through`` is the feed sequence of the last change of this record the connector wrote
    into Sage: a later CRM edit keeps the record pending, since Sage does not have it yet.
    """

    ext_id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ] = Field(description="The Sage key (CT_Num for an account).")
    through: int = Field(ge=0, le=2**31 - 1, description="Feed sequence the connector applied.")
