"""The cloud as the connector's tests see it: over HTTP only, as the connector does.

Records come from the API with the install's keys; what a person sees (a record's sync badge,
the dashboard's total, the users page) from the web app, signed in as the instance's
administrator with the password link of the welcome e-mail. No test of the connector opens
the cloud's database: the boundary between the two parts is HTTP (DESIGN §1).
"""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import httpx

from ssm.connector import CrmClient, InstallLayout, load_install

LINK = re.compile(r"https?://[^\s]+/password/([A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PASSWORD = "correct horse battery"


def record_id(cloud_url: str, layout: InstallLayout, resource: str, ext_id: str) -> int:
    """The id of the record sent as ``ext_id``, from the API with the install's keys.

    The URL is the cloud's own, not the install's (which may name a proxy now closed).
    """
    config, secrets = load_install(layout)
    private_key = secrets.private_key.get_secret_value()
    with CrmClient(cloud_url, config.cloud.public_key, private_key) as crm:
        return next(int(r["id"]) for r in crm.iter_all(resource) if r["extId"] == ext_id)


def csrf_of(page: httpx.Response) -> str:
    match = CSRF.search(page.text)
    assert match is not None, page.text
    return match.group(1)


@contextmanager
def administrator(cloud_url: str, outbox: Path) -> Iterator[httpx.Client]:
    """A browser signed in as the administrator named at activation (the welcome e-mail's)."""
    (welcome,) = (
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(outbox.glob("*.eml"))
    )
    link = LINK.search(welcome.get_content())
    assert link is not None, welcome.get_content()
    token = link.group(1)
    with httpx.Client(base_url=cloud_url, timeout=30) as browser:
        form = {"password": PASSWORD, "confirmation": PASSWORD}
        page = browser.get(f"/password/{token}")
        chosen = browser.post(f"/password/{token}", data=form | {"csrf": csrf_of(page)})
        assert chosen.status_code == 200, chosen.text
        page = browser.get("/login")
        signed_in = browser.post(
            "/login",
            data={"email": welcome["To"], "password": PASSWORD, "csrf": csrf_of(page)},
        )
        assert signed_in.status_code == 303, signed_in.text
        yield browser


def sync_badge(browser: httpx.Client, page: str) -> tuple[str, str]:
    """The sync status and detail a record page (``/comptes/12``) shows."""
    answer = browser.get(page)
    assert answer.status_code == 200, answer.text
    status = re.search(r'<dd id="sync-status" data-sync="([^"]+)"', answer.text)
    detail = re.search(r'<dd id="sync-detail">([^<]*)</dd>', answer.text)
    assert status is not None and detail is not None, answer.text
    return status.group(1), html.unescape(detail.group(1))


def sales_total(browser: httpx.Client) -> str:
    """The dashboard's exact sales total (the digits behind the rounded figure shown)."""
    answer = browser.get("/")
    match = re.search(r'id="sales-total" data-value="([^"]+)"', answer.text)
    assert match is not None, answer.text
    return match.group(1)
