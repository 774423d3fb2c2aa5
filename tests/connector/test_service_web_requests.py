"""What the web app asks of the connector, carried out by the service loop against a real
cloud: « Resynchroniser » after an invitation, and the badges of the records it refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from cloud_web import administrator, csrf_of, record_id, sync_badge
from sqlalchemy import text
from structlog.testing import capture_logs

from ssm.connector import CrmClient, load_install, sync_once
from ssm.connector.service.loop import LoopState, Service, ServiceOptions
from ssm.connector.service.passes import session
from ssm.sage100 import open_server


def _tick(layout, loop: LoopState) -> None:
    """One turn of the service loop, in-process, with no Sage change."""
    with session(layout) as s:
        Service(layout, ServiceOptions(requests_interval=0)).tick(s, False, loop)


def _a_rep_with_accounts(layout) -> int:
    """The cloud id of a sales rep who owns accounts, from the API."""
    config, secrets = load_install(layout)
    private_key = secrets.private_key.get_secret_value()
    with CrmClient(config.cloud.url, config.cloud.public_key, private_key) as crm:
        return next(a["ownerId"] for a in crm.iter_all("accounts") if a["ownerId"] is not None)


def _users_row(browser, user_id: int) -> str:
    """The row of ``user_id`` on the administration's users page."""
    page = browser.get("/administration", follow_redirects=True)
    (row,) = [r for r in page.text.split("<tr") if f"/utilisateurs/{user_id}/role" in r]
    return row


def test_a_resync_asked_in_the_web_app_is_carried_out_and_reported(
    installed, cloud_url, demo_paths
):
    layout = installed()
    sync_once(layout)
    rep = _a_rep_with_accounts(layout)
    with administrator(cloud_url, demo_paths.cloud_database.parent / "outbox") as browser:
        page = browser.get("/administration", follow_redirects=True)
        asked = browser.post(
            f"/administration/utilisateurs/{rep}/resynchroniser", data={"csrf": csrf_of(page)}
        )
        assert asked.status_code == 303, asked.text
        assert "Resynchronisation demandée" in _users_row(browser, rep)
        loop = LoopState(dirty=False)
        with capture_logs() as events:
            _tick(layout, loop)
        assert "Resynchronisation terminée" in _users_row(browser, rep)
    # Every entity « Resynchroniser » names is resent, the rep's quotes («Devis») included.
    (requested,) = [e for e in events if e["event"] == "resync.requested"]
    assert requested["entities"] == ["accounts", "invoices", "quotes"]
    quotes = loop.streams["quotes"]  # read again whole: the rep's quotes resent
    assert (quotes["kind"], quotes["status"]) == ("sync", "succeeded") and quotes["read"] > 0
    assert datetime.fromisoformat(quotes["finished_at"]).utcoffset() == timedelta(0)


def test_refused_records_show_as_errors_then_clear(installed, cloud_url, demo_paths):
    layout = installed()
    sync_once(layout)
    config, _ = load_install(layout)
    engine = open_server(config.sage.server).engine(config.sage.company)
    with engine.begin() as conn:
        key = conn.execute(
            text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 ORDER BY cbMarq LIMIT 1")
        ).scalar_one()
        name = conn.execute(
            text("SELECT CT_Intitule FROM F_COMPTET WHERE CT_Num = :k"), {"k": key}
        ).scalar_one()
        conn.execute(text("UPDATE F_COMPTET SET CT_Intitule = '' WHERE CT_Num = :k"), {"k": key})
    account = f"/comptes/{record_id(cloud_url, layout, 'accounts', key)}"
    try:
        with administrator(cloud_url, demo_paths.cloud_database.parent / "outbox") as browser:
            assert sync_badge(browser, account)[0] == "synced"
            _tick(layout, LoopState())  # a pass refuses the nameless account, then reports it
            status, detail = sync_badge(browser, account)
            assert status == "error"
            assert "pas d'intitulé" in detail

            with engine.begin() as conn:
                conn.execute(
                    text("UPDATE F_COMPTET SET CT_Intitule = :n WHERE CT_Num = :k"),
                    {"n": name, "k": key},
                )
            _tick(layout, LoopState())
            assert sync_badge(browser, account)[0] == "synced"
    finally:
        engine.dispose()
