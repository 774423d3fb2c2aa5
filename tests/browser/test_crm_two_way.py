"""Acceptance of issue 15 in Chromium at a phone's size (390×844), against a real cloud and
the real connector: a rep creates a prospect and its contact through the pages, before any
pass; one pass of the connector writes both into the emulated Sage 100 (checked by SQL); a
Sage user edits the contact and turns the prospect into a client (SQL stamped as Sage does);
the pages show the edit and a read-only client; the CRM refuses to delete the contact, and
Sage's deletion removes it from the CRM at reconciliation. Each page must fit the phone's
width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, table, text, update

from ssm.cloud import messages
from ssm.connector import sync_once
from ssm.connector.configure import sage_administrators
from ssm.connector.service.passes import reconcile
from ssm.sage100 import (
    NowMinute,
    open_server,
)

from .conftest import ARTIFACTS
from .test_sales_management_app import COMPANY, Synced, _set_password_and_log_in, synced_world

PHONE = {"width": 390, "height": 844}
PROSPECT = "Boulangerie Hérault"

F_COMPTET = table("F_COMPTET", column("CT_Num"), column("CT_Prospect"), column("cbModification"))
F_CONTACTT = table("F_CONTACTT", column("CT_No"), column("CT_Fonction"), column("cbModification"))


@pytest.fixture
def synced(tmp_path: Path) -> Iterator[Synced]:
    with synced_world(tmp_path, seed=15) as world:
        yield world


def _sage_write(synced: Synced, statement: Any) -> None:
    """One statement on the Sage file, committed, as a Sage user's save."""
    engine = open_server(str(synced.paths.sage_server)).engine(COMPANY)
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    finally:
        engine.dispose()


def _a_pass(synced: Synced) -> None:
    report = sync_once(synced.layout)
    assert report.status == "succeeded", report


FITS = """() => {
    const main = document.querySelector("main");
    const past = [...document.body.querySelectorAll("*")].filter(
        (e) => e.getBoundingClientRect().right > innerWidth + 0.5
            && !e.parentElement.closest(".table-scroll"));
    return {
        page: document.scrollingElement.scrollWidth,
        screen: innerWidth,
        scroll: main.scrollWidth,
        width: main.clientWidth,
        past: past.map((e) => e.outerHTML.slice(0, 200)),
    };
}"""
"""What of the page would scroll sideways or pass the screen's edge; a list table may pass
it inside its own scrolling box (``.table-scroll``), never the page."""


def _fits(page: Any, label: str) -> None:
    """The whole page, shell included, fits the phone's width; a screenshot for the record."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"crm-phone-{label}.png"), full_page=True)
    fits = page.evaluate(FITS)
    assert fits["page"] <= fits["screen"], (label, fits)
    assert fits["scroll"] <= fits["width"] and not fits["past"], (label, fits)


def _invite_rep(browser: Any, synced: Synced, rep_email: str) -> None:
    """The administrator invites the rep from a desktop (issue 6's path)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
        _subject, welcome = synced.mail_to(admin.email)
        _set_password_and_log_in(page, welcome, admin.email)
        page.goto(synced.cloud_url + "/administration")
        page.locator("tr", has_text=rep_email).locator("button", has_text="Inviter").click()
        assert page.locator("tr", has_text=rep_email).get_attribute("data-status") == "invited"
    finally:
        context.close()


def test_a_rep_on_a_phone_writes_into_sage_and_sees_sage_back(browser: Any, synced: Synced) -> None:
    admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
    rep_no, rep_email = synced.sage(
        text(
            "SELECT CO_No, CO_EMail FROM F_COLLABORATEUR WHERE CO_EMail <> '' AND CO_EMail <> :a"
            " AND CO_Vendeur = 1 ORDER BY CO_No LIMIT 1"
        ),
        a=admin.email,
    )[0]
    _invite_rep(browser, synced, rep_email)
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = synced.cloud_url
    try:
        _subject, invitation = synced.mail_to(rep_email)
        _set_password_and_log_in(page, invitation, rep_email)

        # The rep creates a prospect and its contact: both pending until Sage has them.
        page.goto(base + "/comptes")
        page.click("#new-prospect")
        _fits(page, "02-new-prospect")
        page.fill("#name", PROSPECT)
        page.fill("#city", "Montpellier")
        page.fill("#phone", "04 67 00 00 00")
        page.click("form.record-form button[type=submit]")
        assert page.locator("#record-name").inner_text() == PROSPECT
        assert page.locator("#sync-status").get_attribute("data-sync") == "pending"
        assert page.locator("#contacts-wait").is_visible()
        _fits(page, "03-prospect-pending")
        account_url = page.url

        page.click("#new-contact")
        _fits(page, "04-new-contact")
        page.select_option("#title", "Mme")
        page.fill("#first_name", "Anne")
        page.fill("#last_name", "Vidal")
        page.fill("#mobile", "06 11 22 33 44")
        page.click("form.record-form button[type=submit]")
        assert page.locator("#sync-status").get_attribute("data-sync") == "pending"
        _fits(page, "05-contact-pending")
        contact_url = page.url

        # One pass: the prospect's binding lists its contact again, written in the same pass.
        _a_pass(synced)
        [(ct_num, prospect, co_no)] = synced.sage(
            text("SELECT CT_Num, CT_Prospect, CO_No FROM F_COMPTET WHERE CT_Intitule = :n"),
            n=PROSPECT,
        )
        assert (prospect, co_no) == (1, rep_no)
        [(ct_no, civility, mobile)] = synced.sage(
            text(
                "SELECT CT_No, CT_Civilite, CT_TelPortable FROM F_CONTACTT"
                " WHERE CT_Num = :c AND CT_Nom = 'Vidal' AND CT_Prenom = 'Anne'"
            ),
            c=ct_num,
        )
        assert (civility, mobile) == (1, "06 11 22 33 44")
        page.goto(account_url)
        assert page.locator("#sync-status").get_attribute("data-sync") == "synced"
        assert page.locator("#contacts-wait").count() == 0
        page.goto(contact_url)
        assert page.locator("#sync-status").get_attribute("data-sync") == "synced"

        # A Sage user edits the contact and turns the prospect into a client.
        _sage_write(
            synced,
            update(F_CONTACTT)
            .where(F_CONTACTT.c.CT_No == ct_no)
            .values(CT_Fonction="Gérante", cbModification=NowMinute()),
        )
        _sage_write(
            synced,
            update(F_COMPTET)
            .where(F_COMPTET.c.CT_Num == ct_num)
            .values(CT_Prospect=0, cbModification=NowMinute()),
        )
        _a_pass(synced)
        page.goto(contact_url)
        assert "Gérante" in page.locator("table.fields").inner_text()
        page.goto(account_url)
        assert "Client" in page.locator("table.fields").inner_text()
        assert page.locator("#managed-in-sage").is_visible()
        assert page.locator("#edit").count() == 0
        assert "Anne Vidal" in page.locator("#account-contacts").inner_text()
        _fits(page, "06-client-read-only")

        # Deleting the contact in the CRM is refused with the reason.
        page.goto(contact_url)
        page.click("#delete")
        assert page.locator("#refusal").inner_text() == messages.CONTACT_DELETED_IN_SAGE
        _fits(page, "07-delete-refused")
        assert synced.sage(text("SELECT COUNT(*) FROM F_CONTACTT WHERE CT_No = :n"), n=ct_no) == [
            (1,)
        ]

        # Deleting it in Sage removes it from the CRM at reconciliation.
        _sage_write(synced, text(f"DELETE FROM F_CONTACTT WHERE CT_No = {int(ct_no)}"))
        assert reconcile(synced.layout, ["contacts"]).status == "succeeded"
        response = page.goto(contact_url)
        assert response is not None and response.status == 404
        page.goto(account_url)
        assert page.locator("#account-contacts").count() == 0
        _fits(page, "08-contact-gone")
    finally:
        context.close()


def _first_row(page: Any, base: str, path: str) -> None:
    """Open the first record of a list page, as a tap on its name."""
    page.goto(base + path)
    page.locator("table.records tbody a").first.click()
    page.wait_for_url(f"{base}{path}/*")


@pytest.mark.parametrize("width", [360, PHONE["width"]])
def test_the_whole_page_fits_a_phone(browser: Any, synced: Synced, width: int) -> None:
    """Issue 15's pages and the shell at 360 and 390 px: nothing scrolls sideways, the top
    bar's controls stay in sight and work, and the side menu folds under « Menu principal »."""
    context = browser.new_context(locale="fr-FR", viewport={**PHONE, "width": width})
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = synced.cloud_url
    try:
        admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
        _subject, welcome = synced.mail_to(admin.email)
        _set_password_and_log_in(page, welcome, admin.email)
        for path in ("/", "/comptes", "/comptes/nouveau", "/contacts", "/factures"):
            page.goto(base + path)
            _fits(page, f"shell-{width}-{path.strip('/').replace('/', '-') or 'dashboard'}")
        _first_row(page, base, "/comptes")
        _fits(page, f"shell-{width}-account")
        _first_row(page, base, "/contacts")
        _fits(page, f"shell-{width}-contact")

        header = page.locator("header.topbar")
        for control in (
            header.get_by_role("button", name="Se déconnecter"),
            header.get_by_role("link", name="EN"),
            header.locator(".who a"),
            header.locator("#connected"),
        ):
            box = control.bounding_box()
            assert control.is_visible() and box is not None, control
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (control, box)

        menu = page.get_by_role("navigation", name="Menu principal")
        assert not menu.is_visible()  # folded until asked for
        page.get_by_text("Menu principal").click()
        links = menu.get_by_role("link")
        assert links.count() >= 6
        assert all(links.nth(i).is_visible() for i in range(links.count()))
        menu.get_by_role("link", name="Contacts").click()
        page.wait_for_url(base + "/contacts")
        assert page.locator("main h1").inner_text() == "Contacts"
        assert not menu.is_visible()  # a new page starts folded

        header.get_by_role("button", name="Se déconnecter").click()
        page.wait_for_url("**/login*")
    finally:
        context.close()


def test_the_desktop_shell_keeps_its_side_menu(browser: Any, synced: Synced) -> None:
    """Above 700 px nothing folds: the side menu is open and « Menu principal » is no button."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 800})
    page = context.new_page()
    try:
        admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
        _subject, welcome = synced.mail_to(admin.email)
        _set_password_and_log_in(page, welcome, admin.email)
        assert (
            page.get_by_role("navigation", name="Menu principal")
            .get_by_role("link", name="Contacts")
            .is_visible()
        )
        assert not page.locator("label.menu-button").is_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    finally:
        context.close()
