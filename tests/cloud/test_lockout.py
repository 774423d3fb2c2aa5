"""A stranger cannot lock someone out of the web login, and guessing stays bounded (F9).

Each browser below comes from its own client address, as ASGI reports it.
"""

import httpx
import pytest

from .web_helpers import GOOD, choose_password, sign_in, text

pytestmark = pytest.mark.anyio

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


def browser_from(app, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app.app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://cloud.test")


async def alice(app):
    await app.tenant(email="alice@example.fr")
    await choose_password(app, "alice@example.fr")


async def test_an_attacker_is_refused_after_10_guesses_and_the_owner_still_gets_in(app):
    await alice(app)
    async with browser_from(app, ATTACKER) as attacker:
        for _ in range(10):
            assert (await sign_in(attacker, "alice@example.fr", "guess")).status_code == 401
        refused = await sign_in(attacker, "alice@example.fr", GOOD)  # even the right one
        assert refused.status_code == 429 and "Trop de tentatives" in text(refused)
        assert "ssm_session" not in refused.cookies
    async with browser_from(app, OWNER) as owner:
        assert (await sign_in(owner, "alice@example.fr", GOOD)).status_code == 303


async def test_many_addresses_get_about_one_guess_each_once_the_account_is_attacked(cloud):
    app = await cloud(rate_limit_login_failures_per_email=5)
    await alice(app)
    for n in range(5):  # five addresses, one failure each: the account is now under attack
        async with browser_from(app, f"203.0.113.{n + 1}") as bot:
            assert (await sign_in(bot, "alice@example.fr", f"guess {n}")).status_code == 401
    async with browser_from(app, "203.0.113.1") as bot:  # failed before: no second guess
        assert (await sign_in(bot, "alice@example.fr", "another guess")).status_code == 429
    async with browser_from(app, "203.0.113.99") as bot:  # a new address: one guess …
        assert (await sign_in(bot, "alice@example.fr", "guess 99")).status_code == 401
        assert (await sign_in(bot, "alice@example.fr", "guess 100")).status_code == 429
    async with browser_from(app, OWNER) as owner:  # … and the owner is never refused
        assert (await sign_in(owner, "alice@example.fr", GOOD)).status_code == 303
    async with browser_from(app, "203.0.113.2") as bot:  # the owner's success cleared it
        assert (await sign_in(bot, "alice@example.fr", "guess again")).status_code == 401
