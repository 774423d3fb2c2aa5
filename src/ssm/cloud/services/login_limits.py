"""Web login throttling that bounds guessing without letting a stranger lock anyone out.

Counting failures per account alone (ten, and the account is locked, right password
included) lets anyone who knows an address deny its owner the service. As OWASP's
Authentication Cheat Sheet advises, the refusals here are per client address:

- every attempt per address (``login:ip:…``, per minute), as before;
- every attempt for one e-mail from one address (``login:ip-email:…``, per 15
  minutes; a success clears it): an attacker at one address gets a few guesses per
  account, while the owner elsewhere is never refused;
- failures for one e-mail from anywhere (``login:email:…``, per 15 minutes, only counted):
  past that bound the account is under attack, and only addresses that have not failed
  for it may still try, so many addresses each get about one guess per window.

A success clears the e-mail's counts, so its owner's own typing slips are forgotten.

Usage::

    login_limits.before_attempt(db, limits, request, email, now=now)  # RateLimitedError
    ... verify the password ...
    login_limits.failed(db, limits, email, now=now)  # or succeeded(db, request, email)
"""

from __future__ import annotations

import math
from datetime import datetime

from fastapi import Request

from ssm.cloud.db import Database
from ssm.cloud.errors import RateLimitedError
from ssm.cloud.services import rate_limits
from ssm.cloud.services.rate_limits import RateLimits

_KIND = "login"


def before_attempt(
    db: Database, limits: RateLimits, request: Request, email: str, *, now: datetime
) -> None:
    """Count the attempt; refuse it when its address, or its address for ``email``, is over.

    Raises:
        RateLimitedError: over a limit; ``retry_after`` in seconds.
    """
    pair = rate_limits.ip_email_key(_KIND, request, email)
    rate_limits.hit(
        db,
        [(rate_limits.ip_key(_KIND, request), limits.login_ip), (pair, limits.login_ip_email)],
        now=now,
    )
    if limits.login_email.hits == 0:
        return
    failures, ends = rate_limits.window(db, rate_limits.email_key(_KIND, email), now=now)
    tried_before = rate_limits.window(db, pair, now=now)[0] > 1
    if failures >= limits.login_email.hits and tried_before:
        raise RateLimitedError(retry_after=max(1, math.ceil((ends - now).total_seconds())))


def failed(db: Database, limits: RateLimits, email: str, *, now: datetime) -> None:
    """Remember a failure for ``email`` (from any address)."""
    rate_limits.record(db, rate_limits.email_key(_KIND, email), limits.login_email, now=now)


def succeeded(db: Database, request: Request, email: str) -> None:
    """Clear the counts of ``email``: its owner is in, so the slips before were theirs."""
    rate_limits.reset(db, rate_limits.ip_email_key(_KIND, request, email))
    rate_limits.reset(db, rate_limits.email_key(_KIND, email))
