"""Row builders for the sales side: tiers, contacts, customer prices and documents.

Documents are drawn first (date, type), sorted by date and numbered per piece prefix, so
piece numbers grow with time as in a real company. Amounts are computed in cents, so a
header's ``DO_TotalHT`` is exactly the sum of its lines' ``DL_MontantHT``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ssm.sage100.emulator._build import DOC_MIX, Builder, minute, ts
from ssm.sage100.emulator._pools import CITIES, NAF_CODES, phone, siret, slug, vat_number

__all__ = ["build_documents", "build_prices", "build_tiers"]

_QUALITES = ("Détaillant", "Grossiste", "Installateur", "Collectivité", "Artisan", "PME")
_FONCTIONS = (
    "Gérant",
    "Directrice achats",
    "Responsable technique",
    "Comptable",
    "Assistante de direction",
    "Chef de chantier",
    "Acheteur",
    "Directeur général",
)


def build_tiers(b: Builder) -> None:
    """F_COMPTET (clients, prospects, sleeping accounts, suppliers) and F_CONTACTT."""
    rng, rows, suppliers = b.rng, [], max(1, b.size.tiers * 15 // 100)
    domains: list[str] = []
    for n in range(b.size.tiers):
        is_supplier = n >= b.size.tiers - suppliers
        name = rng.choice(b.pools.companies)
        post, city, region = rng.choice(CITIES)
        number = siret(rng)
        first, last = b.person()
        domain = f"{slug(name)[:20]}.fr"
        domains.append(domain)
        prospect = 0 if is_supplier or rng.random() >= 0.15 else 1
        sleeping = 1 if rng.random() < 0.07 else 0
        ct_num = f"F{n:06d}" if is_supplier else f"C{n:06d}"
        cat = rng.randint(1, b.size.categories)
        rep = rng.choice(b.reps) if b.reps and rng.random() < 0.85 else None
        if not is_supplier:
            b.clients.append((ct_num, domain, cat, prospect, rep or 0))
        created = b.past(3600)
        email = (
            (f"contact@{domain}" if rng.random() < 0.5 else f"{slug(first)}.{slug(last)}@{domain}")
            if rng.random() < 0.85
            else ""
        )
        rows.append(
            (
                ct_num,
                f"{name} {city}"[:35],
                1 if is_supplier else 0,
                prospect,
                sleeping,
                "4010000" if is_supplier else "4110000",
                rng.choice(_QUALITES),
                slug(name).upper().replace("-", "")[:17],
                f"{first} {last}"[:35],
                f"{rng.randint(1, 250)} {rng.choice(b.pools.streets)}"[:35],
                rng.choice(("", "", "", "Bâtiment B", "ZI des Ormeaux", "BP 42", "2e étage")),
                post,
                city,
                region,
                "France",
                "FR",
                phone(rng, post),
                phone(rng, post) if rng.random() < 0.3 else "",
                email,
                f"www.{domain}" if rng.random() < 0.6 else "",
                number,
                rng.choice(NAF_CODES),
                vat_number(number),
                "" if rng.random() < 0.9 else "Client historique",
                rep,
                cat,
                1,
                0,
                float(rng.choice((0, 5000, 10000, 20000, 50000))),
                0,
                _global_discount(b, is_supplier),
                ts(created),
                f"01 45 67 {rep % 100:02d} {rep // 100 % 100:02d}" if rep else "",
                "Fournisseur" if is_supplier else ("Prospect" if prospect else "Client"),
                minute(b.past(900)),
                ts(created),
            )
        )
    b.insert(
        "F_COMPTET",
        (
            "CT_Num",
            "CT_Intitule",
            "CT_Type",
            "CT_Prospect",
            "CT_Sommeil",
            "CG_NumPrinc",
            "CT_Qualite",
            "CT_Classement",
            "CT_Contact",
            "CT_Adresse",
            "CT_Complement",
            "CT_CodePostal",
            "CT_Ville",
            "CT_CodeRegion",
            "CT_Pays",
            "CT_LangueISO2",
            "CT_Telephone",
            "CT_Telecopie",
            "CT_EMail",
            "CT_Site",
            "CT_Siret",
            "CT_Ape",
            "CT_Identifiant",
            "CT_Commentaire",
            "CO_No",
            "N_CatTarif",
            "N_CatCompta",
            "N_Devise",
            "CT_Encours",
            "CT_ControlEnc",
            "CT_Taux01",
            "CT_DateCreate",
            "REP TEL",
            "CategorieClient",
            "cbModification",
            "cbCreation",
        ),
        rows,
    )
    contacts = []
    names: set[tuple[object, str, str]] = set()
    for ct_no in range(1, b.size.contacts + 1):
        owner = rng.randrange(b.size.tiers)
        first, last = b.person(names, owner)
        civ = rng.randint(0, 1)
        contacts.append(
            (
                f"F{owner:06d}" if owner >= b.size.tiers - suppliers else f"C{owner:06d}",
                ct_no,
                last,
                first,
                civ,
                rng.choice(_FONCTIONS),
                rng.randint(0, 4),
                0,
                phone(rng, "75000") if rng.random() < 0.6 else "",
                phone(rng, mobile=True) if rng.random() < 0.7 else "",
                f"{slug(first)}.{slug(last)}@{domains[owner]}" if rng.random() < 0.8 else "",
                minute(b.past(900)),
                ts(b.past(2000)),
            )
        )
    b.insert(
        "F_CONTACTT",
        (
            "CT_Num",
            "CT_No",
            "CT_Nom",
            "CT_Prenom",
            "CT_Civilite",
            "CT_Fonction",
            "N_Service",
            "N_Contact",
            "CT_Telephone",
            "CT_TelPortable",
            "CT_EMail",
            "cbModification",
            "cbCreation",
        ),
        contacts,
    )


def build_prices(b: Builder) -> None:
    """F_ARTCLIENT (category and customer prices) and F_FAMCLIENT (family discounts)."""
    rng, rows, seen = b.rng, [], set()
    for ref, _design, price, _cost, _fam in b.articles:
        if rng.random() < 0.3:
            for cat in range(1, b.size.categories + 1):
                discount = rng.choice((0.95, 0.9, 0.85))
                rows.append(
                    (
                        ref,
                        cat,
                        "",
                        round(price * discount) / 100,
                        0,
                        0.0,
                        0,
                        0,
                        1 if b.tariffs.random() < 0.25 else 0,
                        minute(b.past(500)),
                        ts(b.past(900)),
                    )
                )
    customers = [c for c in b.clients if not c[3]]
    for _ in range(len(customers) // 2):
        ct_num = rng.choice(customers)[0]
        ref, _design, price, _cost, _fam = rng.choice(b.articles)
        if (ref, ct_num) in seen:
            continue
        seen.add((ref, ct_num))
        own = round(price * rng.choice((0.8, 0.88, 0.92))) / 100
        rows.append(
            (ref, 0, ct_num, *_customer_terms(b, own), minute(b.past(500)), ts(b.past(900)))
        )
    b.insert(
        "F_ARTCLIENT",
        (
            "AR_Ref",
            "AC_Categorie",
            "CT_Num",
            "AC_PrixVen",
            "AC_PrixTTC",
            "AC_Remise",
            "AC_TypeRem",
            "AC_Calcul",
            "AC_QteMont",
            "cbModification",
            "cbCreation",
        ),
        rows,
    )
    families = sorted({a[4] for a in b.articles})
    pairs = {
        (rng.choice(families), rng.choice(customers)[0])
        for _ in range(max(1, len(customers) // 10))
    }
    b.insert(
        "F_FAMCLIENT",
        ("FA_CodeFamille", "CT_Num", "FC_Remise", "cbModification", "cbCreation"),
        [
            (fam, ct, float(rng.choice((2, 5, 8, 10, 15))), minute(b.past(500)), ts(b.past(900)))
            for fam, ct in sorted(pairs)
        ],
    )


def _global_discount(b: Builder, is_supplier: bool) -> float:
    """``CT_Taux01``: a global discount for about one customer in ten."""
    if is_supplier or b.tariffs.random() >= 0.1:
        return 0.0
    return float(b.tariffs.choice((2, 3, 5)))


def _customer_terms(b: Builder, price: float) -> tuple[float, int, float, int, int, int]:
    """A customer row's price, TTC flag, discount, « hors remise », calculation and breaks.

    Most rows are a net price; some a price and a discount, some only a discount with
    amount breaks (price 0: the category's or the item's price applies), a few « hors
    remise ».
    """
    draw = b.tariffs.random()
    if draw < 0.2:
        return price, 0, float(b.tariffs.choice((2, 3, 5, 10))), 0, 0, 0
    if draw < 0.3:
        return 0.0, 0, 0.0, 0, 0, 2
    if draw < 0.35:
        return price, 0, 0.0, 1, 0, 0
    return price, 0, 0.0, 0, 0, 0


def build_documents(b: Builder) -> None:
    """F_DOCENTETE and F_DOCLIGNE: quotes, orders, delivery notes, invoices, credit notes."""
    rng = b.rng
    weights = [m[3] for m in DOC_MIX]
    kinds = rng.choices(range(len(DOC_MIX)), weights=weights, k=b.size.documents)
    drawn = []
    for kind in kinds:
        doc_type = DOC_MIX[kind][0]
        recent = 60 if doc_type in (1, 3, 6) else 1095
        drawn.append((b.past(recent), kind))
    drawn.sort()
    numbers: dict[str, int] = {}
    customers = [c for c in b.clients if not c[3]] or b.clients
    prospects = [c for c in b.clients if c[3]] or customers
    headers: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    dl_no = 0
    header_cols = (
        "DO_Domaine",
        "DO_Type",
        "DO_Piece",
        "DO_Date",
        "DO_Ref",
        "DO_Tiers",
        "CT_NumPayeur",
        "CO_No",
        "DO_Statut",
        "DO_Provenance",
        "DO_Devise",
        "DO_Cours",
        "DO_Tarif",
        "DO_Souche",
        "DE_No",
        "LI_No",
        "DO_DateLivr",
        "DO_Heure",
        "DO_TotalHT",
        "DO_TotalHTNet",
        "DO_TotalTTC",
        "DO_NetAPayer",
        "DO_MontantRegle",
        "DO_Cloture",
        "DO_Imprim",
        "DO_Valide",
        "N_CatCompta",
        "CG_Num",
        "DO_PieceOrig",
        "DO_GUID",
        "DO_DocType",
        "GRATUIT OU ECHANGE",
        "cbModification",
        "cbCreation",
    )
    line_cols = (
        "DO_Domaine",
        "DO_Type",
        "DO_Piece",
        "CT_Num",
        "DO_Date",
        "DO_Ref",
        "DO_DateLivr",
        "DL_No",
        "DL_Ligne",
        "AR_Ref",
        "DL_Design",
        "DL_Qte",
        "DL_QteBC",
        "DL_QteBL",
        "DL_PrixUnitaire",
        "DL_PUTTC",
        "DL_TTC",
        "DL_Remise01REM_Valeur",
        "DL_Remise01REM_Type",
        "DL_MontantHT",
        "DL_MontantTTC",
        "DL_Taxe1",
        "DL_TypeTaux1",
        "DL_TypeTaxe1",
        "DL_CodeTaxe1",
        "DL_PrixRU",
        "DL_Valorise",
        "DE_No",
        "CO_No",
        "DO_DocType",
        "PF_Num",
        "cbModification",
        "cbCreation",
    )
    for date, kind in drawn:
        doc_type, provenance, prefix, _share = DOC_MIX[kind]
        numbers[prefix] = numbers.get(prefix, 0) + 1
        piece = f"{prefix}{numbers[prefix]:06d}"
        tiers = rng.choice(prospects if doc_type == 0 and rng.random() < 0.3 else customers)
        ct_num, _domain, cat, _prospect, rep = tiers
        de_no = rng.randint(1, b.size.depots)
        ref = f"CDE {rng.randint(1000, 99999)}" if rng.random() < 0.4 else ""
        modified = min(date + timedelta(minutes=rng.randint(0, 4320)), b.anchor)
        day, mod, created = ts(date.replace(hour=0, minute=0, second=0)), minute(modified), ts(date)
        livr = ts((date + timedelta(days=rng.randint(2, 20))).replace(hour=0, minute=0, second=0))
        total_ht = total_ttc = 0
        for i in range(rng.randint(1, 7)):
            ar_ref, design, price, cost, _fam = rng.choice(b.articles)
            qty = rng.randint(1, 20)
            remise = rng.choice((0, 0, 0, 0, 5, 10, 15))
            ht = round(qty * price * (100 - remise) / 100)
            ttc = round(ht * 1.2)
            total_ht += ht
            total_ttc += ttc
            dl_no += 1
            lines.append(
                (
                    0,
                    doc_type,
                    piece,
                    ct_num,
                    day,
                    ref,
                    livr,
                    dl_no,
                    (i + 1) * 1000,
                    ar_ref,
                    design,
                    float(qty),
                    float(qty),
                    float(qty),
                    price / 100,
                    round(price * 1.2) / 100,
                    0,
                    float(remise),
                    1 if remise else 0,
                    ht / 100,
                    ttc / 100,
                    20.0,
                    0,
                    0,
                    "C20",
                    cost / 100,
                    1,
                    de_no,
                    rep,
                    doc_type,
                    "",
                    mod,
                    created,
                )
            )
        statut = 2 if doc_type == 7 else rng.randint(0, 2)
        paid = ttc_value = total_ttc / 100
        headers.append(
            (
                0,
                doc_type,
                piece,
                day,
                ref,
                ct_num,
                ct_num,
                rep,
                statut,
                provenance,
                0,
                0.0,
                cat,
                0,
                de_no,
                0,
                livr,
                f"{date:%H%M%S}".zfill(9),
                total_ht / 100,
                total_ht / 100,
                ttc_value,
                ttc_value,
                paid if doc_type == 7 and rng.random() < 0.85 else 0.0,
                1 if doc_type == 7 else 0,
                rng.randint(0, 1),
                0,
                1,
                "4110000",
                "",
                b.new_uuid(),
                doc_type,
                "Non",
                mod,
                created,
            )
        )
        if len(lines) >= 50_000:
            b.insert("F_DOCENTETE", header_cols, headers)
            b.insert("F_DOCLIGNE", line_cols, lines)
            headers, lines = [], []
    b.insert("F_DOCENTETE", header_cols, headers)
    b.insert("F_DOCLIGNE", line_cols, lines)
    _build_counters(b, numbers)


def _build_counters(b: Builder, numbers: dict[str, int]) -> None:
    """F_DOCCURRENTPIECE: the next number of each sales series, souche 0, past the last used.

    One row per document type that has its own series; a posted invoice (7) keeps the
    number its invoice (6) took.
    """
    series = {doc_type: prefix for doc_type, provenance, prefix, _ in DOC_MIX if provenance == 0}
    series.pop(7, None)
    stamp, created = minute(b.anchor), ts(b.anchor)
    rows = [
        (0, doc_type, 0, f"{prefix}{numbers.get(prefix, 0) + 1:06d}", stamp, created)
        for doc_type, prefix in sorted(series.items())
    ]
    columns = ("DC_Domaine", "DC_IdCol", "DC_Souche", "DC_Piece", "cbModification", "cbCreation")
    b.insert("F_DOCCURRENTPIECE", columns, rows)
