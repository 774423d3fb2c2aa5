"""Contacts written into Sage 100: creation and the CRM's edits, never deletion.

A contact is an ``F_CONTACTT`` row of a client or prospect (``CT_Num``), numbered by
``CT_No``, the next number after the largest, taken under the company's write lock.
Deletion happens in Sage only. Exactly once: the connector remembers the ``CT_No``
:func:`create_contact` returns; a crash before it did is recovered by
:func:`find_contact_by_name`, because Sage's unique index ``ICT_NOM`` allows one contact
per account, last name and first name, so ``(CT_Num, CT_Nom, CT_Prenom)`` identifies it.

Like prospects, these statements are checked as T-SQL but not verified against a live
SQL Server (``docs/sage100-writing.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, Connection, Engine, func, insert, select, update

from ssm.sage100 import messages as msg
from ssm.sage100._writing import check_text, insert_values, record_transaction, refuse, update_stamp
from ssm.sage100.schema import F_COMPTET, F_CONTACTT, CT_Type

__all__ = [
    "CIVILITIES",
    "CONTACT_FIELDS",
    "ContactFields",
    "ContactState",
    "create_contact",
    "find_contact",
    "find_contact_by_name",
    "update_contact",
]


class ContactFields(TypedDict, total=False):
    """The ``F_CONTACTT`` columns the CRM owns; a key left out is not touched."""

    CT_Nom: str
    CT_Prenom: str
    CT_Fonction: str
    CT_Telephone: str
    CT_TelPortable: str
    CT_Telecopie: str
    CT_EMail: str
    CT_Civilite: int


#: The CRM-owned columns: what an update may change.
CONTACT_FIELDS: tuple[str, ...] = tuple(ContactFields.__annotations__)
#: ``CT_Civilite`` values, as the connector reads them: M., Mme, Mlle.
CIVILITIES = (0, 1, 2)
#: On SQL Server, the max + 1 read keeps its range locked until the insert commits.
_LOCKED = "WITH (UPDLOCK, HOLDLOCK)"


@dataclass(frozen=True)
class ContactState:
    """A contact as the connector binds it: its number, account and name in Sage."""

    CT_No: int
    CT_Num: str
    CT_Nom: str
    CT_Prenom: str
    cbMarq: int
    cbModification: datetime | None


def find_contact(engine: Engine, CT_No: int) -> ContactState | None:
    """The contact number ``CT_No``, or None when Sage has none (deleted there)."""
    with engine.connect() as conn:
        return _state(conn, F_CONTACTT.c.CT_No == CT_No)


def find_contact_by_name(
    engine: Engine, CT_Num: str, CT_Nom: str, CT_Prenom: str = ""
) -> ContactState | None:
    """The contact of account ``CT_Num`` with that name, or None: a crash's recovery.

    Sage's unique index ``ICT_NOM`` (account, last name, first name) makes it unique.
    """
    with engine.connect() as conn:
        return _state(conn, _named(CT_Num, CT_Nom, CT_Prenom))


def create_contact(engine: Engine, CT_Num: str, fields: ContactFields) -> ContactState:
    """Create a contact of client or prospect ``CT_Num`` in one transaction.

    Returns:
        The new row's state; its ``CT_No`` is what the connector binds.

    Raises:
        SageWriteError: a field Sage would refuse (``CT_Nom`` is required), the account
            unknown or not a client or prospect, or its contact of that name exists.
        SageConnectionError: the database could not be written; nothing was.
    """
    _check(fields, creating=True)
    with record_transaction(engine, "F_CONTACTT") as conn:
        _check_account(conn, CT_Num)
        nom, prenom = fields["CT_Nom"], fields.get("CT_Prenom", "")
        _check_name_free(conn, CT_Num, nom, prenom)
        last = select(func.max(F_CONTACTT.c.CT_No)).with_hint(F_CONTACTT, _LOCKED, "mssql")
        ct_no = int(conn.execute(last).scalar() or 0) + 1
        values = {"CT_Prenom": "", **fields, "CT_Num": CT_Num, "CT_No": ct_no}
        conn.execute(insert(F_CONTACTT).values(insert_values(conn, F_CONTACTT, values)))
        created = _state(conn, F_CONTACTT.c.CT_No == ct_no)
        assert created is not None  # inserted just above, in this transaction
        return created


def update_contact(engine: Engine, CT_No: int, fields: ContactFields) -> ContactState:
    """Write the CRM's edit of contact ``CT_No``: its owned fields only, stamped.

    Raises:
        SageWriteError: a field Sage would refuse, the contact deleted in Sage, or the
            new name already another contact's at that account.
        SageConnectionError: the database could not be written; nothing was.
    """
    _check(fields, creating=False)
    with record_transaction(engine, "F_CONTACTT") as conn:
        state = _existing(conn, CT_No)
        nom = fields.get("CT_Nom", state.CT_Nom)
        prenom = fields.get("CT_Prenom", state.CT_Prenom)
        if (nom, prenom) != (state.CT_Nom, state.CT_Prenom):
            _check_name_free(conn, state.CT_Num, nom, prenom)
        values: dict[str, Any] = {k: v for k, v in fields.items() if k in CONTACT_FIELDS}
        if values:
            statement = update(F_CONTACTT).where(F_CONTACTT.c.cbMarq == state.cbMarq)
            conn.execute(statement.values(**values, **update_stamp(conn)))
        return _existing(conn, CT_No)


def _existing(conn: Connection, CT_No: int) -> ContactState:
    """The contact, or the refusal: deleted in Sage (before the update, or during it)."""
    state = _state(conn, F_CONTACTT.c.CT_No == CT_No)
    if state is None:
        raise refuse(msg.CONTACT_GONE, "CT_No", ct_no=CT_No)
    return state


def _check(fields: ContactFields, *, creating: bool) -> None:
    for name in CONTACT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            check_text(F_CONTACTT, name, value, required=name == "CT_Nom")
    if creating and "CT_Nom" not in fields:
        raise refuse(msg.FIELD_REQUIRED, "CT_Nom")
    civility = fields.get("CT_Civilite", 0)
    if civility not in CIVILITIES:
        raise refuse(msg.CIVILITY_INVALID, "CT_Civilite", value=civility)


def _check_account(conn: Connection, CT_Num: str) -> None:
    query = select(F_COMPTET.c.CT_Type).where(F_COMPTET.c.CT_Num == CT_Num)
    kind = conn.execute(query).scalar()
    if kind is None:
        raise refuse(msg.ACCOUNT_UNKNOWN, "CT_Num", ct_num=CT_Num)
    if kind != CT_Type.CLIENT:
        raise refuse(msg.ACCOUNT_NOT_CLIENT, "CT_Num", ct_num=CT_Num)


def _check_name_free(conn: Connection, CT_Num: str, nom: str, prenom: str) -> None:
    if _state(conn, _named(CT_Num, nom, prenom)) is not None:
        name = f"{prenom} {nom}".strip()
        raise refuse(msg.CONTACT_NAME_TAKEN, "CT_Nom", ct_num=CT_Num, name=name)


def _named(CT_Num: str, nom: str, prenom: str) -> ColumnElement[bool]:
    c = F_CONTACTT.c
    return (c.CT_Num == CT_Num) & (c.CT_Nom == nom) & (func.coalesce(c.CT_Prenom, "") == prenom)


def _state(conn: Connection, where: ColumnElement[bool]) -> ContactState | None:
    c = F_CONTACTT.c
    query = select(c.CT_No, c.CT_Num, c.CT_Nom, c.CT_Prenom, c.cbMarq, c.cbModification)
    row = conn.execute(query.where(where)).first()
    if row is None:
        return None
    return ContactState(row.CT_No, row.CT_Num, row.CT_Nom or "", row.CT_Prenom or "", *row[4:])
