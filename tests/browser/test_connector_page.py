"""« Connecteur » in Chromium, on a real ``ssm-cloud serve`` fed by the connector's client:
the administrator creates a key pair and starts revoking it, at a desk and on a phone, with
no serious axe-core violation, no sideways scroll and every control within reach."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from ssm.connector import CrmClient
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud

from .audit import DESKTOP, PHONE, audit
from .conftest import ARTIFACTS

ADMIN = "alice@example.fr"
PASSWORD = "Mot de passe du test 2026"
PAGE = "/administration/connecteur"
STREAMS = {
    "accounts": {
        "read": 3,
        "created": 3,
        "failed": 1,
        "status": "partial",
        "finished_at": "2026-12-07T09:15:00+00:00",
    },
    "quotes": {"read": 0, "status": "succeeded", "finished_at": "2026-12-07T09:15:02+00:00"},
}


@dataclass(frozen=True)
class Cloud:
    """A served cloud with one activated instance whose connector reported itself."""

    url: str
    workdir: Path

    def welcome_link(self) -> str:
        for path in self.workdir.rglob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            assert body is not None
            link = re.search(r"http://\S+/password/\S+", body.get_content())
            if message["To"] == ADMIN and link:
                return link.group(0)
        raise AssertionError("no welcome e-mail")


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[Cloud]:
    paths = DemoPaths(tmp_path / "world")
    with local_cloud(paths, say=lambda _: None) as url:
        activated = httpx.post(
            url + "/api/v4/activation",
            json={
                "activationKey": issue_activation_key(paths),
                "companyName": "Bijou SA",
                "administrator": {"firstName": "Alice", "lastName": "Martin", "email": ADMIN},
            },
        )
        assert activated.status_code == 201, activated.text
        keys = activated.json()
        with CrmClient(url, keys["publicKey"], keys["privateKey"]) as crm:
            crm.upsert("accounts", [{"extId": "C0001", "name": "Bijouterie du Port"}])
            crm.report_errors(
                [{"resource": "accounts", "extId": "C0001", "message": "Code postal trop long"}]
            )
            crm.heartbeat("running", STREAMS, "9.9.9")
        yield Cloud(url, paths.workdir)


def test_the_connector_page_at_a_desk_and_on_a_phone(browser: Any, cloud: Cloud) -> None:
    # axe-core is added as a script: the service's CSP forbids that (test_cloud_csp checks it).
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(cloud.welcome_link())
        page.fill("#password", PASSWORD)
        page.fill("#confirmation", PASSWORD)
        page.click("button[type=submit]")
        page.goto(cloud.url + "/login")
        page.fill("#email", ADMIN)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.click("#side-menu >> text=Connecteur")
        assert page.url == cloud.url + PAGE
        assert page.locator("#connector-running").inner_text() == "En cours"
        assert "Code postal trop long" in page.locator("#errors").inner_text()
        assert "07/12/2026 10:15" in page.locator("#streams").inner_text()  # Paris time

        page.click("text=Créer une paire de clés")
        private_key = page.locator("#new-private-key").inner_text()
        assert len(private_key) > 20 and private_key not in page.url
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            assert audit(page, f"connector-page-{label}", ARTIFACTS) == []

        page.set_viewport_size(DESKTOP)
        page.locator("#key-pairs tbody tr").first.locator("text=Révoquer…").click()
        assert "Révoquer la paire de clés" in page.locator("#revoke-question").inner_text()
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            assert audit(page, f"connector-revoke-{label}", ARTIFACTS) == []
        page.click("text=Révoquer définitivement")
        assert "est révoquée" in page.locator("main").inner_text()
        assert private_key not in page.content()
    finally:
        context.close()
