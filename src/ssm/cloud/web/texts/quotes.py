"""Texts of the quote pages: the rep's form, the quote's page and its buttons.

The statuses' labels (``quotes.status.<code>``) sit with the record pages' texts
(``records.py``), where the list reads them too.
"""

from __future__ import annotations

FR: dict[str, str] = {
    "quote.new": "Nouveau devis",
    "quote.edit": "Modifier",
    "quote.edit_title": "Modifier le devis",
    "quote.draft_title": "Devis {id} (brouillon)",
    "quote.sync": "Synchroniser avec Sage 100",
    "quote.add_line": "Ajouter une ligne",
    "quote.remove_line": "Retirer la ligne {line}",
    "quote.line": "Ligne {line}",
    "quote.choose": "Choisir…",
    "quote.no_contact": "Aucun contact",
    "quote.no_account": (
        "Aucun de vos comptes n'est encore enregistré dans Sage 100 : un devis se fait à un "
        "client que Sage 100 connaît."
    ),
    "quote.product_hint": "Tapez une référence ou une partie du nom.",
    "quote.product_none": "Ligne {line} : aucun produit en vente ne correspond à « {typed} ».",
    "quote.product_several": (
        "Ligne {line} : plusieurs produits correspondent à « {typed} » ; choisissez-en un "
        "dans la liste."
    ),
    "quote.product_missing": "Ligne {line} : choisissez un produit.",
    "quote.quantity_invalid": (
        "Ligne {line} : la quantité doit être un nombre supérieur à zéro (par exemple 2 ou 1,5)."
    ),
    "quote.no_lines": "Ajoutez au moins une ligne avec un produit.",
    "quote.too_many_lines": "Un devis fait ici compte au plus {max} lignes.",
    "quote.account_missing": "Choisissez le compte du devis.",
    "quote.contact_invalid": "Choisissez un contact de ce compte.",
    "quote.read_only": (
        "Ce devis est en lecture seule : il est en attente de synchronisation ou enregistré "
        "dans Sage 100, où il se modifie."
    ),
    "quote.made_in_sage": "Ce devis a été fait dans Sage 100 : il s'y modifie.",
    "quote.transformed": (
        "Ce devis est devenu la commande {order} dans Sage 100 : il ne se modifie plus."
    ),
    "quote.refreshing": "Cette page se met à jour toute seule pendant le calcul par Sage 100.",
    "quote.refused": "Sage 100 a refusé ce devis",
    "quote.sage_number": "Numéro Sage 100",
    "quote.order_number": "Numéro de commande",
    "quote.contact": "Contact",
    "quote.internal_comment": "Commentaires internes",
    "quote.net_unit_price": "Prix net HT",
    "quote.free_units": "{value} gratuit(s)",
    "quote.priced_later": "Calcul en cours",
}
