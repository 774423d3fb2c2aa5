"""Acceptance of issue 6 in Chromium, against a real cloud fed by the real connector: the
administrator logs in and invites a sales rep; the rep follows the e-mailed link, chooses a
password, logs in and sees only the accounts Sage gives them; the dashboard's sales total
equals a SQL sum over the posted invoices of the emulated Sage company."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from ssm.connector import InstallLayout, sync_once
from ssm.connector.configure import configure, sage_administrators
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER, generate_server, open_server

from .conftest import ARTIFACTS

COMPANY = "BIJOU"
PASSWORD = "Mot de passe du test 2026"
POSTED_SALES = text(
    # What the connector sends as posted: DO_Type 7 (comptabilisée), credit notes negative.
    "SELECT SUM(CASE WHEN DO_Provenance IN (1, 2) THEN -ABS(DO_TotalHT) ELSE ABS(DO_TotalHT) END)"
    " FROM F_DOCENTETE WHERE DO_Domaine = 0 AND DO_Type = 7"
)


@dataclass(frozen=True)
class Synced:
    """A Sage company synced into a cloud, and where the cloud writes its e-mails."""

    paths: DemoPaths
    cloud_url: str
    layout: InstallLayout

    def sage(self, query: Any, **params: Any) -> list[Any]:
        engine = open_server(str(self.paths.sage_server)).engine(COMPANY)
        try:
            with engine.connect() as connection:
                return list(connection.execute(query, params))
        finally:
            engine.dispose()

    def mail_to(self, recipient: str) -> tuple[str, str]:
        """Subject and link of the newest e-mail written as .eml for ``recipient``."""
        for path in sorted(self.paths.workdir.rglob("*.eml"), key=lambda p: p.stat().st_mtime)[
            ::-1
        ]:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] == recipient:
                body = message.get_body(preferencelist=("plain",))
                assert body is not None
                link = re.search(r"http://\S+/password/\S+", body.get_content())
                assert link, body.get_content()
                return str(message["Subject"]), link.group(0)
        raise AssertionError(f"no e-mail for {recipient}")


@contextmanager
def synced_world(root: Path, seed: int) -> Iterator[Synced]:
    """A tiny Sage company (``seed``) configured against a real cloud, after one pass."""
    paths = DemoPaths(root / "world")
    generate_server(paths.sage_server, company=COMPANY, size="tiny", seed=seed)
    with local_cloud(paths, say=lambda _: None) as url:
        layout = paths.install
        configure(
            layout,
            sage_server=str(paths.sage_server),
            company=COMPANY,
            sage_user=DEFAULT_SAGE_USER,
            sage_password=DEFAULT_SAGE_PASSWORD,
            cloud_url=url,
            activation_key=issue_activation_key(paths),
            administrator=sage_administrators(str(paths.sage_server), COMPANY)[0],
        )
        assert sync_once(layout).status == "succeeded"
        yield Synced(paths, url, layout)


@pytest.fixture
def synced(tmp_path: Path) -> Iterator[Synced]:
    with synced_world(tmp_path, seed=21) as world:
        yield world


def _set_password_and_log_in(page: Any, link: str, address: str) -> None:
    page.goto(link)
    page.fill("#password", PASSWORD)
    page.fill("#confirmation", PASSWORD)
    page.click("button[type=submit]")
    page.click("text=Se connecter")
    page.fill("#email", address)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")


def _shot(page: Any, label: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-app-{label}.png"), full_page=True)


def test_invitation_visibility_and_dashboard(browser: Any, synced: Synced) -> None:
    admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
    # A rep other than the administrator who owns accounts in Sage (generation B has no
    # CO_Sommeil: every rep is active).
    rep_no, rep_email = synced.sage(
        text(
            "SELECT c.CO_No, c.CO_EMail FROM F_COLLABORATEUR c JOIN F_COMPTET t"
            " ON t.CO_No = c.CO_No WHERE t.CT_Type = 0 AND c.CO_EMail <> '' AND c.CO_EMail <> :a"
            " AND c.CO_Vendeur = 1 GROUP BY c.CO_No ORDER BY c.CO_No LIMIT 1"
        ),
        a=admin.email,
    )[0]
    rep_accounts = {
        row[0]
        for row in synced.sage(
            text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 AND CO_No = :r"), r=rep_no
        )
    }
    (posted,) = synced.sage(POSTED_SALES)[0]

    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # The administrator: the welcome e-mail, a password, the dashboard.
        _subject, welcome = synced.mail_to(admin.email)
        _set_password_and_log_in(page, welcome, admin.email)
        total = page.locator("#sales-total")
        assert Decimal(str(total.get_attribute("data-value"))) == Decimal(str(posted)).quantize(
            Decimal(str(total.get_attribute("data-value")))
        )
        assert page.locator("svg").count() >= 1
        _shot(page, "01-dashboard")

        # « Administration »: invite the rep.
        page.click("text=Administration")
        row = page.locator("tr", has_text=rep_email)
        assert row.get_attribute("data-status") == "not_invited"
        row.locator("button", has_text="Inviter").click()
        assert page.locator("tr", has_text=rep_email).get_attribute("data-status") == "invited"
        assert page.locator("button", has_text="Resynchroniser").count() >= 1
        _shot(page, "02-invited")
        page.click("text=Se déconnecter")

        # The rep: the invitation, a password, only their own accounts.
        subject, invitation = synced.mail_to(rep_email)
        assert subject == "Invitation à Sales Management"
        _set_password_and_log_in(page, invitation, rep_email)
        page.goto(synced.cloud_url + "/comptes")
        count = page.locator("#result-count")
        assert int(str(count.get_attribute("data-total"))) == len(rep_accounts)
        shown = set(page.locator("table.records tbody tr td:nth-child(2)").all_inner_texts())
        assert shown and shown <= rep_accounts
        _shot(page, "03-rep-accounts")
    finally:
        context.close()
