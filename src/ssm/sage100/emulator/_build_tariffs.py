"""Row builders for the tariff tables: item breaks, family tariffs and family breaks.

They run after ``F_ARTCLIENT`` and draw only from ``Builder.tariffs``, so the rest of the
company is the same with or without them. Breaks follow the reference's §1: a bracket
runs up to its ``BorneSup`` inclusive and the last one catches everything above; a
category is named ``a01``… in ``TQ_RefCF`` / ``FQ_RefCF``. What a quote shows then
differs between customers: own prices, category prices, quantity or amount breaks,
family discounts and global discounts.
"""

from __future__ import annotations

from datetime import timedelta

from ssm.sage100._pricing import category_ref
from ssm.sage100.emulator._build import Builder, minute, ts

__all__ = ["build_tariffs"]

#: Past the last bound: every quantity or amount falls in the last bracket.
_TOP = 999_999_999.0
#: Brackets ``(BorneSup, percent)`` by ``AC_QteMont`` / ``FT_QteMont``: 1 quantity, 2 amount.
_BRACKETS = {
    1: (((9.0, 0.0), (49.0, 3.0), (_TOP, 8.0)), ((19.0, 0.0), (99.0, 5.0), (_TOP, 10.0))),
    2: (((500.0, 0.0), (2000.0, 2.0), (_TOP, 5.0)), ((1000.0, 0.0), (5000.0, 3.0), (_TOP, 6.0))),
}


def _stamps(b: Builder) -> tuple[str, str]:
    """``cbModification`` and ``cbCreation`` in the past, from the tariffs' generator."""
    rng = b.tariffs
    modified = b.anchor - timedelta(minutes=rng.randint(1, 500 * 1440))
    created = b.anchor - timedelta(minutes=rng.randint(1, 900 * 1440))
    return minute(modified), ts(created)


def build_tariffs(b: Builder) -> None:
    """F_TARIFQTE for the F_ARTCLIENT rows with breaks, F_FAMTARIF and F_FAMTARIFQTE."""
    rows = []
    with_breaks = b.conn.execute(
        'SELECT AR_Ref, CT_Num, AC_Categorie, AC_QteMont FROM "F_ARTCLIENT"'
        " WHERE AC_QteMont <> 0 ORDER BY cbMarq"
    ).fetchall()
    for ar_ref, ct_num, category, mode in with_breaks:
        ref = ct_num or category_ref(category)
        for bound, percent in b.tariffs.choice(_BRACKETS[mode]):
            rows.append((ar_ref, ref, bound, percent, 1, *_stamps(b)))
    b.insert(
        "F_TARIFQTE",
        (
            "AR_Ref",
            "TQ_RefCF",
            "TQ_BorneSup",
            "TQ_Remise01REM_Valeur",
            "TQ_Remise01REM_Type",
            "cbModification",
            "cbCreation",
        ),
        rows,
    )
    families = sorted({a[4] for a in b.articles})
    tariffs, breaks = [], []
    for family in families:
        for category in range(1, b.size.categories + 1):
            draw = b.tariffs.random()
            if draw >= 0.5:
                continue
            mode = 1 if draw < 0.15 else 0
            discount = 0.0 if mode else float(b.tariffs.choice((2, 4, 5, 8)))
            tariffs.append((family, category, 0, mode, discount, 0, *_stamps(b)))
            if mode:
                for bound, percent in b.tariffs.choice(_BRACKETS[1]):
                    breaks.append((family, category_ref(category), bound, percent, 1, *_stamps(b)))
    b.insert(
        "F_FAMTARIF",
        (
            "FA_CodeFamille",
            "FT_Categorie",
            "FT_PrixTTC",
            "FT_QteMont",
            "FT_Remise",
            "FT_TypeRem",
            "cbModification",
            "cbCreation",
        ),
        tariffs,
    )
    b.insert(
        "F_FAMTARIFQTE",
        (
            "FA_CodeFamille",
            "FQ_RefCF",
            "FQ_BorneSup",
            "FQ_Remise01REM_Valeur",
            "FQ_Remise01REM_Type",
            "cbModification",
            "cbCreation",
        ),
        breaks,
    )
