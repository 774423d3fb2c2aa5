"""Texts of « Mon profil » (``/profil``)."""

from __future__ import annotations

FR: dict[str, str] = {
    "profile.title": "Mon profil",
    "profile.name": "Nom",
    "profile.email": "Adresse e-mail",
    "profile.role": "Rôle",
    "profile.instance": "Instance",
    "profile.change": "Changer votre mot de passe",
    "profile.current": "Mot de passe actuel",
    "profile.new": "Nouveau mot de passe",
    "profile.confirmation": "Confirmez le mot de passe",
    "profile.save": "Enregistrer le mot de passe",
    "profile.changed": (
        "Votre mot de passe est changé. Vos autres sessions ouvertes sont fermées."
    ),
    "profile.wrong_current": "Le mot de passe actuel est incorrect.",
}

EN: dict[str, str] = {
    "profile.title": "My profile",
    "profile.name": "Name",
    "profile.email": "E-mail address",
    "profile.role": "Role",
    "profile.instance": "Instance",
    "profile.change": "Change your password",
    "profile.current": "Current password",
    "profile.new": "New password",
    "profile.confirmation": "Confirm the password",
    "profile.save": "Save the password",
    "profile.changed": "Your password is changed. Your other open sessions are closed.",
    "profile.wrong_current": "The current password is wrong.",
}
