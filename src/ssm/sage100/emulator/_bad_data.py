"""Hostile rows for the reliability tests: what real Sage companies hold and a CRM refuses.

Sage's own ``varchar`` limits keep values short, so what breaks a sync is elsewhere:
invalid e-mails, control characters, empty names, links to nothing, duplicates. Each row
below is added **beyond** the size's normal counts, under keys that no numbering series
of the emulator or of :class:`Activity` will ever produce. ``docs/emulator.md`` lists
them; :attr:`GenerationReport.bad_rows` gives their keys per stream.
"""

from __future__ import annotations

from ssm.sage100.emulator._build import Builder, minute, ts

__all__ = ["BAD_ROWS", "build_bad_rows"]

#: Per stream, each hostile row's key and what is wrong with it (documented as is).
BAD_ROWS: dict[str, list[tuple[str, str]]] = {
    "accounts": [
        ("ZBAD01", "CT_Intitule NULL"),
        ("ZBAD02", "CT_Intitule vide"),
        ("ZBAD03", "e-mail invalide « jean.dupont@ »"),
        ("ZBAD04", "e-mail invalide « a b@c », NUL, ESC, tabulation et saut de ligne"),
        ("ZBAD05", "CO_No 99999 : aucun collaborateur"),
    ],
    "contacts": [
        ("900001", "CT_Nom NULL"),
        ("900002", "CT_Num ZORPHELIN : aucun tiers (contact orphelin)"),
        ("900003", "e-mail invalide « jean.dupont@ », NUL et ESC dans le nom"),
    ],
    "users": [
        ("90001", "e-mail doublon@exemple.fr partagé avec 90002"),
        ("90002", "e-mail doublon@exemple.fr partagé avec 90001"),
        ("90003", "commercial sans e-mail"),
        ("90004", "CO_Nom NULL"),
    ],
    "products": [
        ("ZBAD-NUL", "AR_Design NULL"),
        ("ZBAD-CTRL", "tabulation, saut de ligne et ESC dans AR_Design"),
    ],
    "invoices": [
        ("XB000001", "une ligne dont AR_Ref ZZ-INCONNU n'est aucun article"),
    ],
}

_TIERS = ("CT_Num", "CT_Intitule", "CT_Type", "CT_Prospect", "CT_Sommeil", "CT_EMail")
_TIERS_EXTRA = ("CT_Adresse", "CT_Ville", "CO_No", "N_CatTarif", "cbModification", "cbCreation")


def build_bad_rows(b: Builder) -> dict[str, list[str]]:
    """Write :data:`BAD_ROWS` into the company; return their keys per stream."""
    stamp, created = minute(b.anchor), ts(b.anchor)
    rep = b.reps[0] if b.reps else None
    b.insert(
        "F_COMPTET",
        (*_TIERS, *_TIERS_EXTRA),
        [
            ("ZBAD01", None, 0, 0, 0, "", "1 rue Vide", "Paris", rep, 1, stamp, created),
            ("ZBAD02", "", 0, 0, 0, "", "2 rue Vide", "Paris", rep, 1, stamp, created),
            (
                "ZBAD03",
                "Client E-mail Tronqué",
                0,
                0,
                0,
                "jean.dupont@",
                "",
                "Lyon",
                rep,
                1,
                stamp,
                created,
            ),
            (
                "ZBAD04",
                "Société\x00 Nulle\tEt Cie",
                0,
                1,
                0,
                "a b@c",
                "3 rue\x1b[31m Rouge\nBât. B",
                "Lille\r\n",
                rep,
                1,
                stamp,
                created,
            ),
            (
                "ZBAD05",
                "Client Sans Commercial",
                0,
                0,
                0,
                "",
                "",
                "Nantes",
                99999,
                1,
                stamp,
                created,
            ),
        ],
    )
    b.insert(
        "F_CONTACTT",
        ("CT_Num", "CT_No", "CT_Nom", "CT_Prenom", "CT_EMail", "cbModification", "cbCreation"),
        [
            ("ZBAD03", 900001, None, "Sans Nom", "", stamp, created),
            ("ZORPHELIN", 900002, "Orphelin", "Oscar", "oscar@example.fr", stamp, created),
            ("ZBAD04", 900003, "Dupont\x00\x1b", "Jean", "jean.dupont@", stamp, created),
        ],
    )
    b.insert(
        "F_COLLABORATEUR",
        (
            "CO_No",
            "CO_Nom",
            "CO_Prenom",
            "CO_EMail",
            "CO_Vendeur",
            "CO_Sommeil",
            "cbModification",
            "cbCreation",
        ),
        [
            (90001, "DOUBLON", "Alain", "doublon@exemple.fr", 1, 0, stamp, created),
            (90002, "DOUBLON", "Aline", "doublon@exemple.fr", 1, 0, stamp, created),
            (90003, "SANSMAIL", "Sam", "", 1, 0, stamp, created),
            (90004, None, "Anonyme", "anonyme@exemple.fr", 1, 0, stamp, created),
        ],
    )
    family = b.articles[0][4] if b.articles else None
    b.insert(
        "F_ARTICLE",
        (
            "AR_Ref",
            "AR_Design",
            "FA_CodeFamille",
            "AR_PrixVen",
            "AR_Sommeil",
            "cbModification",
            "cbCreation",
        ),
        [
            ("ZBAD-NUL", None, family, 10.0, 0, stamp, created),
            ("ZBAD-CTRL", "Vis\tà bois\n6 mm\x1b", family, 0.5, 0, stamp, created),
        ],
    )
    client = b.clients[0][0] if b.clients else "ZBAD03"
    day = ts(b.anchor.replace(hour=0, minute=0))
    b.insert(
        "F_DOCLIGNE",
        (
            "DO_Domaine",
            "DO_Type",
            "DO_Piece",
            "CT_Num",
            "DO_Date",
            "DL_No",
            "DL_Ligne",
            "AR_Ref",
            "DL_Design",
            "DL_Qte",
            "DL_PrixUnitaire",
            "DL_MontantHT",
            "DL_MontantTTC",
            "PF_Num",
            "cbModification",
            "cbCreation",
        ),
        [
            (
                0,
                6,
                "XB000001",
                client,
                day,
                90000001,
                1000,
                "ZZ-INCONNU",
                "Article disparu",
                2,
                5.0,
                10.0,
                12.0,
                "",
                stamp,
                created,
            ),
            (
                0,
                6,
                "XB000001",
                client,
                day,
                90000002,
                2000,
                None,
                "Ligne de commentaire",
                0,
                0.0,
                0.0,
                0.0,
                "",
                stamp,
                created,
            ),
        ],
    )
    b.insert(
        "F_DOCENTETE",
        (
            "DO_Domaine",
            "DO_Type",
            "DO_Piece",
            "DO_Date",
            "DO_Tiers",
            "DO_Statut",
            "DO_Provenance",
            "DO_TotalHT",
            "DO_TotalTTC",
            "DO_NetAPayer",
            "cbModification",
            "cbCreation",
        ),
        [(0, 6, "XB000001", day, client, 0, 0, 10.0, 12.0, 12.0, stamp, created)],
    )
    marq = b.conn.execute(
        "SELECT cbMarq FROM F_DOCENTETE WHERE DO_Domaine = 0 AND DO_Type = 6 "
        "AND DO_Piece = 'XB000001'"
    ).fetchone()[0]
    keys = {stream: [key for key, _ in rows] for stream, rows in BAD_ROWS.items()}
    keys["invoices"] = [str(marq)]
    return keys
