"""CRM → Sage 100: quotes made in the CRM are priced by Sage, and written into Sage once.

Against a real emulated Sage 100 (a customer of tariff category 1, items with a category
price, a discount and quantity breaks) and a real cloud on loopback: quotes are made
through the API as a rep would, one pass prices them (checked against ``price_line``),
a sync request writes them into Sage (checked in SQL), refusals come back as reasons.
"""

import json
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import insert, text, update

from ssm.connector import load_install, sync_once
from ssm.connector.crm_client import CrmClient, CrmQuoteLine
from ssm.connector.errors import CloudRejectedError, CloudUnreachableError
from ssm.connector.service.passes import refused_records, session
from ssm.connector.service.status import build_status
from ssm.connector.sync import EXPORT, StateStore, export_changes
from ssm.connector.sync import _quote_export as quote_export
from ssm.sage100 import (
    Discount,
    LinePrice,
    ProspectNumbering,
    SageConnectionError,
    open_server,
    price_line,
)
from ssm.sage100.schema import F_ARTCLIENT, F_ARTICLE, F_COMPTET, F_FAMILLE, F_TARIFQTE

pytestmark = pytest.mark.shared_cloud

D = Decimal

CLIENT = "CDEVIS"


# --- The price summary (pure) ---------------------------------------------------------


def _price(ref, source, unit, net, *discounts):
    return LinePrice(CLIENT, ref, D(1), source, D(unit), discounts, D(net), D(net), (), D(0))


def _line(description):
    return CrmQuoteLine(position=1, description=description, quantity=D(1))


def test_euros_shows_cents_and_sages_four_decimals_when_there_are_any():
    assert quote_export.euros(D("85.5000")) == "85,50 €"
    assert quote_export.euros(D("1234.5")) == "1 234,50 €"
    assert quote_export.euros(D("12.3456")) == "12,3456 €"
    assert quote_export.euros(D("0")) == "0,00 €"


def test_the_summary_names_each_line_sage_changed_and_why():
    prices = [
        _price("CHAISE", "categorie", "90", "85.5", Discount(D("5.000000"), 1)),
        _price("LAMPE", "article", "40", "40"),
        _price("TABLE", "client", "180", "177.5", Discount(D("2.5"), 0), Discount(D(1), 2)),
    ]
    catalogue = {"CHAISE": (D(100), False), "LAMPE": (D(40), False), "TABLE": (D(200), False)}
    lines = [_line("Chaise"), _line("Lampe"), _line(None)]
    assert quote_export.price_summary(lines, prices, catalogue) == (
        "ligne 1 « Chaise »: 100,00 € → 85,50 € (tarif de catégorie, remise 5 %)"
        " ; ligne 3 « TABLE »: 200,00 € → 177,50 € (tarif client, remise 2,5 €, 1 gratuit(s))"
    )


def test_the_summary_says_unchanged_prices_and_counts_lines_beyond_ten():
    same = [_price("LAMPE", "article", "40", "40")]
    assert quote_export.price_summary([_line("Lampe")], same, {"LAMPE": (D(40), False)}) == (
        "prix inchangés"
    )
    many = [_price("CHAISE", "article", "100", "95", Discount(D(5), 1))] * 12
    summary = quote_export.price_summary([_line("Chaise")] * 12, many, {})
    assert summary.count("ligne ") == 10
    assert summary.endswith(" ; et 2 autre(s) ligne(s) modifiée(s)")


def test_a_price_entered_ttc_says_so():
    prices = [_price("LAMPE", "article", "40", "40")]
    summary = quote_export.price_summary([_line("Lampe")], prices, {"LAMPE": (D(48), True)})
    assert summary == "ligne 1 « Lampe »: 48,00 € TTC → 40,00 €"


# --- Against the cloud and the emulated Sage ------------------------------------------


def _add_tariffs(engine):
    """A customer of category 1; a chair at 100 (category: 90, −5 %), a table at 200
    whose category row has quantity breaks (up to 5: −2 %, beyond: −10 %)."""
    with engine.begin() as conn:
        conn.execute(insert(F_FAMILLE).values(FA_CodeFamille="FDEVIS", FA_Intitule="Devis"))
        conn.execute(
            insert(F_COMPTET).values(
                CT_Num=CLIENT,
                CT_Intitule="Client des devis",
                CT_Type=0,
                CT_Prospect=0,
                N_CatTarif=1,
                CT_Taux01=D(0),
                CT_ControlEnc=0,
            )
        )
        for ref, design, price in (("CHAISE", "Chaise", 100), ("TABLE", "Table", 200)):
            conn.execute(
                insert(F_ARTICLE).values(
                    AR_Ref=ref,
                    AR_Design=design,
                    FA_CodeFamille="FDEVIS",
                    AR_PrixVen=D(price),
                    AR_PrixTTC=0,
                    AR_Sommeil=0,
                )
            )
        row = {"AC_Categorie": 1, "CT_Num": "", "AC_PrixTTC": 0, "AC_TypeRem": 0}
        conn.execute(
            insert(F_ARTCLIENT).values(
                AR_Ref="CHAISE", AC_PrixVen=D(90), AC_Remise=D(5), AC_QteMont=0, **row
            )
        )
        conn.execute(
            insert(F_ARTCLIENT).values(
                AR_Ref="TABLE", AC_PrixVen=D(0), AC_Remise=D(0), AC_QteMont=1, **row
            )
        )
        for bound, percent in (("5", "2"), ("1000", "10")):
            conn.execute(
                insert(F_TARIFQTE).values(
                    AR_Ref="TABLE",
                    TQ_RefCF="a01",
                    TQ_BorneSup=D(bound),
                    TQ_Remise01REM_Valeur=D(percent),
                    TQ_Remise01REM_Type=1,
                )
            )


class Setup:
    """The install, an API session as a rep's API key would have, and SQL on Sage."""

    def __init__(self, layout, api, engine):
        self.layout, self.api, self.engine = layout, api, engine
        accounts = self.list("accounts")
        self.account_id = next(a["id"] for a in accounts if a["extId"] == CLIENT)
        products = self.list("products")
        self.product = {p["extId"]: p["id"] for p in products}

    def list(self, resource):
        config, secrets = load_install(self.layout)
        key = secrets.private_key.get_secret_value()
        with CrmClient(config.cloud.url, config.cloud.public_key, key) as crm:
            return list(crm.iter_all(resource))

    def new_quote(self, *lines):
        body = {
            "accountId": self.account_id,
            "lines": [{"productId": self.product[ref], "quantity": q} for ref, q in lines],
        }
        response = self.api.post("/api/v4/quotes", json=body)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def post_account(self, name):
        response = self.api.post("/api/v4/accounts", json={"name": name})
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def edit(self, quote_id, *lines):
        body = {"lines": [{"productId": self.product[ref], "quantity": q} for ref, q in lines]}
        response = self.api.put(f"/api/v4/quotes/{quote_id}", json=body)
        assert response.status_code == 200, response.text

    def request_sync(self, quote_id):
        response = self.api.post(f"/api/v4/quotes/{quote_id}/sync")
        assert response.status_code == 200, response.text

    def quote(self, quote_id):
        response = self.api.get(f"/api/v4/quotes/{quote_id}")
        assert response.status_code == 200, response.text
        return json.loads(response.content, parse_float=D)

    def sql(self, query, **params):
        with self.engine.connect() as conn:
            return conn.execute(text(query), params).all()

    def sage(self, table, where, **values):
        with self.engine.begin() as conn:
            conn.execute(update(table).where(where).values(**values))


@pytest.fixture
def setup(installed, demo_paths):
    engine = open_server(demo_paths.sage_server).engine("BIJOU")
    _add_tariffs(engine)
    layout = installed()
    assert sync_once(layout).status == "succeeded"
    config, secrets = load_install(layout)
    api = httpx.Client(base_url=config.cloud.url)
    token = api.post(
        "/api/v4/login",
        json={
            "username": config.cloud.public_key,
            "password": secrets.private_key.get_secret_value(),
        },
    ).json()["token"]
    api.headers["X-Session-Key"] = token
    yield Setup(layout, api, engine)
    api.close()
    engine.dispose()


def _export(report):
    return next(s for s in report.streams if s.stream == EXPORT)


def _position(layout):
    with StateStore(layout.state_file) as state:
        return state.feed_position()


def _discounts(price):
    names = {0: "amount", 1: "percent", 2: "free"}
    return [(d.value, names[d.REM_Type]) for d in price.discounts]


def _assert_priced_as_sage(setup, quote, *lines):
    """The quote's lines carry ``price_line``'s prices for the same customer and quantities."""
    total = D(0)
    for line, (ref, quantity) in zip(quote["lines"], lines, strict=True):
        price = price_line(setup.engine, CLIENT, ref, D(quantity))
        assert line["productExtId"] == ref
        assert D(line["unitPrice"]) == price.unit_price
        assert D(line["netUnitPrice"]) == price.net_unit_price
        assert D(line["totalExclTax"]) == price.amount
        assert D(line["stock"]) == price.stock
        assert [(D(d["value"]), d["type"]) for d in line["discounts"]] == _discounts(price)
        total += price.amount
    assert D(quote["totalExclTax"]) == total


def test_a_quote_made_in_the_crm_is_priced_by_sage(setup):
    quote_id = setup.new_quote(("CHAISE", 3), ("TABLE", 3))
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert (_export(report).read, _export(report).updated) == (1, 1)
    quote = setup.quote(quote_id)
    assert quote["status"] == "draft_validated"
    assert quote["syncStatus"] == "synced"
    _assert_priced_as_sage(setup, quote, ("CHAISE", 3), ("TABLE", 3))
    assert D(quote["lines"][0]["netUnitPrice"]) == D("85.5")  # 90 by category, −5 %
    assert D(quote["lines"][1]["netUnitPrice"]) == D("196")  # 200, −2 % up to 5
    assert D(quote["totalExclTax"]) == D("256.5") + D("588")
    assert D(quote["totalInclTax"]) == D("307.8") + D("705.6")
    assert "PRIX VALIDÉS" in quote["internalComment"]
    assert (
        "ligne 1 « Chaise »: 100,00 € → 85,50 € (tarif de catégorie, remise 5 %)"
        " ; ligne 2 « Table »: 200,00 € → 196,00 € (remise 2 %)"
    ) in quote["internalComment"]
    assert setup.sql("SELECT cbMarq FROM F_DOCENTETE WHERE DO_Ref = :r", r=f"SSM{quote_id}") == []
    assert _export(sync_once(setup.layout)).read == 0  # no echo of the prices


def test_an_edit_is_priced_again(setup):
    quote_id = setup.new_quote(("TABLE", 3))
    sync_once(setup.layout)
    setup.edit(quote_id, ("TABLE", 8))
    assert setup.quote(quote_id)["status"] == "draft_pending"
    assert _export(sync_once(setup.layout)).updated == 1
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["revision"]) == ("draft_validated", 1)
    _assert_priced_as_sage(setup, quote, ("TABLE", 8))
    assert D(quote["lines"][0]["netUnitPrice"]) == D(180)  # the bracket beyond 5: −10 %


def test_prices_of_a_quote_edited_meanwhile_are_dropped_and_the_edit_is_priced(setup, monkeypatch):
    quote_id = setup.new_quote(("TABLE", 3))
    real, edited = quote_export.price_line, []

    def price_while_the_rep_edits(*args, **kwargs):
        if not edited:
            edited.append(True)
            setup.edit(quote_id, ("TABLE", 9))
        return real(*args, **kwargs)

    monkeypatch.setattr(quote_export, "price_line", price_while_the_rep_edits)
    report = sync_once(setup.layout)
    result = _export(report)
    assert (result.read, result.unchanged, result.updated, result.failed) == (2, 1, 1, 0)
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["revision"]) == ("draft_validated", 1)
    _assert_priced_as_sage(setup, quote, ("TABLE", 9))


def test_a_sleeping_item_is_refused_with_sages_reason_and_the_quote_stays_editable(setup):
    quote_id = setup.new_quote(("CHAISE", 1))
    setup.sage(F_ARTICLE, F_ARTICLE.c.AR_Ref == "CHAISE", AR_Sommeil=1)
    report = sync_once(setup.layout)
    result = _export(report)
    assert (result.read, result.failed) == (1, 1)
    reason = result.errors[0].message
    assert reason.startswith("L'article « CHAISE » est mis en sommeil dans Sage 100")
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["readOnly"]) == ("draft_pending", False)
    assert (quote["syncStatus"], quote["syncDetail"]) == ("error", reason)
    assert _position(setup.layout) > 0  # the feed moved on
    assert [e["key"] for e in build_status(setup.layout)["errors"]] == [f"quotes #{quote_id}"]

    setup.sage(F_ARTICLE, F_ARTICLE.c.AR_Ref == "CHAISE", AR_Sommeil=0)
    sync_once(setup.layout)  # the CRM learns the item is for sale again
    setup.edit(quote_id, ("CHAISE", 2))
    assert sync_once(setup.layout).status == "succeeded"
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["syncStatus"]) == ("draft_validated", "synced")
    assert build_status(setup.layout)["errors"] == []


def _priced_and_requested(setup, *lines):
    quote_id = setup.new_quote(*lines)
    sync_once(setup.layout)
    assert setup.quote(quote_id)["status"] == "draft_validated"
    setup.request_sync(quote_id)
    return quote_id


def _sage_quote(setup, quote_id):
    return setup.sql(
        "SELECT cbMarq, DO_Type, DO_Piece, DO_Tiers, DO_TotalHT FROM F_DOCENTETE"
        " WHERE DO_Domaine = 0 AND DO_Ref = :r",
        r=f"SSM{quote_id}",
    )


def _quote_count(setup):
    return setup.sql("SELECT count(*) FROM F_DOCENTETE WHERE DO_Domaine = 0 AND DO_Type = 0")[0][0]


def _next_number(piece):
    digits = len(piece) - len(piece.rstrip("0123456789"))
    return piece[:-digits] + str(int(piece[-digits:]) + 1).zfill(digits)


def _counter(setup):
    return setup.sql(
        "SELECT DC_Piece FROM F_DOCCURRENTPIECE"
        " WHERE DC_Domaine = 0 AND DC_IdCol = 0 AND DC_Souche = 0"
    )[0][0]


def test_a_requested_quote_is_written_into_sage_with_the_prices_the_rep_saw(setup):
    quote_id = _priced_and_requested(setup, ("CHAISE", 3), ("TABLE", 8))
    validated = setup.quote(quote_id)
    number = _counter(setup)
    report = sync_once(setup.layout)
    assert (_export(report).read, _export(report).created) == (1, 1)

    [head] = _sage_quote(setup, quote_id)
    assert (head.DO_Type, head.DO_Piece, head.DO_Tiers) == (0, number, CLIENT)
    assert D(head.DO_TotalHT) == D(validated["totalExclTax"])
    lines = setup.sql(
        "SELECT AR_Ref, DL_Qte, DL_PrixUnitaire, DL_MontantHT, DL_Remise01REM_Valeur,"
        " DL_Remise01REM_Type FROM F_DOCLIGNE WHERE DO_Type = 0 AND DO_Piece = :p"
        " ORDER BY DL_Ligne",
        p=head.DO_Piece,
    )
    assert [
        (r.AR_Ref, D(r.DL_Qte), D(r.DL_PrixUnitaire), D(r.DL_MontantHT), D(r.DL_Remise01REM_Valeur))
        for r in lines
    ] == [
        (
            line["productExtId"],
            D(line["quantity"]),
            D(line["unitPrice"]),
            D(line["totalExclTax"]),
            D(line["discounts"][0]["value"]),
        )
        for line in validated["lines"]
    ]
    assert [r.DL_Remise01REM_Type for r in lines] == [1, 1]

    quote = setup.quote(quote_id)
    assert (quote["status"], quote["readOnly"]) == ("in_sage", True)
    assert (quote["extId"], quote["number"]) == (str(head.cbMarq), head.DO_Piece)
    assert _export(sync_once(setup.layout)).read == 0
    assert len(_sage_quote(setup, quote_id)) == 1
    # The quotes stream sent Sage's quote to the quote bound, not as a second one.
    assert _crm_quotes_of(setup, head.cbMarq) == [quote_id]
    assert all(line["extId"] for line in setup.quote(quote_id)["lines"])
    with StateStore(setup.layout.state_file) as state:
        assert not state.retries_due()


def test_a_blocked_customer_refuses_the_write_and_the_quote_is_editable_again(setup):
    quote_id = _priced_and_requested(setup, ("CHAISE", 1))
    setup.sage(F_COMPTET, F_COMPTET.c.CT_Num == CLIENT, CT_ControlEnc=2)
    number = _counter(setup)
    result = _export(sync_once(setup.layout))
    assert (result.read, result.failed) == (1, 1)
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["readOnly"]) == ("draft_validated", False)
    assert quote["syncStatus"] == "error"
    assert quote["syncDetail"].startswith(f"Le compte du client « {CLIENT} » est bloqué")
    assert _sage_quote(setup, quote_id) == []
    assert _counter(setup) == number  # no number burnt
    with StateStore(setup.layout.state_file) as state:
        assert state.reservation("quotes", quote_id) is None


def test_a_crash_between_the_sage_write_and_the_bind_writes_nothing_twice(setup, monkeypatch):
    quote_id = _priced_and_requested(setup, ("CHAISE", 2))
    number, quotes = _counter(setup), _quote_count(setup)
    real = quote_export.create_quote

    def create_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(quote_export, "create_quote", create_then_crash)
    position = _position(setup.layout)
    with pytest.raises(RuntimeError):
        sync_once(setup.layout)
    monkeypatch.undo()
    assert _position(setup.layout) == position
    assert setup.quote(quote_id)["status"] == "sync_pending"
    with StateStore(setup.layout.state_file) as state:
        assert state.reserved_resources() == {"quotes"}  # its stream waits meanwhile

    report = sync_once(setup.layout)
    assert _export(report).created == 1
    [head] = _sage_quote(setup, quote_id)
    assert head.DO_Piece == number
    assert _quote_count(setup) == quotes + 1
    assert _counter(setup) == _next_number(number)  # taken once, none burnt
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["number"], quote["extId"]) == (
        "in_sage",
        number,
        str(head.cbMarq),
    )
    assert _crm_quotes_of(setup, head.cbMarq) == [quote_id]


def _crm_quotes_of(setup, cb_marq):
    """The CRM's quotes bound to Sage quote ``cb_marq``: ours alone, or a second one."""
    return [q["id"] for q in setup.list("quotes") if q["extId"] == str(cb_marq)]


def _fail_next_quote_bind(monkeypatch, error):
    real, calls = CrmClient.bind_quote, []

    def bind_quote(self, *args):
        calls.append(args)
        if len(calls) == 1:
            raise error
        return real(self, *args)

    monkeypatch.setattr(CrmClient, "bind_quote", bind_quote)
    return calls


def test_the_crm_unreachable_at_bind_time_stops_the_step_and_the_next_pass_binds(
    setup, monkeypatch
):
    quote_id = _priced_and_requested(setup, ("TABLE", 1))
    _fail_next_quote_bind(monkeypatch, CloudUnreachableError("Le service ne répond pas."))
    position = _position(setup.layout)
    report = sync_once(setup.layout)
    assert _export(report).aborted == "Le service ne répond pas."
    assert _position(setup.layout) == position
    [head] = _sage_quote(setup, quote_id)
    with StateStore(setup.layout.state_file) as state:
        assert state.unconfirmed_keys("quotes") == {str(head.cbMarq)}
    assert _crm_quotes_of(setup, head.cbMarq) == []  # the quotes stream skipped it

    assert sync_once(setup.layout).status == "succeeded"
    assert len(_sage_quote(setup, quote_id)) == 1
    assert setup.quote(quote_id)["extId"] == str(head.cbMarq)
    assert _crm_quotes_of(setup, head.cbMarq) == [quote_id]
    with StateStore(setup.layout.state_file) as state:
        assert state.unconfirmed_keys("quotes") == frozenset()
        assert state.reservation("quotes", quote_id) is None


def test_a_bind_refused_keeps_the_sage_quote_unconfirmed_and_lists_it(setup, monkeypatch):
    quote_id = _priced_and_requested(setup, ("TABLE", 1))
    _fail_next_quote_bind(monkeypatch, CloudRejectedError("conflit", 409))
    result = _export(sync_once(setup.layout))
    [head] = _sage_quote(setup, quote_id)
    assert (result.read, result.failed) == (1, 1)
    assert result.errors[0].key == str(head.cbMarq)
    with StateStore(setup.layout.state_file) as state:
        assert state.unconfirmed_keys("quotes") == {str(head.cbMarq)}
    assert setup.quote(quote_id)["status"] == "sync_pending"
    assert len(_sage_quote(setup, quote_id)) == 1
    assert sync_once(setup.layout).status == "succeeded"  # the stream skips it meanwhile
    assert _crm_quotes_of(setup, head.cbMarq) == []


def test_the_service_error_report_keeps_a_refused_quotes_reason(setup):
    """The quote has no Sage key to be listed by: the report must leave its reason alone."""
    quote_id = setup.new_quote(("CHAISE", 1))
    setup.sage(F_ARTICLE, F_ARTICLE.c.AR_Ref == "CHAISE", AR_Sommeil=1)
    sync_once(setup.layout)
    with session(setup.layout) as s:
        s.crm.report_errors(refused_records(s))
    quote = setup.quote(quote_id)
    assert quote["syncStatus"] == "error"
    assert quote["syncDetail"].startswith("L'article « CHAISE » est mis en sommeil")


def test_an_item_priced_ttc_is_priced_at_the_connectors_vat_rate(setup):
    """The emulated company has no tax tables: 20 %, as ``create_quote`` writes TTC."""
    setup.sage(F_ARTICLE, F_ARTICLE.c.AR_Ref == "TABLE", AR_PrixTTC=1)
    quote_id = setup.new_quote(("TABLE", 1))
    assert _export(sync_once(setup.layout)).updated == 1
    quote = setup.quote(quote_id)
    price = price_line(setup.engine, CLIENT, "TABLE", D(1), vat_rate=D(20))
    assert D(quote["lines"][0]["unitPrice"]) == price.unit_price == D("166.6667")
    assert D(quote["lines"][0]["netUnitPrice"]) == price.net_unit_price
    assert "ligne 1 « Table »: 200,00 € TTC → 163,3334 € (remise 2 %)" in quote["internalComment"]


def test_a_company_without_quote_numbering_refuses_the_write_and_the_feed_flows(setup):
    quote_id = _priced_and_requested(setup, ("CHAISE", 1))
    with setup.engine.begin() as conn:
        conn.execute(text('DROP TABLE "F_DOCCURRENTPIECE"'))
    account_id = setup.post_account("Prospect derrière le devis")
    report = sync_once(setup.layout)
    assert (_export(report).failed, _export(report).created) == (1, 1)
    quote = setup.quote(quote_id)
    assert (quote["status"], quote["syncStatus"]) == ("draft_validated", "error")
    assert "F_DOCCURRENTPIECE" in quote["syncDetail"]
    assert setup.api.get(f"/api/v4/accounts/{account_id}").json()["extId"]


def test_a_stop_request_ends_the_step_after_the_quote_being_handled(setup):
    first = setup.new_quote(("CHAISE", 1))
    second = setup.new_quote(("TABLE", 1))
    config, secrets = load_install(setup.layout)
    with (
        StateStore(setup.layout.state_file) as state,
        CrmClient(
            config.cloud.url, config.cloud.public_key, secrets.private_key.get_secret_value()
        ) as crm,
    ):
        result = export_changes(
            setup.engine, crm, state, ProspectNumbering("P", 6), should_stop=lambda: True
        )
    assert (result.stopped, result.read, result.updated) == (True, 1, 1)
    assert setup.quote(first)["status"] == "draft_validated"
    assert setup.quote(second)["status"] == "draft_pending"
    assert _export(sync_once(setup.layout)).updated == 1
    assert setup.quote(second)["status"] == "draft_validated"


def test_sage_unreachable_while_pricing_stops_the_step_and_the_next_pass_prices(setup, monkeypatch):
    quote_id = setup.new_quote(("CHAISE", 1))
    position = _position(setup.layout)

    def sage_gone(*args, **kwargs):
        raise SageConnectionError("Sage 100 ne répond plus.")

    monkeypatch.setattr(quote_export, "price_line", sage_gone)
    report = sync_once(setup.layout)
    monkeypatch.undo()
    assert _export(report).aborted == "Sage 100 ne répond plus."
    assert _position(setup.layout) == position
    assert setup.quote(quote_id)["status"] == "draft_pending"
    assert _export(sync_once(setup.layout)).updated == 1
    assert setup.quote(quote_id)["status"] == "draft_validated"
