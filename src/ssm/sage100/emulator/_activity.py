"""Simulated Sage users at work: small edits, each in its own short transaction.

Each step does what a Sage 100 user does from the desktop, and together the steps touch
every stream a connector reads: clients and prospects created, edited and deleted;
contacts added, edited and deleted; item prices, sleeping flags and stock moved; a new
sales rep; invoices created, edited line by line, posted (6 → 7), deleted, and delivery
notes invoiced **in place** (Sage rewrites ``DO_Type`` and ``DO_Piece`` on the same
rows). The ``cb*`` triggers stamp ``cbModification`` as Sage's would, or, in a database
without them, the actions stamp it themselves as an application must. Each action reports
its stream and the key the connector sends as ``extId``, so a benchmark can time how
long a change takes to reach the CRM.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, exists, select

from ssm.sage100._transaction import write_transaction
from ssm.sage100.emulator import _activity_sales as sales
from ssm.sage100.emulator._actions import (
    ActivityAction,
    insert_row,
    next_code,
    next_number,
    pick,
    update_rows,
)
from ssm.sage100.emulator._pools import CITIES, phone, slug
from ssm.sage100.schema import (
    F_ARTICLE,
    F_ARTSTOCK,
    F_COLLABORATEUR,
    F_COMPTET,
    F_CONTACTT,
    F_DOCENTETE,
)

__all__ = ["Activity", "ActivityAction", "run_activity"]

_NEW_PEOPLE = (
    ("Hélène", "Lefèvre", 1),
    ("Jérôme", "Bézier", 0),
    ("Anaïs", "Faure", 1),
    ("François", "Müller", 0),
    ("Léa", "Côté", 1),
    ("Noël", "Dupré", 0),
)
_Action = Callable[[Connection, random.Random], ActivityAction | None]


class Activity:
    """Edits one company like a Sage user; ``step()`` does one random action.

    Example::

        engine = server.engine("PME")
        activity = Activity(engine, seed=1)
        action = activity.step()
        print(action.stream, action.key, action.description)
        engine.dispose()
    """

    def __init__(self, engine: Engine, seed: int = 0) -> None:
        self.engine = engine
        self.rng = random.Random(seed)
        self._actions: dict[str, _Action] = {
            "new_client": self.new_client,
            "new_prospect": self.new_prospect,
            "edit_client": self.edit_client,
            "delete_client": self.delete_client,
            "new_contact": self.new_contact,
            "edit_contact": self.edit_contact,
            "delete_contact": self.delete_contact,
            "change_price": self.change_price,
            "toggle_sleep": self.toggle_sleep,
            "move_stock": self.move_stock,
            "new_collaborator": self.new_collaborator,
            "new_invoice": sales.new_invoice,
            "edit_line": sales.edit_line,
            "post_invoice": sales.post_invoice,
            "transform_order": sales.transform_order,
            "transform_delivery": sales.transform_delivery,
            "delete_invoice": sales.delete_invoice,
        }

    @property
    def kinds(self) -> list[str]:
        """The action kinds ``step`` chooses from."""
        return list(self._actions)

    def step(self, kind: str | None = None) -> ActivityAction:
        """Do one action (random unless ``kind`` is given) in its own transaction."""
        kinds = [kind] if kind else self.rng.sample(self.kinds, len(self.kinds))
        for name in kinds:
            action = self._act(name)
            if action is not None:
                return action
        return ActivityAction("idle", None, "", "", "rien à faire : la base est vide")

    def _act(self, name: str) -> ActivityAction | None:
        """One action in a transaction that holds the company's write lock from its start.

        Two users at once (two ``activity`` commands on one company) then number their
        pieces and codes one after the other, as in Sage (``write_transaction``).
        """
        with write_transaction(self.engine) as conn:
            return self._actions[name](conn, self.rng)

    # --- accounts ------------------------------------------------------------------------
    def _new_tiers(self, conn: Connection, rng: random.Random, prospect: int) -> ActivityAction:
        ct_num = next_code(conn, F_COMPTET.c.CT_Num, "C")
        post, city, region = rng.choice(CITIES)
        label = "prospect" if prospect else "client"
        name = f"Nouveau {label} {rng.randint(100, 999)} {city}"[:35]
        rep = pick(conn, F_COLLABORATEUR, rng, F_COLLABORATEUR.c.CO_Vendeur == 1)
        insert_row(
            conn,
            F_COMPTET,
            CT_Num=ct_num,
            CT_Intitule=name,
            CT_Type=0,
            CT_Prospect=prospect,
            CT_Sommeil=0,
            CG_NumPrinc="4110000",
            CT_CodePostal=post,
            CT_Ville=city,
            CT_CodeRegion=region,
            CT_Pays="France",
            CT_Telephone=phone(rng, post),
            CO_No=rep.CO_No if rep is not None else None,
            N_CatTarif=1,
            CT_DateCreate=datetime.now().replace(microsecond=0),
        )
        kind = "new_prospect" if prospect else "new_client"
        return ActivityAction(
            kind, "accounts", "F_COMPTET", ct_num, f"nouveau {label} {ct_num} « {name} »"
        )

    def new_client(self, conn: Connection, rng: random.Random) -> ActivityAction:
        """Create a client account."""
        return self._new_tiers(conn, rng, prospect=0)

    def new_prospect(self, conn: Connection, rng: random.Random) -> ActivityAction:
        """Create a prospect (``CT_Prospect = 1``)."""
        return self._new_tiers(conn, rng, prospect=1)

    def edit_client(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Change a client's or prospect's phone and address."""
        row = pick(conn, F_COMPTET, rng, F_COMPTET.c.CT_Type == 0)
        if row is None:
            return None
        post, city, region = rng.choice(CITIES)
        update_rows(
            conn,
            F_COMPTET,
            F_COMPTET.c.cbMarq == row.cbMarq,
            CT_Telephone=phone(rng, post),
            CT_Adresse=f"{rng.randint(1, 99)} rue de la Gare",
            CT_CodePostal=post,
            CT_Ville=city,
            CT_CodeRegion=region,
        )
        return ActivityAction(
            "edit_client",
            "accounts",
            "F_COMPTET",
            row.CT_Num,
            f"client {row.CT_Num} : nouvelle adresse à {city}",
        )

    def delete_client(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Delete a client without documents (Sage refuses the others), with its contacts."""
        no_documents = ~exists().where(F_DOCENTETE.c.DO_Tiers == F_COMPTET.c.CT_Num)
        row = pick(conn, F_COMPTET, rng, F_COMPTET.c.CT_Type == 0, no_documents)
        if row is None:
            return None
        conn.execute(delete(F_CONTACTT).where(F_CONTACTT.c.CT_Num == row.CT_Num))
        conn.execute(delete(F_COMPTET).where(F_COMPTET.c.cbMarq == row.cbMarq))
        return ActivityAction(
            "delete_client", "accounts", "F_COMPTET", row.CT_Num, f"client {row.CT_Num} supprimé"
        )

    # --- contacts ------------------------------------------------------------------------
    def new_contact(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Add a contact to a client."""
        row = pick(conn, F_COMPTET, rng, F_COMPTET.c.CT_Type == 0)
        if row is None:
            return None
        ct_no = next_number(conn, F_CONTACTT.c.CT_No)
        first, last, civility = rng.choice(_NEW_PEOPLE)
        same_name = (F_CONTACTT.c.CT_Num == row.CT_Num) & (F_CONTACTT.c.CT_Nom == last)
        if conn.execute(select(F_CONTACTT.c.CT_No).where(same_name).limit(1)).first():
            last = f"{last} {ct_no}"  # Sage's ICT_NOM refuses a name twice at one tiers
        insert_row(
            conn,
            F_CONTACTT,
            CT_Num=row.CT_Num,
            CT_No=ct_no,
            CT_Nom=last,
            CT_Prenom=first,
            CT_Civilite=civility,
            CT_Fonction=rng.choice(("Acheteur", "Gérant", "Comptable", "Assistante")),
            CT_TelPortable=phone(rng, mobile=True),
            CT_EMail=f"{slug(first)}.{slug(last)}{ct_no}@example.fr",
        )
        return ActivityAction(
            "new_contact",
            "contacts",
            "F_CONTACTT",
            str(ct_no),
            f"nouveau contact {ct_no} chez {row.CT_Num}",
        )

    def edit_contact(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Change a contact's job title and phone."""
        row = pick(conn, F_CONTACTT, rng)
        if row is None:
            return None
        job = rng.choice(("Directeur achats", "Responsable logistique", "Gérante", "Comptable"))
        update_rows(
            conn,
            F_CONTACTT,
            F_CONTACTT.c.cbMarq == row.cbMarq,
            CT_Fonction=job,
            CT_Telephone=phone(rng),
        )
        return ActivityAction(
            "edit_contact", "contacts", "F_CONTACTT", str(row.CT_No), f"contact {row.CT_No} : {job}"
        )

    def delete_contact(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Delete a contact."""
        row = pick(conn, F_CONTACTT, rng)
        if row is None:
            return None
        conn.execute(delete(F_CONTACTT).where(F_CONTACTT.c.cbMarq == row.cbMarq))
        return ActivityAction(
            "delete_contact",
            "contacts",
            "F_CONTACTT",
            str(row.CT_No),
            f"contact {row.CT_No} ({row.CT_Prenom} {row.CT_Nom}) supprimé",
        )

    # --- products ------------------------------------------------------------------------
    def change_price(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Change an item's sales price by a few percent."""
        row = pick(conn, F_ARTICLE, rng)
        if row is None:
            return None
        price = round(float(row.AR_PrixVen or 10) * rng.choice((0.95, 1.03, 1.05, 1.1)), 2)
        update_rows(conn, F_ARTICLE, F_ARTICLE.c.cbMarq == row.cbMarq, AR_PrixVen=price)
        return ActivityAction(
            "change_price",
            "products",
            "F_ARTICLE",
            row.AR_Ref,
            f"article {row.AR_Ref} : nouveau prix {price:.2f} €",
        )

    def toggle_sleep(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """Put an item to sleep, or wake it up (``AR_Sommeil``)."""
        row = pick(conn, F_ARTICLE, rng)
        if row is None:
            return None
        asleep = 0 if row.AR_Sommeil else 1
        update_rows(conn, F_ARTICLE, F_ARTICLE.c.cbMarq == row.cbMarq, AR_Sommeil=asleep)
        state = "mis en sommeil" if asleep else "réactivé"
        return ActivityAction(
            "toggle_sleep", "products", "F_ARTICLE", row.AR_Ref, f"article {row.AR_Ref} {state}"
        )

    def move_stock(self, conn: Connection, rng: random.Random) -> ActivityAction | None:
        """A stock movement: an item's quantity in one depot goes up or down."""
        row = pick(conn, F_ARTSTOCK, rng)
        if row is None:
            return None
        delta = rng.choice((-5, -2, -1, 1, 3, 10))
        quantity = max(0.0, float(row.AS_QteSto or 0) + delta)
        update_rows(conn, F_ARTSTOCK, F_ARTSTOCK.c.cbMarq == row.cbMarq, AS_QteSto=quantity)
        return ActivityAction(
            "move_stock",
            "products",
            "F_ARTSTOCK",
            row.AR_Ref,
            f"article {row.AR_Ref} : stock du dépôt {row.DE_No} à {quantity:g}",
        )

    # --- users ---------------------------------------------------------------------------
    def new_collaborator(self, conn: Connection, rng: random.Random) -> ActivityAction:
        """Hire a sales rep (``CO_Vendeur = 1``) with an e-mail."""
        co_no = next_number(conn, F_COLLABORATEUR.c.CO_No)
        first, last, _ = rng.choice(_NEW_PEOPLE)
        last = f"{last} {co_no}"  # Sage's ICO_NOM refuses the same name twice
        insert_row(
            conn,
            F_COLLABORATEUR,
            CO_No=co_no,
            CO_Nom=last.upper(),
            CO_Prenom=first,
            CO_Fonction="Commercial",
            CO_Service="Ventes",
            CO_EMail=f"{slug(first)}.{slug(last)}@example.fr",
            CO_TelPortable=phone(rng, mobile=True),
            CO_Vendeur=1,
            CO_Sommeil=0,
            CO_DateCreation=datetime.now().replace(microsecond=0),
        )
        return ActivityAction(
            "new_collaborator",
            "users",
            "F_COLLABORATEUR",
            str(co_no),
            f"nouveau commercial {co_no} : {first} {last}",
        )


def run_activity(
    engine: Engine,
    *,
    seed: int = 0,
    actions: int | None = None,
    rate: float = 1.0,
    duration: float | None = None,
    on_action: Callable[[ActivityAction], None] | None = None,
    stop: threading.Event | None = None,
) -> list[ActivityAction]:
    """Run :class:`Activity` steps at ``rate`` per second until ``actions`` or ``duration``.

    With neither limit it runs until ``stop`` is set, which it looks at between two
    actions only: an interrupt raised inside a step's transaction could leave the
    engine's pool locked, and the process hung on its way out. Returns the actions done.
    """
    activity = Activity(engine, seed)
    done: list[ActivityAction] = []
    stop = stop or threading.Event()
    started = time.monotonic()
    interval = 1.0 / rate if rate > 0 else 0.0
    while (
        not stop.is_set()
        and (actions is None or len(done) < actions)
        and (duration is None or time.monotonic() - started < duration)
    ):
        action = activity.step()
        done.append(action)
        if on_action is not None:
            on_action(action)
        if interval:
            stop.wait(interval)
    return done
