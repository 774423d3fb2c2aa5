"""What a rep may put in a quote: the accounts Sage 100 holds, their contacts, the products.

The quote form offers only what the quote service accepts: accounts the rep sees that
have a Sage code (a quote goes to a customer Sage knows), the live contacts of those
accounts, and products in Sage that are still for sale. A product is typed, not picked
from thousands of options: ``find_products`` answers the form's search and
``product_for`` turns what the rep typed back into one product, or says why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, func, or_, select

from ssm.cloud.db import Database, in_french_order
from ssm.cloud.models import Account, Contact, Product
from ssm.cloud.services.scoped_reads import scope

SUGGESTIONS = 20
"""Products a search suggests at most: a phone's screen, not a catalogue."""

SEPARATOR = " — "
"""Between a product's reference and its name in a suggestion (``BR01 — Brique rouge``)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of the form: its id and what the rep reads."""

    id: int
    label: str


@dataclass(frozen=True, slots=True)
class AccountChoice:
    """An account a quote may go to, with its contacts."""

    id: int
    label: str
    contacts: tuple[Choice, ...]


def accounts_for_quotes(
    db: Database, instance_id: int, owner_ids: set[int] | None
) -> tuple[AccountChoice, ...]:
    """The live accounts the rep sees that Sage 100 holds, by name, with their contacts."""
    account_scope = scope(Account, instance_id, deleted=False, owner_ids=owner_ids)
    with db.read() as session:
        accounts = session.execute(
            select(Account.id, Account.name, Account.ext_id)
            .where(*account_scope, Account.ext_id.is_not(None))
            .order_by(in_french_order(Account.name), Account.id)
        ).all()
        contacts = session.execute(
            select(Contact.id, Contact.account_id, Contact.first_name, Contact.last_name)
            .where(*scope(Contact, instance_id, deleted=False))
            .where(Contact.account_id.in_([row.id for row in accounts]))
            .order_by(
                in_french_order(Contact.last_name), in_french_order(Contact.first_name), Contact.id
            )
        ).all()
    by_account: dict[int, list[Choice]] = {}
    for row in contacts:
        name = " ".join(part for part in (row.first_name, row.last_name) if part)
        by_account.setdefault(row.account_id, []).append(Choice(row.id, name))
    return tuple(
        AccountChoice(row.id, f"{row.name} ({row.ext_id})", tuple(by_account.get(row.id, ())))
        for row in accounts
    )


def _for_sale(instance_id: int) -> list[ColumnElement[bool]]:
    return [
        *scope(Product, instance_id, deleted=False),
        Product.ext_id.is_not(None),
        Product.not_available.is_(False),
    ]


def _label(row: Any) -> str:
    return f"{row.ext_id}{SEPARATOR}{row.model}"


def _matching(instance_id: int, q: str) -> Select[int, str | None, str]:
    escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return (
        select(Product.id, Product.ext_id, Product.model)
        .where(*_for_sale(instance_id))
        .where(
            or_(
                func.lower(Product.ext_id).like(pattern, escape="\\"),
                func.lower(Product.model).like(pattern, escape="\\"),
            )
        )
        .order_by(in_french_order(Product.model), Product.id)
    )


def find_products(db: Database, instance_id: int, q: str) -> tuple[Choice, ...]:
    """Products for sale whose reference or name holds ``q`` (at most ``SUGGESTIONS``)."""
    q = q.strip()
    if not q:
        return ()
    with db.read() as session:
        rows = session.execute(_matching(instance_id, q).limit(SUGGESTIONS)).all()
    return tuple(Choice(row.id, _label(row)) for row in rows)


Miss = Literal["none", "several"]
"""Why a typed product names no single product: nothing for sale matches, or several do."""


def product_for(db: Database, instance_id: int, typed: str) -> Choice | Miss:
    """The product ``typed`` names: a suggestion as shown, a reference, or a unique match."""
    typed = typed.strip()
    reference = typed.split(SEPARATOR, 1)[0].strip()
    with db.read() as session:
        exact = session.execute(
            select(Product.id, Product.ext_id, Product.model).where(
                *_for_sale(instance_id), func.lower(Product.ext_id) == reference.lower()
            )
        ).first()
        if exact is not None:
            return Choice(exact.id, _label(exact))
        rows = session.execute(_matching(instance_id, typed).limit(2)).all()
    if not rows:
        return "none"
    return Choice(rows[0].id, _label(rows[0])) if len(rows) == 1 else "several"
