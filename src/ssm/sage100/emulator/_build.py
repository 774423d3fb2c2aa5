"""Row builders of the demo company: one method per Sage table, written with ``executemany``.

Every value comes from ``random.Random(seed)`` and the pools, in a fixed order, so a seed
always gives the same database. Dates are spread over the three years before ``anchor``;
``cbModification`` values are minute-precision and never after ``anchor``.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import MetaData

from ssm.sage100._credentials import hash_password
from ssm.sage100.emulator._pools import (
    CITIES,
    FAMILIES,
    Pools,
    ean13,
    phone,
    siret,
    slug,
    vat_number,
)

__all__ = ["DOC_MIX", "Builder", "Size", "minute", "ts"]


@dataclass(frozen=True)
class Size:
    """How many rows of each kind a generated company holds."""

    tiers: int
    contacts: int
    articles: int
    families: int
    collaborateurs: int
    documents: int
    depots: int
    categories: int


def ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:00")


#: (DO_Type, DO_Provenance, piece prefix, share of documents)
DOC_MIX = (
    (0, 0, "DE", 20),
    (1, 0, "BC", 12),
    (3, 0, "BL", 13),
    (6, 0, "FA", 8),
    (7, 0, "FA", 42),
    (7, 2, "AV", 2),
    (6, 2, "AV", 1),
    (5, 0, "BA", 2),
)


class Builder:
    """Writes one demo company into an open SQLite connection.

    Row builders name every column they fill; :meth:`insert` leaves out those the
    company's generation lacks (``cbCreation`` in B, ``DO_TotalTTC``…), so one builder
    serves every generation.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        rng: random.Random,
        pools: Pools,
        size: Size,
        anchor: datetime,
        metadata: MetaData,
        tariffs: random.Random,
    ) -> None:
        self.conn, self.rng, self.pools, self.size, self.anchor = conn, rng, pools, size, anchor
        # Tariff details draw from their own generator: ``rng``'s sequence, and so every
        # other table, stays what it was before the tariff tables were filled.
        self.tariffs = tariffs
        self.columns = {t.name: frozenset(t.c.keys()) for t in metadata.tables.values()}
        self.counts: dict[str, int] = {}
        self.clients: list[
            tuple[str, str, int, int, int]
        ] = []  # CT_Num, domain, cat, prospect, CO_No
        self.articles: list[
            tuple[str, str, int, int, str]
        ] = []  # ref, design, price cents, cost, fam
        self.reps: list[int] = []

    def has(self, table: str, column: str) -> bool:
        """Whether the company's generation has ``column`` in ``table``."""
        return column in self.columns[table]

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        kept = [i for i, c in enumerate(columns) if c in self.columns[table]]
        if len(kept) < len(columns):
            pick = itemgetter(*kept)
            columns = [columns[i] for i in kept]
            rows = (pick(row) for row in rows)
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        before = self.conn.total_changes
        self.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        self.counts[table] = self.counts.get(table, 0) + self.conn.total_changes - before

    def past(self, days: int) -> datetime:
        return self.anchor - timedelta(minutes=self.rng.randint(1, days * 1440))

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def person(
        self, taken: set[tuple[object, str, str]] | None = None, owner: object = None
    ) -> tuple[str, str]:
        """A first and last name; with ``taken``, one not yet used for ``owner``.

        Sage's unique indexes ``ICT_NOM`` (contacts of a tiers) and ``ICO_NOM`` (staff)
        refuse the same name twice, so the generator never writes one.
        """
        while True:
            first = self.rng.choice(self.pools.first_names)
            last = self.rng.choice(self.pools.last_names)
            if taken is None:
                return first, last
            if (owner, last, first) not in taken:
                taken.add((owner, last, first))
                return first, last

    def dossier(self, company: str, version: str) -> None:
        """P_DOSSIER (one row) and cbSysTable (one row per base type)."""
        post, city, region = self.rng.choice(CITIES)
        number = siret(self.rng)
        year = self.anchor.year
        self.insert(
            "P_DOSSIER",
            (
                "D_RaisonSoc",
                "D_Profession",
                "D_Adresse",
                "D_CodePostal",
                "D_Ville",
                "D_CodeRegion",
                "D_Pays",
                "D_Siret",
                "D_Ape",
                "D_Identifiant",
                "D_Telephone",
                "D_EMailSoc",
                "D_Site",
                "D_Capital",
                "D_FormeJuridique",
                "D_DebutExo01",
                "D_FinExo01",
                "D_LgCg",
                "D_LgAn",
                "N_DeviseCompte",
                "N_DeviseEquival",
            ),
            [
                (
                    company,
                    "Négoce de fournitures professionnelles",
                    f"{self.rng.randint(1, 120)} {self.rng.choice(self.pools.streets)}",
                    post,
                    city,
                    region,
                    "France",
                    number,
                    "4690Z",
                    vat_number(number),
                    phone(self.rng, post),
                    f"contact@{slug(company)}.fr",
                    f"www.{slug(company)}.fr",
                    150000.0,
                    "SAS",
                    f"{year}-01-01 00:00:00",
                    f"{year}-12-31 00:00:00",
                    8,
                    10,
                    0,
                    0,
                )
            ],
        )
        major = int(version.split(".")[0])
        self.insert(
            "cbSysTable",
            (
                "CB_Type",
                "CB_Creator",
                "CB_CBaseVersion",
                "CB_DescVersion",
                "CB_Version",
                "CB_TrigVersion",
                "CB_Mono",
                "CB_Replication",
                "CB_LocalGUID",
            ),
            [
                (
                    kind,
                    "CSQL",
                    major * 65536,
                    major * 65536,
                    major * 100,
                    major * 100,
                    0,
                    0,
                    self.new_uuid(),
                )
                for kind in ("CPTA", "CIAL")
            ],
        )

    def collaborateurs(self, company: str, password: str, admin_user: str) -> None:
        """F_COLLABORATEUR (sales reps with and without e-mail) and F_PROTECTIONCIAL."""
        domain = f"{slug(company)}.fr"
        rows = []
        logins = [(1, admin_user, "Administrateur du dossier", 1, f"admin@{domain}")]
        wanted_logins = min(5, max(1, self.size.collaborateurs // 10))
        names: set[tuple[object, str, str]] = set()
        for co_no in range(1, self.size.collaborateurs + 1):
            first, last = self.person(names)
            post, city, region = self.rng.choice(CITIES)
            seller = 1 if self.rng.random() < 0.8 else 0
            email = f"{slug(first)}.{slug(last)}@{domain}" if self.rng.random() < 0.75 else ""
            prot_no = None
            if seller and len(logins) <= wanted_logins:
                prot_no = len(logins) + 1
                logins.append(
                    (
                        prot_no,
                        f"{slug(first)[:1]}{slug(last)}"[:35],
                        f"{first} {last}"[:35],
                        0,
                        email,
                    )
                )
            if seller:
                self.reps.append(co_no)
            created = self.past(2000)
            rows.append(
                (
                    co_no,
                    last.upper(),
                    first,
                    "Commercial"
                    if seller
                    else self.rng.choice(("Comptable", "Assistante ADV", "Acheteur", "Magasinier")),
                    "Ventes" if seller else "Administration",
                    city,
                    post,
                    region,
                    "France",
                    phone(self.rng, post),
                    phone(self.rng, mobile=True),
                    email,
                    seller,
                    0 if seller else self.rng.randint(0, 1),
                    f"M{co_no:05d}",
                    prot_no,
                    prot_no,
                    ts(created),
                    1 if self.rng.random() < 0.05 else 0,
                    minute(self.past(400)),
                    ts(created),
                )
            )
        self.insert(
            "F_COLLABORATEUR",
            (
                "CO_No",
                "CO_Nom",
                "CO_Prenom",
                "CO_Fonction",
                "CO_Service",
                "CO_Ville",
                "CO_CodePostal",
                "CO_CodeRegion",
                "CO_Pays",
                "CO_Telephone",
                "CO_TelPortable",
                "CO_EMail",
                "CO_Vendeur",
                "CO_Acheteur",
                "CO_Matricule",
                "PROT_No",
                "cbPROT_No",
                "CO_DateCreation",
                "CO_Sommeil",
                "cbModification",
                "cbCreation",
            ),
            rows,
        )
        now = ts(self.anchor)
        logins_rows: list[tuple[Any, ...]] = []
        for no, user, desc, admin, email in logins:
            guid = self.new_uuid()
            logins_rows.append(
                (
                    user,
                    desc,
                    0 if admin else 1,
                    no,
                    email,
                    0,
                    admin,
                    now,
                    now,
                    0,
                    0,
                    minute(self.anchor),
                    now,
                    guid,
                    hash_password(password, guid),
                )
            )
        self.insert(
            "F_PROTECTIONCIAL",
            (
                "PROT_User",
                "PROT_Description",
                "PROT_Right",
                "PROT_No",
                "PROT_EMail",
                "PROT_UserProfil",
                "PROT_Administrator",
                "PROT_DatePwd",
                "PROT_DateCreate",
                "PROT_PwdStatus",
                "PROT_Disabled",
                "cbModification",
                "cbCreation",
                "PROT_Guid",
                "PROT_Hash",
            ),
            logins_rows,
        )

    def catalogue(self) -> None:
        """P_CATTARIF, F_FAMILLE, F_ARTICLE, F_DEPOT and F_ARTSTOCK."""
        labels = ("Détaillants", "Grossistes", "Export", "Collectivités", "Revendeurs")
        self.insert(
            "P_CATTARIF",
            ("cbIndice", "CT_Intitule", "CT_PrixTTC"),
            [(i + 1, labels[i % 5], 0) for i in range(self.size.categories)],
        )
        families = []
        for i in range(self.size.families):
            theme = FAMILIES[i % len(FAMILIES)]
            rank = i // len(FAMILIES)
            code = theme.code if rank == 0 else f"{theme.code}{rank + 1:02d}"
            label = theme.label if rank == 0 else f"{theme.label} – gamme {rank + 1}"
            families.append((code, theme))
            self.insert(
                "F_FAMILLE",
                (
                    "FA_CodeFamille",
                    "FA_Type",
                    "FA_Intitule",
                    "FA_UniteVen",
                    "FA_Coef",
                    "FA_SuiviStock",
                    "FA_Pays",
                    "cbModification",
                    "cbCreation",
                ),
                [
                    (
                        code,
                        0,
                        label[:35],
                        1,
                        1.5,
                        2,
                        "France",
                        minute(self.past(900)),
                        ts(self.past(2000)),
                    )
                ],
            )
        rows = []
        for n in range(1, self.size.articles + 1):
            code, theme = families[n % len(families)]
            design = f"{self.rng.choice(theme.nouns)} {self.rng.choice(theme.qualifiers)}"
            price = self.rng.randint(theme.price[0] * 100, theme.price[1] * 100)
            coef = self.rng.choice((1.3, 1.5, 1.8, 2.0, 2.5))
            cost = int(price / coef)
            ref = f"{code[:6]}{n:05d}"
            stocked = 2 if self.rng.random() < 0.8 else 0
            sleeping = 1 if self.rng.random() < 0.04 else 0
            self.articles.append((ref, design, price, cost, code))
            created = self.past(1500)
            rows.append(
                (
                    ref,
                    design,
                    code,
                    price / 100,
                    0,
                    cost / 100,
                    coef,
                    1,
                    stocked,
                    sleeping,
                    1 - sleeping,
                    ean13(self.rng),
                    ts(created),
                    ts(created),
                    0,
                    0,
                    minute(self.past(700)),
                    ts(created),
                )
            )
        self.insert(
            "F_ARTICLE",
            (
                "AR_Ref",
                "AR_Design",
                "FA_CodeFamille",
                "AR_PrixVen",
                "AR_PrixTTC",
                "AR_PrixAch",
                "AR_Coef",
                "AR_UniteVen",
                "AR_SuiviStock",
                "AR_Sommeil",
                "AR_Publie",
                "AR_CodeBarre",
                "AR_DateCreation",
                "AR_DateModif",
                "AR_Type",
                "AR_Nature",
                "cbModification",
                "cbCreation",
            ),
            rows,
        )
        depots = (
            "Dépôt principal",
            "Entrepôt Lyon",
            "Entrepôt Nantes",
            "Plateforme Lille",
            "Dépôt Marseille",
            "Entrepôt Bordeaux",
        )
        drows = []
        for de_no in range(1, self.size.depots + 1):
            post, city, region = CITIES[(de_no * 7) % len(CITIES)]
            drows.append(
                (
                    de_no,
                    depots[(de_no - 1) % len(depots)],
                    city,
                    post,
                    region,
                    "France",
                    1 if de_no == 1 else 0,
                    phone(self.rng, post),
                    minute(self.past(900)),
                    ts(self.past(2000)),
                )
            )
        self.insert(
            "F_DEPOT",
            (
                "DE_No",
                "DE_Intitule",
                "DE_Ville",
                "DE_CodePostal",
                "DE_Region",
                "DE_Pays",
                "DE_Principal",
                "DE_Telephone",
                "cbModification",
                "cbCreation",
            ),
            drows,
        )
        self.insert(
            "F_ARTSTOCK",
            (
                "AR_Ref",
                "DE_No",
                "AS_QteSto",
                "AS_QteRes",
                "AS_QteCom",
                "AS_QtePrepa",
                "AS_QteMini",
                "AS_QteMaxi",
                "AS_MontSto",
                "AS_Principal",
                "AS_Mouvemente",
                "cbModification",
                "cbCreation",
            ),
            (
                self._stock(ref, cost, de_no)
                for ref, _d, _p, cost, _f in self.articles
                for de_no in range(1, self.size.depots + 1)
            ),
        )

    def _stock(self, ref: str, cost: int, de_no: int) -> tuple[Any, ...]:
        qty = self.rng.randint(0, 400)
        return (
            ref,
            de_no,
            float(qty),
            float(self.rng.randint(0, qty // 4 + 1)),
            float(self.rng.randint(0, 50)),
            0.0,
            10.0,
            500.0,
            qty * cost / 100,
            1 if de_no == 1 else 0,
            1,
            minute(self.past(60)),
            ts(self.past(900)),
        )
