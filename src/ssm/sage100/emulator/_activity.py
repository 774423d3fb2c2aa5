"""Simulated Sage users at work: small edits, each in its own short transaction.

Each step does what a Sage 100 user does from the desktop: create a client, change a
client's phone or address, add or delete a contact, change an item's price, create an
invoice with lines, transform an order into a delivery note **in place** (Sage rewrites
``DO_Type`` and ``DO_Piece`` on the same header and line rows), post an invoice (6 → 7).
The ``cb*`` triggers stamp ``cbModification`` as Sage's would.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update

from ssm.sage100.emulator._pools import CITIES, phone, slug
from ssm.sage100.schema import F_ARTICLE, F_COMPTET, F_CONTACTT, F_DOCENTETE, F_DOCLIGNE

__all__ = ["Activity", "ActivityAction", "run_activity"]

_NEW_CONTACTS = (
    ("Hélène", "Lefèvre", 1),
    ("Jérôme", "Bézier", 0),
    ("Anaïs", "Faure", 1),
    ("François", "Müller", 0),
    ("Léa", "Côté", 1),
    ("Noël", "Dupré", 0),
)


@dataclass(frozen=True)
class ActivityAction:
    """One simulated user action: its kind, the table, the Sage key and a French sentence."""

    kind: str
    table: str
    key: str
    description: str


def _pick(conn: Connection, table: Table, rng: random.Random, *where: Any) -> Any:
    """A random row of ``table`` (by ``cbMarq`` range: cheap on big tables), or None."""
    low, high = conn.execute(select(func.min(table.c.cbMarq), func.max(table.c.cbMarq))).one()
    if low is None:
        return None
    start = rng.randint(low, high)
    query = select(table).where(*where).order_by(table.c.cbMarq).limit(1)
    row = conn.execute(query.where(table.c.cbMarq >= start)).first()
    return row or conn.execute(query).first()


def _next_code(conn: Connection, column: Any, prefix: str) -> str:
    """The next code of a numbered series (``FA000123`` → ``FA000124``), as Sage numbers."""
    last = conn.execute(select(func.max(column)).where(column.like(f"{prefix}%"))).scalar()
    digits = (last or "")[len(prefix) :]
    number = int(digits) + 1 if digits.isdigit() else 1
    return f"{prefix}{number:06d}"


def _next_piece(conn: Connection, prefix: str) -> str:
    return _next_code(conn, F_DOCENTETE.c.DO_Piece, prefix)


class Activity:
    """Edits one company like a Sage user; ``step()`` does one random action.

    Example::

        engine = server.engine("PME")
        activity = Activity(engine, seed=1)
        print(activity.step().description)
        engine.dispose()
    """

    def __init__(self, engine: Engine, seed: int = 0) -> None:
        self.engine = engine
        self.rng = random.Random(seed)
        self._actions: dict[str, Callable[[Connection], ActivityAction | None]] = {
            "new_client": self.new_client,
            "edit_client": self.edit_client,
            "new_contact": self.new_contact,
            "delete_contact": self.delete_contact,
            "change_price": self.change_price,
            "new_invoice": self.new_invoice,
            "transform_order": self.transform_order,
            "post_invoice": self.post_invoice,
        }

    @property
    def kinds(self) -> list[str]:
        """The action kinds ``step`` chooses from."""
        return list(self._actions)

    def step(self, kind: str | None = None) -> ActivityAction:
        """Do one action (random unless ``kind`` is given) in its own transaction."""
        kinds = [kind] if kind else self.rng.sample(self.kinds, len(self.kinds))
        for name in kinds:
            with self.engine.begin() as conn:
                action = self._actions[name](conn)
            if action is not None:
                return action
        return ActivityAction("idle", "", "", "rien à faire : la base est vide")

    def new_client(self, conn: Connection) -> ActivityAction:
        """Create a client account."""
        ct_num = _next_code(conn, F_COMPTET.c.CT_Num, "C")
        post, city, region = self.rng.choice(CITIES)
        name = f"Nouveau client {self.rng.randint(100, 999)} {city}"[:35]
        conn.execute(
            insert(F_COMPTET).values(
                CT_Num=ct_num,
                CT_Intitule=name,
                CT_Type=0,
                CT_Prospect=0,
                CT_Sommeil=0,
                CG_NumPrinc="4110000",
                CT_CodePostal=post,
                CT_Ville=city,
                CT_CodeRegion=region,
                CT_Pays="France",
                CT_Telephone=phone(self.rng, post),
                N_CatTarif=1,
                CT_DateCreate=datetime.now().replace(microsecond=0),
            )
        )
        return ActivityAction(
            "new_client", "F_COMPTET", ct_num, f"nouveau client {ct_num} « {name} »"
        )

    def edit_client(self, conn: Connection) -> ActivityAction | None:
        """Change a client's phone and address."""
        row = _pick(conn, F_COMPTET, self.rng, F_COMPTET.c.CT_Type == 0)
        if row is None:
            return None
        post, city, region = self.rng.choice(CITIES)
        conn.execute(
            update(F_COMPTET)
            .where(F_COMPTET.c.cbMarq == row.cbMarq)
            .values(
                CT_Telephone=phone(self.rng, post),
                CT_Adresse=f"{self.rng.randint(1, 99)} rue de la Gare",
                CT_CodePostal=post,
                CT_Ville=city,
                CT_CodeRegion=region,
            )
        )
        return ActivityAction(
            "edit_client",
            "F_COMPTET",
            row.CT_Num,
            f"client {row.CT_Num} : nouvelle adresse à {city}",
        )

    def new_contact(self, conn: Connection) -> ActivityAction | None:
        """Add a contact to a client."""
        row = _pick(conn, F_COMPTET, self.rng, F_COMPTET.c.CT_Type == 0)
        if row is None:
            return None
        ct_no = (conn.execute(select(func.max(F_CONTACTT.c.CT_No))).scalar() or 0) + 1
        first, last, civility = self.rng.choice(_NEW_CONTACTS)
        conn.execute(
            insert(F_CONTACTT).values(
                CT_Num=row.CT_Num,
                CT_No=ct_no,
                CT_Nom=last,
                CT_Prenom=first,
                CT_Civilite=civility,
                CT_Fonction=self.rng.choice(("Acheteur", "Gérant", "Comptable", "Assistante")),
                CT_TelPortable=phone(self.rng, mobile=True),
                CT_EMail=f"{slug(first)}.{slug(last)}{ct_no}@example.fr",
            )
        )
        return ActivityAction(
            "new_contact", "F_CONTACTT", str(ct_no), f"nouveau contact {ct_no} chez {row.CT_Num}"
        )

    def delete_contact(self, conn: Connection) -> ActivityAction | None:
        """Delete a contact."""
        row = _pick(conn, F_CONTACTT, self.rng)
        if row is None:
            return None
        conn.execute(delete(F_CONTACTT).where(F_CONTACTT.c.cbMarq == row.cbMarq))
        return ActivityAction(
            "delete_contact",
            "F_CONTACTT",
            str(row.CT_No),
            f"contact {row.CT_No} ({row.CT_Prenom} {row.CT_Nom}) supprimé",
        )

    def change_price(self, conn: Connection) -> ActivityAction | None:
        """Change an item's sales price by a few percent."""
        row = _pick(conn, F_ARTICLE, self.rng)
        if row is None:
            return None
        price = round(float(row.AR_PrixVen or 10) * self.rng.choice((0.95, 1.03, 1.05, 1.1)), 2)
        conn.execute(
            update(F_ARTICLE).where(F_ARTICLE.c.cbMarq == row.cbMarq).values(AR_PrixVen=price)
        )
        return ActivityAction(
            "change_price",
            "F_ARTICLE",
            row.AR_Ref,
            f"article {row.AR_Ref} : nouveau prix {price:.2f} €",
        )

    def new_invoice(self, conn: Connection) -> ActivityAction | None:
        """Create an invoice (DO_Type 6) with a few lines."""
        client = _pick(
            conn, F_COMPTET, self.rng, F_COMPTET.c.CT_Type == 0, F_COMPTET.c.CT_Prospect == 0
        )
        if client is None or _pick(conn, F_ARTICLE, self.rng) is None:
            return None
        piece = _next_piece(conn, "FA")
        today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        dl_no = conn.execute(select(func.max(F_DOCLIGNE.c.DL_No))).scalar() or 0
        total = 0.0
        for i in range(self.rng.randint(1, 4)):
            item = _pick(conn, F_ARTICLE, self.rng)
            qty = self.rng.randint(1, 10)
            amount = round(qty * float(item.AR_PrixVen or 0), 2)
            total += amount
            conn.execute(
                insert(F_DOCLIGNE).values(
                    DO_Domaine=0,
                    DO_Type=6,
                    DO_Piece=piece,
                    CT_Num=client.CT_Num,
                    DO_Date=today,
                    DL_No=dl_no + i + 1,
                    DL_Ligne=(i + 1) * 1000,
                    AR_Ref=item.AR_Ref,
                    DL_Design=item.AR_Design,
                    DL_Qte=qty,
                    DL_PrixUnitaire=item.AR_PrixVen,
                    DL_MontantHT=amount,
                    DL_MontantTTC=round(amount * 1.2, 2),
                    DL_Valorise=1,
                    DE_No=1,
                    CO_No=client.CO_No,
                )
            )
        conn.execute(
            insert(F_DOCENTETE).values(
                DO_Domaine=0,
                DO_Type=6,
                DO_Piece=piece,
                DO_Date=today,
                DO_Tiers=client.CT_Num,
                CT_NumPayeur=client.CT_Num,
                CO_No=client.CO_No,
                DO_Statut=0,
                DO_Provenance=0,
                DO_Tarif=client.N_CatTarif,
                DE_No=1,
                DO_TotalHT=round(total, 2),
                DO_TotalHTNet=round(total, 2),
                DO_TotalTTC=round(total * 1.2, 2),
                DO_NetAPayer=round(total * 1.2, 2),
                DO_MontantRegle=0,
            )
        )
        return ActivityAction(
            "new_invoice",
            "F_DOCENTETE",
            piece,
            f"facture {piece} pour {client.CT_Num} : {total:.2f} € HT",
        )

    def transform_order(self, conn: Connection) -> ActivityAction | None:
        """Transform an order (DO_Type 1) into a delivery note (3), rewriting it in place."""
        order = _pick(
            conn, F_DOCENTETE, self.rng, F_DOCENTETE.c.DO_Domaine == 0, F_DOCENTETE.c.DO_Type == 1
        )
        if order is None:
            return None
        piece = _next_piece(conn, "BL")
        conn.execute(
            update(F_DOCLIGNE)
            .where(
                F_DOCLIGNE.c.DO_Domaine == 0,
                F_DOCLIGNE.c.DO_Type == 1,
                F_DOCLIGNE.c.DO_Piece == order.DO_Piece,
            )
            .values(DO_Type=3, DO_Piece=piece, DL_PieceBC=order.DO_Piece, DO_DocType=3)
        )
        conn.execute(
            update(F_DOCENTETE)
            .where(F_DOCENTETE.c.cbMarq == order.cbMarq)
            .values(
                DO_Type=3, DO_Piece=piece, DO_PieceOrig=order.DO_Piece, DO_DocType=3, DO_Statut=0
            )
        )
        return ActivityAction(
            "transform_order",
            "F_DOCENTETE",
            piece,
            f"commande {order.DO_Piece} transformée en livraison {piece}",
        )

    def post_invoice(self, conn: Connection) -> ActivityAction | None:
        """Post an invoice to accounting: DO_Type 6 → 7 on header and lines."""
        invoice = _pick(
            conn, F_DOCENTETE, self.rng, F_DOCENTETE.c.DO_Domaine == 0, F_DOCENTETE.c.DO_Type == 6
        )
        if invoice is None:
            return None
        conn.execute(
            update(F_DOCLIGNE)
            .where(
                F_DOCLIGNE.c.DO_Domaine == 0,
                F_DOCLIGNE.c.DO_Type == 6,
                F_DOCLIGNE.c.DO_Piece == invoice.DO_Piece,
            )
            .values(DO_Type=7, DO_DocType=7)
        )
        conn.execute(
            update(F_DOCENTETE)
            .where(F_DOCENTETE.c.cbMarq == invoice.cbMarq)
            .values(DO_Type=7, DO_DocType=7, DO_Statut=2)
        )
        return ActivityAction(
            "post_invoice",
            "F_DOCENTETE",
            invoice.DO_Piece,
            f"facture {invoice.DO_Piece} comptabilisée",
        )


def run_activity(
    engine: Engine,
    *,
    seed: int = 0,
    actions: int | None = None,
    rate: float = 1.0,
    duration: float | None = None,
    on_action: Callable[[ActivityAction], None] | None = None,
) -> list[ActivityAction]:
    """Run :class:`Activity` steps at ``rate`` per second until ``actions`` or ``duration``.

    With neither limit it runs until interrupted. Returns the actions done.
    """
    activity = Activity(engine, seed)
    done: list[ActivityAction] = []
    started = time.monotonic()
    interval = 1.0 / rate if rate > 0 else 0.0
    while (actions is None or len(done) < actions) and (
        duration is None or time.monotonic() - started < duration
    ):
        action = activity.step()
        done.append(action)
        if on_action is not None:
            on_action(action)
        if interval:
            time.sleep(interval)
    return done
