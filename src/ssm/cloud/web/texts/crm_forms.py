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

EN: dict[str, str] = {
    "account.new": "New prospect",
    "account.edit": "Edit",
    "account.edit_title": "Edit the prospect",
    "account.client_in_sage": (
        "This account is a customer: it is managed in Sage 100, where its details are edited."
    ),
    "account.contacts_wait": "Its contacts will reach Sage 100 with it.",
    "account.no_rep": (
        "Your user is not linked to a Sage 100 sales rep: ask your administrator to create "
        "this prospect."
    ),
    "contact.new": "New contact",
    "contact.edit": "Edit",
    "contact.edit_title": "Edit the contact",
    "contact.delete": "Delete",
    "form.save": "Save",
    "form.cancel": "Cancel",
    "form.required": "“{label}” is required.",
    "form.too_long": "“{label}” must not exceed {max} characters.",
    "form.invalid": "“{label}” is not valid.",
    "form.fix": "Correct the fields shown.",
    "field.address1": "Address",
    "field.address2": "Address line 2",
    "field.region": "Region",
    "field.fax": "Fax",
    "field.naf": "NAF code",
    "field.title": "Title",
}
