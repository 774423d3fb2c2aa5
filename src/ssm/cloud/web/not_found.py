"""The page a person's browser gets for a URL the service does not have.

Without it a mistyped address showed the API's JSON error; with it the browser shows a card
like the login page's (the mark, « Sales Management », « Page introuvable ») and a way back,
in the person's language, whether signed in or not.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from ssm.cloud.web._templates import render
from ssm.cloud.web.i18n import language, text


def not_found_page(request: Request) -> HTMLResponse:
    """« Page introuvable » as a 404 page, in the request's language."""
    lang = language(request)
    return render("not_found.html", 404, lang=lang, title=text("not_found.title", lang))
