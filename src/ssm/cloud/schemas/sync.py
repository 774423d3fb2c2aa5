"""Bodies of ``PUT /api/v4/integration/errors`` (ours): the records the connector refused.

The body is either the instance's whole error list (a JSON array, at most
``MAX_SYNC_ERRORS`` items) or one *page* of a longer list (an object). A list of any size is
sent as pages in the order of ``(resource, extId)``: each page replaces the error list on
its own range of keys, ``after`` (excluded) to ``through`` (included), a missing bound being
open. Pages whose ranges follow each other replace the whole list, so the cloud keeps no
state between requests: each page is applied at once, in one transaction, and a lost page
is corrected by the next report.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

from ssm.cloud._text import shortened
from ssm.cloud.schemas.base import CamelModel

MAX_SYNC_ERRORS = 500
"""Most refused records one request may list; longer lists are sent as pages."""

SyncResource = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    Field(
        description="The resource the connector sends the record to; the records of a"
        " resource without sync status (users) come back in ``unknown``.",
        examples=["accounts"],
    ),
]
"""A resource the connector reports; only the sync-tracked ones (``models.SYNC_NAMES``) mark."""

MAX_MESSAGE = 2000
"""Longest message kept; a longer one is cut rather than the whole list refused."""


_ExtId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class SyncErrorKey(CamelModel):
    """A record's place in the order of pages: resource name, then ``extId``.

    Both compare by code point (Python's ``str`` order, the byte order of UTF-8), whatever
    the database's collation.
    """

    resource: SyncResource
    ext_id: _ExtId

    def key(self) -> tuple[str, str]:
        """The sort key of the record."""
        return (self.resource, self.ext_id)


class SyncError(SyncErrorKey):
    """One record the connector could not synchronise, and why."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"resource": "accounts", "extId": "C001", "message": "Code postal invalide"}
        }
    )

    message: Annotated[
        str,
        StringConstraints(strip_whitespace=True),
        AfterValidator(lambda message: shortened(message, MAX_MESSAGE)),
    ] = Field(description=f"Why; longer than {MAX_MESSAGE} characters, it is cut with « … ».")


SyncErrors = Annotated[list[SyncError], Field(max_length=MAX_SYNC_ERRORS)]
"""The whole current error list of the instance (at most ``MAX_SYNC_ERRORS`` items)."""


class SyncErrorsPage(CamelModel):
    """One page of a longer error list: the records in error between two keys.

    Records in error whose key lies in the range and that ``errors`` does not list go back
    to « Synchronisé ». No bounds at all means the whole list, as the array form.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "after": {"resource": "accounts", "extId": "C0499"},
                "through": {"resource": "contacts", "extId": "120"},
                "errors": [
                    {"resource": "accounts", "extId": "C0500", "message": "Code postal invalide"}
                ],
            }
        }
    )

    after: SyncErrorKey | None = Field(
        default=None, description="The page starts after this key (none: at the first record)."
    )
    through: SyncErrorKey | None = Field(
        default=None, description="The page ends at this key, included (none: at the last)."
    )
    errors: SyncErrors

    @model_validator(mode="after")
    def _errors_within_bounds(self) -> Self:
        after, through = self.after, self.through
        if after is not None and through is not None and after.key() >= through.key():
            raise ValueError("« after » doit précéder « through »")
        for error in self.errors:
            if not self.contains(error.key()):
                raise ValueError(
                    f"{error.resource} « {error.ext_id} » est hors de la page"
                    " (entre « after » exclu et « through » inclus)"
                )
        return self

    def contains(self, key: tuple[str, str]) -> bool:
        """Whether a record's key lies in the page's range."""
        if self.after is not None and key <= self.after.key():
            return False
        return self.through is None or key <= self.through.key()


class UnknownRecord(CamelModel):
    """A listed record the instance does not have (nothing to mark)."""

    resource: SyncResource
    ext_id: str


class SyncErrorsApplied(CamelModel):
    """What a report changed: records now in error, records back to synced, unknown ones."""

    errors: int = Field(description="Records now marked « Erreur de synchronisation ».")
    cleared: int = Field(description="Records no longer listed, back to « Synchronisé ».")
    unknown: list[UnknownRecord] = Field(description="Listed records the instance lacks.")
