"""Texts of the login page (the French ones are the service's catalogue, ``messages``)."""

from __future__ import annotations

from ssm.cloud import messages

FR: dict[str, str] = {
    "login.title": messages.LOGIN_PAGE_TITLE,
    "login.email": "Adresse e-mail",
    "login.password": "Mot de passe",
    "login.submit": "Se connecter",
    "login.forgot": "Mot de passe oublié ?",
    "login.other_language": "English",
    "login.failed": messages.LOGIN_FAILED,
    "login.expired": messages.WEB_FORM_EXPIRED,
    "login.rate_limited": messages.WEB_RATE_LIMITED,
}
