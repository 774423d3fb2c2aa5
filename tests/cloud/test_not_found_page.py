"""A URL the service does not have: a browser gets the « Page introuvable » card, in its
language; the API and any client that does not ask for HTML keep the JSON error."""

import pytest

pytestmark = pytest.mark.anyio

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


async def test_a_browser_gets_the_card_in_french(app):
    page = await app.client.get("/nulle-part", headers=BROWSER)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<main class="card">' in page.text and 'lang="fr"' in page.text
    assert "<h1>Page introuvable</h1>" in page.text
    assert '<a href="/">Retour au tableau de bord</a>' in page.text


async def test_in_english_when_the_browser_asks_english(app):
    page = await app.client.get(
        "/nowhere", headers={**BROWSER, "Accept-Language": "en-GB,en;q=0.9"}
    )
    assert page.status_code == 404 and "<h1>Page not found</h1>" in page.text


@pytest.mark.parametrize("path", ["/api/v4/nowhere", "/-/nowhere"])
async def test_the_api_answers_json_even_to_a_browser(app, path):
    response = await app.client.get(path, headers=BROWSER)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


async def test_a_client_that_asks_no_html_gets_json(app):
    response = await app.client.get("/nulle-part")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
