"""Fixtures for the cloud: one factory that builds real apps on real SQLite files.

``cloud`` makes a ``Cloud`` (app, database, ``httpx.AsyncClient`` on ``ASGITransport``) for
the settings a test asks for; everything it made is closed and disposed at the end, so
``filterwarnings = error`` never sees a leaked connection.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ssm.cloud import CloudSettings, create_app, get_database
from ssm.cloud._db import Database
from ssm.cloud.services.activation import issue_activation_key


@dataclass
class Tenant:
    """An activated instance with a logged-in session."""

    instance_id: int
    public_key: str
    private_key: str
    headers: dict[str, str]


@dataclass
class Cloud:
    """A running app under test."""

    app: FastAPI
    db: Database
    client: httpx.AsyncClient
    settings: CloudSettings

    def issue_key(self, *, days: float = 1) -> str:
        return issue_activation_key(self.db, now=datetime.now(UTC), valid_for=timedelta(days=days))

    async def activate(
        self,
        key: str | None = None,
        company: str = "ACME",
        *,
        email: str = "alice@example.fr",
        first_name: str = "Alice",
        **extra: Any,
    ) -> httpx.Response:
        """POST an activation; ``extra`` adds body fields (``companyId``, ``requestId``)."""
        return await self.client.post(
            "/api/v4/activation",
            json={
                "activationKey": key if key is not None else self.issue_key(),
                "companyName": company,
                "administrator": {"firstName": first_name, "lastName": "Martin", "email": email},
                **extra,
            },
        )

    def browser(self, base_url: str = "http://cloud.test") -> httpx.AsyncClient:
        """A new client with its own cookie jar (use it in ``async with``)."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=base_url)

    async def login(self, public_key: str, private_key: str) -> httpx.Response:
        return await self.client.post(
            "/api/v4/login", json={"username": public_key, "password": private_key}
        )

    async def tenant(
        self, company: str = "ACME", *, email: str = "alice@example.fr", **extra: Any
    ) -> Tenant:
        activated = await self.activate(company=company, email=email, **extra)
        assert activated.status_code == 201, activated.text
        body = activated.json()
        login = await self.login(body["publicKey"], body["privateKey"])
        assert login.status_code == 200, login.text
        return Tenant(
            instance_id=body["instanceId"],
            public_key=body["publicKey"],
            private_key=body["privateKey"],
            headers={"X-Session-Key": login.json()["token"]},
        )


CloudFactory = Callable[..., Awaitable[Cloud]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def cloud(tmp_path: Path) -> AsyncIterator[CloudFactory]:
    """Factory: ``await cloud(**settings)`` builds an app on a fresh SQLite file."""
    counter = itertools.count()
    async with AsyncExitStack() as stack:

        async def make(**overrides: Any) -> Cloud:
            overrides.setdefault(
                "database_url", f"sqlite:///{tmp_path / f'cloud-{next(counter)}.sqlite'}"
            )
            settings = CloudSettings(**overrides)
            app = create_app(settings)
            db = get_database(app)
            stack.callback(db.dispose)
            client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://cloud.test"
            )
            stack.push_async_callback(client.aclose)
            return Cloud(app=app, db=db, client=client, settings=settings)

        yield make


@pytest.fixture
async def app(cloud: CloudFactory) -> Cloud:
    """The common case: one app with default settings."""
    return await cloud()
