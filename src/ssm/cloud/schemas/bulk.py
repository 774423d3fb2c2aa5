"""Bodies shared by every bulk resource: per-item results of upsert and delete."""

from __future__ import annotations

from typing import Literal

from ssm.cloud.schemas.base import CamelModel


class ItemError(CamelModel):
    """Why one upsert item was refused: a stable code and a French message."""

    code: str
    message: str


class UpsertResult(CamelModel):
    """The outcome of one upsert item, in the order of the request."""

    ext_id: str | None
    id: int | None
    status: Literal["created", "updated", "unchanged", "error"]
    error: ItemError | None = None


class DeleteResult(CamelModel):
    """The outcome of one item of a bulk delete, in the order of the request."""

    ext_id: str | None
    id: int | None
    status: Literal["deleted", "missing", "error"]
    error: ItemError | None = None
