"""The pages' static files (brand.css, app.css, the mark), ``/favicon.ico`` and gzip, through
the real app: versioned URLs cached for a year, nothing else served, pages compressed and the
API (the change feed's long-poll included) left as it was."""

import hashlib
import re

import pytest

from ssm import brand
from ssm.cloud.web.assets import LONG_CACHE, asset_url

from .test_crm_changes import CHANGES, create

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("brand.css", "text/css; charset=utf-8"),
        ("app.css", "text/css; charset=utf-8"),
        ("favicon.svg", "image/svg+xml"),
        ("quote_page.js", "text/javascript; charset=utf-8"),
    ],
)
async def test_a_static_file_is_served_under_its_hash_and_kept_a_year(app, name, content_type):
    url = asset_url(name)
    served = await app.client.get(url)
    assert served.status_code == 200
    assert served.headers["content-type"] == content_type
    assert served.headers["cache-control"] == LONG_CACHE
    assert url == f"/-/static/{hashlib.sha256(served.content).hexdigest()[:12]}/{name}"
    assert "Content-Security-Policy" in served.headers


async def test_an_old_version_still_answers_but_is_not_kept(app):
    served = await app.client.get("/-/static/000000000000/brand.css")
    assert served.status_code == 200 and served.content == brand.asset("brand.css")
    assert served.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("name", ["app.py", "..%2Fapp.py", "swagger-ui.css", "favicon.ico"])
async def test_nothing_else_is_served_as_static(app, name):
    assert (await app.client.get(f"/-/static/x/{name}")).status_code == 404


async def test_the_favicon_is_the_brand_mark(app):
    served = await app.client.get("/favicon.ico")
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/svg+xml"
    assert served.content == brand.asset("favicon.svg")


async def test_a_signed_out_page_is_a_branded_card_compressed(app):
    page = await app.client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert page.headers["cache-control"] == "no-store"  # the page's own headers survive
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert sheets == [asset_url("brand.css"), asset_url("app.css")]
    assert '<main class="card">' in page.text and "<style" not in page.text
    assert f'<link rel="icon" href="{asset_url("favicon.svg")}"' in page.text


async def test_a_small_answer_is_not_compressed(app):
    health = await app.client.get("/-/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in health.headers and health.json() == {"status": "ok"}


async def test_the_api_answers_uncompressed_the_long_poll_whole(app):
    # The connector's hot path: no gzip on the service's CPU for every bulk answer.
    tenant = await app.tenant()
    ids = [await create(app, tenant, f"Compte {n} de la liste") for n in range(12)]
    raw = await app.client.get(
        CHANGES,
        params={"wait": 25},
        headers={**tenant.headers, "Accept-Encoding": "gzip"},
    )
    assert raw.status_code == 200
    assert "content-encoding" not in raw.headers and len(raw.content) > 500
    assert [change["id"] for change in raw.json()["changes"]] == ids
