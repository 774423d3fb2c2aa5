"""The web app's language: French first, English available.

The language is the ``lang`` cookie that ``/langue/{fr|en}`` sets, else the first of
French or English the browser's ``Accept-Language`` names, else French. Templates call
``_(key)``, a Jinja global that reads ``lang`` from the template's context: the key names
a French text in ``web/texts/`` (the source string), and the other languages come from the
gettext catalogue ``ssm/cloud/locale/<lang>/LC_MESSAGES/web.po`` through ``ssm.i18n``
(the French when a translation lacks, the key itself when the key is unknown, so a missing
text shows up without breaking the page). Dates, times and numbers are Babel's, in the
company's time zone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fastapi import Request
from jinja2 import pass_context
from jinja2.runtime import Context

from ssm import i18n
from ssm.cloud.services.dashboard import COMPANY_TIME_ZONE
from ssm.cloud.web.texts import french

LANGUAGES = i18n.LANGUAGES
DEFAULT_LANGUAGE = i18n.SOURCE_LANGUAGE
DOMAIN = "web"
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
    source = french().get(key)
    if source is None:
        return key
    return i18n.translate("ssm.cloud", DOMAIN, lang, source, context=key)


@pass_context
def translate(context: Context, key: str, **fields: Any) -> str:
    """Jinja's ``_(key, **fields)``: ``text`` in the context's ``lang``, then formatted."""
    value = text(key, str(context.get("lang") or DEFAULT_LANGUAGE))
    return value.format(**fields) if fields else value


def format_date(value: dt.date | None, lang: str) -> str:
    """``28/11/2026`` (the CLDR's short date); empty for none."""
    return "" if value is None else i18n.format_day(value, lang)


def format_datetime(value: dt.datetime | None, lang: str) -> str:
    """Date and time in the company's time zone (``28/11/2026 14:05``); empty for none."""
    return "" if value is None else i18n.format_moment(value, lang, COMPANY_TIME_ZONE)


def format_number(value: Decimal | None, lang: str) -> str:
    """A quantity with its decimals (up to 6, as Sage's), French decimal comma."""
    return "" if value is None else i18n.format_quantity(value, lang)
