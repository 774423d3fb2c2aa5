"""What the record pages and the dashboard share: visibility, the connector indicator, formats.

``page`` renders a template of the signed-in layout with the « Connecté à : Sage »
indicator (``_connected.html``) and the formatting helpers the templates call: amounts,
dates and times in the user's language, in the company's time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ssm.cloud._db import Database
from ssm.cloud.errors import NotFoundError
from ssm.cloud.services import integration
from ssm.cloud.services.charts import format_amount, raw_amount
from ssm.cloud.services.dashboard import COMPANY_TIME_ZONE
from ssm.cloud.services.visibility import visible_owner_ids
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web._auth import render_app
from ssm.cloud.web._i18n import language

STALE_AFTER = dt.timedelta(minutes=5)
"""A heartbeat older than this shows the indicator as a warning."""


@dataclass(frozen=True, slots=True)
class Connection:
    """The connector's last heartbeat as the indicator shows it."""

    received_at: dt.datetime | None
    status: str | None
    stale: bool


def connection(db: Database, instance_id: int, now: dt.datetime) -> Connection:
    """The indicator's state: the last heartbeat, stale when older than 5 minutes or none."""
    try:
        beat = integration.last_heartbeat(db, instance_id)
    except NotFoundError:
        return Connection(received_at=None, status=None, stale=True)
    return Connection(
        received_at=beat.received_at,
        status=beat.status,
        stale=now - beat.received_at > STALE_AFTER,
    )


def owners(db: Database, user: WebUser) -> set[int] | None:
    """The owner ids whose records ``user`` sees (``None``: all of the instance)."""
    with db.read() as session:
        return visible_owner_ids(session, user)


def format_date(value: dt.date | None, lang: str) -> str:
    """``28/11/2026`` in French, ``2026-11-28`` in English; empty for none."""
    if value is None:
        return ""
    return value.isoformat() if lang == "en" else value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime | None, lang: str) -> str:
    """Date and time in the company's time zone (``28/11/2026 14:05``)."""
    if value is None:
        return ""
    local = value.astimezone(COMPANY_TIME_ZONE)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def format_number(value: float | None, lang: str) -> str:
    """A quantity with up to 4 decimals, French decimal comma."""
    if value is None:
        return ""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")


def page(
    request: Request,
    user: WebUser,
    db: Database,
    now: dt.datetime,
    template: str,
    *,
    title_key: str,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` in the layout, with the indicator and the format helpers."""
    lang = language(request)
    return render_app(
        request,
        user,
        template,
        title_key=title_key,
        connection=connection(db, user.instance_id, now),
        amount=lambda value: "" if value is None else format_amount(value, lang),
        raw_amount=raw_amount,
        date=lambda value: format_date(value, lang),
        datetime=lambda value: format_datetime(value, lang),
        number=lambda value: format_number(value, lang),
        **context,
    )
