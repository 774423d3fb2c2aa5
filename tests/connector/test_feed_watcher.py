"""The feed watcher's thread: it wakes the loop on a change and waits out a cloud that is down.

The cloud here is an ``httpx.MockTransport`` that is down for its first answers, so the
test sees every request the watcher sends; the loop's side runs against a real cloud in
``test_export.py``.
"""

import threading

import httpx
from structlog.testing import capture_logs

from ssm.connector import CrmClient
from ssm.connector.service.feed_watcher import FeedWatcher

PRIVATE_KEY = "clé-privée-secrète"


class FlakyCloud:
    """Refuses connections ``down`` times, then answers the feed with one change."""

    def __init__(self, down: int) -> None:
        self.down = down
        self.asked: list[httpx.URL] = []
        self.answered = threading.Event()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v4/login":
            return httpx.Response(200, json={"token": "jeton"})
        self.asked.append(request.url)
        if len(self.asked) <= self.down:
            raise httpx.ConnectError("refused", request=request)
        self.answered.set()
        change = {
            "seq": 8,
            "entity": "accounts",
            "action": "created",
            "id": 3,
            "extId": None,
            "changedAt": "2026-12-07T08:00:00Z",
        }
        return httpx.Response(200, json={"changes": [change], "last": 8})


def test_a_cloud_down_is_logged_once_then_a_change_wakes_the_loop():
    cloud = FlakyCloud(down=3)
    crm = CrmClient(
        "http://cloud.test",
        "clé-publique",
        PRIVATE_KEY,
        max_attempts=1,
        transport=httpx.MockTransport(cloud),
    )
    wake = threading.Event()
    watcher = FeedWatcher(crm, wake, after=7, wait=20, max_backoff=0.01)
    with capture_logs() as events, watcher:
        assert wake.wait(30)
    assert watcher.changed()
    assert not watcher.changed()  # read once: the next pass is due, not every one
    assert [e["event"] for e in events if e["event"].startswith("crm_feed.")] == [
        "crm_feed.failed",  # once, not at each of the three attempts
        "crm_feed.recovered",
    ]
    first = cloud.asked[0]
    assert (first.params["after"], first.params["wait"]) == ("7", "20")
    assert all(PRIVATE_KEY not in str(url) and "jeton" not in str(url) for url in cloud.asked)
