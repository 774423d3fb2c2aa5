"""Issue 12: every page carries the headers that keep browsers from framing it, sniffing its
type, running foreign scripts or leaking a token-bearing path as the referrer."""

import re

import pytest

from ssm.http_guards import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

from .admin_helpers import browser_of, instance

pytestmark = pytest.mark.anyio

HREF = re.compile(r'href="(/[^"#]*)"')
SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def assert_guarded(response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name) == value, (response.url, name)


def test_the_policy_forbids_inline_script_framing_and_foreign_origins():
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert "script-src" not in directives  # so scripts fall back to 'self': no inline script
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


async def test_every_page_of_a_signed_in_walk_has_the_headers_and_no_inline_script(app):
    await instance(app, plan="starter")
    seen: set[str] = set()
    todo = ["/"]
    async with browser_of(app, "alice@example.fr") as browser:
        while todo and len(seen) < 80:
            path = todo.pop()
            if path in seen or path.startswith(("/langue/", "/logout")):
                continue
            seen.add(path)
            response = await browser.get(path)
            assert response.status_code < 500, path
            assert_guarded(response)
            if response.headers.get("content-type", "").startswith("text/html"):
                assert not SCRIPT.search(response.text), path
                todo.extend(HREF.findall(response.text))
    assert {"/", "/comptes", "/administration", "/profil"} <= seen, seen


async def test_pages_without_login_api_answers_and_errors_have_them_too(app):
    for path in ("/login", "/password/forgot", "/password/unknown", "/-/health", "/nowhere"):
        assert_guarded(await app.client.get(path))
    assert_guarded(await app.client.get("/api/v4/accounts"))  # 401 JSON
    assert_guarded(await app.client.get("/-/health", headers={"Host": "evil.example"}))  # 400
