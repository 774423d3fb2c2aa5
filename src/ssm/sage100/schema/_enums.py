"""Sage enumerations as IntEnums, with the French labels Sage shows (reference §6).

The class names keep Sage's column names (``DO_Type.FACTURE``); ``member.label`` is the
French label, e.g. ``DO_Type(7).label == "Facture comptabilisée"``. Values marked
"unverified" in the reference are declared as the reference gives them.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["CT_Type", "DO_Domaine", "DO_Provenance", "DO_Statut", "DO_Type", "SageEnum"]

_LABELS: dict[tuple[str, int], str] = {}


class SageEnum(IntEnum):
    """An IntEnum whose members carry Sage's French label."""

    @property
    def label(self) -> str:
        """The French label Sage shows for this value."""
        return _LABELS[(type(self).__name__, int(self))]


def _label(enum: type[SageEnum], labels: dict[int, str]) -> None:
    for value, label in labels.items():
        _LABELS[(enum.__name__, enum(value))] = label


class CT_Type(SageEnum):  # noqa: N801  Sage's column name
    """``F_COMPTET.CT_Type``: the kind of tiers."""

    CLIENT = 0
    FOURNISSEUR = 1
    SALARIE = 2
    AUTRE = 3


class DO_Domaine(SageEnum):  # noqa: N801  Sage's column name
    """``F_DOCENTETE.DO_Domaine``: sales, purchases, stock… (3 and 4 UNCONFIRMED)."""

    VENTES = 0
    ACHATS = 1
    STOCKS = 2
    TICKETS = 3
    INTERNES = 4


class DO_Type(SageEnum):  # noqa: N801  Sage's column name
    """``F_DOCENTETE.DO_Type``: the document type (sales 0–8, purchases 10–18)."""

    DEVIS = 0
    BON_COMMANDE = 1
    PREPARATION_LIVRAISON = 2
    BON_LIVRAISON = 3
    BON_RETOUR = 4
    BON_AVOIR_FINANCIER = 5
    FACTURE = 6
    FACTURE_COMPTABILISEE = 7
    ARCHIVE = 8
    ACHAT_DEMANDE = 10
    ACHAT_PREPARATION_COMMANDE = 11
    ACHAT_BON_COMMANDE = 12
    ACHAT_BON_LIVRAISON = 13
    ACHAT_BON_RETOUR = 14
    ACHAT_BON_AVOIR_FINANCIER = 15
    ACHAT_FACTURE = 16
    ACHAT_FACTURE_COMPTABILISEE = 17
    ACHAT_ARCHIVE = 18


class DO_Provenance(SageEnum):  # noqa: N801  Sage's column name
    """``F_DOCENTETE.DO_Provenance``: the origin of an invoice (DO_Type 6/7, 16/17)."""

    NORMALE = 0
    RETOUR = 1
    AVOIR = 2
    TICKET = 3
    ACOMPTE = 4


class DO_Statut(SageEnum):  # noqa: N801  Sage's column name
    """``F_DOCENTETE.DO_Statut``: 0 saisi, 1 confirmé, 2 next step (label per type)."""

    SAISI = 0
    CONFIRME = 1
    ETAPE_SUIVANTE = 2


_label(CT_Type, {0: "Client", 1: "Fournisseur", 2: "Salarié", 3: "Autre"})
_label(
    DO_Domaine,
    {0: "Ventes", 1: "Achats", 2: "Stocks", 3: "Tickets", 4: "Documents internes"},
)
_label(
    DO_Type,
    {
        0: "Devis",
        1: "Bon de commande",
        2: "Préparation de livraison",
        3: "Bon de livraison",
        4: "Bon de retour",
        5: "Bon d'avoir financier",
        6: "Facture",
        7: "Facture comptabilisée",
        8: "Archive",
        10: "Demande d'achat",
        11: "Préparation de commande",
        12: "Bon de commande",
        13: "Bon de livraison",
        14: "Bon de retour",
        15: "Bon d'avoir financier",
        16: "Facture",
        17: "Facture comptabilisée",
        18: "Archive",
    },
)
_label(
    DO_Provenance,
    {
        0: "Facture",
        1: "Facture de retour",
        2: "Facture d'avoir",
        3: "Facture caisse décentralisée",
        4: "Facture d'acompte",
    },
)
_label(DO_Statut, {0: "Saisi", 1: "Confirmé", 2: "A traiter"})
