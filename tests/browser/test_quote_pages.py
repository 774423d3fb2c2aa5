"""The rep's quote pages in Chromium at a phone's size (360 and 390 px wide), against a real cloud
synced from an emulated Sage 100: the rep makes a quote of two lines through the pages (the
second line added by « Ajouter une ligne », its product picked from the live suggestions);
the connector's price write, sent here through the API with the instance's key as the
connector sends it, reaches the open page without a manual reload (« Brouillon – Validé »
and the prices); « Synchroniser avec Sage 100 » makes the quote read-only. Each page must
fit the phone's width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from ssm.connector import load_install
from ssm.connector.configure import sage_administrators

from .test_crm_two_way import PHONE, _fits, _invite_rep, synced  # noqa: F401 (a fixture)
from .test_sales_management_app import COMPANY, Synced, _set_password_and_log_in


@contextmanager
def _api(world: Synced) -> Iterator[httpx.Client]:
    """A client logged in with the instance's key pair, as the connector is."""
    config, secrets = load_install(world.layout)
    with httpx.Client(base_url=world.cloud_url, timeout=30) as client:
        login = client.post(
            "/api/v4/login",
            json={
                "username": config.cloud.public_key,
                "password": secrets.private_key.get_secret_value(),
            },
        )
        assert login.status_code == 200, login.text
        client.headers["X-Session-Key"] = login.json()["token"]
        yield client


def _prices(quote: dict[str, Any]) -> dict[str, Any]:
    """What the connector writes back for ``quote``: 12,50 € a unit less 10 %, stock 40."""
    lines = [
        {
            "position": line["position"],
            "unitPrice": "12.5",
            "discounts": [{"value": "10", "type": "percent"}],
            "netUnitPrice": "11.25",
            "totalExclTax": str(11.25 * float(line["quantity"])),
            "stock": "40",
        }
        for line in quote["lines"]
    ]
    total = sum(float(line["totalExclTax"]) for line in lines)
    return {
        "revision": quote["revision"],
        "lines": lines,
        "totalExclTax": str(total),
        "totalInclTax": str(round(total * 1.2, 2)),
        "detail": "prix inchangés",
    }


@pytest.mark.parametrize("width", [360, PHONE["width"]])
def test_a_rep_makes_a_quote_on_a_phone_and_sends_it_to_sage(
    browser: Any,
    synced: Synced,  # noqa: F811 (the fixture imported above)
    width: int,
) -> None:
    admin = sage_administrators(str(synced.paths.sage_server), COMPANY)[0]
    rep_email, account = synced.sage(
        text(
            "SELECT c.CO_EMail, t.CT_Num FROM F_COLLABORATEUR c JOIN F_COMPTET t"
            " ON t.CO_No = c.CO_No WHERE t.CT_Type = 0 AND c.CO_EMail <> '' AND c.CO_EMail <> :a"
            " AND c.CO_Vendeur = 1 ORDER BY c.CO_No, t.CT_Num LIMIT 1"
        ),
        a=admin.email,
    )[0]
    (first, _), (second, second_name) = synced.sage(
        text("SELECT AR_Ref, AR_Design FROM F_ARTICLE WHERE AR_Sommeil = 0 ORDER BY AR_Ref LIMIT 2")
    )
    _invite_rep(browser, synced, rep_email)
    context = browser.new_context(locale="fr-FR", viewport={**PHONE, "width": width})
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = synced.cloud_url
    try:
        _subject, invitation = synced.mail_to(rep_email)
        _set_password_and_log_in(page, invitation, rep_email)

        page.goto(base + "/devis")
        page.click("#new-quote")
        _fits(page, f"{width}-quote-01-new")
        [value] = [
            option.get_attribute("value")
            for option in page.locator("#account_id option").all()
            if f"({account})" in option.inner_text()
        ]
        page.select_option("#account_id", value)
        page.fill("#line-1-product", first)
        page.fill("#line-1-quantity", "2")
        with page.expect_navigation():
            page.click("#add-line")  # no script: the form comes back with a second row
        assert page.input_value("#line-1-product") == first
        # Typing fills the line's suggestions (quote_form.js); the rep taps one.
        page.type("#line-2-product", second)
        suggestion = f"{second} — {second_name}"
        page.wait_for_function(
            "s => [...document.querySelectorAll('#line-2-product-choices option')]"
            ".some(o => o.value === s)",
            arg=suggestion,
        )
        page.fill("#line-2-product", suggestion)
        page.fill("#line-2-quantity", "1,5")
        _fits(page, f"{width}-quote-02-two-lines")
        page.press("#line-2-quantity", "Enter")  # Enter saves, as « Enregistrer »
        page.wait_for_url(re.compile(r".*/devis/\d+$"))
        quote_id = int(page.url.rsplit("/", 1)[1])
        status = page.locator("#quote-status")
        assert status.get_attribute("data-status") == "draft_pending"
        assert status.inner_text() == "Brouillon – En attente"
        assert "VALIDATION EN COURS" in page.locator("#internal-comment").inner_text()
        _fits(page, f"{width}-quote-03-pending")

        # The connector prices it; the open page shows it by itself.
        with _api(synced) as api:
            quote = api.get(f"/api/v4/quotes/{quote_id}").json()
            assert [line["productExtId"] for line in quote["lines"]] == [first, second]
            written = api.put(f"/api/v4/quotes/{quote_id}/prices", json=_prices(quote))
            assert written.status_code == 200, written.text
        page.wait_for_selector('#quote-status[data-status="draft_validated"]', timeout=10_000)
        assert page.locator("#quote-status").inner_text() == "Brouillon – Validé"
        assert page.locator("#lines .unit-price").all_inner_texts() == ["12,50\u00a0€"] * 2
        assert page.locator("#lines .discounts").all_inner_texts() == ["10 %"] * 2
        assert page.locator("#lines .line-total").all_inner_texts() == [
            "22,50\u00a0€",
            "16,88\u00a0€",
        ]
        assert "PRIX VALIDÉS" in page.locator("#internal-comment").inner_text()
        _fits(page, f"{width}-quote-04-validated")

        with page.expect_navigation():
            page.click("#sync")
        assert page.locator("#quote-status").inner_text() == "En attente de synchronisation"
        assert page.locator("#read-only").is_visible()
        assert page.locator("#edit").count() == 0 and page.locator("#sync").count() == 0
        _fits(page, f"{width}-quote-05-read-only")
        page.goto(base + "/devis")
        assert "En attente de synchronisation" in page.locator("table.records").inner_text()
        _fits(page, f"{width}-quote-06-list")
    finally:
        context.close()
