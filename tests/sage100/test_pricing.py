"""Sage 100's price of a sales line: the reference's vectors V1–V8, breaks, families, refusals.

Every test runs on a real emulated company (the ``tiny`` one), with one customer
``CPRIX`` (tariff category 1) and one item ``APRIX`` (``AR_PrixVen`` 100, family
``FPRIX``) added to it, then the tariff rows the test is about.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, text, update

from ssm.sage100 import LinePrice, SageWriteError, open_server, price_line
from ssm.sage100.schema import (
    F_ARTCLIENT,
    F_ARTICLE,
    F_ARTSTOCK,
    F_COMPTET,
    F_FAMCLIENT,
    F_FAMTARIF,
    F_FAMTARIFQTE,
    F_TARIFQTE,
)

D = Decimal
CLIENT, ITEM, FAMILY = "CPRIX", "APRIX", "FPRIX"


class Shop:
    """The test's customer and item, and the rows a test adds around them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.add(
            F_COMPTET,
            CT_Num=CLIENT,
            CT_Intitule="Client des tarifs",
            CT_Type=0,
            CT_Prospect=0,
            N_CatTarif=1,
            CT_Taux01=D(0),
            CT_ControlEnc=0,
        )
        self.add(
            F_ARTICLE,
            AR_Ref=ITEM,
            AR_Design="Article des tarifs",
            FA_CodeFamille=FAMILY,
            AR_PrixVen=D(100),
            AR_PrixTTC=0,
            AR_Sommeil=0,
        )

    def add(self, table: Any, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(table).values(**values))

    def client(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(F_COMPTET).where(F_COMPTET.c.CT_Num == CLIENT).values(**values))

    def item(self, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(F_ARTICLE).where(F_ARTICLE.c.AR_Ref == ITEM).values(**values))

    def own_row(self, price: str = "0", **values: Any) -> None:
        """The customer's own F_ARTCLIENT row."""
        self.add(F_ARTCLIENT, **_artclient(CLIENT, 0, price) | values)

    def category_row(self, price: str = "0", **values: Any) -> None:
        """Category 1's F_ARTCLIENT row (``CT_Num`` empty)."""
        self.add(F_ARTCLIENT, **_artclient("", 1, price) | values)

    def item_breaks(self, ref: str, *brackets: tuple[str, str]) -> None:
        """F_TARIFQTE brackets ``(BorneSup, percent)`` for ``ref`` (a customer or ``a01``)."""
        for bound, percent in brackets:
            self.add(
                F_TARIFQTE,
                AR_Ref=ITEM,
                TQ_RefCF=ref,
                TQ_BorneSup=D(bound),
                TQ_Remise01REM_Valeur=D(percent),
                TQ_Remise01REM_Type=1,
            )

    def price(self, quantity: str = "1", **options: Any) -> LinePrice:
        return price_line(self.engine, CLIENT, ITEM, D(quantity), **options)


def _artclient(ct_num: str, category: int, price: str) -> dict[str, Any]:
    return {
        "AR_Ref": ITEM,
        "AC_Categorie": category,
        "CT_Num": ct_num,
        "AC_PrixVen": D(price),
        "AC_PrixTTC": 0,
        "AC_Remise": D(0),
        "AC_TypeRem": 0,
        "AC_QteMont": 0,
    }


@pytest.fixture
def shop(engine: Engine) -> Shop:
    return Shop(engine)


# --- The reference's vectors (item AR_PrixVen 100) ------------------------------------


def test_v1_no_tariff_row_gives_the_item_price(shop: Shop) -> None:
    line = shop.price()
    assert (line.base_source, line.unit_price, line.net_unit_price) == ("article", D(100), D(100))
    assert line.discounts == ()


def test_v2_the_category_row_prices_the_line(shop: Shop) -> None:
    shop.category_row("90")
    line = shop.price()
    assert (line.base_source, line.net_unit_price) == ("categorie", D(90))


def test_v3_the_customer_row_wins_over_the_category_row(shop: Shop) -> None:
    shop.category_row("90")
    shop.own_row("80")
    line = shop.price()
    assert (line.base_source, line.net_unit_price) == ("client", D(80))


def test_v4_a_zero_customer_price_keeps_the_category_price_and_its_discount(shop: Shop) -> None:
    """85.50, not 95: a zero price means « not set » and the customer's discount is its own
    level (docs/sage100-pricing.md, « V4 »)."""
    shop.category_row("90")
    shop.own_row("0", AC_Remise=D(5))
    line = shop.price()
    assert (line.base_source, line.unit_price) == ("categorie", D(90))
    assert line.net_unit_price == D("85.5000")
    assert [s.source for s in line.steps] == ["categorie", "client"]


def test_v5_quantity_breaks_take_the_bracket_of_the_quantity(shop: Shop) -> None:
    shop.category_row("0", AC_QteMont=1)
    shop.item_breaks("a01", ("10", "0"), ("50", "5"), ("999999", "10"))
    assert shop.price("20").net_unit_price == D(95)
    assert shop.price("10").net_unit_price == D(100)  # the bound is inclusive
    assert shop.price("51").net_unit_price == D(90)
    assert shop.price("2000000").net_unit_price == D(90)  # past the last bound: the last


def test_v6_discounts_cascade(shop: Shop) -> None:
    """A bracket's two discounts, 10 % then 5 %: the second on the already-discounted price."""
    shop.own_row("0", AC_QteMont=1)
    shop.add(
        F_TARIFQTE,
        AR_Ref=ITEM,
        TQ_RefCF=CLIENT,
        TQ_BorneSup=D(999999),
        TQ_Remise01REM_Valeur=D(10),
        TQ_Remise01REM_Type=1,
        TQ_Remise02REM_Valeur=D(5),
        TQ_Remise02REM_Type=1,
    )
    line = shop.price()
    assert line.net_unit_price == D("85.5000")
    assert [d.label() for d in line.discounts] == ["10 %", "5 %"]
    assert [s.price for s in line.steps] == [D(100), D(90), D("85.5")]


def test_v7_hors_remise_ignores_every_discount(shop: Shop) -> None:
    shop.client(CT_Taux01=D(10))
    shop.own_row("0", AC_TypeRem=1)
    line = shop.price()
    assert (line.net_unit_price, line.discounts) == (D(100), ())
    assert "hors remise" in line.steps[-1].label


def test_v8_a_matching_bareme_is_not_applied_on_entry(shop: Shop) -> None:
    """A barème (F_TARIF) matching the line is left to Sage's « Barème » function: the engine
    reads no barème table. The emulator has none, so the test company gets one."""
    with shop.engine.begin() as conn:
        conn.execute(
            text('CREATE TABLE "F_TARIF" (TF_No int, AR_Ref varchar(19), TF_Remise01 numeric)')
        )
        conn.execute(text("INSERT INTO \"F_TARIF\" VALUES (1, 'APRIX', 20)"))
    seen: list[str] = []
    event.listen(shop.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    line = shop.price()
    assert line.net_unit_price == D(100)
    assert seen and not any('"F_TARIF"' in sql or "F_TARIF " in sql for sql in seen)


# --- Breaks, families, the customer's rate, modes --------------------------------------


def test_amount_breaks_use_the_line_amount_excluding_tax(shop: Shop) -> None:
    shop.own_row("0", AC_QteMont=2)
    shop.item_breaks(CLIENT, ("500", "0"), ("2000", "3"), ("999999", "6"))
    assert shop.price("4").net_unit_price == D(100)  # 400
    assert shop.price("10").net_unit_price == D(97)  # 1,000
    assert shop.price("30").net_unit_price == D(94)  # 3,000


def test_family_discount_per_customer(shop: Shop) -> None:
    shop.add(F_FAMCLIENT, FA_CodeFamille=FAMILY, CT_Num=CLIENT, FC_Remise=D(8))
    line = shop.price()
    assert line.net_unit_price == D(92)
    assert line.steps[-1].label == "Remise famille × client 8 %"


def test_family_discount_per_category(shop: Shop) -> None:
    shop.add(F_FAMTARIF, FA_CodeFamille=FAMILY, FT_Categorie=1, FT_Remise=D(12), FT_QteMont=0)
    assert shop.price().net_unit_price == D(88)


def test_family_breaks_per_category(shop: Shop) -> None:
    shop.add(F_FAMTARIF, FA_CodeFamille=FAMILY, FT_Categorie=1, FT_Remise=D(0), FT_QteMont=1)
    for bound, percent in (("5", "0"), ("20", "4"), ("999999", "7.5")):
        shop.add(
            F_FAMTARIFQTE,
            FA_CodeFamille=FAMILY,
            FQ_RefCF="a01",
            FQ_BorneSup=D(bound),
            FQ_Remise01REM_Valeur=D(percent),
            FQ_Remise01REM_Type=1,
        )
    assert shop.price("3").net_unit_price == D(100)
    assert shop.price("6").net_unit_price == D(96)
    line = shop.price("21")
    assert line.net_unit_price == D("92.5")
    assert line.discounts[0].label() == "7,5 %"


def test_family_category_hors_remise_ignores_every_discount(shop: Shop) -> None:
    shop.client(CT_Taux01=D(10))
    shop.add(F_FAMTARIF, FA_CodeFamille=FAMILY, FT_Categorie=1, FT_Remise=D(5), FT_TypeRem=1)
    assert shop.price().net_unit_price == D(100)


def test_the_customers_rate_is_the_last_level(shop: Shop) -> None:
    shop.client(CT_Taux01=D(10))
    line = shop.price()
    assert (line.net_unit_price, line.steps[-1].source) == (D(90), "client_global")


def test_priority_takes_the_first_level_only(shop: Shop) -> None:
    shop.own_row("0", AC_Remise=D(10))
    shop.add(F_FAMCLIENT, FA_CodeFamille=FAMILY, CT_Num=CLIENT, FC_Remise=D(8))
    shop.client(CT_Taux01=D(5))
    assert shop.price().net_unit_price == D(90)


def test_cascade_mode_applies_every_level_in_sages_order(shop: Shop) -> None:
    shop.own_row("0", AC_Remise=D(10))
    shop.add(F_FAMCLIENT, FA_CodeFamille=FAMILY, CT_Num=CLIENT, FC_Remise=D(8))
    shop.client(CT_Taux01=D(5))
    line = shop.price(mode="cascade")
    assert [s.source for s in line.steps[1:]] == ["client", "famille_client", "client_global"]
    # 100 × 0.90 = 90; × 0.92 = 82.8; × 0.95 = 78.66
    assert line.net_unit_price == D("78.66")


def test_an_amount_discount_is_per_unit_and_free_goods_keep_the_price(shop: Shop) -> None:
    shop.own_row("0", AC_QteMont=1)
    shop.add(
        F_TARIFQTE,
        AR_Ref=ITEM,
        TQ_RefCF=CLIENT,
        TQ_BorneSup=D(999999),
        TQ_Remise01REM_Valeur=D("2.5"),
        TQ_Remise01REM_Type=0,
        TQ_Remise02REM_Valeur=D(1),
        TQ_Remise02REM_Type=2,
    )
    line = shop.price("4")
    assert line.net_unit_price == D("97.5")
    assert [d.label() for d in line.discounts] == ["2,5 €", "1 gratuit(s)"]
    assert line.amount == D("390.00")


# --- TTC, rounding, exactness -----------------------------------------------------------


def test_a_ttc_price_is_turned_into_ht_with_the_items_vat_rate(shop: Shop) -> None:
    shop.own_row("120", AC_PrixTTC=1)
    line = shop.price(vat_rate=D(20))
    assert (line.unit_price, line.net_unit_price) == (D(100), D(100))
    assert "TTC" in line.steps[1].label


def test_a_ttc_price_without_vat_rate_is_refused(shop: Shop) -> None:
    shop.own_row("120", AC_PrixTTC=1)
    with pytest.raises(SageWriteError, match="saisi TTC") as caught:
        shop.price()
    assert caught.value.field == "AR_PrixTTC"


def test_prices_round_to_four_decimals_half_away_from_zero(shop: Shop) -> None:
    shop.item(AR_PrixVen=D("1.0001"))
    shop.client(CT_Taux01=D(50))
    line = shop.price("3")
    assert line.net_unit_price == D("0.5001")  # 0.50005: banker's rounding would give 0.5000
    assert line.amount == D("1.50")  # 1.5003


def test_every_amount_is_an_exact_decimal(shop: Shop) -> None:
    shop.category_row("33.33", AC_QteMont=1)
    shop.item_breaks("a01", ("999999", "7"))
    shop.client(CT_Taux01=D(3))
    line = shop.price("7", mode="cascade")
    values = [line.quantity, line.unit_price, line.net_unit_price, line.amount, line.stock]
    values += [s.price for s in line.steps] + [d.value for d in line.discounts]
    assert all(type(v) is Decimal for v in values)
    # 33.33 × 0.93 = 30.9969; × 0.97 = 30.066993 → 30.0670; × 7 = 210.469 → 210.47
    assert (line.net_unit_price, line.amount) == (D("30.0670"), D("210.47"))


def test_stock_is_what_the_depots_have_available(shop: Shop) -> None:
    assert shop.price().stock == 0
    for de_no, sto, res, prepa in ((1, "40", "5", "2"), (2, "10.5", "0", "0")):
        shop.add(
            F_ARTSTOCK,
            AR_Ref=ITEM,
            DE_No=de_no,
            AS_QteSto=D(sto),
            AS_QteRes=D(res),
            AS_QtePrepa=D(prepa),
        )
    assert shop.price().stock == D("43.5")


def test_a_company_made_before_the_tariff_tables_prices_without_them(shop: Shop) -> None:
    """Emulated companies generated before the break tables were declared lack them."""
    shop.category_row("90", AC_QteMont=1)
    shop.item_breaks("a01", ("999999", "10"))
    with shop.engine.begin() as conn:
        for table in ("F_TARIFQTE", "F_FAMTARIF", "F_FAMTARIFQTE"):
            conn.execute(text(f'DROP TABLE "{table}"'))
    line = shop.price("5")
    assert (line.net_unit_price, line.discounts) == (D(90), ())


# --- Refusals -----------------------------------------------------------------------------


def test_unknown_customer_is_refused(shop: Shop) -> None:
    with pytest.raises(SageWriteError, match="« CINCONNU » n'existe pas") as caught:
        price_line(shop.engine, "CINCONNU", ITEM, D(1))
    assert caught.value.field == "CT_Num"


def test_a_supplier_is_not_a_customer(shop: Shop) -> None:
    shop.client(CT_Type=1)
    with pytest.raises(SageWriteError, match="n'est pas un client"):
        shop.price()


def test_blocked_customer_is_refused(shop: Shop) -> None:
    shop.client(CT_ControlEnc=2)
    with pytest.raises(SageWriteError, match="est bloqué") as caught:
        shop.price()
    assert caught.value.field == "CT_ControlEnc"


def test_unknown_item_is_refused(shop: Shop) -> None:
    with pytest.raises(SageWriteError, match="L'article « AINCONNU » n'existe pas") as caught:
        price_line(shop.engine, CLIENT, "AINCONNU", D(1))
    assert caught.value.field == "AR_Ref"


def test_sleeping_item_is_refused(shop: Shop) -> None:
    shop.item(AR_Sommeil=1)
    with pytest.raises(SageWriteError, match="mis en sommeil") as caught:
        shop.price()
    assert caught.value.field == "AR_Sommeil"


@pytest.mark.parametrize("quantity", ["0", "-1"])
def test_a_quantity_must_be_positive(shop: Shop, quantity: str) -> None:
    with pytest.raises(SageWriteError, match="Quantité"):
        shop.price(quantity)


# --- The generated company --------------------------------------------------------------


def _dump(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY cbMarq'))]


def test_the_generator_fills_the_tariff_tables_consistently(engine: Engine) -> None:
    with engine.connect() as conn:
        breaks = conn.execute(
            text(
                'SELECT a.AR_Ref, a.CT_Num, a.AC_Categorie, COUNT(q.cbMarq) FROM "F_ARTCLIENT" a'
                ' LEFT JOIN "F_TARIFQTE" q ON q.AR_Ref = a.AR_Ref AND q.TQ_RefCF = CASE'
                " WHEN a.CT_Num = '' THEN 'a' || printf('%02d', a.AC_Categorie) ELSE a.CT_Num END"
                " WHERE a.AC_QteMont <> 0 GROUP BY a.cbMarq"
            )
        ).all()
        family_breaks = conn.execute(
            text(
                'SELECT COUNT(*) FROM "F_FAMTARIF" t JOIN "F_FAMTARIFQTE" q'
                " ON q.FA_CodeFamille = t.FA_CodeFamille"
                " AND q.FQ_RefCF = 'a' || printf('%02d', t.FT_Categorie) WHERE t.FT_QteMont = 1"
            )
        ).scalar()
        rates = conn.execute(text('SELECT COUNT(*) FROM "F_COMPTET" WHERE CT_Taux01 > 0')).scalar()
    assert breaks and all(count == 3 for *_, count in breaks)  # every row with breaks has them
    assert family_breaks and rates


def test_the_generator_is_reproducible_for_the_tariff_tables(make_server) -> None:
    first, second = make_server(name="one"), make_server(name="two")
    tables = ("F_TARIFQTE", "F_FAMTARIF", "F_FAMTARIFQTE", "F_ARTCLIENT", "F_COMPTET")
    engines = [open_server(r.location).engine(r.database) for r in (first, second)]
    try:
        # cbCreationUser and the stamps are drawn too: whole rows compare equal
        assert [_dump(engines[0], t) for t in tables] == [_dump(engines[1], t) for t in tables]
    finally:
        for each in engines:
            each.dispose()


def test_generated_customers_get_different_prices(engine: Engine) -> None:
    """On the demo company, one item's price depends on the customer: quotes differ."""
    with engine.connect() as conn:
        clients = conn.execute(text('SELECT CT_Num FROM "F_COMPTET" WHERE CT_Type = 0')).all()
        items = conn.execute(text('SELECT AR_Ref FROM "F_ARTICLE" WHERE AR_Sommeil = 0')).all()
    pairs = [(c.CT_Num, i.AR_Ref) for c in clients for i in items]
    lines = [price_line(engine, c, i, D(30), mode="cascade") for c, i in pairs]
    assert {line.base_source for line in lines} == {"article", "categorie", "client"}
    levels = {step.source for line in lines for step in line.steps[1:]}
    assert {"categorie", "famille_categorie", "client_global"} <= levels
    by_item: dict[str, set[Decimal]] = {}
    for line in lines:
        by_item.setdefault(line.AR_Ref, set()).add(line.net_unit_price)
    assert max(len(prices) for prices in by_item.values()) >= 3
