"""The wizard app's gate: one-time token, HttpOnly SameSite=Strict cookie, CSRF on every form."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette

from ssm.connector.wizard.browser import create_wizard_app

TOKEN = "jeton-unique-de-test-0123456789abcdefghijklmnop"


@pytest.fixture
def wizard(make_wizard):
    return make_wizard()


def _run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run on a loop of its own: the session's Playwright keeps the main thread's loop."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(scenario())  # type: ignore[arg-type]
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


def _client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1")


async def _login(client: httpx.AsyncClient) -> str:
    response = await client.get(f"/?token={TOKEN}")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    match = re.search(r'name="csrf" value="([^"]+)"', (await client.get("/")).text)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    "path", ["/", "/?token=faux", "/annuler", "/-/progress", "/conditions", "/-/reprise"]
)
def test_without_the_token_everything_is_refused_in_french(wizard, path) -> None:
    async def scenario() -> None:
        async with _client(create_wizard_app(wizard, TOKEN)) as client:
            response = await client.get(path)
        assert response.status_code in (403, 405)  # /-/reprise: POST only, with its key
        if response.status_code == 403:
            assert "Accès refusé" in response.text and 'lang="fr"' in response.text

    _run(scenario)


def test_the_look_of_the_pages_needs_no_token_but_a_reopening_needs_its_key(wizard) -> None:
    """« Accès refusé » is styled too; the files of the look hold no secret."""

    async def scenario() -> None:
        async with _client(create_wizard_app(wizard, TOKEN)) as client:
            brand = await client.get("/brand/brand.css")
            layout = await client.get("/static/wizard-1.1.css")
            unknown = await client.get("/brand/secrets.txt")
            reopen = await client.post("/-/reprise", headers={"X-SSM-Reprise": "faux"})
        assert brand.status_code == 200 and "--ssm-primary" in brand.text
        assert layout.status_code == 200
        assert unknown.status_code == 404
        assert reopen.status_code == 403 and reopen.text == ""

    _run(scenario)


def test_the_token_works_once(wizard) -> None:
    app = create_wizard_app(wizard, TOKEN)

    async def scenario() -> None:
        async with _client(app) as client:
            await _login(client)
            assert (await client.get("/")).status_code == 200
        async with _client(app) as other:
            assert (await other.get(f"/?token={TOKEN}")).status_code == 403

    _run(scenario)


def test_forms_need_the_csrf_token(wizard) -> None:
    async def scenario() -> None:
        async with _client(create_wizard_app(wizard, TOKEN)) as client:
            csrf = await _login(client)
            for path in ("/suivant", "/precedent", "/annuler"):
                assert (await client.post(path, data={"csrf": "faux"})).status_code == 403
            assert wizard.current.name == "welcome" and not wizard.cancelled
            moved = await client.post("/suivant", data={"csrf": csrf, "country": "US"})
            assert moved.status_code == 303
            assert wizard.current.name == "folder" and wizard.answers.country == "US"

    _run(scenario)


def test_hostile_values_are_refused_in_french_never_a_500(wizard) -> None:
    """Non-ASCII csrf, token and cookie, and a body that is not UTF-8 (F6 of issue 12)."""

    async def scenario() -> None:
        app = create_wizard_app(wizard, TOKEN)
        async with _client(app) as stranger:
            assert (await stranger.get("/?token=é")).status_code == 403
            cookie = {"Cookie": "ssm_wizard_session=é".encode()}
            assert (await stranger.get("/", headers=cookie)).status_code == 403
        async with _client(app) as client:
            await _login(client)
            for path in ("/suivant", "/precedent", "/annuler"):
                refused = await client.post(path, data={"csrf": "é", "country": "US"})
                assert refused.status_code == 403
                assert "Le formulaire a expiré" in refused.text
            raw = await client.post(
                "/suivant",
                content=b"csrf=\xff\xfe&country=US",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            assert raw.status_code == 403 and "Le formulaire a expiré" in raw.text
            assert wizard.current.name == "welcome" and not wizard.cancelled

    _run(scenario)


def test_a_refused_value_is_shown_after_a_redirect_and_once(wizard) -> None:
    async def scenario() -> None:
        async with _client(create_wizard_app(wizard, TOKEN)) as client:
            csrf = await _login(client)
            await client.post("/suivant", data={"csrf": csrf, "country": "FR"})
            posted = await client.post("/suivant", data={"csrf": csrf, "install_dir": "relatif"})
            shown = await client.get("/")
            reloaded = await client.get("/")
        assert posted.status_code == 303 and posted.headers["location"] == "/"
        assert shown.status_code == 200
        assert "n&#39;est pas un chemin absolu" in shown.text
        assert 'value="relatif"' in shown.text  # what was typed is kept
        assert "n&#39;est pas un chemin absolu" not in reloaded.text  # shown once
        assert wizard.current.name == "folder"

    _run(scenario)
