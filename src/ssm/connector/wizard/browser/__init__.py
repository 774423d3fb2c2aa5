"""The local web front end of the connector's wizards (Starlette, Jinja2, vendored htmx)."""

from ssm.connector.wizard.browser.app import create_wizard_app
from ssm.connector.wizard.browser.server import (
    announce,
    reopen_wizard,
    serve_wizard,
    wizard_url,
)

__all__ = ["announce", "create_wizard_app", "reopen_wizard", "serve_wizard", "wizard_url"]
