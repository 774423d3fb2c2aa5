"""A Sage server clock that moves only when the test moves it (``EmulatedServer(clock=…)``).

Tests stamp ``cbModification`` at the minute they choose instead of waiting for the wall
clock, and move the server across a daylight-saving change in an instant.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone


class ManualClock:
    """The server's time: an aware datetime in the server's zone, changed by the test.

    Usage::

        clock = ManualClock(datetime(2026, 10, 25, 2, 50, tzinfo=timezone(timedelta(hours=2))))
        server = EmulatedServer(folder, clock=clock)
        clock.advance(minutes=5)         # five minutes later
        clock.shift_zone(hours=-1)       # same instant, local time one hour back (CEST → CET)
    """

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("ManualClock takes an aware datetime: the server's zone matters")
        self.now = at

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward (``minutes=5``, ``seconds=30``…)."""
        self.now += timedelta(**delta)

    def shift_zone(self, hours: float) -> None:
        """Change the server's UTC offset by ``hours`` at the same instant (DST ends: -1)."""
        offset = self.now.utcoffset()
        assert offset is not None
        self.now = self.now.astimezone(timezone(offset + timedelta(hours=hours)))

    @property
    def minute(self) -> datetime:
        """The local minute, naive, as ``cbModification`` stamps it."""
        return self.now.replace(tzinfo=None, second=0, microsecond=0)
