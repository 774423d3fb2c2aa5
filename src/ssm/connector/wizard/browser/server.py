"""Serve the install wizard on loopback until it ends, as Jupyter serves a notebook.

Its first address carries a one-time token; ``reopen_wizard`` asks an assistant still running
for a fresh one (``ssm-connector configure --dir`` on the same machine), and an assistant
stopped by Ctrl-C says which command takes the configuration up again.
"""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from pathlib import Path

import httpx
import uvicorn

from ssm.connector import messages as msg
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.browser import texts
from ssm.connector.wizard.browser.app import (
    RESUME_HEADER,
    RESUME_ROUTE,
    WizardSession,
    create_wizard_app,
    reopen_command,
)
from ssm.connector.wizard.configure.progress import read_progress

#: Seconds left to the browser to fetch the last page before the server stops.
GRACE_SECONDS = 1.0
#: Seconds a running assistant has to hand out a fresh address.
REOPEN_TIMEOUT = 5.0
LOOPBACK = "127.0.0.1"


def wizard_url(host: str, port: int, token: str) -> str:
    """The first URL, the only one that carries the one-time token."""
    return f"http://{host}:{port}/?token={token}"


def serve_wizard(
    wizard: Wizard,
    *,
    open_browser: bool = True,
    host: str = LOOPBACK,
    port: int = 0,
) -> str:
    """Serve ``wizard`` on ``host`` (loopback) until it is finished or cancelled.

    The URL, with a one-time token, is printed and opened in the default browser unless
    ``open_browser`` is false. ``port=0`` picks a free port. Returns how it ended:
    ``"finished"``, ``"cancelled"`` or ``""`` when interrupted (Ctrl-C), after printing the
    command that takes it up again.
    """
    token = secrets.token_urlsafe(32)
    app = create_wizard_app(wizard, token)
    state: WizardSession = app.state.wizard_session
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    state.port = sock.getsockname()[1]
    url = wizard_url(host, state.port, token)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))

    def stop_when_ended() -> None:
        state.ended.wait()
        threading.Event().wait(GRACE_SECONDS)
        server.should_exit = True

    threading.Thread(target=stop_when_ended, name="ssm-wizard-stop", daemon=True).start()
    state.phase = getattr(wizard.current, "phase", "install")
    announce(url, state.phase, open_browser=open_browser)
    try:
        with sock:
            server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the captured Ctrl-C again once stopped
        pass
    if not state.ended.is_set():
        print(interrupted_hint(state), flush=True)
    return state.outcome


def interrupted_hint(state: WizardSession) -> str:
    """The one sentence printed when the assistant is stopped before its end."""
    if state.phase == "configure" and state.install_dir() is not None:
        return msg.CONFIGURE_RESUME.format(command=reopen_command(state)[1])
    return msg.INSTALL_RESUME


def reopen_wizard(folder: Path) -> str | None:
    """A fresh address of the assistant still configuring ``folder``, or ``None``.

    The folder's progress file names the assistant's port and the key it accepts; the
    assistant keeps everything typed so far, secrets included. ``None`` when no assistant
    answers (it was stopped): the caller starts a new one from the file.
    """
    progress = read_progress(folder)
    if progress is None or not progress.port or not progress.key:
        return None
    address = f"http://{LOOPBACK}:{progress.port}{RESUME_ROUTE}"
    try:
        answer = httpx.post(address, headers={RESUME_HEADER: progress.key}, timeout=REOPEN_TIMEOUT)
    except httpx.HTTPError:
        return None
    if answer.status_code != 200 or not answer.text:
        return None
    return wizard_url(LOOPBACK, progress.port, answer.text)


def announce(url: str, wizard_phase: str, *, open_browser: bool) -> None:
    """Print (and open) the address of an assistant, as ``serve_wizard`` does."""
    print(texts.PHASES[wizard_phase].serve_url.format(url=url), flush=True)
    print(texts.SERVE_OPEN_HINT, flush=True)
    if open_browser:
        webbrowser.open(url)
