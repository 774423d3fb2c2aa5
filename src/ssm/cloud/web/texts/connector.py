"""Texts of the « Connecteur » page: the connector's state, its errors, the API key pairs."""

from __future__ import annotations

FR: dict[str, str] = {
    "nav.connector": "Connecteur",
    "connector.title": "Connecteur",
    "connector.state": "État du connecteur",
    "connector.running": "En cours",
    "connector.stopped": "Arrêté",
    "connector.rule": (
        "Le connecteur est arrêté quand il a signalé son arrêt ou qu'aucun signal n'est arrivé "
        "depuis plus de 5 minutes (il en envoie un toutes les 30 secondes)."
    ),
    "connector.last_signal": "Dernier signal",
    "connector.never": "Aucun signal reçu : le connecteur n'a pas encore démarré.",
    "connector.version": "Version du connecteur",
    "connector.instance": "Numéro d'instance",
    "connector.streams": "Dernier passage par type d'enregistrement",
    "connector.no_streams": "Aucun passage signalé pour le moment.",
    "connector.col.stream": "Enregistrements",
    "connector.col.finished": "Fin du passage",
    "connector.col.result": "Résultat",
    "connector.col.read": "Lus",
    "connector.col.created": "Créés",
    "connector.col.updated": "Modifiés",
    "connector.col.deleted": "Supprimés",
    "connector.col.failed": "En erreur",
    "connector.result.succeeded": "Réussi",
    "connector.result.partial": "Partiel",
    "connector.result.failed": "Échec",
    "connector.stream.users": "Commerciaux",
    "connector.stream.accounts": "Comptes",
    "connector.stream.contacts": "Contacts",
    "connector.stream.products": "Produits",
    "connector.stream.invoices": "Factures",
    "connector.stream.quotes": "Devis",
    "connector.stream.crm_to_sage": "Envoi vers Sage 100",
    "connector.errors": "Enregistrements en erreur ({count})",
    "connector.no_errors": "Aucun enregistrement en erreur.",
    "connector.errors_cut": "Les {shown} premiers sont affichés.",
    "connector.col.kind": "Type",
    "connector.col.ext_id": "Code Sage",
    "connector.col.reason": "Motif",
    "connector.keys": "Clés d'API",
    "connector.keys_intro": (
        "Une paire de clés permet à un connecteur de se connecter à cette instance : "
        "l'« Installation avancée » de la configuration demande le numéro d'instance, "
        "la clé publique et la clé privée."
    ),
    "connector.create": "Créer une paire de clés",
    "connector.created": "Nouvelle paire de clés n° {id}",
    "connector.created_once": (
        "Copiez la clé privée maintenant : elle ne sera plus jamais affichée. "
        "Si vous la perdez, révoquez cette paire et créez-en une autre."
    ),
    "connector.public_key": "Clé publique",
    "connector.private_key": "Clé privée",
    "connector.no_keys": "Aucune paire de clés.",
    "connector.col.key": "N°",
    "connector.col.created_at": "Créée le",
    "connector.col.last_used": "Dernière utilisation",
    "connector.col.key_state": "État",
    "connector.never_used": "Jamais",
    "connector.active": "Active",
    "connector.revoked_on": "Révoquée le {when}",
    "connector.revoke": "Révoquer…",
    "connector.revoke_title": "Révoquer une paire de clés",
    "connector.revoke_question": (
        "Révoquer la paire de clés n° {id} (clé publique {public_key}) ? Le connecteur qui "
        "l'utilise ne pourra plus se connecter : configurez-le d'abord avec une autre paire."
    ),
    "connector.revoke_confirm": "Révoquer définitivement",
    "connector.cancel": "Annuler",
    "connector.revoked": "La paire de clés n° {id} est révoquée.",
}

EN: dict[str, str] = {
    "nav.connector": "Connector",
    "connector.title": "Connector",
    "connector.state": "Connector state",
    "connector.running": "Running",
    "connector.stopped": "Stopped",
    "connector.rule": (
        "The connector is stopped when it reported stopping or when no signal has arrived for "
        "more than 5 minutes (it sends one every 30 seconds)."
    ),
    "connector.last_signal": "Last signal",
    "connector.never": "No signal received: the connector has not started yet.",
    "connector.version": "Connector version",
    "connector.instance": "Instance number",
    "connector.streams": "Last pass per kind of record",
    "connector.no_streams": "No pass reported yet.",
    "connector.col.stream": "Records",
    "connector.col.finished": "Pass ended",
    "connector.col.result": "Result",
    "connector.col.read": "Read",
    "connector.col.created": "Created",
    "connector.col.updated": "Updated",
    "connector.col.deleted": "Deleted",
    "connector.col.failed": "In error",
    "connector.result.succeeded": "Succeeded",
    "connector.result.partial": "Partial",
    "connector.result.failed": "Failed",
    "connector.stream.users": "Sales reps",
    "connector.stream.accounts": "Accounts",
    "connector.stream.contacts": "Contacts",
    "connector.stream.products": "Products",
    "connector.stream.invoices": "Invoices",
    "connector.stream.quotes": "Quotes",
    "connector.stream.crm_to_sage": "Sending to Sage 100",
    "connector.errors": "Records in error ({count})",
    "connector.no_errors": "No record in error.",
    "connector.errors_cut": "The first {shown} are shown.",
    "connector.col.kind": "Kind",
    "connector.col.ext_id": "Sage code",
    "connector.col.reason": "Reason",
    "connector.keys": "API keys",
    "connector.keys_intro": (
        "A key pair lets a connector sign in to this instance: the configuration's "
        "« Installation avancée » asks for the instance number, the public key and the "
        "private key."
    ),
    "connector.create": "Create a key pair",
    "connector.created": "New key pair no. {id}",
    "connector.created_once": (
        "Copy the private key now: it will never be shown again. If you lose it, revoke "
        "this pair and create another one."
    ),
    "connector.public_key": "Public key",
    "connector.private_key": "Private key",
    "connector.no_keys": "No key pair.",
    "connector.col.key": "No.",
    "connector.col.created_at": "Created",
    "connector.col.last_used": "Last used",
    "connector.col.key_state": "State",
    "connector.never_used": "Never",
    "connector.active": "Active",
    "connector.revoked_on": "Revoked on {when}",
    "connector.revoke": "Revoke…",
    "connector.revoke_title": "Revoke a key pair",
    "connector.revoke_question": (
        "Revoke key pair no. {id} (public key {public_key})? The connector using it will no "
        "longer be able to sign in: configure it with another pair first."
    ),
    "connector.revoke_confirm": "Revoke for good",
    "connector.cancel": "Cancel",
    "connector.revoked": "Key pair no. {id} is revoked.",
}
