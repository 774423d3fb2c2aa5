"""Issue 12: ``/docs`` is Swagger UI served by the service itself, never from a CDN."""

import re

import pytest

from ssm.http_guards import SECURITY_HEADERS

pytestmark = pytest.mark.anyio

REFERENCE = re.compile(r'(?:src|href)="([^"]+)"')
EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+", re.IGNORECASE)
CSS_FETCH = re.compile(r"url\(\s*(?!['\"]?data:)|@import", re.IGNORECASE)


async def test_docs_page_references_only_files_of_the_service(app):
    page = await app.client.get("/docs")
    assert page.status_code == 200
    references = REFERENCE.findall(page.text)
    assert references and all(
        ref.startswith("/") and not ref.startswith("//") for ref in references
    )
    assert not EXTERNAL.search(page.text)
    for name, value in SECURITY_HEADERS:
        assert page.headers[name] == value
    for ref in references:
        asset = await app.client.get(ref)
        assert asset.status_code == 200, ref
        assert asset.headers["content-type"].startswith(
            ("text/css", "text/javascript", "image/png")
        ), ref
        if ref.endswith(".css"):  # a stylesheet could pull fonts or images from elsewhere
            assert not CSS_FETCH.search(asset.text), ref  # data: URLs only


async def test_the_starter_script_reads_our_schema_and_no_validator(app):
    script = (await app.client.get("/-/swagger-ui/api_docs.js")).text
    assert 'url: "/openapi.json"' in script and "validatorUrl: null" in script
    assert (await app.client.get("/openapi.json")).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/redoc", "/-/swagger-ui/index.html", "/-/swagger-ui/..%2Fapi_docs.py", "/-/swagger-ui/"],
)
async def test_nothing_else_is_served(app, path):
    assert (await app.client.get(path)).status_code == 404
