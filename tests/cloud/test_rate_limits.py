"""Rate limits on login, activation and « Recevoir un nouveau lien », kept in the database."""

import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.dependencies import get_clock
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.models import RateLimit
from ssm.cloud.services import rate_limits
from ssm.cloud.services.rate_limits import Limit

from .web_helpers import GOOD, choose_password, csrf_of, sign_in, text

pytestmark = pytest.mark.anyio

BAD_LOGIN = {"username": "pk_unknown", "password": "sk_wrong"}


def client_from(app, address: str) -> httpx.AsyncClient:
    """A client whose requests come from ``address``."""
    transport = httpx.ASGITransport(app=app.app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://cloud.test")


def travel(app, delta: timedelta) -> None:
    moment = datetime.now(UTC) + delta
    app.app.dependency_overrides[get_clock] = lambda: lambda: moment


def assert_rate_limited(response, window_seconds: int) -> None:
    assert response.status_code == 429, response.text
    assert response.json() == {"code": "rate_limited", "message": messages.RATE_LIMITED}
    assert 1 <= int(response.headers["Retry-After"]) <= window_seconds


async def test_api_login_trips_after_30_attempts_per_address_per_minute(app):
    for _ in range(30):
        response = await app.client.post("/api/v4/login", json=BAD_LOGIN)
        assert response.status_code == 401
    assert_rate_limited(await app.client.post("/api/v4/login", json=BAD_LOGIN), 60)


async def test_a_good_key_pair_is_refused_too_while_limited_then_served_after_the_window(cloud):
    app = await cloud(rate_limit_login_per_ip=3)
    tenant = await app.tenant()  # one login
    for _ in range(2):
        assert (await app.client.post("/api/v4/login", json=BAD_LOGIN)).status_code == 401
    response = await app.login(tenant.public_key, tenant.private_key)
    assert_rate_limited(response, 60)
    travel(app, timedelta(seconds=61))
    response = await app.login(tenant.public_key, tenant.private_key)
    assert response.status_code == 200, response.text


async def test_another_address_is_not_limited(cloud):
    app = await cloud(rate_limit_login_per_ip=2)
    for _ in range(3):
        await app.client.post("/api/v4/login", json=BAD_LOGIN)
    assert (await app.client.post("/api/v4/login", json=BAD_LOGIN)).status_code == 429
    async with client_from(app, "203.0.113.9") as other:
        assert (await other.post("/api/v4/login", json=BAD_LOGIN)).status_code == 401


async def test_two_workers_on_one_database_share_the_counters(cloud):
    first = await cloud(rate_limit_login_per_ip=4)
    second = await cloud(database_url=first.settings.database_url, rate_limit_login_per_ip=4)
    for worker in (first, second, first, second):
        assert (await worker.client.post("/api/v4/login", json=BAD_LOGIN)).status_code == 401
    assert_rate_limited(await first.client.post("/api/v4/login", json=BAD_LOGIN), 60)
    assert_rate_limited(await second.client.post("/api/v4/login", json=BAD_LOGIN), 60)


async def test_zero_switches_a_limit_off(cloud):
    app = await cloud(rate_limit_login_per_ip=0)
    for _ in range(40):
        assert (await app.client.post("/api/v4/login", json=BAD_LOGIN)).status_code == 401


async def test_activation_and_key_checks_trip_after_10_per_address_per_minute(app):
    for _ in range(9):
        response = await app.client.post(
            "/api/v4/activation/check", json={"activationKey": "SSM-NOPE"}
        )
        assert response.status_code == 400, response.text
    assert (await app.activate()).status_code == 201  # the tenth attempt
    assert_rate_limited(await app.activate(), 60)
    response = await app.client.post("/api/v4/activation/check", json={"activationKey": "SSM-X"})
    assert_rate_limited(response, 60)
    async with client_from(app, "198.51.100.4") as other:
        response = await other.post("/api/v4/activation/check", json={"activationKey": "SSM-X"})
        assert response.status_code == 400
    travel(app, timedelta(seconds=61))
    response = await app.client.post("/api/v4/activation/check", json={"activationKey": "SSM-X"})
    assert response.status_code == 400


async def test_the_429_is_documented_with_retry_after(app):
    schema = (await app.client.get("/openapi.json")).json()
    for path in ("/api/v4/login", "/api/v4/activation", "/api/v4/activation/check"):
        documented = schema["paths"][path]["post"]["responses"]["429"]
        assert "Retry-After" in documented["headers"]


# The web login: per address, and failures per e-mail.


async def web_user(app, email="alice@example.fr"):
    await app.tenant(email=email)
    await choose_password(app, email)


async def test_web_login_trips_after_10_failures_for_one_email(app):
    await web_user(app)
    async with app.browser() as browser:
        for _ in range(10):
            response = await sign_in(browser, "alice@example.fr", "wrong password")
            assert response.status_code == 401
        response = await sign_in(browser, "Alice@Example.fr ", GOOD)  # same address
        assert response.status_code == 429
        assert 1 <= int(response.headers["Retry-After"]) <= 15 * 60
        assert "Trop de tentatives" in text(response)
        assert "15 minute(s)" in text(response)
        assert "ssm_session" not in response.cookies
        # Another address from the same browser still gets its answer.
        assert (await sign_in(browser, "bob@example.fr", "x")).status_code == 401
    travel(app, timedelta(minutes=16))
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 303


async def test_a_successful_web_login_clears_the_emails_failures(app):
    await web_user(app)
    async with app.browser() as browser:
        for _ in range(9):
            assert (await sign_in(browser, "alice@example.fr", "wrong")).status_code == 401
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 303
    async with app.browser() as browser:
        for _ in range(10):
            assert (await sign_in(browser, "alice@example.fr", "wrong")).status_code == 401
        assert (await sign_in(browser, "alice@example.fr", "wrong")).status_code == 429


async def test_web_login_counts_against_the_address_limit(cloud):
    app = await cloud(rate_limit_login_per_ip=3)
    async with app.browser() as browser:
        for index in range(3):
            assert (await sign_in(browser, f"u{index}@example.fr", "x")).status_code == 401
        response = await sign_in(browser, "other@example.fr", "x")
        assert response.status_code == 429
        assert "Trop de tentatives" in text(response)


async def test_the_email_is_not_stored_in_clear(app):
    async with app.browser() as browser:
        await sign_in(browser, "secret.person@example.fr", "x")
    with app.db.read() as session:
        keys = session.scalars(select(RateLimit.key)).all()
    assert keys and not any("secret.person" in key for key in keys)


async def test_forgot_form_trips_after_5_requests_for_one_email(app):
    async with app.browser() as browser:
        for _ in range(5):
            page = await browser.get("/password/forgot")
            response = await browser.post(
                "/password/forgot", data={"email": "a@b.fr", "csrf": csrf_of(page)}
            )
            assert response.status_code == 200
        page = await browser.get("/password/forgot")
        response = await browser.post(
            "/password/forgot", data={"email": "a@b.fr", "csrf": csrf_of(page)}
        )
        assert response.status_code == 429
        assert "Trop de tentatives" in text(response)
        assert int(response.headers["Retry-After"]) <= 3600
        response = await browser.post(
            "/password/forgot", data={"email": "c@d.fr", "csrf": csrf_of(page)}
        )
        assert response.status_code == 200


# The counter itself.


async def test_concurrent_hits_from_many_workers_are_all_counted(app):
    """Each thread is a worker with its own engine on the app's database (SQLite or PG)."""
    url = app.settings.database_url
    workers, per_worker = 6, 20
    limit = Limit(hits=10_000, window=timedelta(minutes=1))
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work() -> None:
        db = Database(url)
        try:
            barrier.wait()
            for _ in range(per_worker):
                rate_limits.hit(db, [("test:key", limit)], now=datetime.now(UTC))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.db.read() as session:
        row = session.get(RateLimit, "test:key")
        assert row is not None and row.hits == workers * per_worker


def test_expired_counters_are_cleaned_when_a_new_window_starts(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'cloud.sqlite'}")
    db.create_schema()
    try:
        now = datetime.now(UTC)
        minute = Limit(hits=5, window=timedelta(minutes=1))
        rate_limits.hit(db, [("a", minute), ("b", minute)], now=now)
        later = now + timedelta(minutes=2)
        rate_limits.hit(db, [("c", minute)], now=later)
        with db.read() as session:
            assert session.scalars(select(RateLimit.key)).all() == ["c"]
        # "c" has one hit; four more fill its window, the sixth is refused.
        for _ in range(4):
            rate_limits.hit(db, [("c", minute)], now=later)
        with pytest.raises(RateLimitedError) as raised:
            rate_limits.hit(db, [("c", minute)], now=later + timedelta(seconds=30))
        assert raised.value.retry_after == 30
        rate_limits.hit(db, [("c", minute)], now=later + timedelta(seconds=60))
    finally:
        db.dispose()
