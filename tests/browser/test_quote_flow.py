"""Acceptance of issue 16 in Chromium at a phone's size (390×844), against a real cloud and
the real connector: a rep makes a quote for a customer with a category tariff and a
quantity break; one pass of the connector prices it with Sage 100's rules (the page shows
« Brouillon – Validé » by itself, prices equal to ``price_line``'s and to the reference's
vectors V2 and V5); the rep edits a quantity and it is priced again; the rep asks for the
synchronisation and a pass writes it into the emulated Sage 100 (checked by SQL); a Sage
user turns it into an order in place and, after reconciliation, the page shows it
transformed and read-only. Each page must fit the phone's width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, text, update

from ssm.connector import sync_once
from ssm.connector.configure import configure, sage_administrators
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.connector.service.passes import reconcile
from ssm.sage100 import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    Discount,
    LinePrice,
    NowMinute,
    generate_server,
    open_server,
    price_line,
)
from ssm.sage100.schema import (
    F_ARTCLIENT,
    F_ARTICLE,
    F_COMPTET,
    F_DOCCURRENTPIECE,
    F_DOCENTETE,
    F_DOCLIGNE,
    F_FAMILLE,
    F_TARIFQTE,
)

from .test_crm_two_way import PHONE, _a_pass, _fits, _invite_rep, _sage_write
from .test_sales_management_app import COMPANY, Synced, _set_password_and_log_in

D = Decimal
CLIENT = "CPRIX"
CATEGORY = "APRIX"  # priced by category 1's F_ARTCLIENT row: V2
BREAKS = "BPRIX"  # priced by the category's quantity breaks: V5
FAMILY = "FPRIX"  # a family of their own: no family tariff of the company applies
NBSP, NNBSP = "\u00a0", "\u202f"  # the page's amounts: « 1 900,00 € »


def _tariffs(paths: DemoPaths, rep_no: int) -> None:
    """The customer and the two items of test_pricing's V2 and V5, written as Sage would."""
    rows = [
        insert(F_COMPTET).values(
            CT_Num=CLIENT,
            CT_Intitule="Client des tarifs",
            CT_Type=0,
            CT_Prospect=0,
            CO_No=rep_no,
            N_CatTarif=1,
            CT_Taux01=D(0),
            CT_ControlEnc=0,
        ),
        insert(F_FAMILLE).values(FA_CodeFamille=FAMILY, FA_Type=0, FA_Intitule="Tarifs"),
        *(
            insert(F_ARTICLE).values(
                AR_Ref=ref,
                AR_Design=design,
                FA_CodeFamille=FAMILY,
                AR_PrixVen=D(100),
                AR_PrixTTC=0,
                AR_Sommeil=0,
            )
            for ref, design in ((CATEGORY, "Article au tarif"), (BREAKS, "Article par quantité"))
        ),
        insert(F_ARTCLIENT).values(**_category_row(CATEGORY, "90", breaks=False)),
        insert(F_ARTCLIENT).values(**_category_row(BREAKS, "0", breaks=True)),
        *(
            insert(F_TARIFQTE).values(
                AR_Ref=BREAKS,
                TQ_RefCF="a01",
                TQ_BorneSup=D(bound),
                TQ_Remise01REM_Valeur=D(percent),
                TQ_Remise01REM_Type=1,
            )
            for bound, percent in (("10", "0"), ("50", "5"), ("999999", "10"))
        ),
    ]
    engine = open_server(str(paths.sage_server)).engine(COMPANY)
    try:
        with engine.begin() as connection:
            for row in rows:
                connection.execute(row)
    finally:
        engine.dispose()


def _category_row(ref: str, price: str, *, breaks: bool) -> dict[str, Any]:
    """Category 1's F_ARTCLIENT row for ``ref`` (``CT_Num`` empty), by quantity if ``breaks``."""
    return {
        "AR_Ref": ref,
        "AC_Categorie": 1,
        "CT_Num": "",
        "AC_PrixVen": D(price),
        "AC_PrixTTC": 0,
        "AC_Remise": D(0),
        "AC_TypeRem": 0,
        "AC_QteMont": 1 if breaks else 0,
    }


@pytest.fixture
def priced(tmp_path: Path) -> Iterator[tuple[Synced, str]]:
    """A company with the tariffs set before its first sync, then synced; the rep's email."""
    paths = DemoPaths(tmp_path / "world")
    generate_server(paths.sage_server, company=COMPANY, size="tiny", seed=15)
    administrator = sage_administrators(str(paths.sage_server), COMPANY)[0]
    engine = open_server(str(paths.sage_server)).engine(COMPANY)
    try:
        with engine.connect() as connection:
            rep_no, rep_email = connection.execute(
                text(
                    "SELECT CO_No, CO_EMail FROM F_COLLABORATEUR WHERE CO_EMail <> ''"
                    " AND CO_EMail <> :a AND CO_Vendeur = 1 ORDER BY CO_No LIMIT 1"
                ),
                {"a": administrator.email},
            ).one()
    finally:
        engine.dispose()
    _tariffs(paths, rep_no)
    with local_cloud(paths, say=lambda _: None) as url:
        configure(
            paths.install,
            sage_server=str(paths.sage_server),
            company=COMPANY,
            sage_user=DEFAULT_SAGE_USER,
            sage_password=DEFAULT_SAGE_PASSWORD,
            cloud_url=url,
            activation_key=issue_activation_key(paths),
            administrator=administrator,
        )
        assert sync_once(paths.install).status == "succeeded"
        yield Synced(paths, url, paths.install), rep_email


def _engine_price(synced: Synced, ref: str, quantity: str) -> LinePrice:
    engine = open_server(str(synced.paths.sage_server)).engine(COMPANY)
    try:
        return price_line(engine, CLIENT, ref, D(quantity))
    finally:
        engine.dispose()


def _euros(shown: str) -> Decimal:
    """``1 900,00 €`` as the page shows it → ``Decimal("1900.00")``."""
    assert shown.endswith(f"{NBSP}€"), shown
    return D(shown.removesuffix(f"{NBSP}€").replace(NNBSP, "").replace(",", "."))


def _shown_lines(page: Any) -> list[dict[str, str]]:
    """Each line's cells as the page shows them, in order."""
    return [
        {
            name: row.locator(f".{name}").inner_text()
            for name in ("unit-price", "discounts", "net-unit-price", "line-total")
        }
        for row in page.locator("#lines tbody tr").all()
    ]


def _field(page: Any, label: str) -> str:
    """The value of the quote's field named ``label`` (``table.fields``)."""
    return str(page.locator("table.fields tr", has_text=label).locator("td").inner_text())


def _assert_engine_prices(page: Any, synced: Synced, quantities: dict[str, str]) -> None:
    """The page's prices are those of ``price_line`` for each line, to the cent shown."""
    shown = _shown_lines(page)
    assert len(shown) == len(quantities)
    for cells, (ref, quantity) in zip(shown, quantities.items(), strict=True):
        engine = _engine_price(synced, ref, quantity)
        assert _euros(cells["unit-price"]) == engine.unit_price.quantize(D("0.01"))
        assert _euros(cells["net-unit-price"]) == engine.net_unit_price.quantize(D("0.01"))
        assert _euros(cells["line-total"]) == engine.amount
        assert cells["discounts"] == ", ".join(d.label() for d in engine.discounts), (ref, cells)


def _sage_lines(synced: Synced, piece: str) -> list[dict[str, Any]]:
    """The quote's F_DOCLIGNE rows in order, amounts exact, discounts as Sage reads them."""
    c = F_DOCLIGNE.c
    discounts = [c[f"DL_Remise0{n}REM_{part}"] for n in (1, 2, 3) for part in ("Valeur", "Type")]
    rows = synced.sage(
        select(c.AR_Ref, c.DL_Qte, c.DL_PrixUnitaire, c.DL_MontantHT, *discounts)
        .where(c.DO_Type == 0, c.DO_Piece == piece)
        .order_by(c.DL_Ligne)
    )
    lines = []
    for row in rows:
        values = row._asdict()
        discounts = tuple(
            Discount(D(str(values[f"DL_Remise0{n}REM_Valeur"])), values[f"DL_Remise0{n}REM_Type"])
            for n in (1, 2, 3)
            if values[f"DL_Remise0{n}REM_Valeur"]
        )
        exact = {
            name: D(str(values[name])) for name in ("DL_Qte", "DL_PrixUnitaire", "DL_MontantHT")
        }
        lines.append({"AR_Ref": values["AR_Ref"], **exact, "discounts": discounts})
    return lines


def _transform_into_order(synced: Synced, cbMarq: int, quote_number: str) -> str:
    """As a Sage user does: the quote becomes an order in place, numbered by the order series."""
    series = (
        (F_DOCCURRENTPIECE.c.DC_Domaine == 0)
        & (F_DOCCURRENTPIECE.c.DC_IdCol == 1)
        & (F_DOCCURRENTPIECE.c.DC_Souche == 0)
    )
    [(order,)] = synced.sage(select(F_DOCCURRENTPIECE.c.DC_Piece).where(series))
    digits = re.search(r"\d+$", order)
    assert digits, order
    following = order[: digits.start()] + str(int(digits.group()) + 1).zfill(len(digits.group()))
    _sage_write(
        synced,
        update(F_DOCLIGNE)
        .where(F_DOCLIGNE.c.DO_Type == 0, F_DOCLIGNE.c.DO_Piece == quote_number)
        .values(
            DO_Type=1,
            DO_DocType=1,
            DO_Piece=order,
            DL_PieceDE=quote_number,
            cbModification=NowMinute(),
        ),
    )
    _sage_write(
        synced,
        update(F_DOCENTETE)
        .where(F_DOCENTETE.c.cbMarq == cbMarq)
        .values(
            DO_Type=1,
            DO_DocType=1,
            DO_Piece=order,
            DO_PieceOrig=quote_number,
            cbModification=NowMinute(),
        ),
    )
    _sage_write(synced, update(F_DOCCURRENTPIECE).where(series).values(DC_Piece=following))
    return str(order)


def test_a_rep_quote_is_priced_by_sage_written_into_it_and_followed_back(
    browser: Any, priced: tuple[Synced, str]
) -> None:
    synced, rep_email = priced
    # The reference's vectors, first: the engine prices as pricing-writing §1 says.
    assert _engine_price(synced, CATEGORY, "1").net_unit_price == D(90)  # V2
    assert _engine_price(synced, BREAKS, "1").net_unit_price == D(100)  # V5, ≤ 10: 0 %
    assert _engine_price(synced, BREAKS, "20").net_unit_price == D(95)  # V5, ≤ 50: 5 %

    _invite_rep(browser, synced, rep_email)
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = synced.cloud_url
    try:
        _subject, invitation = synced.mail_to(rep_email)
        _set_password_and_log_in(page, invitation, rep_email)

        # The rep makes the quote: two lines, each one of each item.
        page.goto(base + "/devis")
        page.click("#new-quote")
        [value] = [
            option.get_attribute("value")
            for option in page.locator("#account_id option").all()
            if f"({CLIENT})" in option.inner_text()
        ]
        page.select_option("#account_id", value)
        page.fill("#line-1-product", CATEGORY)
        page.fill("#line-1-quantity", "1")
        with page.expect_navigation():
            page.click("#add-line")
        page.fill("#line-2-product", BREAKS)
        page.fill("#line-2-quantity", "1")
        _fits(page, "quote-flow-01-new")
        with page.expect_navigation():
            page.click("#save")
        assert re.search(r"/devis/\d+$", page.url), page.url
        quote_id = int(page.url.rsplit("/", 1)[1])
        quote_url = page.url
        status = page.locator("#quote-status")
        assert status.inner_text() == "Brouillon – En attente"
        assert "VALIDATION EN COURS : " in page.locator("#internal-comment").inner_text()
        _fits(page, "quote-flow-02-pending")

        # One pass prices it; the open page reloads itself until Sage has answered.
        _a_pass(synced)
        page.wait_for_selector('#quote-status[data-status="draft_validated"]')
        assert status.inner_text() == "Brouillon – Validé"
        assert "PRIX VALIDÉS : " in page.locator("#internal-comment").inner_text()
        _assert_engine_prices(page, synced, {CATEGORY: "1", BREAKS: "1"})
        assert [line["net-unit-price"] for line in _shown_lines(page)] == [
            f"90,00{NBSP}€",  # V2
            f"100,00{NBSP}€",  # V5, first bracket
        ]
        _fits(page, "quote-flow-03-validated")

        # The rep edits BPRIX's quantity: pending again, then priced again by the next pass.
        page.click("#edit")
        page.fill("#line-2-quantity", "20")
        with page.expect_navigation():
            page.click("#save")
        assert page.url == quote_url
        assert status.inner_text() == "Brouillon – En attente"
        _a_pass(synced)
        page.wait_for_selector('#quote-status[data-status="draft_validated"]')
        _assert_engine_prices(page, synced, {CATEGORY: "1", BREAKS: "20"})
        second = _shown_lines(page)[1]
        assert (second["net-unit-price"], second["line-total"]) == (
            f"95,00{NBSP}€",  # V5, second bracket
            f"1{NNBSP}900,00{NBSP}€",
        )
        shown = _shown_lines(page)
        _fits(page, "quote-flow-04-repriced")

        # The rep asks for the synchronisation: read-only, then written into Sage by a pass.
        with page.expect_navigation():
            page.click("#sync")
        assert status.inner_text() == "En attente de synchronisation"
        assert page.locator("#edit").count() == 0 and page.locator("#sync").count() == 0
        _fits(page, "quote-flow-05-sync-pending")
        _a_pass(synced)
        page.wait_for_selector('#quote-status[data-status="in_sage"]')
        number = _field(page, "Numéro Sage 100")
        h = F_DOCENTETE.c
        [(cbMarq, domain, doc_type, piece, tiers, total)] = synced.sage(
            select(h.cbMarq, h.DO_Domaine, h.DO_Type, h.DO_Piece, h.DO_Tiers, h.DO_TotalHT).where(
                h.DO_Ref == f"SSM{quote_id}"
            )
        )
        assert (domain, doc_type, piece, tiers) == (0, 0, number, CLIENT)
        lines = _sage_lines(synced, number)
        assert [(line["AR_Ref"], line["DL_Qte"]) for line in lines] == [
            (CATEGORY, 1),
            (BREAKS, 20),
        ]
        for cells, line in zip(shown, lines, strict=True):
            engine = _engine_price(synced, line["AR_Ref"], str(line["DL_Qte"]))
            assert line["DL_PrixUnitaire"] == engine.unit_price == _euros(cells["unit-price"])
            assert line["DL_MontantHT"] == engine.amount == _euros(cells["line-total"])
            assert line["discounts"] == engine.discounts
            assert cells["discounts"] == ", ".join(d.label() for d in line["discounts"])
        assert D(str(total)) == sum(line["DL_MontantHT"] for line in lines)
        assert _euros(_field(page, "Total HT")) == D(str(total))
        _fits(page, "quote-flow-06-in-sage")

        # A Sage user turns it into an order in place; reconciliation follows it.
        order = _transform_into_order(synced, cbMarq, number)
        assert reconcile(synced.layout, ["quotes"]).status == "succeeded"
        page.goto(quote_url)
        assert status.get_attribute("data-status") == "transformed"
        assert status.inner_text() == "Transformé en commande"
        assert _field(page, "Numéro de commande") == order
        assert _field(page, "Numéro Sage 100") == number
        assert page.locator("#read-only").inner_text() == (
            f"Ce devis est devenu la commande {order} dans Sage 100 : il ne se modifie plus."
        )
        assert page.locator("#edit").count() == 0 and page.locator("#sync").count() == 0
        _fits(page, "quote-flow-07-transformed")
    finally:
        context.close()
