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
