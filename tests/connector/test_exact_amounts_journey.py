"""Exact amounts through a real sync: emulated Sage 100 → connector → cloud on loopback.

A unit price of ``0.123456`` (six decimals, Sage's ``numeric(24,6)``) used to reach the cloud
as a float rounded to four decimals; the dashboard summed floats. Here it travels as a
``Decimal`` and an exact JSON number, the API returns it exactly, and the dashboard's total
equals Sage's own sum of ``DO_TotalHT``, compared as decimals. The cloud is reached over
HTTP only: its API, and its web app as the administrator.
"""

from decimal import Decimal

import httpx
from cloud_web import administrator, record_id, sales_total
from sqlalchemy import select, text

from ssm.connector import load_install, sync_once
from ssm.sage100 import open_server

UNIT_PRICE = Decimal("0.123456")
QUANTITY = Decimal("3")
LINE_TOTAL = Decimal("0.370368")
POSTED_INVOICE = 7
SALES = 0  # DO_Domaine: ventes
CREDIT_NOTE_ORIGINS = (1, 2)  # DO_Provenance: retour, avoir


def _price_one_line(layout) -> tuple[int, int]:
    """Give one line of a posted invoice the exact amounts; its header's total follows.

    Returns the header's ``cbMarq`` (the invoice's extId) and the line's ``DL_No``.
    """
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    try:
        with engine.begin() as conn:
            piece, marq = conn.execute(
                text(
                    "SELECT h.DO_Piece, h.cbMarq FROM F_DOCENTETE h WHERE h.DO_Domaine = 0"
                    " AND h.DO_Type = 7 AND h.DO_Provenance = 0 AND EXISTS (SELECT 1 FROM"
                    " F_DOCLIGNE l WHERE l.DO_Domaine = 0 AND l.DO_Type = 7"
                    " AND l.DO_Piece = h.DO_Piece) ORDER BY h.cbMarq LIMIT 1"
                )
            ).one()
            line = conn.execute(
                text(
                    "SELECT DL_No FROM F_DOCLIGNE WHERE DO_Domaine = 0 AND DO_Type = 7"
                    " AND DO_Piece = :piece ORDER BY DL_No LIMIT 1"
                ),
                {"piece": piece},
            ).scalar_one()
            conn.execute(
                text(
                    "UPDATE F_DOCLIGNE SET DL_Qte = :qte, DL_PrixUnitaire = :price,"
                    " DL_MontantHT = :total, DL_Remise01REM_Valeur = 0 WHERE DL_No = :line"
                ),
                {
                    "qte": float(QUANTITY),
                    "price": float(UNIT_PRICE),  # the emulator keeps REAL, as Sage's numeric
                    "total": float(LINE_TOTAL),
                    "line": line,
                },
            )
            conn.execute(
                text(
                    "UPDATE F_DOCENTETE SET DO_TotalHT = (SELECT SUM(DL_MontantHT) FROM"
                    " F_DOCLIGNE WHERE DO_Domaine = 0 AND DO_Type = 7 AND DO_Piece = :piece)"
                    " WHERE cbMarq = :marq"
                ),
                {"piece": piece, "marq": marq},
            )
    finally:
        engine.dispose()
    return marq, line


def _sage_sales(layout) -> Decimal:
    """Sage's own figure: ``SUM(DO_TotalHT)`` of posted sales invoices, credit notes deducted."""
    from ssm.sage100.schema import F_DOCENTETE

    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    h = F_DOCENTETE.c
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(h.DO_TotalHT, h.DO_Provenance).where(
                    h.DO_Domaine == SALES, h.DO_Type == POSTED_INVOICE
                )
            ).all()
    finally:
        engine.dispose()
    # Summed as Decimals (the reader's numeric(24,6)), not by SQLite's float SUM.
    return sum(
        (-abs(total) if origin in CREDIT_NOTE_ORIGINS else abs(total) for total, origin in rows),
        Decimal(0),
    )


def test_a_six_decimal_unit_price_reaches_the_cloud_exactly(installed, cloud_url, demo_paths):
    layout = installed()
    marq, _ = _price_one_line(layout)
    report = sync_once(layout)
    assert report.status == "succeeded", report

    config, secrets = load_install(layout)
    invoice_id = record_id(cloud_url, layout, "invoices", str(marq))
    with httpx.Client(base_url=config.cloud.url) as http:
        login = http.post(
            "/api/v4/login",
            json={
                "username": config.cloud.public_key,
                "password": secrets.private_key.get_secret_value(),
            },
        )
        headers = {"X-Session-Key": login.json()["token"]}
        answer = http.get(f"/api/v4/invoices/{invoice_id}", headers=headers)
    assert answer.status_code == 200
    # The API's JSON numbers carry the exact digits (no float on the way, no string).
    assert b'"quantity":3,' in answer.content
    assert b'"unitPrice":0.123456,' in answer.content
    assert b'"totalExclTax":0.370368}' in answer.content

    with administrator(cloud_url, demo_paths.cloud_database.parent / "outbox") as browser:
        total = Decimal(sales_total(browser))
    assert total.quantize(Decimal("0.01")) == _sage_sales(layout).quantize(Decimal("0.01"))
    # Exact, not merely to the cent: the same decimal sum, whatever the number of invoices.
    assert total == _sage_sales(layout)
