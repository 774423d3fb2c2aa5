"""The web login, home page and logout, through the real app over HTTP."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ssm.cloud import messages
from ssm.cloud.dependencies import get_clock
from ssm.cloud.models import WebSession

from .web_helpers import GOOD, choose_password, csrf_of, set_cookies, sign_in, text

pytestmark = pytest.mark.anyio

FAILED = "Adresse e-mail ou mot de passe incorrect."


async def ready(app, company="ACME", email="alice@example.fr", password=GOOD, **extra):
    """An instance whose administrator has chosen ``password``."""
    tenant = await app.tenant(company=company, email=email, **extra)
    await choose_password(app, email, password)
    return tenant


def test_catalogue_holds_the_failure_sentence():
    assert messages.LOGIN_FAILED == FAILED


async def test_login_page_is_french_and_sets_an_anti_forgery_cookie(app):
    page = await app.client.get("/login")
    assert page.status_code == 200
    for words in ("Adresse e-mail", "Mot de passe", "Se connecter", 'type="password"'):
        assert words in page.text
    cookie = set_cookies(page)["ssm_csrf"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert csrf_of(page)


async def test_login_opens_a_session_and_home_greets_the_user(app):
    await ready(app, company="Dupont SARL")
    async with app.browser() as browser:
        response = await sign_in(browser, "alice@example.fr")
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        home = await browser.get("/")
    assert home.status_code == 200
    assert "Tableau de bord" in home.text
    assert "Bonjour Alice" in home.text
    assert "Dupont SARL" in home.text
    assert "Se déconnecter" in home.text and 'action="/logout"' in home.text


async def test_email_is_matched_without_case_or_spaces(app):
    await ready(app)
    async with app.browser() as browser:
        assert (await sign_in(browser, "  ALICE@Example.FR ")).status_code == 303


async def test_session_cookie_flags_over_http(app):
    await ready(app)
    async with app.browser() as browser:
        cookie = set_cookies(await sign_in(browser, "alice@example.fr"))["ssm_session"]
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert "Path=/" in cookie
    assert "Secure" not in cookie


async def test_session_cookie_is_secure_over_https(app):
    await ready(app)
    async with app.browser("https://cloud.test") as browser:
        response = await sign_in(browser, "alice@example.fr")
        cookie = set_cookies(response)["ssm_session"]
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert "Secure" in set_cookies(await browser.get("/login"))["ssm_csrf"]
        assert (await browser.get("/")).status_code == 200


async def test_cookies_are_secure_when_the_public_url_is_https(cloud):
    # Behind a proxy that ends TLS the app sees http; the public URL says https.
    app = await cloud(public_url="https://crm.example.fr")
    await ready(app)
    async with app.browser() as browser:
        assert "Secure" in set_cookies(await browser.get("/login"))["ssm_csrf"]


async def test_session_token_is_stored_hashed_only(app):
    await ready(app)
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        token = browser.cookies["ssm_session"]
    with app.db.read() as session:
        stored = session.scalars(select(WebSession.token_hash)).one()
    assert len(stored) == 64 and stored != token
    assert token not in app.dump()


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("alice@example.fr", "wrong password!!"),
        ("nobody@example.fr", GOOD),
        ("", ""),
    ],
)
async def test_a_failed_login_is_401_with_one_generic_message(app, email, password):
    await ready(app)
    async with app.browser() as browser:
        response = await sign_in(browser, email, password)
        assert response.status_code == 401
        assert FAILED in text(response)
        assert "ssm_session" not in set_cookies(response)
        assert (await browser.get("/")).status_code == 303
    with app.db.read() as session:
        assert session.scalars(select(WebSession)).all() == []


async def test_a_user_without_a_password_yet_cannot_log_in(app):
    await app.tenant()
    async with app.browser() as browser:
        response = await sign_in(browser, "alice@example.fr", "")
        assert response.status_code == 401
        assert FAILED in text(response)


async def test_login_without_the_anti_forgery_field_is_refused(app):
    await ready(app)
    async with app.browser() as browser:
        await browser.get("/login")
        response = await browser.post(
            "/login", data={"email": "alice@example.fr", "password": GOOD, "csrf": "forged"}
        )
        assert response.status_code == 400
        assert "Le formulaire a expiré" in text(response)
        assert "ssm_session" not in set_cookies(response)
    async with app.browser() as fresh:  # no ssm_csrf cookie at all
        response = await fresh.post(
            "/login", data={"email": "alice@example.fr", "password": GOOD, "csrf": "x"}
        )
        assert response.status_code == 400


async def test_home_without_a_session_redirects_to_login(app):
    async with app.browser() as browser:
        response = await browser.get("/")
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        browser.cookies.set("ssm_session", "forged", domain="cloud.test")
        assert (await browser.get("/")).headers["location"] == "/login"


async def test_a_session_expires_a_fixed_time_after_login(app):
    await ready(app)
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        assert (await browser.get("/")).status_code == 200
        later = datetime.now(UTC) + timedelta(hours=8, minutes=1)
        app.app.dependency_overrides[get_clock] = lambda: lambda: later
        assert (await browser.get("/")).status_code == 303


async def test_logout_closes_the_session(app):
    await ready(app)
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        token = browser.cookies["ssm_session"]
        home = await browser.get("/")
        response = await browser.post("/logout", data={"csrf": csrf_of(home)})
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        assert 'ssm_session=""' in set_cookies(response)["ssm_session"]
        assert (await browser.get("/")).status_code == 303
    async with app.browser() as replay:  # the old cookie no longer opens anything
        replay.cookies.set("ssm_session", token, domain="cloud.test")
        assert (await replay.get("/")).status_code == 303
    with app.db.read() as session:
        assert session.scalars(select(WebSession)).all() == []


async def test_logout_with_a_forged_form_keeps_the_session(app):
    await ready(app)
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        response = await browser.post("/logout", data={"csrf": "forged"})
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        assert (await browser.get("/")).status_code == 200


async def test_each_user_sees_only_their_own_instance(app):
    await ready(app, company="Alpha SA", email="alice@alpha.fr")
    await ready(app, company="Beta SARL", email="bruno@beta.fr", password="another secret 42")
    async with app.browser() as alice, app.browser() as bruno:
        await sign_in(alice, "alice@alpha.fr")
        await sign_in(bruno, "bruno@beta.fr", "another secret 42")
        alice_home = await alice.get("/")
        bruno_home = await bruno.get("/")
    assert "Alpha SA" in alice_home.text and "Beta SARL" not in alice_home.text
    assert "Beta SARL" in bruno_home.text and "Alpha SA" not in bruno_home.text
    async with app.browser() as intruder:  # Alice's e-mail with Bruno's password
        assert (await sign_in(intruder, "alice@alpha.fr", "another secret 42")).status_code == 401


async def test_one_email_in_two_instances_opens_the_instance_of_its_password(app):
    await ready(app, company="Alpha SA")
    await ready(app, company="Beta SARL", password="another secret 42")
    async with app.browser() as first, app.browser() as second:
        await sign_in(first, "alice@example.fr")
        await sign_in(second, "alice@example.fr", "another secret 42")
        assert "Alpha SA" in (await first.get("/")).text
        home = (await second.get("/")).text
    assert "Beta SARL" in home and "Alpha SA" not in home


async def test_password_confirmation_links_to_login(app):
    await app.tenant()
    done = await choose_password(app, "alice@example.fr")
    assert 'href="/login"' in done.text and "Se connecter" in done.text


async def test_the_login_page_speaks_english_when_asked(app):
    async with app.browser() as browser:
        french = await browser.get("/login")
        assert "Se connecter" in french.text and 'lang="fr"' in french.text
        switched = await browser.get("/langue/en", params={"next": "/login"})
        assert switched.status_code == 303
        english = await browser.get("/login")
        assert 'lang="en"' in english.text
        assert "Forgot your password?" in english.text and "Se connecter" not in english.text
        refused = await browser.post(
            "/login", data={"csrf": "x", "email": "a@b.fr", "password": "faux"}
        )
        assert "The form has expired." in refused.text


async def test_a_non_ascii_anti_forgery_value_is_refused_never_a_500(app):
    """F6 of issue 12: ``compare_digest`` raised on a non-ASCII ``csrf`` (a 500, no login)."""
    await ready(app)
    async with app.browser() as stranger:
        await stranger.get("/login")
        login = await stranger.post(
            "/login", data={"email": "alice@example.fr", "password": GOOD, "csrf": "é"}
        )
        assert login.status_code == 400 and "Le formulaire a expiré" in text(login)
        forgot = await stranger.post(
            "/password/forgot", data={"email": "alice@example.fr", "csrf": "é"}
        )
        assert forgot.status_code < 500
        link = await stranger.post(
            "/password/token-inconnu", data={"password": GOOD, "confirmation": GOOD, "csrf": "é"}
        )
        assert link.status_code < 500
    async with app.browser() as browser:
        await sign_in(browser, "alice@example.fr")
        logout = await browser.post("/logout", data={"csrf": "é"})
        assert logout.status_code == 303 and logout.headers["location"] == "/"
        profile = await browser.post(
            "/profil/mot-de-passe",
            data={"current": GOOD, "password": "x", "confirmation": "x", "csrf": "é"},
        )
        assert profile.status_code == 400
        assert (await browser.get("/")).status_code == 200  # still signed in, nothing changed
