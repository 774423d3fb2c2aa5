"""Serve the install wizard on loopback until it ends, as Jupyter serves a notebook."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser

import uvicorn

from ssm.connector.wizard import Wizard
from ssm.connector.wizard.browser import texts
from ssm.connector.wizard.browser.app import WizardSession, create_wizard_app

#: Seconds left to the browser to fetch the last page before the server stops.
GRACE_SECONDS = 1.0


def wizard_url(host: str, port: int, token: str) -> str:
    """The first URL, the only one that carries the one-time token."""
    return f"http://{host}:{port}/?token={token}"


def serve_wizard(
    wizard: Wizard,
    *,
    open_browser: bool = True,
    host: str = "127.0.0.1",
    port: int = 0,
) -> None:
    """Serve ``wizard`` on ``host`` (loopback) until it is finished or cancelled.

    The URL, with a one-time token, is printed and opened in the default browser unless
    ``open_browser`` is false. ``port=0`` picks a free port.
    """
    token = secrets.token_urlsafe(32)
    app = create_wizard_app(wizard, token)
    state: WizardSession = app.state.wizard_session
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    url = wizard_url(host, sock.getsockname()[1], token)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))

    def stop_when_ended() -> None:
        state.ended.wait()
        threading.Event().wait(GRACE_SECONDS)
        server.should_exit = True

    threading.Thread(target=stop_when_ended, name="ssm-wizard-stop", daemon=True).start()
    phase = getattr(wizard.current, "phase", "install")
    print(texts.PHASES[phase].serve_url.format(url=url), flush=True)
    print(texts.SERVE_OPEN_HINT, flush=True)
    if open_browser:
        webbrowser.open(url)
    with sock:
        server.run(sockets=[sock])
