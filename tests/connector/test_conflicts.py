"""The same record edited in Sage 100 and in the CRM between two passes ends as docs/sync.md says.

The decision itself is pure (``merge_fields``, ``crm_is_later``); the scenarios run against a
real emulated Sage 100 and a real cloud on loopback. A Sage user's edit is SQL, stamped by
Sage's trigger, or with the minute the scenario needs (``cbModification`` set explicitly, as
a Sage program's own stamp): the order of the two edits then never depends on the wall clock.
Conversion and deletion in Sage of records made in the CRM flow back as Sage masters them.
"""

import sqlite3
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from structlog.testing import capture_logs
from typer.testing import CliRunner

from ssm.connector import load_install, sync_once
from ssm.connector.cli import app
from ssm.connector.service.passes import open_crm, reconcile
from ssm.connector.service.status import build_status
from ssm.connector.sync import EXPORT, Conflict, crm_is_later, merge_fields
from ssm.sage100 import open_server, server_clock

OWNED = ("name", "city", "phone")


def test_a_field_only_the_crm_changed_is_written():
    merge = merge_fields({"city": "Sète"}, {"city": "Agde"}, {"city": "Sète"}, OWNED, False)
    assert (merge.write, merge.conflicts) == (("city",), ())


def test_a_field_sage_already_holds_at_the_crms_value_is_no_conflict():
    merge = merge_fields({"city": "Sète"}, {"city": "Agde"}, {"city": "Agde"}, OWNED, False)
    assert (merge.write, merge.conflicts) == ((), ())


def test_a_field_both_changed_goes_to_the_later_side_and_the_other_value_is_kept_aside():
    args = ({"city": "Sète"}, {"city": "Agde"}, {"city": "Béziers"}, OWNED)
    crm = merge_fields(*args, True)
    assert crm.write == ("city",)
    assert crm.conflicts == (Conflict("city", "Agde", "Béziers", "crm"),)
    sage = merge_fields(*args, False)
    assert sage.write == ()
    assert sage.conflicts == (Conflict("city", "Béziers", "Agde", "sage"),)


def test_fields_the_crm_does_not_own_are_never_written():
    merge = merge_fields({"sleeping": False}, {"sleeping": True}, {"sleeping": False}, OWNED, True)
    assert merge.write == ()


def test_values_compare_as_the_streams_send_them():
    """Sage's '' is the CRM's null, and spaces around a value do not make it another one."""
    merge = merge_fields({"phone": None}, {"phone": " 01 "}, {"phone": "01"}, OWNED, False)
    assert merge.write == ()
    merge = merge_fields({"phone": ""}, {"phone": "02"}, {"phone": None}, OWNED, False)
    assert merge.write == ("phone",)


def test_sage_is_later_within_its_stamped_minute_and_the_crm_from_the_next_one():
    paris = timedelta(hours=1)
    stamp = datetime(2026, 12, 7, 10, 4)  # 09:04 UTC
    assert not crm_is_later(datetime(2026, 12, 7, 9, 3, 59, tzinfo=UTC), stamp, paris)
    assert not crm_is_later(datetime(2026, 12, 7, 9, 4, 59, tzinfo=UTC), stamp, paris)
    assert crm_is_later(datetime(2026, 12, 7, 9, 5, tzinfo=UTC), stamp, paris)
    assert crm_is_later(datetime(2026, 12, 7, 9, 5, tzinfo=UTC), None, paris)


@pytest.fixture
def both(installed, cloud):
    """An install synced once, a CRM API session and the emulated company's engine."""
    layout = installed()
    assert sync_once(layout).status == "succeeded"
    config, secrets = load_install(layout)
    api = httpx.Client(base_url=config.cloud.url)
    password = secrets.private_key.get_secret_value()
    login = {"username": config.cloud.public_key, "password": password}
    api.headers["X-Session-Key"] = api.post("/api/v4/login", json=login).json()["token"]
    engine = open_server(config.sage.server).engine(config.sage.company)
    yield Both(layout, api, engine, cloud.paths.cloud_database)
    api.close()
    engine.dispose()


class Both:
    def __init__(self, layout, api, engine, cloud_database):
        self.layout, self.api, self.engine = layout, api, engine
        self.cloud_database = cloud_database

    def post(self, resource, body):
        response = self.api.post(f"/api/v4/{resource}", json=body)
        assert response.status_code == 200, response.text
        return response.json()["id"]

    def put(self, resource, record_id, body):
        return self.api.put(f"/api/v4/{resource}/{record_id}", json=body)

    def get(self, resource, record_id):
        response = self.api.get(f"/api/v4/{resource}/{record_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def sage_edit(self, table, key_column, key, minutes=None, **values):
        """A Sage user's edit; ``minutes`` from now sets its stamp, else Sage's trigger does."""
        sets = dict(values)
        if minutes is not None:
            sets["cbModification"] = server_clock(self.engine).minute + timedelta(minutes=minutes)
        assignments = ", ".join(f"{name} = :{name}" for name in sets)
        with self.engine.begin() as conn:
            conn.execute(
                text(f"UPDATE {table} SET {assignments} WHERE {key_column} = :key"),
                {**sets, "key": key},
            )

    def sage_row(self, query, **params):
        with self.engine.connect() as conn:
            return conn.execute(text(query), params).one()

    def pass_(self):
        with capture_logs() as events:
            report = sync_once(self.layout)
        assert report.status == "succeeded"
        step = next(s for s in report.streams if s.stream == EXPORT)
        return step, [e for e in events if e["event"] == "crm_to_sage.conflict"]


def _prospect(both, **fields):
    account_id = both.post("accounts", {"name": "Prospect partagé", **fields})
    both.pass_()
    return account_id, both.get("accounts", account_id)["extId"]


@pytest.mark.shared_cloud
def test_different_fields_changed_on_each_side_are_both_kept(both):
    account_id, ct_num = _prospect(both, city="Sète", phone="04 67 00 00 00")
    both.sage_edit("F_COMPTET", "CT_Num", ct_num, CT_Telephone="04 99 99 99 99")
    assert both.put("accounts", account_id, {"city": "Agde"}).status_code == 200
    step, conflicts = both.pass_()
    assert (step.updated, step.conflicts, conflicts) == (1, 0, [])
    row = both.sage_row("SELECT CT_Ville, CT_Telephone FROM F_COMPTET WHERE CT_Num = :n", n=ct_num)
    assert tuple(row) == ("Agde", "04 99 99 99 99")
    record = both.get("accounts", account_id)
    assert (record["city"], record["phone"]) == ("Agde", "04 99 99 99 99")


@pytest.mark.shared_cloud
def test_the_same_field_changed_later_in_sage_keeps_sages_value_and_logs_the_crms(both):
    account_id, ct_num = _prospect(both, city="Sète")
    assert both.put("accounts", account_id, {"city": "Agde"}).status_code == 200
    both.sage_edit("F_COMPTET", "CT_Num", ct_num, minutes=2, CT_Ville="Béziers")
    step, [event] = both.pass_()
    assert step.conflicts == 1
    assert (event["key"], event["field"], event["winner"]) == (ct_num, "city", "sage")
    assert (event["kept"], event["overwritten"]) == ("Béziers", "Agde")
    assert "« Béziers »" in event["message"] and "« Agde »" in event["message"]
    row = both.sage_row("SELECT CT_Ville FROM F_COMPTET WHERE CT_Num = :n", n=ct_num)
    assert row.CT_Ville == "Béziers"
    assert both.get("accounts", account_id)["city"] == "Béziers"
    assert build_status(both.layout)["streams"][EXPORT]["conflicts"] == 1
    shown = CliRunner().invoke(app, ["status", "--dir", str(both.layout.root)]).output
    assert "Sales Management → Sage 100 : 1 champ(s) modifié(s) des deux côtés" in shown


@pytest.mark.shared_cloud
def test_the_same_field_changed_later_in_the_crm_writes_the_crms_value_and_logs_sages(both):
    account_id, ct_num = _prospect(both, city="Sète", phone="04 67 00 00 00")
    both.sage_edit("F_COMPTET", "CT_Num", ct_num, minutes=-10, CT_Ville="Béziers")
    assert both.put("accounts", account_id, {"city": "Agde"}).status_code == 200
    step, [event] = both.pass_()
    assert step.conflicts == 1
    assert (event["field"], event["winner"], event["kept"], event["overwritten"]) == (
        "city",
        "crm",
        "Agde",
        "Béziers",
    )
    row = both.sage_row("SELECT CT_Ville, CT_Telephone FROM F_COMPTET WHERE CT_Num = :n", n=ct_num)
    assert tuple(row) == ("Agde", "04 67 00 00 00")
    assert both.get("accounts", account_id)["city"] == "Agde"


@pytest.mark.shared_cloud
def test_a_contact_edited_on_both_sides_is_decided_field_by_field(both):
    account_id, _ = _prospect(both)
    contact_id = both.post(
        "contacts", {"accountId": account_id, "lastName": "Roux", "jobTitle": "Acheteur"}
    )
    both.pass_()
    ct_no = int(both.get("contacts", contact_id)["extId"])
    both.put("contacts", contact_id, {"jobTitle": "Directeur", "phone": "01 02 03 04 05"})
    both.sage_edit(
        "F_CONTACTT", "CT_No", ct_no, minutes=2, CT_Fonction="Gérant", CT_TelPortable="06"
    )
    step, [event] = both.pass_()
    assert step.conflicts == 1
    assert (event["key"], event["field"], event["winner"]) == (str(ct_no), "jobTitle", "sage")
    assert event["overwritten"] == "Directeur"
    row = both.sage_row(
        "SELECT CT_Fonction, CT_Telephone, CT_TelPortable FROM F_CONTACTT WHERE CT_No = :n",
        n=ct_no,
    )
    assert tuple(row) == ("Gérant", "01 02 03 04 05", "06")
    record = both.get("contacts", contact_id)
    assert (record["jobTitle"], record["phone"], record["mobile"]) == (
        "Gérant",
        "01 02 03 04 05",
        "06",
    )


@pytest.mark.shared_cloud
def test_several_crm_edits_of_one_record_between_two_passes_write_its_last_state_once(both):
    account_id, ct_num = _prospect(both, city="Sète")
    for city in ("Agde", "Pézenas"):
        assert both.put("accounts", account_id, {"city": city}).status_code == 200
    step, conflicts = both.pass_()
    assert (step.read, step.updated, step.conflicts, conflicts) == (2, 2, 0, [])
    row = both.sage_row("SELECT CT_Ville FROM F_COMPTET WHERE CT_Num = :n", n=ct_num)
    assert row.CT_Ville == "Pézenas"


@pytest.mark.shared_cloud
def test_an_entry_recorded_before_the_feed_kept_previous_values_is_written_whole(both):
    account_id, ct_num = _prospect(both, city="Sète", phone="04 67 00 00 00")
    both.sage_edit("F_COMPTET", "CT_Num", ct_num, CT_Telephone="04 99 99 99 99")
    assert both.put("accounts", account_id, {"city": "Agde"}).status_code == 200
    with sqlite3.connect(both.cloud_database) as db:
        db.execute(
            "UPDATE crm_changes SET previous = NULL WHERE entity = 'accounts' AND record_id = ?",
            (account_id,),
        )
    step, conflicts = both.pass_()
    assert (step.updated, step.conflicts, conflicts) == (1, 0, [])
    row = both.sage_row("SELECT CT_Ville, CT_Telephone FROM F_COMPTET WHERE CT_Num = :n", n=ct_num)
    assert tuple(row) == ("Agde", "04 67 00 00 00")


@pytest.mark.shared_cloud
def test_a_crm_prospect_converted_into_a_client_in_sage_is_a_read_only_client(both):
    account_id, ct_num = _prospect(both)
    both.sage_edit("F_COMPTET", "CT_Num", ct_num, CT_Prospect=0)
    both.pass_()
    record = both.get("accounts", account_id)
    assert (record["accountType"], record["readOnly"]) == ("client", True)
    refused = both.put("accounts", account_id, {"city": "Agde"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "mastered_by_sage"


@pytest.mark.shared_cloud
def test_a_crm_contact_deleted_in_sage_leaves_the_crm_at_reconciliation(both):
    account_id, _ = _prospect(both)
    contact_id = both.post("contacts", {"accountId": account_id, "lastName": "Éphémère"})
    both.pass_()
    ct_no = both.get("contacts", contact_id)["extId"]
    with both.engine.begin() as conn:
        conn.execute(text("DELETE FROM F_CONTACTT WHERE CT_No = :n"), {"n": int(ct_no)})
    contacts = reconcile(both.layout, ["contacts"]).streams[0]
    assert contacts.deleted == 1
    config, secrets = load_install(both.layout)
    with open_crm(config, secrets) as crm:
        [gone] = [c for c in crm.iter_all("contacts") if c["id"] == contact_id]
    assert gone["deleted"] is True
