"""The pages of Sage's data (records, dashboard): visibility, the connector indicator, formats.

``page`` renders a template of the signed-in layout with the « Connecté à : Sage »
indicator (``_connected.html``) and the formatting helpers the templates call: amounts,
dates and times in the user's language, in the company's time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from ssm.cloud.db import Database
from ssm.cloud.services import integration
from ssm.cloud.services.charts import format_amount, raw_amount
from ssm.cloud.services.visibility import visible_owner_ids
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web.auth import render_app
from ssm.cloud.web.i18n import language


def owners(db: Database, user: WebUser) -> set[int] | None:
    """The owner ids whose records ``user`` sees (``None``: all of the instance)."""
    with db.read() as session:
        return visible_owner_ids(session, user)


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
        connection=integration.connection_state(db, user.instance_id, now),
        amount=lambda value: "" if value is None else format_amount(value, lang),
        raw_amount=raw_amount,
        **context,
    )
