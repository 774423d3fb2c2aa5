"""The web app's language: French first, English available.

The language is the ``lang`` cookie that ``/langue/{fr|en}`` sets, else the first of
French or English the browser's ``Accept-Language`` names, else French. Templates call
``_(key)``, a Jinja global that reads ``lang`` from the template's context and returns the
text of the catalogues in ``web/texts/`` (French when the language lacks it, then the key
itself, so a missing text shows up without breaking the page).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fastapi import Request
from jinja2 import pass_context
from jinja2.runtime import Context

from ssm.cloud.services.dashboard import COMPANY_TIME_ZONE
from ssm.cloud.web.texts import catalogues

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANG_COOKIE = "lang"


def language(request: Request) -> str:
    """The request's language: the ``lang`` cookie, else ``Accept-Language``, else French."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    header = request.headers.get("accept-language", "")
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def text(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text of ``key`` in ``lang``, else in French, else ``key``."""
    texts = catalogues()
    return texts.get(lang, {}).get(key) or texts[DEFAULT_LANGUAGE].get(key) or key


@pass_context
def translate(context: Context, key: str, **fields: Any) -> str:
    """Jinja's ``_(key, **fields)``: ``text`` in the context's ``lang``, then formatted."""
    value = text(key, str(context.get("lang") or DEFAULT_LANGUAGE))
    return value.format(**fields) if fields else value


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


def format_number(value: Decimal | None, lang: str) -> str:
    """A quantity with its decimals (up to 6, as Sage's), French decimal comma."""
    if value is None:
        return ""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(",", "\u202f").replace(".", ",")
