"""Helpers for the web pages' tests: e-mailed links, forms and their anti-forgery field."""

import re
from email import message_from_bytes, policy
from pathlib import Path

from ssm.cloud.services.passwords import csrf_token

LINK = re.compile(r"https?://[^\s]+/password/([A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
GOOD = "correct horse battery"


def eml_files(app) -> list[Path]:
    folder = app.outbox
    return sorted(folder.glob("*.eml"))


def emails_to(app, recipient: str):
    """Every e-mail delivered to ``recipient``, oldest first."""
    messages = [message_from_bytes(p.read_bytes(), policy=policy.default) for p in eml_files(app)]
    return [message for message in messages if message["To"] == recipient]


def last_token(app, recipient: str) -> str:
    match = LINK.search(emails_to(app, recipient)[-1].get_content())
    assert match is not None
    return match.group(1)


async def choose_password(app, recipient: str, password: str = GOOD):
    token = last_token(app, recipient)
    response = await app.client.post(
        f"/password/{token}",
        data={"password": password, "confirmation": password, "csrf": csrf_token(token)},
    )
    assert response.status_code == 200, response.text
    return response


def csrf_of(page) -> str:
    match = CSRF.search(page.text)
    assert match is not None, page.text
    return match.group(1)


async def sign_in(client, email: str, password: str = GOOD):
    """Open the login page (for its anti-forgery field and cookie), then post the form."""
    page = await client.get("/login")
    return await client.post(
        "/login", data={"email": email, "password": password, "csrf": csrf_of(page)}
    )


def set_cookies(response) -> dict[str, str]:
    """The response's Set-Cookie headers by cookie name."""
    headers = response.headers.get_list("set-cookie")
    return {header.split("=", 1)[0]: header for header in headers}


def text(response) -> str:
    return response.text.replace("&#39;", "'")
