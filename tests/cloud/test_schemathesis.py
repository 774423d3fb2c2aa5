"""schemathesis over the OpenAPI schema: generated requests against the real ASGI app.

Every JSON operation of the schema gets a few generated requests (schemathesis 4's
``openapi.from_asgi``), valid ones and a few invalid ones, sent with a logged-in
``X-Session-Key`` so authenticated operations reach their handlers (rate limits stay on:
their 429 is documented). The checks: no 5xx, and status codes, content types, headers and
bodies conforming to the schema where it documents them. Bounded (few examples per
operation, no deadline) so the whole test takes well under a minute. It runs on SQLite and on
PostgreSQL (``[sqlite]``, ``[postgresql]``), which refuses what SQLite stores (a NUL in text,
an integer beyond 32 bits), with fewer examples there.

Excluded, because generated JSON requests cannot apply to them: the HTML pages (tag
``pages``: forms with anti-forgery fields, answers are pages, not schema-described JSON).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from ssm_bench.postgres import PostgresServer

from ssm.cloud import CloudSettings, create_app, get_database, messages
from ssm.cloud.api.changes import MAX_WAIT
from ssm.cloud.dependencies import MAX_RECORD_ID
from ssm.cloud.schemas.auth import ActivationRequest
from ssm.cloud.services import api_sessions
from ssm.cloud.services.activation import issue_activation_key, redeem_activation_key

# schemathesis sends requests through starlette's TestClient, which warns that it will
# need httpx2 one day; nothing to fix on our side.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient` is deprecated"
)

EXAMPLES = {"sqlite": (12, 6), "postgresql": (6, 4)}
"""Positive and negative examples per operation. PostgreSQL gets about half (measured: 28 s,
SQLite's full run 26 s) so the CI stays under its time budget; before the NUL fix it found
the NUL 500s of upserts, deletes and the error list."""
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _session(app: Any) -> dict[str, str]:
    """A logged-in session of a new instance, made through the services."""
    db = get_database(app)
    now = datetime.now(UTC)
    key = issue_activation_key(db, now=now, valid_for=timedelta(days=1))
    request = ActivationRequest.model_validate(
        {
            "activationKey": key,
            "companyName": "Fuzz SA",
            "administrator": {"firstName": "F", "lastName": "Z", "email": "fuzz@example.fr"},
        }
    )
    pair = redeem_activation_key(db, request, now=now)
    token = api_sessions.login(
        db, pair.public_key, pair.private_key, now=now, ttl=timedelta(hours=1)
    )
    return {"X-Session-Key": token}


@pytest.fixture
def database_url(
    tmp_path: Path, database_kind: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A fresh SQLite file, or a fresh database of the session's PostgreSQL cluster."""
    if database_kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'fuzz.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


def test_generated_requests_conform_to_the_schema(
    tmp_path: Path, database_kind: str, database_url: str
) -> None:
    app = create_app(
        CloudSettings(
            database_url=database_url,
            mail_dir=tmp_path / "outbox",
            allowed_hosts="testserver",  # the host of schemathesis's ASGI client
        )
    )
    positive, negative = EXAMPLES[database_kind]
    failures: list[str] = []
    try:
        headers = _session(app)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(tag="pages")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 20
        for operation in operations:
            for mode, examples in (
                (GenerationMode.POSITIVE, positive),
                (GenerationMode.NEGATIVE, negative),
            ):

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(
                    max_examples=examples,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                def run(case: Any) -> None:
                    _no_long_poll(case)
                    case.call_and_validate(headers=headers, checks=CHECKS)

                try:
                    run()
                except Unsatisfiable:  # negative mode, an operation without parameters or body
                    continue
                except (Exception, BaseExceptionGroup) as exc:  # every failure, then report
                    failures.append(f"{operation.label} ({mode.value}): {exc}")
    finally:
        get_database(app).dispose()
    assert not failures, "\n\n".join(failures)


def _no_long_poll(case: Any) -> None:
    """Make a valid ``wait`` of the change feed 0: each example would otherwise wait up to 25 s
    for a change that never comes (the long-poll has its own tests)."""
    wait = (case.query or {}).get("wait")
    if isinstance(wait, int | float) and 0 <= wait <= MAX_WAIT:
        case.query["wait"] = 0


def test_a_body_that_is_not_utf8_is_a_422_like_invalid_json(tmp_path: Path) -> None:
    """Found by schemathesis: FastAPI answers an undecodable body with an undocumented 400."""
    app = create_app(CloudSettings(database_url=f"sqlite:///{tmp_path / 'fuzz.sqlite'}"))
    try:
        transport = httpx.ASGITransport(app=app)

        async def post() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1"
            ) as client:
                return await client.post(
                    "/api/v4/login",
                    content=b'{"username": "\xff"}',
                    headers={"Content-Type": "application/json"},
                )

        response = anyio.run(post)
    finally:
        get_database(app).dispose()
    assert response.status_code == 422
    assert response.json() == {"code": "validation_error", "message": messages.INVALID_JSON}


def test_every_integer_path_parameter_fits_a_database_integer(tmp_path: Path) -> None:
    """Found by schemathesis: an id beyond the 32-bit INTEGER answered 500; now 422 everywhere."""
    app = create_app(CloudSettings(database_url=f"sqlite:///{tmp_path / 'fuzz.sqlite'}"))
    try:
        schema = app.openapi()
    finally:
        get_database(app).dispose()
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "pages" not in operation.get("tags", [])
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
        and parameter["schema"].get("type") == "integer"
        and parameter["schema"].get("maximum", float("inf")) > MAX_RECORD_ID
    ]
    assert unbounded == []
