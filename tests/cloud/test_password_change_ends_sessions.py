"""A new password ends every session and every earlier link (F4 of issue 12), and the
current-password check of « Mon profil » is rate-limited (F5)."""

from datetime import UTC, datetime, timedelta

import pytest

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock
from ssm.cloud.services.passwords import csrf_token

from .admin_helpers import act, browser_of, instance
from .web_helpers import GOOD, choose_password, csrf_of, last_token, sign_in, text

pytestmark = pytest.mark.anyio

NEW = "une toute nouvelle phrase"


async def ask_link(client, email: str):
    page = await client.get("/password/forgot")
    response = await client.post("/password/forgot", data={"email": email, "csrf": csrf_of(page)})
    assert response.status_code == 200, response.text


async def test_a_profile_change_ends_the_other_browser_and_earlier_links(app):
    await instance(app)
    await ask_link(app.client, "alice@example.fr")
    earlier = last_token(app, "alice@example.fr")
    async with (
        browser_of(app, "alice@example.fr") as first,
        browser_of(app, "alice@example.fr") as second,
    ):
        old_cookie = first.cookies["ssm_session"]
        done = await act(
            first, "/profil/mot-de-passe", current=GOOD, password=NEW, confirmation=NEW
        )
        assert (done.status_code, done.headers["location"]) == (303, "/profil?ok=1")
        rotated = first.cookies["ssm_session"]
        assert rotated != old_cookie  # the session in use is rotated …
        assert (await first.get("/profil")).status_code == 200  # … and stays signed in
        other = await second.get("/profil")
        assert other.status_code == 303 and other.headers["location"].startswith("/login")
    async with app.browser() as thief:  # a copy of the old cookie is worth nothing
        thief.cookies.set("ssm_session", old_cookie, domain="cloud.test")
        assert (await thief.get("/profil")).status_code == 303
    link = await app.client.get(f"/password/{earlier}")
    assert link.status_code == 410 and messages.MDP_LINK_EXPIRED in text(link)
    refused = await app.client.post(
        f"/password/{earlier}",
        data={
            "password": "phrase du voleur 42",
            "confirmation": "phrase du voleur 42",
            "csrf": csrf_token(earlier),
        },
    )
    assert refused.status_code == 410
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", NEW)).status_code == 303


async def test_a_reset_by_link_ends_every_session_and_the_other_links(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as signed_in:
        await ask_link(app.client, "alice@example.fr")
        first_link = last_token(app, "alice@example.fr")
        await ask_link(app.client, "alice@example.fr")
        await choose_password(app, "alice@example.fr", NEW)  # with the second link
        assert (await signed_in.get("/profil")).status_code == 303
    expired = await app.client.get(f"/password/{first_link}")
    assert expired.status_code == 410 and messages.MDP_LINK_EXPIRED in text(expired)
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 401
        assert (await sign_in(browser, "alice@example.fr", NEW)).status_code == 303


async def test_the_current_password_check_is_limited_to_5_per_15_minutes(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as browser:
        for _ in range(5):
            wrong = await act(
                browser, "/profil/mot-de-passe", current="devinette", password=NEW, confirmation=NEW
            )
            assert wrong.status_code == 400 and "Le mot de passe actuel est incorrect." in text(
                wrong
            )
        limited = await act(
            browser, "/profil/mot-de-passe", current=GOOD, password=NEW, confirmation=NEW
        )
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 15 * 60
        assert messages.WEB_RATE_LIMITED.format(minutes=15) in text(limited)
        later = datetime.now(UTC) + timedelta(minutes=16)
        app.app.dependency_overrides[get_clock] = lambda: lambda: later
        done = await act(
            browser, "/profil/mot-de-passe", current=GOOD, password=NEW, confirmation=NEW
        )
        assert done.status_code == 303
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", NEW)).status_code == 303
