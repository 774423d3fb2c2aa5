"""The whole journey on each Sage schema generation, with and without Sage's triggers.

A company is generated with only the columns its generation has (``--schema B|C``) and,
or not, the ``TG_CB*`` triggers (``--no-triggers``: only writers stamp ``cbModification``).
Then, as real processes: ``ssm-connector setup --unattended`` with Sage user
``Administrateur`` and an empty password (a fresh Sage), the first sync by the background
process (every stream succeeds, every account owned by its rep), a Sage user at work
(``Activity``) whose edits reach the CRM, and ``ssm-connector reconcile`` deleting what
Sage deleted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ssm.connector import CrmClient, InstallLayout, load_install
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.connector.install import stop_background
from ssm.connector.sync import STREAMS, StateStore
from ssm.sage100 import (
    DEFAULT_SAGE_USER,
    Activity,
    check_company,
    generate_server,
    open_server,
    read_keys,
)
from ssm.sage100.schema import F_ARTICLE, F_COMPTET

COMPANY = "BIJOU"
CONNECTOR = str(Path(sys.executable).with_name("ssm-connector"))


@pytest.fixture
def journey(tmp_path: Path) -> Iterator[Callable[[str, bool], tuple[DemoPaths, str]]]:
    """Generate a company of one generation, start a cloud; stop what the test started."""
    started: list[Path] = []
    clouds: list[Any] = []

    def make(generation: str, triggers: bool) -> tuple[DemoPaths, str]:
        paths = DemoPaths(tmp_path / "work")
        generate_server(
            paths.sage_server,
            company=COMPANY,
            size="tiny",
            seed=7,
            generation=generation,  # type: ignore[arg-type]
            triggers=triggers,
        )
        cloud = local_cloud(paths, say=lambda _: None)
        url = cloud.__enter__()
        clouds.append(cloud)
        started.append(paths.install.root)
        return paths, url

    yield make
    for folder in started:
        stop_background(folder)
    for cloud in clouds:
        cloud.__exit__(None, None, None)


def _run(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CONNECTOR, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _setup(paths: DemoPaths, url: str, key: str) -> subprocess.CompletedProcess[str]:
    answers = paths.workdir / "setup.toml"
    answers.write_text(
        f'[install]\ndir = "{paths.install.root}"\naccept_terms = true\n'
        f'sage_server = "{paths.sage_server}"\ncloud_url = "{url}"\n\n'
        f'[configure]\nactivation_key = "{key}"\ncompany = "{COMPANY}"\n'
        f'sage_user = "{DEFAULT_SAGE_USER}"\nsage_password = ""\n',
        encoding="utf-8",
    )
    return _run("setup", "--unattended", "--answers", str(answers), "--no-service")


def _first_sync(layout: InstallLayout, timeout: float = 90) -> dict[str, Any]:
    """The report of the background process's first complete sync pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if layout.state_file.is_file():
            with StateStore(layout.state_file) as state:
                done = [r for r in state.runs(50, kind="sync") if r.report is not None]
            if done:
                first = min(done, key=lambda r: r.id)
                assert first.report is not None
                return first.report
        time.sleep(0.3)
    raise AssertionError("no sync pass finished")


def _records(layout: InstallLayout, resource: str) -> dict[str, dict[str, Any]]:
    config, secrets = load_install(layout)
    private = secrets.private_key.get_secret_value()
    with CrmClient(config.cloud.url, config.cloud.public_key, private) as crm:
        return {str(r["extId"]): r for r in crm.iter_all(resource) if r.get("extId") is not None}


def _wait(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.3)


@pytest.mark.parametrize(
    ("generation", "triggers"),
    [("B", False), ("B", True), ("C", False), ("C", True)],
    ids=["B-sans-declencheurs", "B-declencheurs", "C-sans-declencheurs", "C-declencheurs"],
)
def test_journey(journey, generation: str, triggers: bool) -> None:
    paths, url = journey(generation, triggers)
    layout = paths.install
    engine = open_server(paths.sage_server).engine(COMPANY)
    assert check_company(engine).generation == generation

    # Setup, unattended, with a Sage user who has no password: configures and starts syncing.
    done = _setup(paths, url, issue_activation_key(paths))
    assert done.returncode == 0, done.stderr
    report = _first_sync(layout)
    assert report["status"] in ("succeeded", "partial"), report
    for declared in STREAMS:
        name = declared.name
        stream = report["streams"][name]
        assert stream["status"] == "succeeded", (name, stream)
        assert stream["read"] == sum(len(k) for k in read_keys(engine, declared.spec)), name

    # Every account is owned by its rep's user, or by the administrator without a rep user.
    users = _records(layout, "users")
    user_ids = {ext: u["id"] for ext, u in users.items() if not u.get("deleted")}
    accounts = _records(layout, "accounts")
    without_rep = [a for a in accounts.values() if str(a.get("salesRepExtId")) not in user_ids]
    assert without_rep, "the demo data has accounts without a rep"
    (admin,) = {a["ownerId"] for a in without_rep}  # the administrator, one user
    owned_by_reps = 0
    for account in accounts.values():
        expected = user_ids.get(str(account.get("salesRepExtId")), admin)
        assert account["ownerId"] == expected, account["extId"]
        owned_by_reps += account.get("salesRepExtId") is not None and expected != admin
    assert owned_by_reps > len(accounts) // 2

    # A Sage user at work: each kind of edit reaches the CRM within seconds.
    activity = Activity(engine, seed=3)
    new_client = activity.step("new_client").key
    edited = activity.step("edit_client").key
    new_contact = activity.step("new_contact").key
    repriced = activity.step("change_price").key
    hired = activity.step("new_collaborator").key
    invoice = activity.step("new_invoice").key
    deleted = activity.step("delete_client").key
    with engine.connect() as conn:
        city = conn.execute(select(F_COMPTET.c.CT_Ville).where(F_COMPTET.c.CT_Num == edited))
        city = city.scalar_one()
        price = conn.execute(select(F_ARTICLE.c.AR_PrixVen).where(F_ARTICLE.c.AR_Ref == repriced))
        price = float(price.scalar_one())
    _wait(lambda: new_client in _records(layout, "accounts"), "the new client")
    _wait(lambda: _records(layout, "accounts")[edited]["city"] == city, "the edited client")
    _wait(lambda: new_contact in _records(layout, "contacts"), "the new contact")
    _wait(lambda: _records(layout, "products")[repriced]["price"] == price, "the new price")
    _wait(lambda: hired in _records(layout, "users"), "the new sales rep")
    _wait(lambda: invoice in _records(layout, "invoices"), "the new invoice")
    assert not _records(layout, "accounts")[deleted].get("deleted")

    # Reconciliation, as a real process once the service is stopped, deletes what Sage did.
    stop_background(layout.root)
    done = _run("reconcile", "--dir", str(layout.root))
    assert done.returncode == 0, done.stderr
    assert _records(layout, "accounts")[deleted]["deleted"] is True
    status = json.loads(_run("status", "--dir", str(layout.root), "--json").stdout)
    assert status["streams"]["accounts"]["deleted_last_reconcile"] >= 1
    engine.dispose()


def test_accounts_sent_before_their_reps_get_them_without_a_resync(installed) -> None:
    """The users stream failing on a first pass must not leave accounts to the administrator."""
    from ssm.connector import sync_once

    layout = installed()
    assert sync_once(layout, ["accounts"]).status == "succeeded"
    before = _records(layout, "accounts")
    assert len({a["ownerId"] for a in before.values()}) == 1  # no rep user yet: the admin
    assert sync_once(layout, ["users"]).status == "succeeded"
    users = {ext: u["id"] for ext, u in _records(layout, "users").items()}
    after = _records(layout, "accounts")
    moved = [a for a in after.values() if str(a.get("salesRepExtId")) in users]
    assert moved and all(a["ownerId"] == users[str(a["salesRepExtId"])] for a in moved)
    again = sync_once(layout, ["accounts"]).streams[0]
    assert again.created == again.updated == 0  # the owners moved without any account resent
