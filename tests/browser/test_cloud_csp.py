"""Issue 12: Chromium shows the service's pages under their Content-Security-Policy with no
violation, /docs included (Swagger UI from the service's own files, no CDN)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("path", ["/docs", "/login", "/password/forgot"])
def test_pages_render_without_a_csp_violation_or_a_foreign_request(
    browser: Any, cloud_url: str, path: str
) -> None:
    page = browser.new_page()
    messages: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on(
        "request",
        lambda request: None if request.url.startswith(cloud_url) else foreign.append(request.url),
    )
    try:
        response = page.goto(cloud_url + path)
        assert response is not None and response.status == 200
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        if path == "/docs":
            page.wait_for_selector(".opblock", timeout=15_000)  # the operations are drawn
            assert page.locator(".opblock").count() > 20
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    # Chromium reports each violation as « Refused to … Content Security Policy … ».
    assert not [m for m in messages if "Content Security Policy" in m or "Refused" in m], messages
    assert foreign == [] or all(url.startswith("data:") for url in foreign), foreign
