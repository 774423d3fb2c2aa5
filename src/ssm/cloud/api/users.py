"""``/api/v4/users``: the shared bulk routes (users are matched by e-mail on upsert)."""

from __future__ import annotations

from ssm.cloud.api._resource import resource_router
from ssm.cloud.schemas.users import UserRecord
from ssm.cloud.services.users import USERS

router = resource_router(USERS, UserRecord, noun="users")
