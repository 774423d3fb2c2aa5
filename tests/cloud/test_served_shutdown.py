"""A stopping ``ssm-cloud serve`` ends a connector's long-poll instead of waiting it out."""

import threading

import httpx

from ssm.cloud.cli import SHUTDOWN_GRACE

from .server_helpers import activated_session, serving

FEED_WAIT = 25  # the longest wait the feed grants, far beyond the grace period


def test_a_stop_cuts_an_open_long_poll_after_the_grace_period(tmp_path):
    assert SHUTDOWN_GRACE < FEED_WAIT
    mail = {"SSM_CLOUD_MAIL_DIR": str(tmp_path / "mail")}
    with (
        serving(tmp_path, env=mail) as served,
        httpx.Client(base_url=served.base_url, timeout=FEED_WAIT + 30) as client,
    ):
        headers = activated_session(client, served.database, "Arrêt SA")
        outcome: list[object] = []

        def long_poll() -> None:
            try:
                answer = client.get("/api/v4/changes", params={"wait": FEED_WAIT}, headers=headers)
                outcome.append(answer.status_code)
            except httpx.TransportError as exc:
                outcome.append(exc)

        poller = threading.Thread(target=long_poll)
        poller.start()
        poller.join(1.0)  # let the request reach its handler
        assert not outcome  # it is waiting: the feed is empty
        served.process.terminate()
        served.process.wait(timeout=FEED_WAIT + 10)
        poller.join()
    log = served.log.read_text()
    assert "Traceback" not in log and "interrompue par l'arrêt du service" in log, log
    # Cut, not answered (uvicorn sends a 500, or closes the connection): without the grace
    # period the stop would have waited to send its empty page, a 200.
    assert outcome == [500] or isinstance(outcome[0], httpx.TransportError), outcome
