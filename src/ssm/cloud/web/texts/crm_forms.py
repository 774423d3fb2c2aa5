"""Texts of the CRM's forms: new and edited prospects and contacts, and their refusals."""

from __future__ import annotations

FR: dict[str, str] = {
    "account.new": "Nouveau prospect",
    "account.edit": "Modifier",
    "account.edit_title": "Modifier le prospect",
    "account.client_in_sage": (
        "Ce compte est un client : il est géré dans Sage 100, où ses informations se modifient."
    ),
    "account.contacts_wait": "Ses contacts rejoindront Sage 100 avec lui.",
    "account.no_rep": (
        "Votre utilisateur n'est lié à aucun commercial de Sage 100 : demandez à votre "
        "administrateur de créer ce prospect."
    ),
    "contact.new": "Nouveau contact",
    "contact.edit": "Modifier",
    "contact.edit_title": "Modifier le contact",
    "contact.delete": "Supprimer",
    "form.save": "Enregistrer",
    "form.cancel": "Annuler",
    "form.required": "« {label} » est obligatoire.",
    "form.too_long": "« {label} » ne doit pas dépasser {max} caractères.",
    "form.invalid": "« {label} » n'est pas valide.",
    "form.fix": "Corrigez les champs signalés.",
    "field.address1": "Adresse",
    "field.address2": "Complément d'adresse",
    "field.region": "Région",
    "field.fax": "Télécopie",
    "field.naf": "Code NAF",
    "field.title": "Civilité",
}
