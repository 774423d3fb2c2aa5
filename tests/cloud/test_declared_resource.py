"""A resource declared in a test, and nothing else: routes, OpenAPI, isolation, sync status.

Issue 13's acceptance on the cloud side: a new synced resource is a model, a schema and
one ``ResourceDeclaration``, whose service is a plain ``services.bulk.Resource`` when it
needs no hook (no service class, no service module). Here they are a few lines of this
module (the table is created by the test, not by a migration) and the app gets the
declaration through ``create_app(settings, resources)``: its bulk routes, its OpenAPI tag
and paths, the generic tenant-isolation cases and the per-record sync status
follow with nothing else touched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import Boolean, Integer, String, Table, UniqueConstraint, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ssm.cloud import create_app, get_database
from ssm.cloud.models import RESYNC_NAMES, SYNC_NAMES, SyncTracked, UTCDateTime
from ssm.cloud.resources import RESOURCES, ResourceDeclaration
from ssm.cloud.schemas.base import CamelModel
from ssm.cloud.schemas.fields import text
from ssm.cloud.services.bulk import Resource
from ssm.cloud.types import UtcDateTime

from .conftest import Cloud, CloudFactory
from .test_tenant_isolation import (
    CASES,
    MARK,
    make_world,
    resource_cases,
    samples,
    try_every_operation,
)

pytestmark = pytest.mark.anyio

NOTES_PATH = "/api/v4/notes"


class _TestModels(DeclarativeBase):
    """Their own metadata: other tests dump every table of the models' ``Base``."""


class Note(SyncTracked, _TestModels):
    """The dummy resource's table."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("instance_id", "ext_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instance_id: Mapped[int] = mapped_column(Integer)
    ext_id: Mapped[str | None] = mapped_column(String(100), default=None)
    title: Mapped[str] = mapped_column(String(255))
    date_created: Mapped[datetime] = mapped_column(UTCDateTime())
    date_updated: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    date_deleted: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)


class NoteRecord(CamelModel):
    """A note as the API returns it."""

    id: int
    ext_id: str | None
    title: str
    date_created: UtcDateTime
    date_updated: UtcDateTime | None
    deleted: bool
    date_deleted: UtcDateTime | None


NOTES_TABLE = cast(Table, Note.__table__)

NOTES = ResourceDeclaration(
    "notes",
    Note,  # type: ignore[arg-type]
    "Notes: a resource only a test declares.",
    # No hook: a plain Resource, no service class or module of its own.
    service=Resource(
        "notes",
        Note,  # type: ignore[arg-type]  # not of the models' Base, on purpose (above)
        fields=(text("ext_id", 100, required=True), text("title", 255, required=True)),
        label="une note",
    ),
    schema=NoteRecord,
)


def with_notes(mark: str) -> dict[str, list[dict[str, Any]]]:
    """The isolation test's samples, and one note."""
    return samples(mark) | {"notes": [{"extId": "N1", "title": f"{mark} note"}]}


@pytest.fixture
async def noted(cloud: CloudFactory) -> AsyncIterator[Cloud]:
    """An app with the declared resources and ``NOTES``, on a fresh database."""
    plain = await cloud()
    app = create_app(plain.settings, (*RESOURCES, NOTES))
    db = get_database(app)
    NOTES_TABLE.create(db.engine)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cloud.test")
    try:
        yield Cloud(app=app, db=db, client=client, settings=plain.settings)
    finally:
        await client.aclose()
        db.dispose()


async def test_the_declaration_alone_routes_and_documents_the_resource(noted, app):
    schema = noted.app.openapi()
    assert {"name": "notes", "description": NOTES.description} in schema["tags"]
    operations = {
        (method.upper(), path): operation["tags"]
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if path.startswith(NOTES_PATH)
    }
    assert operations == {
        ("GET", NOTES_PATH): ["notes"],
        ("POST", f"{NOTES_PATH}/upsert"): ["notes", "extensions"],
        ("POST", f"{NOTES_PATH}/delete"): ["notes", "extensions"],
        ("GET", f"{NOTES_PATH}/{{id}}"): ["notes"],
    }
    assert not any(path.startswith(NOTES_PATH) for path in app.app.openapi()["paths"])
    tenant = await noted.tenant()
    item = {"extId": "N1", "title": "Rappeler M. Martin"}
    upserted = await noted.client.post(f"{NOTES_PATH}/upsert", json=[item], headers=tenant.headers)
    assert upserted.status_code == 200, upserted.text
    [result] = upserted.json()
    assert result["status"] == "created"
    record = await noted.client.get(f"{NOTES_PATH}/{result['id']}", headers=tenant.headers)
    assert record.json()["title"] == "Rappeler M. Martin"


async def test_the_generic_isolation_cases_cover_the_declared_resource(noted):
    world = await make_world(noted, with_notes)
    assert world.a_ids["notes"]
    cases = CASES | resource_cases("notes", with_notes)
    await try_every_operation(noted, world, cases, tables=[NOTES_TABLE])


async def test_the_shared_upsert_keeps_the_sync_status_of_the_declared_resource(noted):
    assert NOTES.tracks_sync
    tenant = await noted.tenant()
    item = {"extId": "N1", "title": f"{MARK} note"}
    await noted.client.post(f"{NOTES_PATH}/upsert", json=[item], headers=tenant.headers)
    with noted.db.read() as session:
        row = session.execute(select(Note.sync_status, Note.synced_at)).one()
    assert row.sync_status == "synced" and row.synced_at is not None


async def test_the_models_name_the_synced_resources_in_the_declarations_order():
    """Schemas and services read the names from the models, below ``resources``: they agree."""
    assert tuple(declared.name for declared in RESOURCES if declared.tracks_sync) == SYNC_NAMES
    assert RESYNC_NAMES == ("accounts", "invoices", "quotes")
    with pytest.raises(ValueError, match="its sync-tracked table is notes"):
        ResourceDeclaration("memos", Note, "A table named otherwise.")  # type: ignore[arg-type]
