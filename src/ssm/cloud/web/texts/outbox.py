"""Texts of the mail outbox page « Courriels »."""

from __future__ import annotations

FR: dict[str, str] = {
    "outbox.title": "Courriels",
    "outbox.intro": (
        "Les e-mails envoyés par Sales Management pour votre instance, les plus récents "
        "d'abord. Les liens personnels y sont masqués."
    ),
    "outbox.col.date": "Date",
    "outbox.col.recipient": "Destinataire",
    "outbox.col.subject": "Objet",
    "outbox.col.state": "État",
    "outbox.sent": "Envoyé",
    "outbox.failed": "Échec de l'envoi",
    "outbox.waiting": "En attente",
    "outbox.empty": "Aucun e-mail pour l'instant.",
    "outbox.previous": "Plus récents",
    "outbox.next": "Plus anciens",
    "outbox.page": "Page {page} sur {pages}",
}
