"""Tenant isolation: instance B's credentials never read or change instance A's data.

Every operation of the OpenAPI schema is tried with B's API session or B's web session
against A's ids and extIds; a new operation nobody taught this test about fails it by name.
Every answer B gets must be free of A's marker, and a dump of A's rows (every table with an
``instance_id``, and A's instance row) must be the same after each attempt as before.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import Table, func, select

from ssm.cloud.models import ApiKey, Base, CrmChange, Invoice, InvoiceLine
from ssm.cloud.resources import RESOURCES as DECLARED
from ssm.cloud.services.passwords import csrf_token
from ssm.cloud.web.forms import SESSION_COOKIE

from .conftest import Cloud, Tenant
from .web_helpers import GOOD, choose_password, csrf_of, sign_in

pytestmark = pytest.mark.anyio

API = "/api/v4"
MARK = "alphamark"  # in every name, e-mail and text of A's: never in an answer to B
A_EMAIL, B_EMAIL = "admin@alphamark.test", "admin@bravo.test"
A_PASSWORD = "horse battery of tenant A"  # not the mark: the policy refuses one's own name
RESOURCES = tuple(declared.name for declared in DECLARED if declared.service is not None)
"""The resources with bulk routes: each gets the generic cases of ``resource_cases``."""


Samples = Callable[[str], dict[str, list[dict[str, Any]]]]
"""One record per resource for a tenant's mark, with the same extIds for both tenants."""


def samples(mark: str) -> dict[str, list[dict[str, Any]]]:
    """One record per declared resource, with the same extIds for both tenants.

    The one line per resource that stays written by hand: a record the cloud accepts needs
    what the field declarations do not say (a plausible e-mail, the extId of an account
    that exists, lines naming a product). The cases come from ``RESOURCES``; a served
    resource without a line here fails ``test_samples_cover_every_served_resource``.
    """
    return {
        "users": [
            {"extId": "1", "firstName": mark, "lastName": "Rep", "email": f"rep@{mark}.test"}
        ],
        "accounts": [{"extId": "C1", "name": f"{mark} SA", "city": mark}],
        "contacts": [{"extId": "7", "accountExtId": "C1", "lastName": mark}],
        "products": [{"extId": "P1", "model": f"{mark} brick", "price": 2}],
        "invoices": [
            {
                "extId": "501",
                "number": f"{mark}-1",
                "accountExtId": "C1",
                "date": "2024-05-02",
                "posted": True,
                "totalExclTax": 10,
                "lines": [{"extId": "1", "productExtId": "P1", "quantity": 5, "unitPrice": 2}],
            }
        ],
        "quotes": [
            {
                "extId": "601",
                "number": f"{mark}-2",
                "reference": mark,
                "accountExtId": "C1",
                "lines": [
                    {
                        "extId": "1",
                        "productExtId": "P1",
                        "description": mark,
                        "quantity": 5,
                        "discounts": [{"value": 5, "type": "percent"}],
                    }
                ],
            }
        ],
    }


@dataclass
class World:
    app: Cloud
    a: Tenant
    b: Tenant
    a_key: str
    a_ids: dict[str, list[int]]
    web: httpx.AsyncClient  # B's administrator, signed in
    notes: list[str] = field(default_factory=list)

    @property
    def b_csrf(self) -> str:
        return csrf_token(self.web.cookies[SESSION_COOKIE])

    def all_a_ids(self) -> list[int]:
        return sorted({i for ids in self.a_ids.values() for i in ids})

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.app.client.request(method, path, headers=self.b.headers, **kwargs)
        assert_clean(response)
        return response


def assert_clean(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.request.url, response.text)
    assert MARK not in response.text.lower(), (response.request.url, response.text)


def dump(
    app: Cloud, instance_id: int, tables: Sequence[Table] = ()
) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of ``instance_id`` in every table that has one, and its instance row.

    ``tables`` are further tables than the models' (a resource a test declares).
    """
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with app.db.read() as session:
        for table in (*Base.metadata.sorted_tables, *tables):
            if "instance_id" in table.c:
                where = table.c.instance_id == instance_id
            elif table.name == "instances":
                where = table.c.id == instance_id
            else:
                continue
            order = list(table.primary_key.columns)
            rows[table.name] = [
                tuple(r) for r in session.execute(table.select().where(where).order_by(*order))
            ]
    return rows


async def make_world(app: Cloud, samples: Samples = samples) -> World:
    """Instances A (marked, with one record per resource of ``samples``) and B, signed in."""
    a_key = app.issue_key()
    activated = await app.activate(
        a_key, company=f"{MARK} Industries", email=A_EMAIL, first_name=MARK
    )
    assert activated.status_code == 201, activated.text
    body = activated.json()
    login = await app.login(body["publicKey"], body["privateKey"])
    a = Tenant(
        body["instanceId"],
        body["publicKey"],
        body["privateKey"],
        {"X-Session-Key": login.json()["token"]},
    )
    b = await app.tenant("Bravo", email=B_EMAIL)
    a_ids: dict[str, list[int]] = {}
    for resource, items in samples(MARK).items():
        response = await app.client.post(f"{API}/{resource}/upsert", json=items, headers=a.headers)
        assert response.status_code == 200, response.text
        a_ids[resource] = [r["id"] for r in response.json()]
        assert all(r["status"] == "created" for r in response.json()), response.text
    beat = {"connectorVersion": f"{MARK}-9", "status": "running", "streams": {MARK: {}}}
    assert (
        await app.client.put(f"{API}/integration/heartbeat", json=beat, headers=a.headers)
    ).status_code == 204
    company = {"companyId": "SHARED", "companyName": f"{MARK} Industries"}
    assert (
        await app.client.put(f"{API}/integration/company", json=company, headers=a.headers)
    ).status_code == 200
    errors = [{"resource": "accounts", "extId": "C1", "message": MARK}]
    response = await app.client.put(f"{API}/integration/errors", json=errors, headers=a.headers)
    assert response.status_code in (200, 404), response.text  # 404: not served (yet)
    await choose_password(app, A_EMAIL, A_PASSWORD)
    await choose_password(app, B_EMAIL)
    async with app.browser() as a_web:  # A's administrator asks a resynchronisation
        assert (await sign_in(a_web, A_EMAIL, A_PASSWORD)).status_code == 303
        form = {"csrf": csrf_token(a_web.cookies[SESSION_COOKIE]), "entities": "accounts"}
        await a_web.post(
            f"/administration/utilisateurs/{a_ids['users'][0]}/resynchroniser", data=form
        )
    web = app.browser()
    assert (await sign_in(web, B_EMAIL)).status_code == 303
    with app.db.read() as session:
        for table in Base.metadata.sorted_tables:
            if "instance_id" in table.c and table.name not in a_ids and "id" in table.c:
                ids = session.scalars(
                    select(table.c.id).where(table.c.instance_id == a.instance_id)
                ).all()
                a_ids[table.name] = list(ids)
    return World(app, a, b, a_key, a_ids, web)


# Explicit cases, by (method, path) of the OpenAPI schema.

Case = Callable[[World], Awaitable[None]]
CASES: dict[tuple[str, str], Case] = {}


def case(method: str, path: str) -> Callable[[Case], Case]:
    def register(function: Case) -> Case:
        CASES[(method, path)] = function
        return function

    return register


def resource_cases(resource: str, samples: Samples = samples) -> dict[tuple[str, str], Case]:
    """The four cases of a resource's bulk routes, by (method, path)."""

    async def list_records(w: World) -> None:
        for deleted in ("", "?deleted=true", "?deleted=false"):
            response = await w.api("GET", f"{API}/{resource}{deleted}")
            assert response.status_code == 200
            assert not {r["id"] for r in response.json()} & set(w.a_ids[resource])

    async def get_record(w: World) -> None:
        for record_id in w.a_ids[resource]:
            assert (await w.api("GET", f"{API}/{resource}/{record_id}")).status_code == 404

    async def upsert(w: World) -> None:
        mine = samples("bravo")
        for needed in ("accounts", "products"):  # what contacts and invoices refer to
            if needed != resource:
                await w.api("POST", f"{API}/{needed}/upsert", json=mine[needed])
        response = await w.api("POST", f"{API}/{resource}/upsert", json=mine[resource])
        assert response.status_code == 200
        [result] = response.json()
        assert result["status"] in ("created", "updated", "unchanged"), result
        assert result["id"] not in w.a_ids[resource]
        record = await w.api("GET", f"{API}/{resource}/{result['id']}")
        assert record.status_code == 200

    async def delete(w: World) -> None:
        ext_ids = [item["extId"] for item in samples(MARK)[resource]]
        response = await w.api("POST", f"{API}/{resource}/delete", json=ext_ids)
        assert response.status_code == 200
        for result in response.json():
            assert result["status"] in ("missing", "deleted")
            assert result.get("id") not in w.a_ids[resource]

    return {
        ("GET", f"{API}/{resource}"): list_records,
        ("GET", f"{API}/{resource}/{{id}}"): get_record,
        ("POST", f"{API}/{resource}/upsert"): upsert,
        ("POST", f"{API}/{resource}/delete"): delete,
    }


for _resource in RESOURCES:
    CASES.update(resource_cases(_resource))


@case("POST", f"{API}/accounts")
async def create_account(w: World) -> None:
    response = await w.api("POST", f"{API}/accounts", json={"name": "bravo new", "extId": "C1"})
    if response.status_code == 200:
        assert response.json()["id"] not in w.a_ids["accounts"]
    else:
        assert response.status_code in (409, 422), response.text


@case("PUT", f"{API}/accounts/{{id}}")
async def update_account(w: World) -> None:
    for record_id in w.a_ids["accounts"]:
        response = await w.api("PUT", f"{API}/accounts/{record_id}", json={"name": "taken"})
        assert response.status_code == 404


@case("PUT", f"{API}/accounts/{{id}}/extId")
async def confirm_account_ext_id(w: World) -> None:
    for record_id in w.a_ids["accounts"]:
        response = await w.api(
            "PUT", f"{API}/accounts/{record_id}/extId", json={"extId": "B9", "through": 0}
        )
        assert response.status_code == 404


@case("POST", f"{API}/contacts")
async def create_contact(w: World) -> None:
    for account_id in w.a_ids["accounts"]:
        response = await w.api(
            "POST", f"{API}/contacts", json={"accountId": account_id, "lastName": "bravo"}
        )
        assert response.status_code == 422, response.text


@case("PUT", f"{API}/contacts/{{id}}")
async def update_contact(w: World) -> None:
    for record_id in w.a_ids["contacts"]:
        response = await w.api("PUT", f"{API}/contacts/{record_id}", json={"lastName": "taken"})
        assert response.status_code == 404


@case("DELETE", f"{API}/contacts/{{id}}")
async def delete_contact(w: World) -> None:
    for record_id in w.a_ids["contacts"]:
        assert (await w.api("DELETE", f"{API}/contacts/{record_id}")).status_code == 404


@case("PUT", f"{API}/contacts/{{id}}/extId")
async def confirm_contact_ext_id(w: World) -> None:
    for record_id in w.a_ids["contacts"]:
        response = await w.api(
            "PUT", f"{API}/contacts/{record_id}/extId", json={"extId": "B9", "through": 0}
        )
        assert response.status_code == 404


@case("POST", f"{API}/quotes")
async def create_quote(w: World) -> None:
    lines = [{"productId": product_id, "quantity": 1} for product_id in w.a_ids["products"]]
    for account_id in w.a_ids["accounts"]:
        response = await w.api(
            "POST", f"{API}/quotes", json={"accountId": account_id, "lines": lines}
        )
        assert response.status_code == 422, response.text


@case("PUT", f"{API}/quotes/{{id}}")
async def update_quote(w: World) -> None:
    for record_id in w.a_ids["quotes"]:
        response = await w.api("PUT", f"{API}/quotes/{record_id}", json={"comment": "taken"})
        assert response.status_code == 404


@case("POST", f"{API}/quotes/{{id}}/sync")
async def request_quote_sync(w: World) -> None:
    for record_id in w.a_ids["quotes"]:
        assert (await w.api("POST", f"{API}/quotes/{record_id}/sync")).status_code == 404


QUOTE_ANSWERS = {
    "prices": {
        "revision": 0,
        "lines": [{"position": 0, "unitPrice": 1, "netUnitPrice": 1, "totalExclTax": 1}],
        "totalExclTax": 1,
        "totalInclTax": 1,
        "detail": "bravo",
    },
    "refusal": {"revision": 0, "reason": "bravo"},
    "extId": {"extId": "B9", "number": "B9"},
}


def quote_answer(what: str) -> Case:
    async def answer(w: World) -> None:
        for record_id in w.a_ids["quotes"]:
            response = await w.api(
                "PUT", f"{API}/quotes/{record_id}/{what}", json=QUOTE_ANSWERS[what]
            )
            assert response.status_code == 404

    return answer


for _what in QUOTE_ANSWERS:
    CASES[("PUT", f"{API}/quotes/{{id}}/{_what}")] = quote_answer(_what)


@case("GET", f"{API}/changes")
async def list_changes(w: World) -> None:
    with w.app.db.read() as session:
        mine = set(
            session.scalars(select(CrmChange.id).where(CrmChange.instance_id == w.b.instance_id))
        )
    response = await w.api("GET", f"{API}/changes")
    assert response.status_code == 200
    assert {change["seq"] for change in response.json()["changes"]} <= mine


@case("GET", f"{API}/invoices/lines/count")
async def count_lines(w: World) -> None:
    with w.app.db.read() as session:
        mine = session.scalar(
            select(func.count())
            .select_from(InvoiceLine)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(InvoiceLine.instance_id == w.b.instance_id, Invoice.deleted.is_(False))
        )
    response = await w.api("GET", f"{API}/invoices/lines/count")
    assert response.json()["count"] == mine


@case("PUT", f"{API}/integration/heartbeat")
async def put_heartbeat(w: World) -> None:
    beat = {"connectorVersion": "bravo-1", "status": "stopped", "streams": {}}
    assert (await w.api("PUT", f"{API}/integration/heartbeat", json=beat)).status_code == 204


@case("GET", f"{API}/integration")
async def get_integration(w: World) -> None:
    response = await w.api("GET", f"{API}/integration")
    assert response.status_code in (200, 404)


@case("GET", f"{API}/integration/company")
async def get_company(w: World) -> None:
    response = await w.api("GET", f"{API}/integration/company")
    assert response.json()["instanceId"] == w.b.instance_id


@case("PUT", f"{API}/integration/company")
async def put_company(w: World) -> None:
    body = {"companyId": "SHARED", "companyName": "Bravo"}
    response = await w.api("PUT", f"{API}/integration/company", json=body)
    assert response.status_code == 200 and response.json()["instanceId"] == w.b.instance_id


@case("PUT", f"{API}/integration/errors")
async def put_errors(w: World) -> None:
    errors = [
        {"resource": r, "extId": e, "message": "bravo"}
        for r, e in (("accounts", "C1"), ("products", "P1"))
    ]
    response = await w.api("PUT", f"{API}/integration/errors", json=errors)
    assert response.status_code == 200, response.text
    response = await w.api("PUT", f"{API}/integration/errors", json=[])
    assert response.status_code == 200, response.text


@case("GET", f"{API}/integration/requests")
async def list_requests(w: World) -> None:
    response = await w.api("GET", f"{API}/integration/requests")
    assert response.status_code == 200
    assert not {r.get("id") for r in response.json()} & set(w.a_ids.get("resync_requests", []))


@case("POST", f"{API}/integration/requests/{{request_id}}/done")
async def request_done(w: World) -> None:
    for request_id in w.a_ids.get("resync_requests", []) or w.all_a_ids():
        response = await w.api(
            "POST", f"{API}/integration/requests/{request_id}/done", json={"status": "done"}
        )
        assert response.status_code in (404, 422), response.text


@case("GET", f"{API}/outbox")
async def outbox(w: World) -> None:
    response = await w.api("GET", f"{API}/outbox")
    assert response.status_code == 200
    assert all(entry["recipient"] == B_EMAIL for entry in response.json())


@case("POST", f"{API}/login")
async def api_login(w: World) -> None:
    for public, private in ((w.a.public_key, w.b.private_key), (w.b.public_key, w.a.private_key)):
        response = await w.api(
            "POST", f"{API}/login", json={"username": public, "password": private}
        )
        assert response.status_code == 401


@case("POST", f"{API}/activation")
async def activation(w: World) -> None:
    body = {
        "activationKey": w.a_key,
        "companyName": "bravo",
        "administrator": {"firstName": "B", "lastName": "B", "email": B_EMAIL},
        "requestId": "x" * 40,
    }
    assert (await w.api("POST", f"{API}/activation", json=body)).status_code == 400


@case("POST", f"{API}/activation/check")
async def activation_check(w: World) -> None:
    response = await w.api("POST", f"{API}/activation/check", json={"activationKey": w.a_key})
    assert response.status_code == 400


@case("GET", "/-/health")
@case("GET", "/-/version")
async def system(w: World) -> None:
    for path in ("/-/health", "/-/version"):
        assert (await w.api("GET", path)).status_code == 200


@case("POST", "/login")
async def web_login(w: World) -> None:
    async with w.app.browser() as browser:
        # A's address with B's password (the page echoes the address typed: not A's data).
        assert (await sign_in(browser, A_EMAIL, GOOD)).status_code == 401
        response = await sign_in(browser, B_EMAIL, A_PASSWORD)
        assert_clean(response)
        assert response.status_code == 401


@case("POST", "/logout")
async def web_logout(w: World) -> None:
    async with w.app.browser() as browser:
        await sign_in(browser, B_EMAIL)
        token = browser.cookies[SESSION_COOKIE]
        response = await browser.post("/logout", data={"csrf": csrf_token(token)})
        assert_clean(response)
        assert response.status_code == 303


@case("POST", "/profil/mot-de-passe")
async def web_change_password(w: World) -> None:
    # A session only ever reaches its own user's password. The current password is wrong on
    # purpose: a success would end B's other sessions, w.web among them.
    async with w.app.browser() as browser:
        await sign_in(browser, B_EMAIL)
        token = browser.cookies[SESSION_COOKIE]
        new = "une phrase assez longue"  # passes the policy: the current password decides
        form = {"csrf": csrf_token(token), "current": "wrong", "password": new}
        response = await browser.post("/profil/mot-de-passe", data={**form, "confirmation": new})
        assert_clean(response)
        assert response.status_code == 400


@case("POST", "/comptes/nouveau")
async def web_new_prospect(w: World) -> None:
    # The one page form without an id: it creates a prospect of B's, never one of A's.
    form = {"csrf": w.b_csrf, "name": "Prospect de Bravo"}
    response = await w.web.post("/comptes/nouveau", data=form)
    assert_clean(response)
    assert response.status_code == 303


@case("POST", "/devis/nouveau")
async def web_new_quote(w: World) -> None:
    # A quote's form without an id: an account id of A's is no account B's session may choose.
    for account_id in w.a_ids["accounts"]:
        form = {
            "csrf": w.b_csrf,
            "account_id": str(account_id),
            "line-1-product": "a",
            "line-1-quantity": "1",
        }
        response = await w.web.post("/devis/nouveau", data=form)
        assert_clean(response)
        assert response.status_code == 400


@case("POST", "/administration/connecteur/cles")
@case("POST", "/admin/connecteur/cles")
async def web_new_key_pair(w: World) -> None:
    # A key pair made on the « Connecteur » page is one of the session's instance, never A's.
    def a_pairs() -> int:
        with w.app.db.read() as session:
            query = select(func.count()).where(ApiKey.instance_id == w.a.instance_id)
            return int(session.scalar(query) or 0)

    before = a_pairs()
    for path in ("/administration/connecteur/cles", "/admin/connecteur/cles"):
        response = await w.web.post(path, data={"csrf": w.b_csrf})
        assert_clean(response)
        assert response.status_code in (200, 303)  # 303: the other plan's address
    assert a_pairs() == before


@case("POST", "/password/forgot")
async def forgot(w: World) -> None:
    # Asking a link for any address is by design (one answer for all, rate-limited); asking
    # one for A's address sends A's administrator an e-mail, which is A's row: not B's.
    page = await w.web.get("/password/forgot")
    response = await w.web.post("/password/forgot", data={"email": B_EMAIL, "csrf": csrf_of(page)})
    assert_clean(response)
    assert response.status_code == 200


@case("POST", "/password/{token}")
async def password_submit(w: World) -> None:
    # A link's token is a secret of its e-mail, not of a session: an unknown one is refused.
    form = {"password": GOOD, "confirmation": GOOD, "csrf": csrf_token("nope")}
    response = await w.web.post("/password/nope", data=form)
    assert_clean(response)
    assert response.status_code == 404


PARAM = re.compile(r"\{([^}]+)\}")


def _values(w: World, name: str) -> list[str]:
    if name == "lang":
        return ["fr", "en"]
    if name == "token":
        return ["nope"]
    return [str(i) for i in w.all_a_ids()]  # every id A has, whatever the table


def _expand(w: World, path: str) -> list[str]:
    names = PARAM.findall(path)
    paths = [path]
    for name in names:
        paths = [p.replace("{" + name + "}", value) for p in paths for value in _values(w, name)]
    return paths


async def generic_page(w: World, method: str, path: str) -> None:
    """A page: with B's web session, every id of A's in its path; no A data, no change."""
    for concrete in _expand(w, path):
        if method == "GET":
            response = await w.web.get(concrete)
        else:
            form = {"csrf": w.b_csrf, "role": "manager", "entities": "accounts"}
            response = await w.web.post(concrete, data=form)
        assert_clean(response)


def _handler(
    method: str, path: str, operation: dict[str, Any], cases: dict[tuple[str, str], Case]
) -> Callable[[World], Awaitable[None]] | None:
    if (method, path) in cases:
        return cases[(method, path)]
    is_page = "pages" in operation.get("tags", [])
    if is_page and (method == "GET" or PARAM.search(path)):

        async def run(w: World) -> None:
            await generic_page(w, method, path)

        return run
    return None


async def try_every_operation(
    app: Cloud,
    world: World,
    cases: dict[tuple[str, str], Case] = CASES,
    tables: Sequence[Table] = (),
) -> None:
    """Every operation of the app's schema with B's credentials: A's rows never change."""
    try:
        schema = app.app.openapi()
        before = dump(app, world.a.instance_id, tables)
        assert all(before[name] for name in ("instances", "accounts", "contacts", "invoices"))
        if any(path.endswith("/resynchroniser") for path in schema["paths"]):
            assert before["resync_requests"], "A's administrator asked no resynchronisation"
        uncovered: list[str] = []
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                method = method.upper()
                handler = _handler(method, path, operation, cases)
                if handler is None:
                    uncovered.append(f"{method} {path}")
                    continue
                await handler(world)
                after = dump(app, world.a.instance_id, tables)
                assert after == before, f"{method} {path} changed A's rows"
        assert uncovered == [], f"operations the isolation test does not try: {uncovered}"
    finally:
        await world.web.aclose()


def test_samples_cover_every_served_resource():
    assert set(samples(MARK)) == set(RESOURCES)


async def test_every_operation_with_another_instances_credentials(app):
    await try_every_operation(app, await make_world(app))


async def test_no_api_route_is_left_out_of_the_explicit_cases(app):
    """API operations are never tried generically: each needs its own case above."""
    schema = app.app.openapi()
    api = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "pages" not in operation.get("tags", [])
    ]
    assert [name for name in api if tuple(name.split(" ", 1)) not in CASES] == []


# API keys.


async def test_a_key_pair_logs_into_its_own_instance_only(app):
    a = await app.tenant("A", email="a@a.test")
    b = await app.tenant("B", email="b@b.test")
    for tenant in (a, b):
        token = (await app.login(tenant.public_key, tenant.private_key)).json()["token"]
        company = await app.client.get(
            f"{API}/integration/company", headers={"X-Session-Key": token}
        )
        assert company.json()["instanceId"] == tenant.instance_id
    assert (await app.login(a.public_key, b.private_key)).status_code == 401
    assert (await app.login(b.public_key, a.private_key)).status_code == 401


async def test_a_revoked_key_pair_and_its_sessions_are_refused(app):
    key = app.issue_key()
    first = await app.activate(key, requestId="r" * 40)
    assert first.status_code == 201
    old = first.json()
    session = (await app.login(old["publicKey"], old["privateKey"])).json()["token"]
    headers = {"X-Session-Key": session}
    assert (await app.client.get(f"{API}/accounts", headers=headers)).status_code == 200
    retry = await app.activate(key, requestId="r" * 40)  # revokes the first pair
    assert retry.status_code == 201 and retry.json()["instanceId"] == old["instanceId"]
    response = await app.client.get(f"{API}/accounts", headers=headers)
    assert response.status_code == 401 and response.json()["code"] == "invalid_session"
    assert (await app.login(old["publicKey"], old["privateKey"])).status_code == 401
    new = retry.json()
    assert (await app.login(new["publicKey"], new["privateKey"])).status_code == 200
