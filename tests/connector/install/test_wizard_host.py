"""Issue 12: the wizard answers only to 127.0.0.1 and localhost (no DNS rebinding), with the
same security headers as the service."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from ssm.connector.wizard.browser import create_wizard_app, texts
from ssm.connector.wizard.install import InstallContext, install_wizard
from ssm.http_guards import SECURITY_HEADERS

TOKEN = "jeton-unique-de-test-0123456789abcdefghijklmnop"


def _get(app, url: str, **kwargs) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport) as client:
            return await client.get(url, **kwargs)

    return asyncio.run(go())


@pytest.mark.parametrize("host", ["evil.example:8765", "192.168.1.10:8765", ""])
def test_another_host_is_refused_before_the_token_is_spent(context: InstallContext, host) -> None:
    app = create_wizard_app(install_wizard(context), TOKEN)
    refused = _get(app, f"http://127.0.0.1:8765/?token={TOKEN}", headers={"Host": host})
    assert refused.status_code == 400
    assert refused.text == texts.HOST_TEXT
    assert "set-cookie" not in refused.headers
    opened = _get(app, f"http://127.0.0.1:8765/?token={TOKEN}")  # the token still works
    assert opened.status_code == 303


@pytest.mark.parametrize("base", ["http://127.0.0.1:8765", "http://localhost:8765"])
def test_loopback_names_are_answered_with_the_security_headers(
    context: InstallContext, base
) -> None:
    app = create_wizard_app(install_wizard(context), TOKEN)
    response = _get(app, f"{base}/?token=faux")
    assert response.status_code == 403  # past the Host check, stopped by the token gate
    for name, value in SECURITY_HEADERS:
        assert response.headers[name] == value
