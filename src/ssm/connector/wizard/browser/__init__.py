"""The local web front end of the connector's wizards (Starlette, Jinja2, vendored htmx)."""

from ssm.connector.wizard.browser.app import create_wizard_app
from ssm.connector.wizard.browser.server import serve_wizard, wizard_url

__all__ = ["create_wizard_app", "serve_wizard", "wizard_url"]
