"""The service loop and the commands around it, as processes, against a real cloud."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from ssm.connector import load_install, sync_once
from ssm.connector.service.passes import count_entities, open_crm, reconcile
from ssm.sage100 import open_server

pytestmark = pytest.mark.shared_cloud  # needs only a cloud: the session's

BIN = Path(sys.executable).parent


def _cli(*args):
    return subprocess.run(
        [str(BIN / "ssm-connector"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _sage(layout):
    config, _ = load_install(layout)
    return open_server(config.sage.server).engine(config.sage.company)


def _cloud_get(layout, path):
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        return crm._send("GET", path).json()


def _wait(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_run_syncs_an_edit_within_seconds_then_stops_cleanly_on_sigterm(installed):
    layout = installed()
    service = subprocess.Popen(
        [str(BIN / "ssm-connector"), "run", "--dir", str(layout.root), "--poll-interval", "0.2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait(
            lambda: (
                json.loads(_cli("status", "--dir", str(layout.root), "--json").stdout)["streams"][
                    "accounts"
                ]["status"]
                == "succeeded"
            )
        )
        status = json.loads(_cli("status", "--dir", str(layout.root), "--json").stdout)
        assert status["service"] == "En cours"
        engine = _sage(layout)
        with engine.begin() as conn:
            key = conn.execute(
                text("SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 ORDER BY cbMarq LIMIT 1")
            ).scalar_one()
            conn.execute(
                text("UPDATE F_COMPTET SET CT_Ville = 'Besançon' WHERE CT_Num = :n"), {"n": key}
            )
        engine.dispose()
        config, secrets = load_install(layout)
        with open_crm(config, secrets) as crm:
            assert _wait(
                lambda: any(
                    a["extId"] == key and a["city"] == "Besançon" for a in crm.iter_all("accounts")
                )
            )
        again = _cli("run", "--dir", str(layout.root))
        assert again.returncode == 1
        assert "tourne déjà" in again.stderr
    finally:
        service.send_signal(signal.SIGTERM)
        _out, err = service.communicate(timeout=30)
    assert service.returncode == 0, err
    assert "service.stopped" in err
    status = json.loads(_cli("status", "--dir", str(layout.root), "--json").stdout)
    assert status["service"] == "Arrêté"
    heartbeat = _cloud_get(layout, "/api/v4/integration")
    assert heartbeat["status"] == "stopped"
    assert heartbeat["streams"]["accounts"]["status"] == "succeeded"


def test_a_client_deleted_in_sage_is_deleted_in_the_cloud_by_reconciliation(installed):
    layout = installed()
    assert sync_once(layout).status == "succeeded"
    engine = _sage(layout)
    with engine.begin() as conn:
        key = conn.execute(
            text(
                "SELECT CT_Num FROM F_COMPTET WHERE CT_Type = 0 AND CT_Num NOT IN"
                " (SELECT DO_Tiers FROM F_DOCENTETE) LIMIT 1"
            )
        ).scalar_one()
        # As Sage does, deleting the client deletes its contacts.
        conn.execute(text("DELETE FROM F_CONTACTT WHERE CT_Num = :n"), {"n": key})
        conn.execute(text("DELETE FROM F_COMPTET WHERE CT_Num = :n"), {"n": key})
    engine.dispose()
    report = reconcile(layout, ["accounts"])
    accounts = report.streams[0]
    assert (accounts.read, accounts.deleted, accounts.failed) == (1, 1, 0)
    config, secrets = load_install(layout)
    with open_crm(config, secrets) as crm:
        gone = [a for a in crm.iter_all("accounts") if a["extId"] == key]
    assert len(gone) == 1 and gone[0]["deleted"] is True
    counts = count_entities(layout)["accounts"]
    assert counts["sage"] == counts["cloud"]
    assert reconcile(layout, ["accounts"]).streams[0].read == 0  # nothing left to do


def test_an_empty_sage_read_never_deletes_everything(installed):
    layout = installed()
    sync_once(layout)
    engine = _sage(layout)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM F_CONTACTT"))
    engine.dispose()
    result = reconcile(layout, ["contacts"]).streams[0]
    assert result.status == "failed"
    assert "rien n'a été supprimé" in result.aborted
    assert count_entities(layout)["contacts"]["cloud"] > 0


def test_resync_of_one_rep_resends_only_that_reps_accounts(installed):
    layout = installed()
    sync_once(layout)
    engine = _sage(layout)
    with engine.connect() as conn:
        rep, email = conn.execute(
            text(
                "SELECT c.CO_No, c.CO_EMail FROM F_COLLABORATEUR c JOIN F_COMPTET t"
                " ON t.CO_No = c.CO_No WHERE t.CT_Type = 0 AND c.CO_EMail <> ''"
                " AND c.CO_Vendeur = 1 GROUP BY c.CO_No LIMIT 1"
            )
        ).one()
        owned = conn.execute(
            text("SELECT count(*) FROM F_COMPTET WHERE CT_Type = 0 AND CO_No = :r"), {"r": rep}
        ).scalar_one()
    engine.dispose()
    done = _cli(
        "resync", "--dir", str(layout.root), "--entity", "accounts", "--user", email, "--json"
    )
    assert done.returncode == 0, done.stderr
    accounts = json.loads(done.stdout)["streams"]["accounts"]
    assert accounts["read"] >= owned  # the overlap window may add rows, all unchanged
    assert accounts["unchanged"] == accounts["read"]  # re-sent, the cloud already had them
    unknown = _cli(
        "resync",
        "--dir",
        str(layout.root),
        "--entity",
        "accounts",
        "--user",
        "personne@nulle-part.example",
    )
    assert unknown.returncode == 1
    assert "Aucun commercial" in unknown.stderr


def test_logs_are_json_lines_with_run_ids_and_read_back_readable(installed):
    layout = installed()
    assert _cli("sync", "--dir", str(layout.root), "--json").returncode == 0
    lines = (layout.logs_dir / "connector.log").read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    finished = [e for e in events if e["event"] == "stream.finished"]
    assert {e["stream"] for e in finished} >= {
        "users",
        "accounts",
        "contacts",
        "products",
        "invoices",
    }
    assert all(isinstance(e["run_id"], int) for e in finished)
    batches = [e for e in events if e["event"] == "batch.committed"]
    assert {e["stream"] for e in batches} == {e["stream"] for e in finished}
    assert all(e["batch"] >= 1 and e["run_id"] == finished[0]["run_id"] for e in batches)
    readable = _cli("logs", "--dir", str(layout.root))
    assert "stream.finished" in readable.stdout and "run_id=" in readable.stdout
    private_key = load_install(layout)[1].private_key.get_secret_value()
    assert private_key not in "\n".join(lines)


def test_unknown_entity_and_unconfigured_folder_get_one_french_line(installed, tmp_path):
    layout = installed()
    bad = _cli("sync", "--dir", str(layout.root), "--entity", "factures")
    assert bad.returncode == 1 and "Entité inconnue : factures" in bad.stderr
    empty = _cli("status", "--dir", str(tmp_path / "nothing"))
    assert empty.returncode == 1 and "ne contient pas de connecteur configuré" in empty.stderr
    assert len(empty.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "nothing").exists()


def test_the_cloud_under_test_answers_its_health_check(cloud_url):
    assert httpx.get(f"{cloud_url}/-/health").json() == {"status": "ok"}


def test_a_cloud_answering_garbage_stops_the_pass_with_a_french_reason(installed, tmp_path):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from ssm.connector.service.loop import LoopState, Service
    from ssm.connector.service.passes import session
    from ssm.connector.settings import save_install

    class Garbage(BaseHTTPRequestHandler):
        def _answer(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html>portail captif</html>")

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        layout = installed()
        config, secrets = load_install(layout)
        url = f"http://127.0.0.1:{server.server_address[1]}"
        save_install(
            layout,
            config.model_copy(update={"cloud": config.cloud.model_copy(update={"url": url})}),
            secrets,
        )
        report = sync_once(layout)
        assert report.status == "failed"
        run = [s for s in report.streams if s.deferred is None]  # children wait for parents
        assert all("réponse illisible" in s.aborted for s in run)
        loop = LoopState()
        with session(layout) as s:
            Service(layout).tick(s, True, loop)  # never raises: logged, retried later
        assert loop.dirty and loop.failures == 1
    finally:
        server.shutdown()
        server.server_close()
