"""The CRM's change feed, watched from a thread so that a CRM change wakes the loop at once.

Sage's watcher costs microseconds, so the loop asks it four times a second; the CRM is a
network away, so it is long-polled instead (``GET /api/v4/changes?wait=…``): one request
waits until a change exists, about one request per ``FEED_WAIT`` seconds when nothing
happens. The thread only signals; the loop's pass reads and applies the changes, so the
feed position is written by one thread only. A cloud that cannot be reached is retried with
doubling waits and logged once, not at every attempt.
"""

from __future__ import annotations

import threading
import time
from typing import Final

from ssm.connector.crm_client import CrmClient
from ssm.connector.logs import get_logger

FEED_WAIT: Final = 20.0
"""Seconds one long-poll waits: under the cloud's cap (25 s) and proxies' 30 s timeouts."""

FEED_LIMIT: Final = 1000
"""Changes asked per look: a burst of edits is seen in one request, not one per edit."""


class FeedWatcher:
    """A thread that long-polls the CRM's feed and sets ``wake`` when a change comes.

    Usage::

        with FeedWatcher(open_crm(config, secrets), wake, after=position) as feed:
            wake.wait(0.25)
            if feed.changed():
                ...  # a pass is due
    """

    def __init__(
        self,
        crm: CrmClient,
        wake: threading.Event,
        *,
        after: int,
        wait: float = FEED_WAIT,
        max_backoff: float = 60.0,
    ) -> None:
        self._crm = crm  # its own: an httpx client is not shared across threads
        self._wake = wake
        self._after = after
        self._wait = wait
        self._max_backoff = max_backoff
        self._seen = threading.Event()
        self._closing = threading.Event()
        # A daemon: a long-poll in flight cannot be interrupted, and must not delay the exit.
        self._thread = threading.Thread(target=self._run, name="crm-feed", daemon=True)
        self._log = get_logger()

    def __enter__(self) -> FeedWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def changed(self) -> bool:
        """Whether the CRM changed since the last call: a pass is due.

        A change seen while the flag is read and cleared is not lost: it was committed
        before the watcher saw it, so the pass that follows reads it.
        """
        seen = self._seen.is_set()
        self._seen.clear()
        return seen

    def close(self) -> None:
        """Stop watching; the thread ends when its long-poll in flight answers."""
        self._closing.set()

    def _run(self) -> None:
        failures = 0
        with self._crm as crm:
            while not self._closing.is_set():
                asked = time.monotonic()
                try:
                    page = crm.changes(self._after, limit=FEED_LIMIT, wait=self._wait)
                except Exception as exc:  # a watcher that dies would only slow the CRM → Sage way
                    failures += 1
                    if failures == 1:
                        self._log.warning("crm_feed.failed", reason=str(exc) or type(exc).__name__)
                    self._closing.wait(min(2.0**failures, self._max_backoff))
                    continue
                if failures:
                    self._log.info("crm_feed.recovered", failures=failures)
                    failures = 0
                if not page.changes:
                    # A cloud that does not long-poll answers at once: never ask it in a loop.
                    self._closing.wait(self._wait - (time.monotonic() - asked))
                elif not self._closing.is_set():
                    self._after = page.last
                    self._seen.set()
                    self._wake.set()
