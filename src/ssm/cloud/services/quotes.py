"""Quotes: Sage's through the bulk resource, the rep's priced by Sage 100 through the connector.

A rep's quote lives through ``schemas.quotes.QUOTE_STATUSES``: made or edited, it is
``draft_pending`` and listed in the change feed; the connector prices it in Sage 100 and
writes the prices back (``write_prices``: ``draft_validated``, no feed entry, no echo);
the rep asks for it to be written into Sage (``request_sync``: ``sync_pending``, read-only);
the connector writes it and binds Sage's number (``bind``: ``in_sage``). Sage may refuse
either step (``refuse``: the reason in ``sync_detail``). Each step appends its system
comment to ``internal_comment``, the reference's sentence first.

The connector's answers carry the ``revision`` they were computed for: a rep's edit in
between makes them stale (``QuoteChangedError``), and the edit's own feed entry brings
the quote back to the connector. Reps see and change the quotes they own
(``owner_ids``, as ``services.visibility`` gives them); an API key, the whole instance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ssm.cloud import messages
from ssm.cloud.db import Database
from ssm.cloud.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    QuoteChangedError,
    QuoteNotValidatedError,
    QuoteReadOnlyError,
)
from ssm.cloud.models import Account, Contact, Product, Quote, QuoteLine, User
from ssm.cloud.schemas.quotes import (
    EDITABLE_STATUSES,
    FIELDS,
    LINE_COLUMNS,
    QuoteBinding,
    QuoteCreate,
    QuoteLineInput,
    QuotePatch,
    QuotePrices,
    QuoteRefusal,
    check_line_lists,
    discount_text,
)
from ssm.cloud.services.changes import CRM_EDIT_STATUS, Author, record_change
from ssm.cloud.services.document_lines import DocumentWithLines
from ssm.cloud.services.scoped_reads import scope

PARIS: Final = ZoneInfo("Europe/Paris")
"""The system comments give the time as the company's people read it."""

_LINES = cast(Table, QuoteLine.__table__)
_QUOTES = cast(Table, Quote.__table__)
_PRICES_CLEARED: Final[dict[str, Any]] = {
    "unit_price": None,
    "discounts": None,
    "net_unit_price": None,
    "total_excl_tax": None,
    "stock": None,
}
_STAMP = "%d/%m/%Y à %H:%M"


class Quotes(DocumentWithLines):
    """Quotes (Sage ``F_DOCENTETE`` type 0) sent by the connector, keyed by header cbMarq.

    A new ``extId`` is a quote made in Sage: ``origin`` sage and read-only (the columns'
    defaults). An ``extId`` a CRM quote is bound to updates what Sage masters (the upsert's
    fields and the lines); its contact, comments and origin are no upsert field, so stay.
    """

    name = "quotes"
    model = Quote
    fields = FIELDS
    label = "un devis"
    computed = ("account_id", "owner_id")
    read_only = (
        "origin",
        "revision",
        "read_only",
        "contact_id",
        "comment",
        "internal_comment",
        "sync_status",
        "sync_detail",
    )
    has_owner = True
    has_account = True
    line_table = _LINES
    parent_column = "quote_id"
    line_columns = LINE_COLUMNS
    check_lines = check_line_lists
    rendered_line_columns = (
        "position",
        "ext_id",
        "product_id",
        "product_ext_id",
        "description",
        "quantity",
        "unit_price",
        "discounts",
        "net_unit_price",
        "total_excl_tax",
        "stock",
    )

    def get_visible(
        self, db: Database, instance_id: int, quote_id: int, owner_ids: set[int] | None
    ) -> dict[str, Any]:
        """One live quote with its lines, if the caller may see it (``owner_ids``).

        Raises:
            NotFoundError: no such live quote that the caller may see.
        """
        with db.read() as session:
            row = (
                session.execute(
                    select(*self.read_columns).where(
                        _QUOTES.c.id == quote_id,
                        *scope(_QUOTES.c, instance_id, deleted=False, owner_ids=owner_ids),
                    )
                )
                .mappings()
                .one_or_none()
            )
            if row is None:
                raise NotFoundError()
            record = self.render(row)
            self.render_one(session, instance_id, record)
        return record


QUOTES = Quotes()


# --- the rep's writes ---------------------------------------------------------------------


def create_quote(
    db: Database,
    instance_id: int,
    body: QuoteCreate,
    *,
    author: Author,
    now: datetime,
    owner_ids: set[int] | None = None,
) -> int:
    """Create a ``draft_pending`` quote for an account Sage 100 holds; return its id.

    Its lines name their products, unpriced until Sage prices them.

    Raises:
        InvalidRequestError: no such account (that the rep sees), an account not in Sage
            yet, a contact of another account, or a product Sage cannot sell.
    """
    with db.write() as session:
        account = _account_values(session, instance_id, body.account_id, owner_ids)
        if body.contact_id is not None:
            _check_contact(session, instance_id, body.account_id, body.contact_id)
        lines = _lines_for(session, instance_id, body.lines)
        quote_id = session.execute(
            insert(Quote).returning(Quote.id),
            account
            | {
                "instance_id": instance_id,
                "origin": "crm",
                "status": "draft_pending",
                "read_only": False,
                "revision": 0,
                "contact_id": body.contact_id,
                "date": now.astimezone(PARIS).date(),
                "comment": body.comment,
                "internal_comment": _validation_comment(session, None, author, now),
                "date_created": now,
            }
            | CRM_EDIT_STATUS,
        ).scalar_one()
        _insert_lines(session, instance_id, quote_id, lines)
        record_change(session, instance_id, "quotes", quote_id, "created", author=author, now=now)
        return quote_id


def update_quote(
    db: Database,
    instance_id: int,
    quote_id: int,
    body: QuotePatch,
    *,
    author: Author,
    now: datetime,
    owner_ids: set[int] | None = None,
) -> None:
    """Apply a rep's edit: the quote goes back to Sage for pricing.

    Another account takes its rep and owner, and drops a contact the body does not name.
    Any edit (an empty body changes nothing) makes it ``draft_pending`` with the next
    revision, clears its prices and a refusal, and appends the VALIDATION comment: Sage's
    prices were for what the rep had before.

    Raises:
        NotFoundError: no such live quote that the rep sees.
        QuoteReadOnlyError: Sage's quote, or one written or being written into Sage.
        InvalidRequestError: an account as ``create_quote`` refuses it, a contact of
            another account, or a product Sage cannot sell.
    """
    sent = body.model_fields_set
    with db.write() as session:
        stored = _editable(session, instance_id, quote_id, owner_ids)
        if not sent:
            return
        values: dict[str, Any] = {}
        previous: dict[str, Any] = {"revision": stored.revision, "status": stored.status}
        account_id, contact_id = stored.account_id, stored.contact_id
        if body.account_id is not None and body.account_id != account_id:
            values |= _account_values(session, instance_id, body.account_id, owner_ids)
            previous["accountId"], account_id = account_id, body.account_id
            contact_id = None  # a person of the former account
        if "contact_id" in sent:
            contact_id = body.contact_id
        if contact_id != stored.contact_id or "account_id" in values:
            if contact_id is not None:
                _check_contact(session, instance_id, account_id, contact_id)
            if contact_id != stored.contact_id:
                values["contact_id"], previous["contactId"] = contact_id, stored.contact_id
        if "comment" in sent and body.comment != stored.comment:
            values["comment"], previous["comment"] = body.comment, stored.comment
        if body.lines is not None:
            lines = _lines_for(session, instance_id, body.lines)
            session.execute(delete(_LINES).where(_LINES.c.quote_id == quote_id))
            _insert_lines(session, instance_id, quote_id, lines)
        else:
            session.execute(
                update(_LINES).where(_LINES.c.quote_id == quote_id).values(_PRICES_CLEARED)
            )
        comment = _validation_comment(session, stored.internal_comment, author, now)
        session.execute(
            update(Quote)
            .where(Quote.id == quote_id)
            .values(
                **values,
                status="draft_pending",
                revision=stored.revision + 1,
                total_excl_tax=None,
                total_incl_tax=None,
                internal_comment=comment,
                date_updated=now,
                **CRM_EDIT_STATUS,
            )
        )
        record_change(
            session,
            instance_id,
            "quotes",
            quote_id,
            "updated",
            author=author,
            now=now,
            previous=previous,
        )


def request_sync(
    db: Database,
    instance_id: int,
    quote_id: int,
    *,
    author: Author,
    now: datetime,
    owner_ids: set[int] | None = None,
) -> None:
    """The rep asks for the quote, priced by Sage, to be written into Sage 100.

    Raises:
        NotFoundError: no such live quote that the rep sees.
        QuoteReadOnlyError: already in Sage, or already asked for.
        QuoteNotValidatedError: Sage has not priced this revision yet.
    """
    with db.write() as session:
        stored = _editable(session, instance_id, quote_id, owner_ids)
        if stored.status != "draft_validated":
            raise QuoteNotValidatedError()
        session.execute(
            update(Quote)
            .where(Quote.id == quote_id)
            .values(status="sync_pending", read_only=True, date_updated=now, **CRM_EDIT_STATUS)
        )
        record_change(
            session,
            instance_id,
            "quotes",
            quote_id,
            "updated",
            author=author,
            now=now,
            previous={"status": stored.status},
        )


# --- the connector's answers (no feed entry: no echo) ---------------------------------------


def write_prices(
    db: Database, instance_id: int, quote_id: int, body: QuotePrices, *, now: datetime
) -> None:
    """Store Sage's prices of the revision the connector priced: ``draft_validated``.

    Raises:
        NotFoundError: no such live quote in the instance.
        QuoteChangedError: the quote left ``draft_pending`` or that revision since.
        InvalidRequestError: the lines are not the quote's positions, each once.
    """
    with db.write() as session:
        stored = _current(session, instance_id, quote_id, body.revision, ("draft_pending",))
        positions = sorted(
            session.scalars(select(_LINES.c.position).where(_LINES.c.quote_id == quote_id)).all()
        )
        sent = sorted(line.position for line in body.lines)
        if sent != positions:
            raise InvalidRequestError(
                messages.QUOTE_LINE_POSITIONS.format(sent=len(sent), stored=len(positions))
            )
        session.execute(
            update(_LINES)
            .where(_LINES.c.quote_id == quote_id, _LINES.c.position == bindparam("at"))
            .values(
                unit_price=bindparam("unit_price"),
                discounts=bindparam("discounts"),
                net_unit_price=bindparam("net_unit_price"),
                total_excl_tax=bindparam("line_total"),
                stock=bindparam("stock"),
            ),
            [
                {
                    "at": line.position,
                    "unit_price": line.unit_price,
                    "discounts": [
                        {"value": discount_text(d.value), "type": d.type} for d in line.discounts
                    ],
                    "net_unit_price": line.net_unit_price,
                    "line_total": line.total_excl_tax,
                    "stock": line.stock,
                }
                for line in body.lines
            ],
        )
        when = now.astimezone(PARIS).strftime(_STAMP)
        paragraph = messages.QUOTE_PRICES_VALIDATED + messages.QUOTE_PRICES_DETAILS.format(
            when=when, detail=body.detail
        )
        session.execute(
            update(Quote)
            .where(Quote.id == quote_id)
            .values(
                status="draft_validated",
                total_excl_tax=body.total_excl_tax,
                total_incl_tax=body.total_incl_tax,
                internal_comment=_appended(stored.internal_comment, paragraph),
                date_updated=now,
                sync_status="synced",
                synced_at=now,
                sync_detail=None,
            )
        )


def refuse(
    db: Database, instance_id: int, quote_id: int, body: QuoteRefusal, *, now: datetime
) -> None:
    """Sage 100 refused to price or to write the quote: say why, give it back to the rep.

    A ``sync_pending`` quote returns to ``draft_validated`` and editable; a
    ``draft_pending`` one stays so, until the rep changes what Sage refused.

    Raises:
        NotFoundError: no such live quote in the instance.
        QuoteChangedError: the quote left that revision, or is past Sage's answer.
    """
    with db.write() as session:
        stored = _current(
            session, instance_id, quote_id, body.revision, ("draft_pending", "sync_pending")
        )
        back = {"status": "draft_validated", "read_only": False}
        session.execute(
            update(Quote)
            .where(Quote.id == quote_id)
            .values(
                **(back if stored.status == "sync_pending" else {}),
                sync_status="error",
                sync_detail=body.reason,
                synced_at=now,
            )
        )


def bind(
    db: Database, instance_id: int, quote_id: int, body: QuoteBinding, *, now: datetime
) -> None:
    """The connector wrote the quote into Sage 100: bind its cbMarq and number, ``in_sage``.

    The same binding again changes nothing (the connector retries after a lost answer).

    Raises:
        NotFoundError: no such quote in the instance.
        ConflictError: bound to another cbMarq, or another quote holds this one.
    """
    try:
        with db.write() as session:
            bound = session.execute(
                select(Quote.ext_id).where(Quote.id == quote_id, *scope(Quote, instance_id))
            ).one_or_none()
            if bound is None:
                raise NotFoundError()
            if bound.ext_id == body.ext_id:
                return
            if bound.ext_id is not None:
                raise ConflictError(
                    messages.EXT_ID_ALREADY_BOUND.format(bound=bound.ext_id, ext_id=body.ext_id)
                )
            session.execute(
                update(Quote)
                .where(Quote.id == quote_id)
                .values(
                    ext_id=body.ext_id,
                    number=body.number,
                    status="in_sage",
                    read_only=True,
                    date_updated=now,
                    sync_status="synced",
                    synced_at=now,
                    sync_detail=None,
                )
            )
    except IntegrityError as exc:
        raise ConflictError(messages.EXT_ID_TAKEN.format(ext_id=body.ext_id)) from exc


# --- helpers --------------------------------------------------------------------------------


def _editable(session: Session, instance_id: int, quote_id: int, owner_ids: set[int] | None) -> Any:
    """The stored quote a rep may change; refuses Sage's and those past the drafts."""
    stored = session.execute(
        select(
            Quote.account_id,
            Quote.contact_id,
            Quote.comment,
            Quote.internal_comment,
            Quote.status,
            Quote.revision,
            Quote.origin,
            Quote.read_only,
        )
        .where(
            Quote.id == quote_id,
            *scope(Quote, instance_id, deleted=False, owner_ids=owner_ids),
        )
        .with_for_update()
    ).one_or_none()
    if stored is None:
        raise NotFoundError()
    if stored.origin != "crm" or stored.read_only or stored.status not in EDITABLE_STATUSES:
        raise QuoteReadOnlyError()
    return stored


def _current(
    session: Session, instance_id: int, quote_id: int, revision: int, statuses: tuple[str, ...]
) -> Any:
    """The stored quote if it is still at ``revision`` in one of ``statuses``."""
    stored = session.execute(
        select(Quote.status, Quote.revision, Quote.internal_comment)
        .where(Quote.id == quote_id, *scope(Quote, instance_id, deleted=False))
        .with_for_update()
    ).one_or_none()
    if stored is None:
        raise NotFoundError()
    if stored.revision != revision or stored.status not in statuses:
        raise QuoteChangedError(
            messages.QUOTE_CHANGED.format(
                current=stored.revision, sent=revision, status=stored.status
            )
        )
    return stored


def _account_values(
    session: Session, instance_id: int, account_id: int, owner_ids: set[int] | None
) -> dict[str, Any]:
    """A quote's columns from its account, which the rep sees and Sage 100 holds.

    The quote takes the account's rep and owner, as a contact does.
    """
    account = session.execute(
        select(Account.ext_id, Account.sales_rep_ext_id, Account.owner_id).where(
            Account.id == account_id,
            *scope(Account, instance_id, deleted=False, owner_ids=owner_ids),
        )
    ).one_or_none()
    if account is None:
        raise InvalidRequestError(messages.UNKNOWN_ACCOUNT_ID.format(account_id=account_id))
    if account.ext_id is None:
        raise InvalidRequestError(messages.QUOTE_ACCOUNT_NOT_IN_SAGE.format(account_id=account_id))
    return {
        "account_id": account_id,
        "account_ext_id": account.ext_id,
        "sales_rep_ext_id": account.sales_rep_ext_id,
        "owner_id": account.owner_id,
    }


def _check_contact(session: Session, instance_id: int, account_id: int, contact_id: int) -> None:
    found = session.execute(
        select(Contact.id).where(
            Contact.id == contact_id,
            Contact.account_id == account_id,
            *scope(Contact, instance_id, deleted=False),
        )
    ).one_or_none()
    if found is None:
        raise InvalidRequestError(messages.QUOTE_UNKNOWN_CONTACT.format(contact_id=contact_id))


def _lines_for(
    session: Session, instance_id: int, lines: list[QuoteLineInput]
) -> list[dict[str, Any]]:
    """The rows of the rep's lines: each product must be one Sage 100 can sell."""
    wanted = {line.product_id for line in lines}
    products = {
        row.id: row
        for row in session.execute(
            select(Product.id, Product.ext_id, Product.model, Product.not_available).where(
                Product.id.in_(sorted(wanted)), *scope(Product, instance_id, deleted=False)
            )
        ).all()
    }
    rows = []
    for number, line in enumerate(lines, start=1):
        product = products.get(line.product_id)
        if product is None:
            raise InvalidRequestError(
                messages.QUOTE_UNKNOWN_PRODUCT.format(line=number, product_id=line.product_id)
            )
        if product.ext_id is None:
            raise InvalidRequestError(
                messages.QUOTE_PRODUCT_NOT_IN_SAGE.format(line=number, name=product.model)
            )
        if product.not_available:
            raise InvalidRequestError(
                messages.QUOTE_PRODUCT_NOT_AVAILABLE.format(line=number, name=product.model)
            )
        rows.append(
            {
                "product_id": product.id,
                "product_ext_id": product.ext_id,
                "description": product.model,
                "quantity": line.quantity,
            }
        )
    return rows


def _insert_lines(
    session: Session, instance_id: int, quote_id: int, lines: list[dict[str, Any]]
) -> None:
    session.execute(
        insert(_LINES),
        [
            line | {"instance_id": instance_id, "quote_id": quote_id, "position": position}
            for position, line in enumerate(lines)
        ],
    )


def _validation_comment(
    session: Session, comment: str | None, author: Author, now: datetime
) -> str:
    """``comment`` with the VALIDATION paragraph appended: who asked, when (Paris time)."""
    name = messages.QUOTE_AUTHOR_API
    if author.user_id is not None:
        person = session.execute(
            select(User.first_name, User.last_name, User.email).where(User.id == author.user_id)
        ).one()
        full = " ".join(part for part in (person.first_name, person.last_name) if part)
        name = full or person.email or name
    when = now.astimezone(PARIS).strftime(_STAMP)
    paragraph = messages.QUOTE_VALIDATION_PENDING + messages.QUOTE_VALIDATION_DETAILS.format(
        author=name, when=when
    )
    return _appended(comment, paragraph)


def _appended(comment: str | None, paragraph: str) -> str:
    """One paragraph more, newest last."""
    return paragraph if not comment else f"{comment}\n\n{paragraph}"
