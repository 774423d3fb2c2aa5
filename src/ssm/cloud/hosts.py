"""Which ``Host`` the service answers to, since the links it e-mails may come from it.

Password, invitation and welcome links are absolute. They come from ``SSM_CLOUD_PUBLIC_URL``
when it is set; without it, from the request's ``Host``, which a client chooses: a reset
asked with ``Host: evil.example`` would mail the user a live token on the attacker's site.
So every request's ``Host`` must be a loopback name, the public URL's host or a name the
operator lists in ``SSM_CLOUD_ALLOWED_HOSTS``; anything else is refused before any route.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse, Response
from starlette.types import Scope

from ssm.cloud import messages
from ssm.cloud.api.error_responses import error_response
from ssm.cloud.schemas.common import ErrorBody
from ssm.cloud.settings import CloudSettings
from ssm.http_guards import LOOPBACK_HOSTS, allowed_host_names


def allowed_hosts(settings: CloudSettings) -> frozenset[str]:
    """Loopback names, the public URL's host and the listed ``allowed_hosts``."""
    names = settings.allowed_hosts.split(",")
    if settings.public_url:
        names.append(urlsplit(settings.public_url).hostname or "")
    return allowed_host_names(names)


def reaches_only_loopback(settings: CloudSettings) -> bool:
    """True when only loopback names are allowed: ``serve --host 0.0.0.0`` then says so."""
    return allowed_hosts(settings) == LOOPBACK_HOSTS


def refuse_host(scope: Scope) -> Response:
    """A 400 in French: JSON ``{"code", "message"}`` under ``/api/``, plain text elsewhere."""
    if str(scope.get("path", "")).startswith("/api/"):
        body = ErrorBody(code="invalid_host", message=messages.HOST_NOT_ALLOWED)
        return error_response(400, body)
    return PlainTextResponse(messages.HOST_NOT_ALLOWED, status_code=400)
