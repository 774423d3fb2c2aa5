"""Quote latency (issue 16): a quote timed until Sage 100 priced it, then until it has a number.

With ``ssm-connector run`` running at its default settings, each quote is made through the
API as the web app makes it, one at a time: a customer Sage can sell to, one to four items
it can sell, quantities that reach some quantity breaks. The first clock starts when the
API answered (the quote is saved «Brouillon – En attente») and stops when the quote reads
«Brouillon – Validé» (``draft_validated``). The rep then requests synchronisation; the
second clock stops when the quote carries its Sage number and a read-only SQL query on the
Sage file finds that quote (``F_DOCENTETE``, ``DO_Type`` 0). Goal: p95 ≤ 3 s each.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ssm_bench.report import Figure
from ssm_bench.scenarios.latency import CloudReader, Edit
from ssm_bench.scenarios.twoway import SageFile, round_figures, wait_for

#: Quantities a rep types: some reach the generator's quantity breaks (10, 50, 100).
QUANTITIES = (1, 2, 3, 5, 10, 12, 20, 50, 100)
GOAL_S = 3.0


@dataclass
class QuoteRound:
    """One round: each quote's time to be priced, and to be numbered once requested."""

    priced: list[Edit] = field(default_factory=list)
    numbered: list[Edit] = field(default_factory=list)


def sellable(cloud: CloudReader, sage: SageFile) -> tuple[list[int], list[int]]:
    """CRM ids of customers Sage sells to and of items it sells (at most 200 of each)."""
    accounts = [
        int(a["id"])
        for a in _first_page(cloud, "accounts")
        if a.get("extId")
        and a.get("accountType") == "client"
        and sage.has(
            "SELECT 1 FROM F_COMPTET WHERE CT_Num = ? AND CT_ControlEnc <> 2 AND CT_Sommeil = 0",
            a["extId"],
        )
    ]
    products = [
        int(p["id"])
        for p in _first_page(cloud, "products")
        if p.get("extId") and not p.get("notAvailable")
    ]
    return accounts, products


def _first_page(cloud: CloudReader, resource: str) -> list[dict[str, Any]]:
    response = cloud.http.get(f"/api/v4/{resource}", headers={"X-FM-Entity-Count": "200"})
    response.raise_for_status()
    return list(response.json())


def measure_quotes(
    cloud: CloudReader,
    sage: SageFile,
    *,
    quotes: int,
    seed: int = 16,
    timeout: float = 30.0,
    say: Callable[[str], None] = print,
) -> QuoteRound:
    """Make ``quotes`` quotes one at a time; time each until priced, then until numbered."""
    rng = random.Random(seed)
    accounts, products = sellable(cloud, sage)
    done = QuoteRound()
    for i in range(quotes):
        lines = [
            {"productId": product, "quantity": rng.choice(QUANTITIES)}
            for product in rng.sample(products, k=rng.randint(1, 4))
        ]
        response = cloud.http.post(
            "/api/v4/quotes", json={"accountId": rng.choice(accounts), "lines": lines}
        )
        started = time.monotonic()
        response.raise_for_status()
        quote_id = int(response.json()["id"])
        latency = wait_for(_status_is(cloud, quote_id, "draft_validated"), started, timeout)
        done.priced.append(Edit("priced", "quotes", f"#{quote_id}", latency))
        shown = f"priced {latency:.2f} s" if latency is not None else "not priced in 30 s"
        if latency is not None:
            response = cloud.http.post(f"/api/v4/quotes/{quote_id}/sync")
            started = time.monotonic()
            response.raise_for_status()
            latency = wait_for(_in_sage(cloud, sage, quote_id), started, timeout)
            done.numbered.append(Edit("numbered", "quotes", f"#{quote_id}", latency))
            shown += f", numbered {latency:.2f} s" if latency is not None else ", no number"
        say(f"  quote {i + 1}/{quotes} #{quote_id} ({len(lines)} line(s)): {shown}")
        time.sleep(rng.uniform(0.5, 1.5))
    return done


def _status_is(cloud: CloudReader, quote_id: int, status: str) -> Callable[[], bool]:
    def check() -> bool:
        record = cloud.get("quotes", quote_id)
        return record is not None and record.get("status") == status

    return _paced(check)


def _in_sage(cloud: CloudReader, sage: SageFile, quote_id: int) -> Callable[[], bool]:
    def check() -> bool:
        record = cloud.get("quotes", quote_id)
        number = record.get("number") if record else None
        return bool(number) and sage.has(
            "SELECT 1 FROM F_DOCENTETE WHERE DO_Domaine = 0 AND DO_Type = 0 AND DO_Piece = ?",
            number,
        )

    return _paced(check)


def _paced(check: Callable[[], bool], pause: float = 0.03) -> Callable[[], bool]:
    """``check`` with a short pause after a miss: an HTTP look costs the service some CPU."""

    def paced() -> bool:
        if check():
            return True
        time.sleep(pause)
        return False

    return paced


def quote_figures(label: str, rounds: list[QuoteRound]) -> list[Figure]:
    """p50 and p95 of each clock, the median over the rounds (goal: p95 ≤ 3 s each)."""
    clocks = (("save → «Brouillon – Validé»", _priced), ("sync → Sage number", _numbered))
    return [
        figure
        for clock, pick in clocks
        for figure in round_figures(
            label,
            clock,
            [pick(r) for r in rounds],
            seen_as="quotes",
            missed_as="not done in 30 s",
            goal_s=GOAL_S,
        )
    ]


def _priced(r: QuoteRound) -> list[Edit]:
    return r.priced


def _numbered(r: QuoteRound) -> list[Edit]:
    return r.numbered
