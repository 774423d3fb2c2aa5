"""Fixtures for the cloud: one factory that builds real apps on real databases.

``cloud`` makes a ``Cloud`` (app, database, ``httpx.AsyncClient`` on ``ASGITransport``) for
the settings a test asks for; everything it made is closed and disposed at the end, so
``filterwarnings = error`` never sees a leaked connection.

Every test that uses ``cloud`` (or ``app``) runs twice: on a fresh SQLite file and on a fresh
PostgreSQL database of the session's throwaway cluster (``postgres_server``), as
``test_x[sqlite]`` and ``test_x[postgresql]``. A test about one dialect only says so with
``@pytest.mark.sqlite_only`` or ``@pytest.mark.postgresql_only``.
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
from sqlalchemy import select
from ssm_bench.postgres import PostgresServer

from ssm.cloud import CloudSettings, create_app, get_database
from ssm.cloud.db import Database
from ssm.cloud.models import Base
from ssm.cloud.services.activation import issue_activation_key
from ssm.cloud.services.mail import default_mail_dir

DATABASES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    for kind in DATABASES:
        config.addinivalue_line("markers", f"{kind}_only: run the cloud test on {kind} only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that builds a cloud over both databases (or its marked one)."""
    if "database_kind" not in metafunc.fixturenames:
        return
    kinds = [
        kind
        for kind in DATABASES
        if not any(
            metafunc.definition.get_closest_marker(f"{other}_only")
            for other in DATABASES
            if other != kind
        )
    ]
    metafunc.parametrize("database_kind", kinds, scope="function")


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

    @property
    def outbox(self) -> Path:
        """The folder the app writes its ``.eml`` files to."""
        return default_mail_dir(self.settings)

    def dump(self) -> str:
        """Every table's rows as text, on any database: what a thief of the database sees."""
        lines: list[str] = []
        with self.db.engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                lines.extend(
                    f"{table.name}: {tuple(row)!r}" for row in connection.execute(select(table))
                )
        return "\n".join(lines)

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
async def cloud(
    tmp_path: Path, database_kind: str, request: pytest.FixtureRequest
) -> AsyncIterator[CloudFactory]:
    """Factory: ``await cloud(**settings)`` builds an app on a fresh database.

    SQLite: a new file in ``tmp_path`` (e-mails go to ``tmp_path/outbox``, next to it).
    PostgreSQL: a new database copied from the session's migrated template, dropped at
    the end; e-mails go to ``tmp_path/outbox`` too. Passing ``database_url`` reuses a
    database (a second worker on the same one).
    """
    counter = itertools.count()
    server: PostgresServer | None = None
    if database_kind == "postgresql":
        server = request.getfixturevalue("postgres_server")
    async with AsyncExitStack() as stack:

        async def make(**overrides: Any) -> Cloud:
            if "database_url" not in overrides:
                if server is None:
                    overrides["database_url"] = (
                        f"sqlite:///{tmp_path / f'cloud-{next(counter)}.sqlite'}"
                    )
                else:
                    url = server.create_database()
                    stack.callback(server.drop_database, url)
                    overrides["database_url"] = url
                    overrides.setdefault("mail_dir", tmp_path / "outbox")
            elif server is not None:
                overrides.setdefault("mail_dir", tmp_path / "outbox")
            overrides.setdefault("allowed_hosts", "cloud.test")  # the clients' base_url
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
