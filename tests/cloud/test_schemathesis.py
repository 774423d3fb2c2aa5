"""schemathesis over the OpenAPI schema: generated requests against the real ASGI app.

Every JSON operation of the schema gets a few generated requests (schemathesis 4's
``openapi.from_asgi``), sent with a logged-in ``X-Session-Key`` so authenticated operations
reach their handlers. The checks: no 5xx, documented status codes, content types, headers
and bodies conforming to the schema where it documents them. Bounded (few examples per
operation, no deadline) so the whole test takes well under a minute.

Excluded, because generated JSON requests cannot apply to them: the HTML pages (tag
``pages``: forms with anti-forgery fields, answers are pages, not schema-described JSON).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ssm.cloud import CloudSettings, create_app, get_database
from ssm.cloud.schemas.auth import ActivationRequest
from ssm.cloud.services import sessions
from ssm.cloud.services.activation import issue_activation_key, redeem_activation_key

# schemathesis sends requests through starlette's TestClient, which warns that it will
# need httpx2 one day; nothing to fix on our side.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Using `httpx` with `starlette.testclient` is deprecated"
)

MAX_EXAMPLES = 12
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
    token = sessions.login(db, pair.public_key, pair.private_key, now=now, ttl=timedelta(hours=1))
    return {"X-Session-Key": token}


def test_generated_requests_conform_to_the_schema(tmp_path: Path) -> None:
    app = create_app(CloudSettings(database_url=f"sqlite:///{tmp_path / 'fuzz.sqlite'}"))
    failures: list[str] = []
    try:
        headers = _session(app)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(tag="pages")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 20
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                case.call_and_validate(headers=headers, checks=CHECKS)

            try:
                run()
            except Exception as exc:  # collect every operation's failure, then report
                failures.append(f"{operation.label}: {exc}")
    finally:
        get_database(app).dispose()
    assert not failures, "\n\n".join(failures)
