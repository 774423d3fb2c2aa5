"""System endpoints, the OpenAPI schema and the shape of every error."""

import pytest
from sqlalchemy import text

import ssm
from ssm.cloud.app import ROUTERS

pytestmark = pytest.mark.anyio


async def test_health(app):
    response = await app.client.get("/-/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_version(app):
    response = await app.client.get("/-/version")
    assert response.json() == {"version": ssm.__version__, "api": "v4"}


async def test_openapi_schema_is_served_and_tags_our_extensions(app):
    response = await app.client.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Sales Management API"
    paths = schema["paths"]
    for path in (
        "/api/v4/login",
        "/api/v4/activation",
        "/api/v4/accounts",
        "/api/v4/accounts/upsert",
        "/api/v4/accounts/{id}",
        "/-/health",
        "/-/version",
    ):
        assert path in paths
    assert "extensions" in paths["/api/v4/accounts/upsert"]["post"]["tags"]
    assert paths["/api/v4/activation"]["post"]["tags"] == ["activation"]
    tags = {tag["name"]: tag["description"] for tag in schema["tags"]}
    for ours in ("activation", "extensions", "system"):
        assert "Extension" in tags[ours]
    upsert_body = paths["/api/v4/accounts/upsert"]["post"]["requestBody"]["content"]
    assert upsert_body["application/json"]["schema"]["maxItems"] == 200
    assert "SessionKey" in schema["components"]["securitySchemes"]


async def test_every_route_belongs_to_a_listed_router(app):
    listed = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if route.include_in_schema  # not /docs and its files
    }
    documented = set((await app.client.get("/openapi.json")).json()["paths"])
    assert documented == listed


async def test_unknown_route_is_json_error(app):
    response = await app.client.get("/nowhere")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


async def test_wrong_method_is_json_error(app):
    response = await app.client.delete("/-/health")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


async def test_malformed_json_is_a_422_json_error(app):
    response = await app.client.post(
        "/api/v4/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"]
    assert body["details"]


@pytest.mark.sqlite_only
async def test_sqlite_runs_in_wal_mode(app):
    with app.db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
