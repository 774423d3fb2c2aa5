"""« Mon profil »: a signed-in person changes their password; other sessions end."""

import pytest

from .admin_helpers import act, browser_of, instance
from .web_helpers import GOOD, sign_in, text

pytestmark = pytest.mark.anyio

NEW = "an even better secret"


async def test_a_person_changes_their_password(app):
    await instance(app)
    async with (
        browser_of(app, "alice@example.fr") as first,
        browser_of(app, "alice@example.fr") as second,
    ):
        page = text(await first.get("/profil"))
        assert "Mon profil" in page and "Changer votre mot de passe" in page
        assert "alice@example.fr" in page and "Administrateur" in page and "Starter" in page
        assert 'href="/profil"' in text(await first.get("/"))
        wrong = await act(
            first, "/profil/mot-de-passe", current="nope", password=NEW, confirmation=NEW
        )
        assert wrong.status_code == 400
        assert "Le mot de passe actuel est incorrect." in text(wrong)
        short = await act(
            first, "/profil/mot-de-passe", current=GOOD, password="short", confirmation="short"
        )
        assert short.status_code == 400 and "au moins" in text(short)
        forged = await first.post(
            "/profil/mot-de-passe",
            data={"csrf": "x", "current": GOOD, "password": NEW, "confirmation": NEW},
        )
        assert forged.status_code == 400
        done = await act(
            first, "/profil/mot-de-passe", current=GOOD, password=NEW, confirmation=NEW
        )
        assert (done.status_code, done.headers["location"]) == (303, "/profil?ok=1")
        assert "Votre mot de passe est changé" in text(await first.get("/profil?ok=1"))
        assert (await second.get("/")).status_code == 303  # the other session ended
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 401
        assert (await sign_in(browser, "alice@example.fr", NEW)).status_code == 303


async def test_the_profile_needs_a_session_and_speaks_english(app):
    await instance(app)
    async with app.browser() as browser:
        response = await browser.get("/profil")
        assert response.headers["location"] == "/login?next=/profil"
    async with browser_of(app, "alice@example.fr", lang="en") as browser:
        page = text(await browser.get("/profil"))
    assert "My profile" in page and "Change your password" in page and "Administrator" in page
