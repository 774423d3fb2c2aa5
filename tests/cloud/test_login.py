"""Login, sessions and the X-Session-Key header."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import ApiKey, ApiSession

pytestmark = pytest.mark.anyio


async def test_login_with_the_key_pair_returns_a_working_token(app):
    tenant = await app.tenant()
    response = await app.client.get("/api/v4/accounts", headers=tenant.headers)
    assert response.status_code == 200


async def test_login_with_a_wrong_private_key_is_401(app):
    tenant = await app.tenant()
    response = await app.client.post(
        "/api/v4/login", json={"username": tenant.public_key, "password": "sk_wrong"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


async def test_login_with_an_unknown_public_key_is_401(app):
    response = await app.client.post(
        "/api/v4/login", json={"username": "pk_unknown", "password": "sk_whatever"}
    )
    assert response.status_code == 401
    assert set(response.json()) == {"code", "message"}


async def test_login_without_body_is_422(app):
    response = await app.client.post("/api/v4/login", json={})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_missing_session_header_is_401(app):
    response = await app.client.get("/api/v4/accounts")
    assert response.status_code == 401
    assert response.json()["code"] == "session_required"


async def test_unknown_token_is_401(app):
    response = await app.client.get("/api/v4/accounts", headers={"X-Session-Key": "nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_session"


async def test_token_expires_a_fixed_hour_after_login(app):
    tenant = await app.tenant()
    later = datetime.now(UTC) + timedelta(minutes=59)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    assert (await app.client.get("/api/v4/accounts", headers=tenant.headers)).status_code == 200
    much_later = datetime.now(UTC) + timedelta(minutes=61)
    app.app.dependency_overrides[get_clock] = lambda: lambda: much_later
    response = await app.client.get("/api/v4/accounts", headers=tenant.headers)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_session"


async def test_session_ttl_comes_from_settings(cloud):
    app = await cloud(session_ttl_seconds=60)
    tenant = await app.tenant()
    later = datetime.now(UTC) + timedelta(seconds=61)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    response = await app.client.get("/api/v4/accounts", headers=tenant.headers)
    assert response.status_code == 401


async def test_secrets_are_stored_only_as_hashes(app):
    tenant = await app.tenant()
    token = tenant.headers["X-Session-Key"]
    with app.db.read() as session:
        key_hashes = session.scalars(select(ApiKey.private_key_hash)).all()
        token_hashes = session.scalars(select(ApiSession.token_hash)).all()
    assert tenant.private_key not in key_hashes
    assert token not in token_hashes
    assert all(len(value) == 64 for value in [*key_hashes, *token_hashes])


async def test_a_second_worker_accepts_the_first_ones_token(cloud, app):
    tenant = await app.tenant()
    other_worker = await cloud(database_url=app.settings.database_url)
    response = await other_worker.client.get("/api/v4/accounts", headers=tenant.headers)
    assert response.status_code == 200
