"""Bounded requests (F2 and F12 of issue 12): body sizes per route, JSON depth, reports.

The real-server check (64 MB on loopback, the server's peak memory) is in
``test_served_limits.py``; here the app runs under ``ASGITransport``, whose body stream is
pulled only as the app reads it, so a test can count what the app consumed.
"""

import orjson
import pytest
from sqlalchemy import select

from ssm.cloud import CloudSettings
from ssm.cloud.body_limits import BodyLimits
from ssm.cloud.models import Account, IntegrationStatus
from ssm.cloud.schemas.integration import MAX_STREAM_FIELDS, MAX_STREAM_TEXT, MAX_STREAMS
from ssm.cloud.schemas.sync import MAX_MESSAGE

pytestmark = pytest.mark.anyio

API = "/api/v4"
CHUNK = 4096


class Body:
    """A request body streamed in 4 KiB chunks, counting what the app pulled."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0

    async def __aiter__(self):
        while self.pulled < self.size:
            self.pulled += CHUNK
            yield b"x" * CHUNK


def test_each_kind_of_route_has_its_limit():
    limits = BodyLimits.from_settings(CloudSettings())
    assert (limits.form, limits.default, limits.bulk) == (16 << 10, 1 << 20, 16 << 20)
    for path in ("/login", "/password/forgot", "/password/abc", "/profil/mot-de-passe"):
        assert limits.for_path(path) == limits.form, path
    for path in (f"{API}/login", f"{API}/activation", f"{API}/activation/check"):
        assert limits.for_path(path) == limits.form, path
    for path in (f"{API}/invoices/upsert", f"{API}/accounts/upsert", f"{API}/integration/errors"):
        assert limits.for_path(path) == limits.bulk, path
    for path in (f"{API}/integration/heartbeat", f"{API}/accounts/delete", f"{API}/accounts/1"):
        assert limits.for_path(path) == limits.default, path


def test_a_big_realistic_invoice_batch_fits_the_bulk_limit_twice():
    """200 invoices of 100 lines, with long texts and exact amounts: about 4 MiB."""
    line = {
        "extId": "1234567",
        "productExtId": "ART-000123-XL",
        "description": "Bague or jaune 18 carats sertie diamant 0,25 ct taille 54",
        "quantity": "12.000",
        "unitPrice": "1249.990000",
        "discount": "5.00",
        "totalExclTax": "14249.89",
    }
    invoice = {
        "extId": "1234567",
        "number": "FA0012345",
        "accountExtId": "CL0000123",
        "salesRepExtId": "12",
        "date": "2026-11-30",
        "kind": "invoice",
        "posted": True,
        "totalExclTax": "123456.78",
        "totalInclTax": "148148.14",
        "reference": "Commande client 2026/11 n° 4567",
        "lines": [line] * 100,
    }
    batch = orjson.dumps([invoice] * 200)
    assert 2 * len(batch) < BodyLimits.from_settings(CloudSettings()).bulk


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/login", "html"),
        ("/password/forgot", "html"),
        (f"{API}/login", "json"),
        (f"{API}/activation", "json"),
        (f"{API}/activation/check", "json"),
    ],
)
@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_big_body_is_refused_with_413_before_it_is_read(app, path, kind, declared):
    body = Body(64 << 20)
    headers = {"Content-Length": str(body.size)} if declared else {}
    response = await app.client.post(path, content=body, headers=headers)
    assert response.status_code == 413
    assert response.headers["connection"] == "close"
    if declared:
        assert body.pulled == 0
    else:
        assert body.pulled <= (16 << 10) + CHUNK
    if kind == "json":
        assert response.json() == {
            "code": "body_too_large",
            "message": "Le corps de la requête dépasse la limite de 16 Kio pour cette adresse : "
            "allégez-le (des lots plus petits pour un envoi en masse) et réessayez.",
        }
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "Le formulaire envoyé dépasse la limite de 16 Kio" in response.text


async def test_an_unreadable_content_length_is_refused(app):
    response = await app.client.post(f"{API}/login", content=b"{}", headers={"Content-Length": "x"})
    assert response.status_code == 413


async def test_bulk_and_default_limits_are_settings(cloud):
    app = await cloud(max_body_bytes=2048, max_bulk_body_bytes=64 << 10)
    tenant = await app.tenant()
    accounts = [{"extId": f"C{i}", "name": f"Client numéro {i}"} for i in range(200)]
    assert len(orjson.dumps(accounts)) > 2048
    for declared in (True, False):
        content = orjson.dumps(accounts)
        body = content if declared else _chunks(content)
        response = await app.client.post(
            f"{API}/accounts/upsert", content=body, headers=tenant.headers
        )
        assert response.status_code == 200, response.text
    with app.db.read() as session:
        assert len(session.execute(select(Account.id)).all()) == 200
    beat = {"connectorVersion": "1", "status": "running", "streams": {"a": {"x": "y" * 3000}}}
    response = await app.client.put(
        f"{API}/integration/heartbeat", json=beat, headers=tenant.headers
    )
    assert response.status_code == 413
    assert "1 Kio" not in response.json()["message"] and "2 Kio" in response.json()["message"]
    too_many = [{"extId": f"C{i}", "name": "x" * 400} for i in range(200)]
    response = await app.client.post(
        f"{API}/accounts/upsert", json=too_many, headers=tenant.headers
    )
    assert response.status_code == 413
    assert "64 Kio" in response.json()["message"]


async def _chunks(content: bytes):
    for start in range(0, len(content), 1000):
        yield content[start : start + 1000]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"{API}/accounts/upsert"),
        ("POST", f"{API}/accounts/delete"),
        ("PUT", f"{API}/integration/heartbeat"),
        ("PUT", f"{API}/integration/errors"),
        ("PUT", f"{API}/integration/company"),
    ],
)
async def test_very_deep_json_is_a_422_not_a_500(app, method, path):
    tenant = await app.tenant()
    for deep in (b"[" * 100_000, b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000):
        response = await app.client.request(
            method,
            path,
            content=deep,
            headers=tenant.headers | {"Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_error"


def _beat(streams):
    return {"connectorVersion": "0.9.0", "status": "running", "streams": streams}


CONNECTOR_FIGURES = {
    "stream": "accounts",
    "read": 1200,
    "created": 3,
    "updated": 10,
    "unchanged": 1180,
    "deleted": 0,
    "failed": 7,
    "retried": 2,
    "aborted": "Le service Sales Management a répondu 503 : indisponible.",
    "stopped": False,
    "deferred": None,
    "status": "partial",
    "kind": "sync",
}
"""What ``ssm.connector`` sends per stream (``StreamResult.as_dict()`` less its errors)."""


async def test_the_heartbeat_is_bounded_and_the_connectors_still_fits(app):
    tenant = await app.tenant()

    async def put(streams):
        return await app.client.put(
            f"{API}/integration/heartbeat", json=_beat(streams), headers=tenant.headers
        )

    names = ("users", "accounts", "contacts", "products", "invoices", "quotes")
    connector = {name: CONNECTOR_FIGURES | {"stream": name} for name in names}
    assert (await put(connector)).status_code == 204
    stored = (await app.client.get(f"{API}/integration", headers=tenant.headers)).json()
    assert stored["streams"] == connector
    widest = {
        f"s{i}": {f"f{j}": "x" * MAX_STREAM_TEXT for j in range(MAX_STREAM_FIELDS)}
        for i in range(MAX_STREAMS)
    }
    assert (await put(widest)).status_code == 204
    refused = {
        "too many streams": {f"s{i}": {} for i in range(MAX_STREAMS + 1)},
        "too many figures": {"a": {f"f{j}": 1 for j in range(MAX_STREAM_FIELDS + 1)}},
        "nested": {"a": {"errors": [{"key": "C1", "message": "x"}]}},
        "nested object": {"a": {"last": {"run": 1}}},
        "too long a name": {"a" * 51: {}},
    }
    for why, streams in refused.items():
        response = await put(streams)
        assert response.status_code == 422, why
        assert response.json()["message"] == (
            "La requête n'est pas valide. Corrigez les champs signalés et réessayez."
        )
    with app.db.read() as session:
        [kept] = session.execute(select(IntegrationStatus.streams)).one()
    assert len(orjson.dumps(kept)) < 700_000  # the widest accepted: what a page may read
    long_reason = {"accounts": {"aborted": "Sage : " + "x" * 100_000}}
    assert (await put(long_reason)).status_code == 204  # cut, so the state still shows
    stored = (await app.client.get(f"{API}/integration", headers=tenant.headers)).json()
    aborted = stored["streams"]["accounts"]["aborted"]
    assert len(aborted) == MAX_STREAM_TEXT and aborted.startswith("Sage : x")
    assert aborted.endswith("…")


async def test_a_heartbeat_stored_before_the_bounds_still_reads(app):
    tenant = await app.tenant()
    put = await app.client.put(
        f"{API}/integration/heartbeat", json=_beat({}), headers=tenant.headers
    )
    assert put.status_code == 204
    old = {"accounts": {"errors": [{"key": "C1"}], "nested": {"a": 1}}}
    with app.db.write() as session:
        session.get_one(IntegrationStatus, tenant.instance_id).streams = old
    response = await app.client.get(f"{API}/integration", headers=tenant.headers)
    assert response.status_code == 200
    assert response.json()["streams"] == old


async def test_a_long_error_message_is_cut_not_the_whole_list_refused(app):
    tenant = await app.tenant()
    accounts = [{"extId": "C1", "name": "Un"}, {"extId": "C2", "name": "Deux"}]
    upserted = await app.client.post(
        f"{API}/accounts/upsert", json=accounts, headers=tenant.headers
    )
    assert upserted.status_code == 200
    errors = [
        {"resource": "accounts", "extId": "C1", "message": "Trop long. " * 1000},
        {"resource": "accounts", "extId": "C2", "message": "  Code postal invalide  "},
    ]
    response = await app.client.put(
        f"{API}/integration/errors", json=errors, headers=tenant.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["errors"] == 2
    with app.db.read() as session:
        details = dict(session.execute(select(Account.ext_id, Account.sync_detail)).all())
    assert len(details["C1"]) == MAX_MESSAGE
    assert details["C1"].startswith("Trop long. Trop long.") and details["C1"].endswith("…")
    assert details["C2"] == "Code postal invalide"
