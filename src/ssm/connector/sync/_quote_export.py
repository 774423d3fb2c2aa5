"""CRM → Sage 100: quotes priced by Sage, and the requested ones written into Sage once.

A feed entry of a quote is handled by what the quote is when read, not by what the entry
says, so an entry seen twice (a replay, an edit meanwhile) does no harm:

- « Brouillon – En attente » (``draft_pending``): every line priced with ``price_line``
  for the quote's customer, the prices written back with the revision read. A quote edited
  since is refused by the CRM (``409``) and dropped here: its edit is a newer feed entry,
  priced in its turn.
- « En attente de synchronisation » (``sync_pending``): written into Sage exactly once
  with the prices the rep saw (those stored on the quote, not priced again), then bound
  (``PUT /quotes/{id}/extId``). Before the write the quote is reserved in the state; its
  ``DO_Ref`` is ``SSM`` + the CRM id, so a replay finds the quote already there
  (``create_quote`` returns it) and no number is taken twice. The ``cbMarq`` written is
  noted on the reservation before the bind, so the Sage → CRM ``quotes`` stream skips it
  until the CRM has confirmed it, as for prospects.
- anything else: nothing to do.

What Sage refuses (a blocked customer, a sleeping item) goes to the quote as its French
reason (``PUT /quotes/{id}/refusal``); the CRM keeps it editable. The CRM that cannot be
reached, or Sage, stops the step (the caller's handler): the entry is replayed next pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from sqlalchemy import Engine

from ssm.connector import messages as msg
from ssm.connector.crm_client import (
    Change,
    CrmClient,
    CrmDiscount,
    CrmQuote,
    CrmQuoteLine,
    LinePrices,
    QuotePrices,
)
from ssm.connector.errors import CloudRejectedError
from ssm.connector.logs import get_logger
from ssm.connector.sync._feed_state import Reservation
from ssm.connector.sync.engine import StreamResult
from ssm.connector.sync.state import StateStore
from ssm.sage100 import (
    ARTICLES,
    Discount,
    LinePrice,
    QuoteHeader,
    QuoteLine,
    SageSchemaError,
    SageWriteError,
    create_quote,
    price_line,
    read_by_keys,
)

_QUOTES = "quotes"
"""The CRM resource, and the name of the Sage → CRM stream that skips unconfirmed keys."""
REFERENCE_PREFIX = "SSM"
"""``DO_Ref`` of a quote made in the CRM: this and its CRM id (fits Sage's 17 characters)."""
VAT_RATE = Decimal(20)
"""The emulated company has no tax tables: TTC amounts use this rate, as ``create_quote``."""
SUMMARY_LINES = 10
"""Most lines the price summary names; the others are counted."""

_DRAFT_PENDING, _SYNC_PENDING = "draft_pending", "sync_pending"
_CENT = Decimal("0.01")
# Sage's ``REM_Type`` and the CRM's name for it.
_DISCOUNT_TYPES: dict[int, Literal["amount", "percent", "free"]] = {
    0: "amount",
    1: "percent",
    2: "free",
}
_REM_TYPES = {name: number for number, name in _DISCOUNT_TYPES.items()}
_BASE_REASONS = {"client": msg.QUOTE_BASE_CLIENT, "categorie": msg.QUOTE_BASE_CATEGORY}

_log = get_logger()


def quote_reference(quote_id: int) -> str:
    """The ``DO_Ref`` of the CRM's quote ``quote_id`` in Sage: how a replay finds it."""
    return f"{REFERENCE_PREFIX}{quote_id}"


def export_quote(
    change: Change, sage: Engine, crm: CrmClient, state: StateStore, result: StreamResult
) -> None:
    """Handle one feed entry of a quote, then move the feed past it with its outcome."""
    quote = crm.quote(change.id)
    if quote is None or quote.deleted:
        _nothing(change, state, result, gone=True)
        return
    try:
        if quote.status == _DRAFT_PENDING:
            done = _price(quote, sage, crm)
        elif quote.status == _SYNC_PENDING:
            done = _write(quote, sage, crm, state)
        else:
            done = False
    except (SageWriteError, SageSchemaError) as exc:
        _refused(quote, change, str(exc), crm, state, result)
        return
    except CloudRejectedError as exc:
        _rejected(quote, change, exc, state, result)
        return
    if not done:
        _nothing(change, state, result)
        return
    result.read += 1
    if quote.status == _SYNC_PENDING:
        result.created += 1
    else:
        result.updated += 1
    state.applied(change.seq, _QUOTES, change.id, state.written_key(_QUOTES, change.id))


def _price(quote: CrmQuote, sage: Engine, crm: CrmClient) -> bool:
    """Price every line with Sage's rules; False when the quote changed since it was read."""
    customer = quote.accountExtId or ""
    prices = [
        price_line(sage, customer, line.productExtId or "", line.quantity, vat_rate=VAT_RATE)
        for line in quote.lines
    ]
    body = QuotePrices(
        revision=quote.revision,
        lines=[_line_prices(line, price) for line, price in zip(quote.lines, prices, strict=True)],
        totalExclTax=sum((p.amount for p in prices), Decimal(0)),
        totalInclTax=sum((_incl_tax(p.amount) for p in prices), Decimal(0)),
        detail=price_summary(quote.lines, prices, _catalogue(sage, prices)),
    )
    return crm.price_quote(quote.id, body)


def _line_prices(line: CrmQuoteLine, price: LinePrice) -> LinePrices:
    return LinePrices(
        position=line.position,
        unitPrice=price.unit_price,
        discounts=[
            CrmDiscount(value=d.value, type=_DISCOUNT_TYPES[d.REM_Type]) for d in price.discounts
        ],
        netUnitPrice=price.net_unit_price,
        totalExclTax=price.amount,
        stock=price.stock,
    )


def _incl_tax(amount: Decimal) -> Decimal:
    """A line's amount with tax, to the cent, as ``create_quote`` will write it."""
    return (amount * (1 + VAT_RATE / 100)).quantize(_CENT, ROUND_HALF_UP)


def _catalogue(sage: Engine, prices: Sequence[LinePrice]) -> dict[str, tuple[Decimal, bool]]:
    """Each item's catalogue price (``AR_PrixVen``) and whether it is entered TTC."""
    refs = sorted({p.AR_Ref for p in prices})
    return {
        str(row["AR_Ref"]): (_decimal(row.get("AR_PrixVen")), row.get("AR_PrixTTC") == 1)
        for rows in read_by_keys(sage, ARTICLES, refs)
        for row in rows
    }


def _decimal(value: object) -> Decimal:
    """An amount read from Sage; None (a version without the column) is zero."""
    return value if isinstance(value, Decimal) else Decimal(0)


def price_summary(
    lines: Sequence[CrmQuoteLine],
    prices: Sequence[LinePrice],
    catalogue: dict[str, tuple[Decimal, bool]],
) -> str:
    """What Sage changed, line by line, in French: catalogue price → Sage's net price.

    A line whose net price is its catalogue price is left out; none left gives
    « prix inchangés ». At most ``SUMMARY_LINES`` lines are named, the rest counted.
    """
    told = []
    for number, (line, price) in enumerate(zip(lines, prices, strict=True), start=1):
        listed, ttc = catalogue.get(price.AR_Ref, (price.unit_price, False))
        if listed == price.net_unit_price and not ttc:
            continue
        reasons = [_BASE_REASONS[price.base_source]] if price.base_source in _BASE_REASONS else []
        reasons += [_discount_text(d) for d in price.discounts]
        told.append(
            msg.QUOTE_LINE_PRICED.format(
                number=number,
                description=line.description or price.AR_Ref,
                before=euros(listed) + (msg.QUOTE_TTC if ttc else ""),
                after=euros(price.net_unit_price),
                reasons=f" ({', '.join(reasons)})" if reasons else "",
            )
        )
    if not told:
        return msg.QUOTE_PRICES_UNCHANGED
    summary = " ; ".join(told[:SUMMARY_LINES])
    if len(told) > SUMMARY_LINES:
        summary += msg.QUOTE_MORE_LINES.format(count=len(told) - SUMMARY_LINES)
    return summary


def _discount_text(discount: Discount) -> str:
    if _DISCOUNT_TYPES.get(discount.REM_Type) == "free":
        return discount.label()
    return msg.QUOTE_DISCOUNT.format(label=discount.label())


def euros(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``1 234,50 €``: cents always, up to 4 decimals if Sage has them."""
    cents = amount.quantize(_CENT, ROUND_HALF_UP)
    shown = cents if cents == amount else amount.normalize()
    return format(shown, ",f").replace(",", " ").replace(".", ",") + " €"


def _write(quote: CrmQuote, sage: Engine, crm: CrmClient, state: StateStore) -> bool:
    """Write the requested quote into Sage exactly once, note its key, then bind it.

    Raises:
        SageWriteError: Sage refuses it (or the quote has no validated prices).
        CloudRejectedError: the CRM refused the bind (``409``) or lost the quote (``404``).
    """
    lines = _validated_lines(quote)
    customer = quote.accountExtId or ""
    if state.reservation(_QUOTES, quote.id) is None:
        state.reserve(_QUOTES, quote.id, Reservation(customer))
    header = QuoteHeader(customer, quote_reference(quote.id), _rep_number(quote), vat_rate=VAT_RATE)
    written = create_quote(sage, header, lines).quote
    key = str(written.cbMarq)
    state.written(_QUOTES, quote.id, key)  # the stream skips it from now until confirmed
    crm.bind_quote(quote.id, key, written.DO_Piece)
    return True


def _validated_lines(quote: CrmQuote) -> list[QuoteLine]:
    """The quote's lines with the prices Sage validated and the rep saw."""
    lines = []
    for line in quote.lines:
        if line.unitPrice is None or line.totalExclTax is None:
            raise SageWriteError(msg.QUOTE_NOT_PRICED)
        discounts = tuple(Discount(d.value, _REM_TYPES[d.type]) for d in line.discounts or ())
        lines.append(
            QuoteLine(
                line.productExtId or "",
                line.quantity,
                line.unitPrice,
                line.totalExclTax,
                discounts,
            )
        )
    return lines


def _rep_number(quote: CrmQuote) -> int | None:
    """The quote's Sage rep (``CO_No``), or None for the customer's own."""
    rep = quote.salesRepExtId
    return int(rep) if rep and rep.isdigit() else None


def _refused(
    quote: CrmQuote,
    change: Change,
    reason: str,
    crm: CrmClient,
    state: StateStore,
    result: StreamResult,
) -> None:
    """Sage refused to price or write the quote: the reason goes onto it, the feed moves.

    The CRM shows the reason on the quote, which stays (or becomes again) editable; the
    state lists it too, for ``ssm-connector status``, until the quote is handled again.
    """
    try:
        crm.refuse_quote(quote.id, quote.revision, reason)  # changed since (409): dropped
    except CloudRejectedError as exc:
        _rejected(quote, change, exc, state, result)
        return
    result.read += 1
    result.fail(f"#{quote.id}", "refused", reason)
    state.applied(change.seq, _QUOTES, change.id, None, reason)


def _rejected(
    quote: CrmQuote,
    change: Change,
    exc: CloudRejectedError,
    state: StateStore,
    result: StreamResult,
) -> None:
    """The CRM refused a write of the connector's: the quote is gone, or another has its key.

    ``404``: nothing more to do. A bind refused (``409``) keeps the reservation, so the
    stream keeps skipping the Sage quote, and is listed until a later change binds it.
    Any other refusal is listed, and the feed moves on.
    """
    if exc.status == 404:
        _nothing(change, state, result, gone=True)
        return
    key = state.written_key(_QUOTES, quote.id)
    result.read += 1
    result.fail(key or f"#{quote.id}", "refused", str(exc))
    if key is not None:
        state.unconfirmed(change.seq, _QUOTES, change.id, key, str(exc))
    else:
        state.applied(change.seq, _QUOTES, change.id, None, str(exc))


def _nothing(
    change: Change, state: StateStore, result: StreamResult, *, gone: bool = False
) -> None:
    """Nothing to write: the quote changed since, is not the connector's to handle, or gone.

    A Sage quote already written for one ``gone`` stays in Sage (the connector never
    deletes there), and the log says so; the ``quotes`` stream sends it as a Sage quote.
    """
    written = state.written_key(_QUOTES, change.id)
    if gone and written is not None:
        _log.warning("crm.record_gone", resource=_QUOTES, id=change.id, key=written)
    result.read, result.unchanged = result.read + 1, result.unchanged + 1
    state.applied(change.seq, _QUOTES, change.id)
