"""Bodies of ``/api/v4/integration/requests`` (ours): « Resynchroniser » requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import StringConstraints

from ssm.cloud.models import RESYNC_NAMES
from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.types import UtcDateTime

if TYPE_CHECKING:  # mypy takes no Literal built from a tuple
    ResyncEntity = str
else:
    ResyncEntity = Literal[RESYNC_NAMES]


class ResyncRequestOut(CamelModel):
    """A request to resend a sales rep's records (``entities``), as the connector sees it."""

    id: int
    entities: list[ResyncEntity]
    user_email: str | None
    user_ext_id: str | None
    requested_at: UtcDateTime
    status: Literal["pending", "done", "failed"]
    done_at: UtcDateTime | None = None
    detail: str | None = None


class ResyncOutcome(CamelModel):
    """What the connector reports when it has handled a request."""

    status: Literal["done", "failed"]
    detail: Annotated[str, StringConstraints(max_length=2000)] = ""
