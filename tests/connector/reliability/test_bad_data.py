"""Hostile Sage rows: each one is synced cleaned, or listed with a French reason; none vanish.

The company is generated with ``bad_data=True`` (``docs/emulator.md`` lists the rows), then
synced once by ``ssm-connector sync``. Each bad row is checked against the "Data that
needs care" table of ``docs/sync.md``, and in general: it is in the cloud (equal to what
Sage has, cleaned) or on the error list of ``ssm-connector status``. Figures add up: per
stream ``read = created + updated + unchanged + deleted + failed``, and Sage's count is the
cloud's plus the failed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sage_cloud_compare import CloudReader, assert_cloud_matches_sage, read_sage
from support import COMPANY, connector_json

from ssm.connector import InstallLayout
from ssm.connector.configure import configure, sage_administrators
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.connector.service.passes import count_entities
from ssm.connector.sync import STREAM_NAMES
from ssm.sage100 import (
    DEFAULT_SAGE_PASSWORD,
    DEFAULT_SAGE_USER,
    GenerationReport,
    generate_server,
)

OUTCOMES = ("created", "updated", "unchanged", "deleted", "failed")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FRENCH = re.compile(r"\b(le|la|les|de|du|des|un|une|est|pas|dans|n'|d'|l')", re.IGNORECASE)


@pytest.fixture(scope="module")
def bad_server(tmp_path_factory) -> tuple[Path, GenerationReport]:
    """A tiny company with every hostile row of the emulator."""
    path = tmp_path_factory.mktemp("bad") / "sage100"
    report = generate_server(path, company=COMPANY, size="tiny", seed=7, bad_data=True)
    return path, report


@pytest.fixture(scope="module")
def synced(tmp_path_factory, bad_server):
    """Install on a copy of the hostile company, sync once with the command line, read back.

    Module-scoped: the tests below only read what this one sync left.
    """
    paths = DemoPaths(tmp_path_factory.mktemp("bad-install") / "work")
    shutil.copytree(bad_server[0], paths.sage_server)
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
        report = connector_json("sync", "--dir", str(layout.root))
        status = connector_json("status", "--dir", str(layout.root))
        with CloudReader.for_install(layout) as cloud:
            records = {name: cloud.all(name) for name in STREAM_NAMES}
            live = {
                name: {r["extId"]: r for r in rows if r["extId"] is not None and not r["deleted"]}
                for name, rows in records.items()
            }
            invoices = {key: cloud.get("invoices", r["id"]) for key, r in live["invoices"].items()}
        errors = {(e["stream"], e["key"]): e["reason"] for e in status["errors"]}
        yield Synced(paths, layout, report, status, live, invoices, errors)


@dataclass
class Synced:
    """What one sync of the hostile company left."""

    paths: DemoPaths
    layout: InstallLayout
    report: dict[str, Any]
    status: dict[str, Any]
    live: dict[str, dict[str, dict[str, Any]]]
    invoices: dict[str, dict[str, Any]]
    errors: dict[tuple[str, str], str]


def test_every_bad_row_is_synced_or_on_the_error_list(synced, bad_server):
    live, errors = synced.live, synced.errors
    bad_rows = bad_server[1].bad_rows
    assert sum(len(keys) for keys in bad_rows.values()) >= 15, bad_rows
    lost = [
        (stream, key)
        for stream, keys in bad_rows.items()
        for key in keys
        if key not in live[stream] and (stream, key) not in errors
    ]
    assert not lost, f"bad rows neither in the cloud nor on the error list: {lost}"
    both = [
        (stream, key)
        for stream, keys in bad_rows.items()
        for key in keys
        if key in live[stream] and (stream, key) in errors
    ]
    assert not both, f"bad rows in the cloud and on the error list: {both}"
    for (stream, key), reason in errors.items():
        assert reason and _FRENCH.search(reason), (stream, key, reason)
        assert "Traceback" not in reason and "Error" not in reason, reason
    # what landed equals Sage, cleaned; every refusal is listed
    assert_cloud_matches_sage(synced.layout, may_fail=bad_rows)


def test_figures_add_up(synced):
    layout, report, status = synced.layout, synced.report, synced.status
    assert report["status"] == "partial"  # some bad rows cannot be sent
    counts = count_entities(layout)
    sage = read_sage(layout)
    for name in STREAM_NAMES:
        figures = report["streams"][name]
        assert figures["read"] == sum(figures[k] for k in OUTCOMES), (name, figures)
        shown = status["streams"][name]
        assert shown["read"] == sum(shown[k] for k in OUTCOMES), (name, shown)
        assert figures["read"] == sage.count(name), (name, figures, sage.count(name))
        assert counts[name]["sage"] == counts[name]["cloud"] + figures["failed"], (
            name,
            counts[name],
            figures,
        )
        listed = [e for e in status["errors"] if e["stream"] == name]
        assert len(listed) == figures["failed"], (name, listed, figures)


def test_names_without_a_name_are_listed_with_their_key(synced):
    live, errors = synced.live, synced.errors
    for key in ("ZBAD01", "ZBAD02"):
        assert key not in live["accounts"]
        reason = errors[("accounts", key)]
        assert key in reason and "intitulé" in reason, reason
    assert "900001" not in live["contacts"]
    reason = errors[("contacts", "900001")]
    assert "900001" in reason and "nom" in reason, reason


def test_orphan_contact_is_listed_as_unknown_account(synced):
    live, errors = synced.live, synced.errors
    assert "900002" not in live["contacts"]
    assert "ZORPHELIN" in errors[("contacts", "900002")]


def test_invalid_emails_are_dropped_and_control_characters_cleaned(synced):
    live = synced.live
    accounts, contacts, products = live["accounts"], live["contacts"], live["products"]
    assert accounts["ZBAD03"]["email"] is None
    assert accounts["ZBAD03"]["name"] == "Client E-mail Tronqué"
    hostile = accounts["ZBAD04"]
    assert hostile["email"] is None
    assert hostile["accountType"] == "prospect"
    assert hostile["name"] == "Société Nulle Et Cie"
    assert hostile["address1"] == "3 rue [31m Rouge Bât. B"
    assert hostile["city"] == "Lille"
    assert contacts["900003"]["email"] is None
    assert contacts["900003"]["lastName"] == "Dupont"
    assert products["ZBAD-CTRL"]["model"] == "Vis à bois 6 mm"
    for stream, records in live.items():
        for key, record in records.items():
            for name, value in record.items():
                if isinstance(value, str):
                    assert not _CONTROL.search(value), (stream, key, name, value)
                    assert value == value.strip() and value, (stream, key, name, value)


def test_users_duplicate_email_and_no_email(synced):
    live, errors = synced.live, synced.errors
    users = live["users"]
    assert users["90001"]["email"] == "doublon@exemple.fr"  # the cloud keeps the first
    assert "90002" not in users
    assert "doublon@exemple.fr" in errors[("users", "90002")]
    assert users["90003"]["email"] is None  # owns his accounts, invitable later
    admin_email = sage_administrators(str(synced.paths.sage_server), COMPANY)[0].email
    admins = [u for u in users.values() if u["email"] == admin_email]
    assert len(admins) == 1, admins  # the administrator was bound, not duplicated


def test_client_of_no_sales_rep_is_owned_by_the_administrator(synced):
    layout, live, demo_paths = synced.layout, synced.live, synced.paths
    admin_email = sage_administrators(str(demo_paths.sage_server), COMPANY)[0].email
    with CloudReader.for_install(layout) as cloud:
        admin = next(u for u in cloud.all("users") if u["email"] == admin_email)
    assert live["accounts"]["ZBAD05"]["ownerId"] == admin["id"]


def test_invoice_line_of_no_item_keeps_its_description(synced, bad_server):
    invoices = synced.invoices
    (key,) = bad_server[1].bad_rows["invoices"]
    lines = invoices[key]["lines"]
    unknown = [line for line in lines if line["productExtId"] == "ZZ-INCONNU"]
    assert len(unknown) == 1 and unknown[0]["productId"] is None, lines
    assert unknown[0]["description"]
    comment = [line for line in lines if line["productExtId"] is None]
    assert len(comment) == 1 and comment[0]["productId"] is None, lines
    assert comment[0]["description"]
