"""The Jinja2 environment of the HTML pages (templates in ``ssm/cloud/templates``).

``_(key)`` is a global: the text of ``key`` in the context's ``lang`` (see ``i18n``);
``asset_url(name)`` is the versioned URL of a stylesheet or the mark (see ``assets``).
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from ssm.cloud.web.assets import asset_url
from ssm.cloud.web.i18n import translate

_env = Environment(
    loader=PackageLoader("ssm.cloud", "templates"),
    autoescape=select_autoescape(["html"]),
)
_env.globals["_"] = translate
_env.globals["asset_url"] = asset_url


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` as a page that no cache or referrer keeps."""
    return HTMLResponse(
        _env.get_template(name).render(**context),
        status_code=status_code,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )
