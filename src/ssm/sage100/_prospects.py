"""Prospects written into Sage 100: numbering, creation, the CRM's edits, and look-ups.

A prospect is an ``F_COMPTET`` row with ``CT_Type`` 0 (client) and ``CT_Prospect`` 1; Sage
alone turns it into a client (``CT_Prospect`` 0), after which only Sage edits it. The CRM
owns the fields of :class:`ProspectFields`; every other column keeps what Sage or its
users put there. Exactly once: the connector reserves the ``CT_Num`` (from
:func:`next_prospect_number`) in its state before :func:`create_prospect`, and after a
crash asks :func:`find_prospect` whether the row is there before creating it again.

On SQL Server these statements compile and are checked as T-SQL, but writing to a real
Sage 100 by SQL is not verified against a live server: integrators write through Sage's
Objets Métiers (``docs/sage100-writing.md``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import Connection, Engine, insert, select, update

from ssm.sage100 import messages as msg
from ssm.sage100._dialect import server_now
from ssm.sage100._probe import company_schema
from ssm.sage100._writing import check_text, insert_values, record_transaction, refuse, update_stamp
from ssm.sage100.schema import F_COLLABORATEUR, F_COMPTET, CT_Type

__all__ = [
    "PROSPECT_FIELDS",
    "ProspectFields",
    "ProspectNumbering",
    "TiersState",
    "create_prospect",
    "find_prospect",
    "next_prospect_number",
    "update_prospect",
]


class ProspectFields(TypedDict, total=False):
    """The ``F_COMPTET`` columns the CRM owns on a prospect; a key left out is not touched.

    ``CO_No`` None (or 0) means no sales rep. Text is written as given: '' empties a field.
    """

    CT_Intitule: str
    CT_Contact: str
    CT_Adresse: str
    CT_Complement: str
    CT_CodePostal: str
    CT_Ville: str
    CT_CodeRegion: str
    CT_Pays: str
    CT_Telephone: str
    CT_Telecopie: str
    CT_EMail: str
    CT_Site: str
    CT_Siret: str
    CT_Identifiant: str
    CT_Ape: str
    CT_Commentaire: str
    CO_No: int | None


#: The CRM-owned columns, in Sage's order: what an update may change.
PROSPECT_FIELDS: tuple[str, ...] = tuple(ProspectFields.__annotations__)

#: What Sage's form gives a new client account besides empty values (unverified: the
#: reference lists the columns, not Sage's defaults): the first entry of each required
#: list (tariff and accounting category, risk, periodicity, shipping, delivery), one
#: invoice copy, a page break per document and automatic lettering.
_NEW_PROSPECT: dict[str, Any] = {
    "CT_Type": CT_Type.CLIENT.value,
    "CT_Prospect": 1,
    "N_CatTarif": 1,
    "N_CatCompta": 1,
    "N_Risque": 1,
    "N_Period": 1,
    "N_Expedition": 1,
    "N_Condition": 1,
    "CT_Facture": 1,
    "CT_Saut": 1,
    "CT_Lettrage": 1,
}
_CODE = re.compile(r"[A-Z0-9]{1,17}")
_PREFIX = re.compile(r"[A-Z0-9]*")


@dataclass(frozen=True)
class TiersState:
    """What the connector needs to know of an account in Sage: there, and still a prospect?"""

    CT_Num: str
    CT_Type: int
    CT_Prospect: int
    cbMarq: int
    cbModification: datetime | None

    @property
    def is_prospect(self) -> bool:
        """Whether the CRM may still edit it: a client account flagged prospect."""
        return self.CT_Type == CT_Type.CLIENT and self.CT_Prospect == 1


@dataclass(frozen=True)
class ProspectNumbering:
    """How new prospects' ``CT_Num`` are numbered: a prefix and a zero-padded counter.

    The installer chooses them; the defaults give ``P000001``, ``P000002``… Sage keeps
    account codes in upper case, so the prefix is upper-case letters and digits.

    Example::

        numbering = ProspectNumbering(prefix="PR", digits=5, start=100)
        numbering.code(123)  # "PR00123"
    """

    prefix: str = "P"
    digits: int = 6
    start: int = 1

    def __post_init__(self) -> None:
        width = len(self.prefix) + self.digits
        if not _PREFIX.fullmatch(self.prefix) or self.digits < 1 or width > 17 or self.start < 1:
            raise refuse(msg.NUMBERING_INVALID, prefix=self.prefix, digits=self.digits)

    def code(self, number: int) -> str:
        """The ``CT_Num`` of counter value ``number``."""
        return f"{self.prefix}{number:0{self.digits}d}"

    def number(self, code: str) -> int | None:
        """The counter value of ``code``, or None if the code is not of this numbering."""
        code = code.upper()
        suffix = code[len(self.prefix) :]
        fits = code.startswith(self.prefix) and len(suffix) == self.digits
        return int(suffix) if fits and suffix.isdigit() else None


def next_prospect_number(
    engine: Engine,
    numbering: ProspectNumbering | None = None,
    reserved: Collection[str] = (),
) -> str:
    """Propose the next free prospect code: past every code of the numbering already used.

    Every tiers counts (clients, prospects, suppliers…: one ``CT_Num`` per account), and
    so do the ``reserved`` codes the connector holds for records not yet written. A code
    is compared in upper case, as SQL Server's case-insensitive collation does. Numbers
    freed by a deletion are not reused, as Sage's own counters do not.
    """
    numbering = numbering or ProspectNumbering()
    query = select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Num.like(f"{numbering.prefix}%"))
    with engine.connect() as conn:
        codes = list(conn.execute(query).scalars())
    used = [n for n in map(numbering.number, [*codes, *reserved]) if n is not None]
    number = max([numbering.start - 1, *used]) + 1
    if number >= 10**numbering.digits:
        raise refuse(msg.NUMBERING_EXHAUSTED, prefix=numbering.prefix, digits=numbering.digits)
    return numbering.code(number)


def find_prospect(engine: Engine, CT_Num: str) -> TiersState | None:
    """The account ``CT_Num`` whatever it became (a converted prospect too), or None.

    After a crash, the connector asks for the code it reserved: found, the creation had
    committed and the account is bound, not created twice.
    """
    with engine.connect() as conn:
        return _state(conn, CT_Num)


def create_prospect(
    engine: Engine, CT_Num: str, fields: ProspectFields, *, collective: str = "4110000"
) -> TiersState:
    """Create the prospect ``CT_Num`` (a code the caller reserved) in one transaction.

    Args:
        engine: the company.
        CT_Num: its account code, e.g. from :func:`next_prospect_number`.
        fields: what the CRM holds; ``CT_Intitule`` is required.
        collective: the collective account ``CG_NumPrinc`` of clients (411…).

    Returns:
        The new row's state, read back in the same transaction.

    Raises:
        SageWriteError: a field Sage would refuse, or the code already taken.
        SageConnectionError: the database could not be written; nothing was.
    """
    if not _CODE.fullmatch(CT_Num):
        raise refuse(msg.CT_NUM_INVALID, "CT_Num", value=CT_Num)
    _check(fields, creating=True)
    check_text(F_COMPTET, "CG_NumPrinc", collective, required=True)
    with record_transaction(engine, "F_COMPTET") as conn:
        if _state(conn, CT_Num) is not None:
            raise refuse(msg.CT_NUM_TAKEN, "CT_Num", ct_num=CT_Num)
        _check_rep(conn, fields)
        values = {
            **_NEW_PROSPECT,
            "CT_Classement": fields["CT_Intitule"][
                :17
            ],  # Sage's form proposes the name (unverified)
            **_owned(fields),
            "CT_Num": CT_Num,
            "CG_NumPrinc": collective,
            "CT_DateCreate": server_now(conn).replace(hour=0, minute=0),
        }
        conn.execute(insert(F_COMPTET).values(insert_values(conn, F_COMPTET, values)))
        created = _state(conn, CT_Num)
        assert created is not None  # inserted just above, in this transaction
        return created


def update_prospect(engine: Engine, CT_Num: str, fields: ProspectFields) -> TiersState:
    """Write the CRM's edit of prospect ``CT_Num``: its owned fields only, stamped.

    Raises:
        SageWriteError: a field Sage would refuse; the account deleted in Sage; or no
            longer a prospect (converted to client in Sage: Sage alone edits it now).
        SageConnectionError: the database could not be written; nothing was.
    """
    _check(fields, creating=False)
    with record_transaction(engine, "F_COMPTET") as conn:
        state = _still_prospect(conn, CT_Num)
        _check_rep(conn, fields)
        values = _owned(fields)
        if values:
            still_prospect = (F_COMPTET.c.cbMarq == state.cbMarq) & (F_COMPTET.c.CT_Prospect == 1)
            statement = update(F_COMPTET).where(still_prospect)
            conn.execute(statement.values(**values, **update_stamp(conn)))
        return _still_prospect(conn, CT_Num)


def _still_prospect(conn: Connection, CT_Num: str) -> TiersState:
    """The prospect's state, or the refusal: deleted, or converted to client in Sage.

    Asked before the update and again after it: on SQL Server a Sage user may convert
    or delete the account between the two (READ COMMITTED), and then the update, which
    repeats ``CT_Prospect = 1``, changed nothing.
    """
    state = _state(conn, CT_Num)
    if state is None:
        raise refuse(msg.PROSPECT_GONE, "CT_Num", ct_num=CT_Num)
    if not state.is_prospect:
        raise refuse(msg.PROSPECT_CONVERTED, "CT_Num", ct_num=CT_Num)
    return state


def _check(fields: ProspectFields, *, creating: bool) -> None:
    for name in PROSPECT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            check_text(F_COMPTET, name, value, required=name == "CT_Intitule")
    if creating and "CT_Intitule" not in fields:
        raise refuse(msg.FIELD_REQUIRED, "CT_Intitule")


def _check_rep(conn: Connection, fields: ProspectFields) -> None:
    co_no = fields.get("CO_No")
    if co_no:
        query = select(F_COLLABORATEUR.c.CO_No).where(F_COLLABORATEUR.c.CO_No == co_no)
        if conn.execute(query).first() is None:
            raise refuse(msg.REP_UNKNOWN, "CO_No", co_no=co_no)


def _owned(fields: ProspectFields) -> dict[str, Any]:
    """The CRM's columns as Sage stores them: no rep is ``CO_No`` 0 and ``cbCO_No`` NULL."""
    values: dict[str, Any] = {k: v for k, v in fields.items() if k in PROSPECT_FIELDS}
    if "CO_No" in values:
        values["CO_No"] = values["CO_No"] or 0
        values["cbCO_No"] = values["CO_No"] or None
    return values


def _state(conn: Connection, CT_Num: str) -> TiersState | None:
    """The account's state; a company without ``CT_Prospect`` (generation A) has no prospects."""
    company_schema(conn.engine).require("F_COMPTET", ("CT_Prospect",))
    c = F_COMPTET.c
    query = select(c.CT_Num, c.CT_Type, c.CT_Prospect, c.cbMarq, c.cbModification)
    row = conn.execute(query.where(c.CT_Num == CT_Num)).first()
    return None if row is None else TiersState(*row)
