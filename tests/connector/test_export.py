"""CRM → Sage 100: prospects and contacts made or edited in the CRM reach Sage, once.

Against a real emulated Sage 100 and a real cloud on loopback: records are made through the
API as a user of the CRM would, a pass writes them into Sage (checked in SQL) and the
Sage → CRM streams that follow bind them back without a duplicate or an echo.
"""

import dataclasses
import sqlite3
import threading
import time

import httpx
import pytest
from sqlalchemy import text

from ssm.connector import load_install, messages, sync_once
from ssm.connector.crm_client import CrmClient
from ssm.connector.errors import CloudRejectedError, CloudUnreachableError
from ssm.connector.service.loop import LoopState, Service, ServiceOptions
from ssm.connector.service.passes import open_crm, refused_records, session, sync_pass
from ssm.connector.service.status import build_status
from ssm.connector.sync import EXPORT, StateStore, export_changes
from ssm.connector.sync import _export as export_module
from ssm.sage100 import ProspectNumbering, SageConnectionError, open_server

pytestmark = pytest.mark.shared_cloud


@pytest.fixture
def setup(installed, cloud):
    """An install synced once from Sage, a CRM API session, and SQL helpers."""
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
    engine = open_server(config.sage.server).engine(config.sage.company)
    yield Setup(layout, api, engine, cloud.paths.cloud_database)
    api.close()
    engine.dispose()


class Setup:
    def __init__(self, layout, api, engine, cloud_database):
        self.layout, self.api, self.engine, self.cloud_database = (
            layout,
            api,
            engine,
            cloud_database,
        )

    def post(self, resource, body):
        response = self.api.post(f"/api/v4/{resource}", json=body)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def put(self, resource, record_id, body):
        response = self.api.put(f"/api/v4/{resource}/{record_id}", json=body)
        assert response.status_code == 200, response.text

    def get(self, resource, record_id):
        response = self.api.get(f"/api/v4/{resource}/{record_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def sql(self, query, **params):
        with self.engine.connect() as conn:
            return conn.execute(text(query), params).all()

    def sync_status(self, table, record_id):
        with sqlite3.connect(self.cloud_database) as db:
            return db.execute(
                f"SELECT sync_status FROM {table} WHERE id = ?", (record_id,)
            ).fetchone()[0]

    def feed_after(self, after):
        response = self.api.get("/api/v4/changes", params={"after": after})
        return response.json()["changes"]


def _export(report):
    return next(s for s in report.streams if s.stream == EXPORT)


def _crm_accounts(layout):
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return list(crm.iter_all("accounts"))


def _crm_contacts(layout):
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return list(crm.iter_all("contacts"))


def _position(layout):
    with StateStore(layout.state_file) as state:
        return state.feed_position()


def test_a_prospect_made_in_the_crm_reaches_sage_and_comes_back_bound(setup):
    account_id = setup.post("accounts", {"name": "Boulangerie Hérault", "city": "Sète"})
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert _export(report).created == 1
    ext_id = setup.get("accounts", account_id)["extId"]
    assert ext_id == "P000001"
    rows = setup.sql(
        "SELECT CT_Num, CT_Intitule, CT_Ville, CT_Prospect FROM F_COMPTET"
        " WHERE CT_Intitule = 'Boulangerie Hérault'"
    )
    assert [tuple(r) for r in rows] == [("P000001", "Boulangerie Hérault", "Sète", 1)]
    assert setup.sync_status("accounts", account_id) == "synced"
    # No echo: the streams' upsert of the row just written added nothing to the feed.
    assert setup.feed_after(_position(setup.layout)) == []
    again = sync_once(setup.layout)
    assert _export(again).read == 0
    accounts = next(s for s in again.streams if s.stream == "accounts")
    assert accounts.created == 0


def test_an_edit_in_the_crm_reaches_sage(setup):
    account_id = setup.post("accounts", {"name": "Avant"})
    sync_once(setup.layout)
    setup.put("accounts", account_id, {"name": "Après", "phone": "04 67 00 00 00"})
    report = sync_once(setup.layout)
    assert _export(report).updated == 1
    ext_id = setup.get("accounts", account_id)["extId"]
    [row] = setup.sql("SELECT CT_Intitule, CT_Telephone FROM F_COMPTET WHERE CT_Num = :n", n=ext_id)
    assert tuple(row) == ("Après", "04 67 00 00 00")
    assert setup.sync_status("accounts", account_id) == "synced"


def test_a_contact_made_in_the_crm_reaches_sage_and_comes_back_bound(setup):
    account_id = setup.post("accounts", {"name": "Prospect à contacts"})
    sync_once(setup.layout)
    ct_num = setup.get("accounts", account_id)["extId"]
    contact_id = setup.post(
        "contacts",
        {"accountId": account_id, "lastName": "Lefèvre", "firstName": "Hélène", "title": "Mme"},
    )
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert _export(report).created == 1
    rows = setup.sql(
        "SELECT CT_No, CT_Nom, CT_Prenom, CT_Civilite FROM F_CONTACTT WHERE CT_Num = :n", n=ct_num
    )
    assert [tuple(r)[1:] for r in rows] == [("Lefèvre", "Hélène", 1)]
    assert setup.get("contacts", contact_id)["extId"] == str(rows[0].CT_No)
    assert setup.sync_status("contacts", contact_id) == "synced"
    contacts = next(s for s in report.streams if s.stream == "contacts")
    assert contacts.created == 0  # the Sage row bound to the CRM's contact: no duplicate

    setup.put("contacts", contact_id, {"jobTitle": "Gérante"})
    assert _export(sync_once(setup.layout)).updated == 1
    [row] = setup.sql("SELECT CT_Fonction FROM F_CONTACTT WHERE CT_No = :n", n=rows[0].CT_No)
    assert row.CT_Fonction == "Gérante"


def test_an_edit_of_a_prospect_sage_converted_is_refused_and_the_feed_moves_on(setup):
    account_id = setup.post("accounts", {"name": "Bientôt client"})
    sync_once(setup.layout)
    ext_id = setup.get("accounts", account_id)["extId"]
    setup.put("accounts", account_id, {"city": "Nîmes"})
    with setup.engine.begin() as conn:
        conn.execute(text("UPDATE F_COMPTET SET CT_Prospect = 0 WHERE CT_Num = :n"), {"n": ext_id})
    other = setup.post("accounts", {"name": "Suivant"})
    with session(setup.layout) as s:
        result = export_changes(s.sage, s.crm, s.state, ProspectNumbering())
        assert (result.failed, result.created) == (1, 1)
        [error] = result.errors
        assert "devenu client" in error.message
        assert {"resource": "accounts", "extId": ext_id, "message": error.message} in (
            refused_records(s)
        )
    assert setup.get("accounts", other)["extId"] is not None
    shown = build_status(setup.layout)["errors"]
    assert {"stream": EXPORT, "key": f"accounts {ext_id}", "reason": error.message} == {
        k: v for k, v in shown[0].items() if k != "since"
    }
    assert setup.feed_after(_position(setup.layout)) == []
    [row] = setup.sql("SELECT CT_Ville FROM F_COMPTET WHERE CT_Num = :n", n=ext_id)
    assert row.CT_Ville != "Nîmes"


def test_a_crash_between_the_sage_write_and_the_binding_writes_no_second_row(setup, monkeypatch):
    account_id = setup.post("accounts", {"name": "Une seule fois"})
    real = export_module.create_prospect

    def create_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(export_module, "create_prospect", create_then_crash)
    with pytest.raises(RuntimeError):
        sync_once(setup.layout)
    monkeypatch.undo()
    assert setup.get("accounts", account_id)["extId"] is None
    assert _position(setup.layout) == 0

    report = sync_once(setup.layout)
    assert _export(report).created == 1
    rows = setup.sql("SELECT CT_Num FROM F_COMPTET WHERE CT_Intitule = 'Une seule fois'")
    assert [r.CT_Num for r in rows] == ["P000001"]
    assert setup.get("accounts", account_id)["extId"] == "P000001"


def test_the_feed_position_survives_a_restart(setup):
    setup.post("accounts", {"name": "Premier"})
    sync_once(setup.layout)
    position = _position(setup.layout)
    assert position > 0
    config, secrets = load_install(setup.layout)
    with open_crm(config, secrets) as crm:
        assert crm.changes(position).changes == []
    assert _export(sync_once(setup.layout)).read == 0
    assert _position(setup.layout) == position


def test_the_service_loop_runs_a_pass_for_a_change_made_in_the_crm(setup):
    account_id = setup.post("accounts", {"name": "Vu par le service"})
    loop = LoopState(dirty=False)
    with session(setup.layout) as s:
        service = Service(setup.layout, ServiceOptions(requests_interval=0))
        service.tick(s, False, loop)  # Sage did not change: the feed is asked
        assert loop.dirty
        service.tick(s, False, loop)
    assert setup.get("accounts", account_id)["extId"] == "P000001"


def test_sage_lost_after_the_write_defers_the_streams_and_the_next_pass_binds_it(
    setup, monkeypatch
):
    account_id = setup.post("accounts", {"name": "Réponse perdue"})
    real = export_module.create_prospect

    def create_then_lose_sage(*args, **kwargs):
        real(*args, **kwargs)
        raise SageConnectionError("Sage 100 ne répond plus.")

    monkeypatch.setattr(export_module, "create_prospect", create_then_lose_sage)
    report = sync_once(setup.layout)
    monkeypatch.undo()
    assert report.status == "failed"
    assert _export(report).aborted == "Sage 100 ne répond plus."
    assert _export(report).read == 0  # the change it stopped on is not counted done
    accounts = next(s for s in report.streams if s.stream == "accounts")
    assert accounts.deferred == EXPORT  # P000001 not sent as a second CRM account
    assert _position(setup.layout) == 0

    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert setup.get("accounts", account_id)["extId"] == "P000001"
    named = [a for a in _crm_accounts(setup.layout) if a["name"] == "Réponse perdue"]
    assert len(named) == 1
    rows = setup.sql("SELECT CT_Num FROM F_COMPTET WHERE CT_Intitule = 'Réponse perdue'")
    assert [r.CT_Num for r in rows] == ["P000001"]


def test_a_contact_written_before_a_crash_is_found_by_name_not_written_twice(setup, monkeypatch):
    account_id = setup.post("accounts", {"name": "Compte du contact"})
    sync_once(setup.layout)
    ct_num = setup.get("accounts", account_id)["extId"]
    contact_id = setup.post("contacts", {"accountId": account_id, "lastName": "Durand"})
    real = export_module.create_contact

    def create_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(export_module, "create_contact", create_then_crash)
    with pytest.raises(RuntimeError):
        sync_once(setup.layout)
    monkeypatch.undo()
    setup.put("contacts", contact_id, {"phone": "01 02 03 04 05"})
    assert sync_once(setup.layout).status == "succeeded"
    rows = setup.sql(
        "SELECT CT_No, CT_Telephone FROM F_CONTACTT WHERE CT_Num = :n AND CT_Nom = 'Durand'",
        n=ct_num,
    )
    assert [r.CT_Telephone for r in rows] == ["01 02 03 04 05"]
    assert setup.get("contacts", contact_id)["extId"] == str(rows[0].CT_No)
    durands = [c for c in _crm_contacts(setup.layout) if c["lastName"] == "Durand"]
    assert len(durands) == 1


def test_prospects_made_together_get_consecutive_codes_of_the_configured_numbering(setup):
    text_ = setup.layout.config_file.read_text(encoding="utf-8")
    setup.layout.config_file.write_text(
        text_.replace('prospect_prefix = "P"', 'prospect_prefix = "PR"').replace(
            "prospect_digits = 6", "prospect_digits = 4"
        ),
        encoding="utf-8",
    )
    first = setup.post("accounts", {"name": "Premier du lot"})
    second = setup.post("accounts", {"name": "Second du lot"})
    assert _export(sync_once(setup.layout)).created == 2
    assert [setup.get("accounts", i)["extId"] for i in (first, second)] == ["PR0001", "PR0002"]


def test_a_new_prospect_sage_refuses_is_listed_locally_and_the_feed_moves_on(setup):
    refused = setup.post("accounts", {"name": "Trop long " + "x" * 60})
    accepted = setup.post("accounts", {"name": "Accepté"})
    report = sync_once(setup.layout)
    result = _export(report)
    assert (result.failed, result.created, report.status) == (1, 1, "partial")
    assert result.errors[0].key == f"#{refused}"
    assert "« raison sociale » fait 70 caractères" in result.errors[0].message
    assert setup.get("accounts", refused)["extId"] is None
    assert setup.get("accounts", accepted)["extId"] == "P000001"
    assert setup.feed_after(_position(setup.layout)) == []
    with session(setup.layout) as s:
        assert all(e["extId"] != f"#{refused}" for e in refused_records(s))
    [shown] = build_status(setup.layout)["errors"]
    assert shown["key"] == f"accounts #{refused}"

    setup.put("accounts", refused, {"name": "Raccourci"})
    assert _export(sync_once(setup.layout)).created == 1
    assert setup.get("accounts", refused)["extId"] == "P000002"
    assert build_status(setup.layout)["errors"] == []


def _serving(layout, options):
    """The service loop in a thread, as ``ssm-connector run`` runs it; stop it when done."""
    service = Service(layout, options)
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    return service, thread


def _eventually(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_change_in_the_crm_wakes_the_service_between_its_cadences(setup):
    # Neither Sage's watcher nor the requests' cadence would run a pass for an hour:
    # only the feed watcher can bring the prospect into Sage.
    options = ServiceOptions(poll_interval=3600, requests_interval=3600, feed_wait=1)
    service, thread = _serving(setup.layout, options)
    try:
        # The heartbeat ends the first turn: from then on the loop sleeps.
        assert _eventually(
            lambda: setup.api.get("/api/v4/integration").json().get("status") == "running"
        )
        account_id = setup.post("accounts", {"name": "Réveil du service"})
        assert _eventually(
            lambda: setup.sql("SELECT 1 FROM F_COMPTET WHERE CT_Intitule = 'Réveil du service'")
        )
        assert _eventually(lambda: setup.get("accounts", account_id)["extId"] == "P000001")
    finally:
        service.stop()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_on_sql_server_the_step_does_not_run_says_why_once_and_keeps_the_feed(setup):
    account_id = setup.post("accounts", {"name": "Attend SQL Server"})
    before = _position(setup.layout)
    with session(setup.layout) as s:
        # The install's location names a SQL Server; the streams still read the emulator.
        sage = s.config.sage.model_copy(update={"server": "127.0.0.1,1433"})
        on_sql_server = dataclasses.replace(s, config=s.config.model_copy(update={"sage": sage}))
        report = sync_pass(on_sql_server)
        assert report.notes == [messages.TWO_WAY_SQLSERVER]
        assert report.as_dict()["notes"] == [messages.TWO_WAY_SQLSERVER]
        assert EXPORT not in [r.stream for r in report.streams]
        assert report.status == "succeeded"
        loop = LoopState(dirty=False)
        Service(setup.layout, ServiceOptions(requests_interval=0)).tick(on_sql_server, False, loop)
        assert not loop.dirty  # a pending change the step cannot write makes no pass due
    assert _position(setup.layout) == before
    assert setup.sql("SELECT 1 FROM F_COMPTET WHERE CT_Intitule = 'Attend SQL Server'") == []
    assert setup.sync_status("accounts", account_id) == "pending"
    # Nothing is lost: where the step runs, the change is written.
    report = sync_once(setup.layout)
    assert "notes" not in report.as_dict()
    assert setup.get("accounts", account_id)["extId"] == "P000001"


def _refuse_next_bind(monkeypatch, error):
    """Make the CRM's next binding fail with ``error``, as a 409 or an outage would."""
    real = CrmClient.bind
    calls = []

    def bind(self, *args):
        calls.append(args)
        if len(calls) == 1:
            raise error
        return real(self, *args)

    monkeypatch.setattr(CrmClient, "bind", bind)
    return calls


def test_a_bind_refused_after_the_write_never_makes_a_second_crm_account(setup, monkeypatch):
    account_id = setup.post("accounts", {"name": "Liaison refusée"})
    _refuse_next_bind(monkeypatch, CloudRejectedError("conflit", 409))
    report = sync_once(setup.layout)
    result = _export(report)
    assert (result.read, result.failed) == (1, 1)
    assert result.errors[0].key == "P000001"
    named = [a for a in _crm_accounts(setup.layout) if a["name"] == "Liaison refusée"]
    assert [a["id"] for a in named] == [account_id]  # the Sage row was not sent as new
    assert setup.get("accounts", account_id)["extId"] is None
    assert [e["key"] for e in build_status(setup.layout)["errors"]] == ["accounts P000001"]
    assert sync_once(setup.layout).status == "succeeded"  # the streams keep skipping it
    assert len([a for a in _crm_accounts(setup.layout) if a["name"] == "Liaison refusée"]) == 1

    setup.put("accounts", account_id, {"city": "Agde"})  # its next change binds it
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert setup.get("accounts", account_id)["extId"] == "P000001"
    named = [a for a in _crm_accounts(setup.layout) if a["name"] == "Liaison refusée"]
    assert [(a["id"], a["city"]) for a in named] == [(account_id, "Agde")]
    rows = setup.sql("SELECT CT_Num, CT_Ville FROM F_COMPTET WHERE CT_Intitule = 'Liaison refusée'")
    assert [tuple(r) for r in rows] == [("P000001", "Agde")]
    assert build_status(setup.layout)["errors"] == []


def test_a_contact_whose_bind_is_refused_is_not_sent_back_as_a_second_contact(setup, monkeypatch):
    account_id = setup.post("accounts", {"name": "Compte au contact refusé"})
    sync_once(setup.layout)
    contact_id = setup.post("contacts", {"accountId": account_id, "lastName": "Sauvage"})
    _refuse_next_bind(monkeypatch, CloudRejectedError("conflit", 409))
    assert _export(sync_once(setup.layout)).failed == 1
    sauvages = [c for c in _crm_contacts(setup.layout) if c["lastName"] == "Sauvage"]
    assert [c["id"] for c in sauvages] == [contact_id]

    setup.put("contacts", contact_id, {"phone": "04 99 00 00 00"})
    assert sync_once(setup.layout).status == "succeeded"
    [row] = setup.sql("SELECT CT_No FROM F_CONTACTT WHERE CT_Nom = 'Sauvage'")
    assert setup.get("contacts", contact_id)["extId"] == str(row.CT_No)
    assert len([c for c in _crm_contacts(setup.layout) if c["lastName"] == "Sauvage"]) == 1


def test_the_crm_unreachable_at_bind_time_defers_nothing_twice(setup, monkeypatch):
    account_id = setup.post("accounts", {"name": "Injoignable au bon moment"})
    _refuse_next_bind(monkeypatch, CloudUnreachableError("Le service ne répond pas."))
    report = sync_once(setup.layout)
    assert _export(report).aborted == "Le service ne répond pas."
    named = [a for a in _crm_accounts(setup.layout) if a["name"] == "Injoignable au bon moment"]
    assert [a["id"] for a in named] == [account_id]
    assert _position(setup.layout) == 0

    assert sync_once(setup.layout).status == "succeeded"
    assert setup.get("accounts", account_id)["extId"] == "P000001"
    named = [a for a in _crm_accounts(setup.layout) if a["name"] == "Injoignable au bon moment"]
    assert len(named) == 1


@pytest.mark.parametrize("how", ["deleted", "purged"])
def test_a_record_gone_from_the_crm_while_reserved_releases_its_reservation(
    setup, monkeypatch, how
):
    """The Sage row already written stays in Sage and reaches the CRM as a Sage prospect."""
    account_id = setup.post("accounts", {"name": "Parti entre-temps"})
    real = export_module.create_prospect

    def create_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(export_module, "create_prospect", create_then_crash)
    with pytest.raises(RuntimeError):
        sync_once(setup.layout)
    monkeypatch.undo()
    with sqlite3.connect(setup.cloud_database) as db:
        if how == "deleted":
            db.execute("UPDATE accounts SET deleted = 1 WHERE id = ?", (account_id,))
        else:
            db.execute("DELETE FROM accounts WHERE id = ?", (account_id,))

    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert (_export(report).read, _export(report).unchanged) == (1, 1)
    with StateStore(setup.layout.state_file) as state:
        assert state.reservation("accounts", account_id) is None
        assert state.crm_errors() == []
    rows = setup.sql("SELECT CT_Num FROM F_COMPTET WHERE CT_Intitule = 'Parti entre-temps'")
    assert [r.CT_Num for r in rows] == ["P000001"]
    live = [a for a in _crm_accounts(setup.layout) if a["extId"] == "P000001"]
    assert [a["name"] for a in live] == ["Parti entre-temps"]  # one, from Sage


def test_the_refusal_of_a_converted_prospect_ends_once_the_crm_shows_the_client(setup):
    account_id = setup.post("accounts", {"name": "Converti entre-temps"})
    sync_once(setup.layout)
    ext_id = setup.get("accounts", account_id)["extId"]
    setup.put("accounts", account_id, {"city": "Lunel"})
    with setup.engine.begin() as conn:
        conn.execute(text("UPDATE F_COMPTET SET CT_Prospect = 0 WHERE CT_Num = :n"), {"n": ext_id})
    report = sync_once(setup.layout)  # refused, then the stream sends the client
    assert _export(report).failed == 1
    assert setup.get("accounts", account_id)["readOnly"] is True
    assert [e["key"] for e in build_status(setup.layout)["errors"]] == [f"accounts {ext_id}"]
    sync_once(setup.layout)
    assert build_status(setup.layout)["errors"] == []


def test_a_stop_request_ends_the_step_after_the_change_being_written(setup):
    first = setup.post("accounts", {"name": "Avant l'arrêt"})
    second = setup.post("accounts", {"name": "Après l'arrêt"})
    with session(setup.layout) as s:
        result = export_changes(s.sage, s.crm, s.state, ProspectNumbering(), lambda: True)
    assert (result.stopped, result.read, result.created) == (True, 1, 1)
    assert setup.get("accounts", first)["extId"] == "P000001"
    assert setup.get("accounts", second)["extId"] is None
    assert _export(sync_once(setup.layout)).created == 1
    assert setup.get("accounts", second)["extId"] == "P000002"


def test_a_prospect_and_its_contact_made_together_reach_sage_in_one_pass(setup):
    account_id = setup.post("accounts", {"name": "Nouveau avec contact"})
    contact_id = setup.post("contacts", {"accountId": account_id, "lastName": "Premier"})
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert _export(report).created == 2
    ct_num = setup.get("accounts", account_id)["extId"]
    [row] = setup.sql("SELECT CT_No FROM F_CONTACTT WHERE CT_Num = :n", n=ct_num)
    contact = setup.get("contacts", contact_id)
    assert (contact["accountExtId"], contact["extId"]) == (ct_num, str(row.CT_No))
    assert len([c for c in _crm_contacts(setup.layout) if c["lastName"] == "Premier"]) == 1
    assert setup.feed_after(_position(setup.layout)) == []


def test_a_contact_of_a_refused_prospect_waits_then_follows_it_into_sage(setup):
    account_id = setup.post("accounts", {"name": "Refusé " + "x" * 70})
    contact_id = setup.post("contacts", {"accountId": account_id, "lastName": "Patient"})
    report = sync_once(setup.layout)
    result = _export(report)
    assert (result.failed, result.unchanged) == (1, 1)  # the contact waits: not an error
    assert [e["key"] for e in build_status(setup.layout)["errors"]] == [f"accounts #{account_id}"]
    assert setup.sql("SELECT CT_No FROM F_CONTACTT WHERE CT_Nom = 'Patient'") == []
    assert _export(sync_once(setup.layout)).read == 0  # nor retried in vain

    setup.put("accounts", account_id, {"name": "Corrigé"})
    report = sync_once(setup.layout)
    assert report.status == "succeeded"
    assert (_export(report).created, _export(report).failed) == (2, 0)
    ct_num = setup.get("accounts", account_id)["extId"]
    [row] = setup.sql("SELECT CT_No, CT_Num FROM F_CONTACTT WHERE CT_Nom = 'Patient'")
    assert row.CT_Num == ct_num
    assert setup.get("contacts", contact_id)["extId"] == str(row.CT_No)
    assert build_status(setup.layout)["errors"] == []
