"""The wizards' local web app: one routing table, thin handlers, Jinja2 pages.

The same app serves the installation wizard, the configuration wizard and the two as one
journey (``ssm-connector setup``): each screen says which phase it belongs to, and a screen
with an action (the install) runs in a background thread while HTMX polls the progress.

URL map (every URL needs the session cookie, got once with ``/?token=...``):

- ``GET /``: the current screen (or the progress page while installing, or the end page);
- ``POST /suivant``: « Suivant » / « Installer » / « Terminer », the screen's form; always
  answered by a redirect to ``/`` (a refusal is shown there once, so a reload re-posts nothing);
- ``POST /precedent``: « Précédent »;
- ``GET /annuler``: « Voulez-vous vraiment annuler l'installation ? »; ``POST /annuler``: « Oui »;
- ``GET /-/progress``: the progress fragment that HTMX polls while the install runs;
- ``GET /base-de-connaissances``: docs/knowledge-base.md, linked from the end screen;
- ``GET /conditions``: the privacy policy and terms, linked from the terms screen;
- ``POST /-/reprise``: a fresh one-time address, for ``ssm-connector configure --dir`` run on
  this machine (it proves itself with the key of the folder's progress file, no cookie);
- ``/static/...``: the vendored CSS and htmx; ``/brand/...``: the product's shared look.

After every step of the configuration, where it stands is written to the install folder
(``ssm.connector.wizard.configure.progress``), so a closed tab or a stopped assistant never
locks the person at the machine out: the « Accès refusé » page names the command that reopens
it.

Every request must name ``127.0.0.1`` or ``localhost`` as its ``Host`` (a page of another
site whose name is rebound to 127.0.0.1 gets a 400), and every answer carries the
security headers of ``ssm.http_guards``.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from ssm import brand
from ssm.connector import messages as msg
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.browser import texts
from ssm.connector.wizard.browser._pages import Page, build_page, side_steps
from ssm.connector.wizard.configure import KNOWLEDGE_BASE_ROUTE, ConfigAnswers
from ssm.connector.wizard.configure.progress import clear_progress, save_progress
from ssm.connector.wizard.install.terms import TERMS_ROUTE
from ssm.http_guards import LOOPBACK_HOSTS, HostGuard, SecurityHeaders

HERE = Path(__file__).parent
COOKIE = "ssm_wizard_session"
CSRF_FIELD = "csrf"
STATIC_FILES = {"css": "wizard-1.1.css", "htmx": "htmx-2.0.4.min.js"}
#: The header by which ``ssm-connector configure`` proves it read the folder's progress file.
RESUME_HEADER = "X-SSM-Reprise"
RESUME_ROUTE = "/-/reprise"
PUBLIC_PREFIXES = ("/static/", "/brand/")

templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals.update(t=texts, static=STATIC_FILES)


@dataclass
class WizardSession:
    """What the app keeps between requests: the wizard, its secrets and how it ended."""

    wizard: Wizard
    token: str
    session: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lock: threading.Lock = field(default_factory=threading.Lock)
    ended: threading.Event = field(default_factory=threading.Event)
    outcome: str = ""  # "", "cancelled" or "finished"
    phase: str = "install"  # of the screen shown last: names the assistant on every page
    worker: threading.Thread | None = None
    worker_errors: list[str] = field(default_factory=list)
    port: int = 0  # set by the server once bound: written in the progress file
    resume_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    progress_dir: Path | None = None  # where the progress file was written
    #: A refused form and its errors, shown once by the next ``GET /`` (post/redirect/get).
    refused: tuple[list[str], dict[str, str]] | None = None

    def remember(self) -> None:
        """Write where the configuration stands, so it can be reopened (see the module doc)."""
        if not self.ended.is_set():
            saved = save_progress(self.wizard, port=self.port, key=self.resume_key)
            self.progress_dir = saved.parent if saved else self.progress_dir

    def install_dir(self) -> Path | None:
        """The folder being configured, once known."""
        answers = self.wizard.answers
        folder = answers.install_dir if isinstance(answers, ConfigAnswers) else None
        return folder or self.progress_dir

    @property
    def busy(self) -> bool:
        """Whether the install is running in the background."""
        return self.worker is not None and self.worker.is_alive()

    def finish(self, outcome: str) -> None:
        """Mark the wizard as over; the server stops once the last page is sent."""
        self.outcome = outcome
        self.ended.set()
        if self.progress_dir is not None:
            clear_progress(self.progress_dir)


def _errors(result: Any) -> list[str]:
    if isinstance(result, list | tuple):
        return [str(e) for e in result]
    return [str(e) for e in (getattr(result, "errors", None) or ())]


def _is_last(wizard: Wizard) -> bool:
    applicable = [s for s in wizard.screens if s.applies(wizard.answers)]
    return bool(applicable) and applicable[-1] is wizard.current


def _submit(wizard: Wizard, form: Mapping[str, str]) -> tuple[list[str], bool]:
    """Submit the form; return the errors and whether the wizard is over."""
    was_last = _is_last(wizard)
    before = wizard.current
    try:
        result = wizard.submit(form)
    except Exception as exc:  # a WizardError or an installer failure: show it, keep the page
        return [texts.STEP_FAILED.format(detail=exc)], False
    errors = _errors(result)
    ended = any(
        bool(getattr(obj, attr, False))
        for obj in (result, wizard)
        for attr in ("finished", "done", "ended")
    )
    if not errors and was_last and wizard.current is before:
        ended = True
    return errors, ended


class _TokenGate:
    """Let a request through only with the session cookie; ``/?token=`` sets the cookie once."""

    def __init__(self, app: ASGIApp, state: WizardSession) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.url.path == RESUME_ROUTE or request.url.path.startswith(PUBLIC_PREFIXES):
            # The key of the progress file proves a reopening; the look of a page is no secret.
            await self.app(scope, receive, send)
            return
        cookie = request.cookies.get(COOKIE, "")
        if cookie and _same(cookie, self.state.session):
            await self.app(scope, receive, send)
            return
        token = request.query_params.get("token", "")
        if (
            request.url.path == "/"
            and token
            and self.state.token
            and _same(token, self.state.token)
        ):
            self.state.token = ""  # one-time: the cookie now stands for it
            response: Response = RedirectResponse("/", status_code=303)
            response.set_cookie(COOKIE, self.state.session, httponly=True, samesite="strict")
        else:
            response = _denied_page(request, self.state)
        await response(scope, receive, send)


def reopen_command(state: WizardSession) -> tuple[str, str]:
    """What reopens this assistant from a terminal: the explanation and the command.

    Once the configuration has a folder it is ``configure --dir`` with the folder quoted (the
    Windows default has spaces); before, nothing is installed and ``setup`` starts again.
    """
    folder = state.install_dir()
    if folder is None or state.phase != "configure":
        return texts.FORBIDDEN_INSTALL, texts.INSTALL_COMMAND
    return texts.FORBIDDEN_CONFIGURE, msg.CONFIGURE_COMMAND.format(path=folder)


def _denied_page(request: Request, state: WizardSession) -> Response:
    """« Accès refusé », with the command that gives a fresh address (and no secret)."""
    explain, command = reopen_command(state)
    return _message_page(
        request,
        state,
        texts.FORBIDDEN_TITLE,
        f"{texts.FORBIDDEN_TEXT} {explain}",
        command=command,
        status_code=403,
    )


def _phase(state: WizardSession) -> texts.PhaseTexts:
    return texts.PHASES[state.phase]


def _message_page(
    request: Request,
    state: WizardSession,
    title: str,
    text: str,
    *,
    command: str = "",
    status_code: int = 200,
) -> Response:
    context = {
        "title": title,
        "text": text,
        "command": command,
        "wizard_name": _phase(state).wizard,
    }
    return templates.TemplateResponse(request, "message.html", context, status_code=status_code)


def _progress_page(state: WizardSession) -> Page:
    wizard = state.wizard
    screen = next((s for s in wizard.screens if s.name in wizard.actions), wizard.current)
    page = Page(name="progress", title=str(screen.title), is_progress=True, polling=True)
    page.steps, page.step_number = side_steps(wizard, screen)
    page.texts = [texts.PROGRESS_RUNNING]
    page.can_go_back = False
    page.can_cancel = False
    return page


def _run_install(state: WizardSession, form: Mapping[str, str]) -> None:
    """In the background: « Installer », then the progress screen's own step if there is one."""
    wizard = state.wizard
    errors, ended = _submit(wizard, form)
    if not errors and not ended and wizard.current.name in wizard.actions:
        errors, ended = _submit(wizard, {})
    state.worker_errors = errors
    if ended:
        state.finish("finished")


def _start_worker(state: WizardSession, form: Mapping[str, str]) -> None:
    state.worker_errors = []
    state.worker = threading.Thread(
        target=_run_install, args=(state, dict(form)), name="ssm-install", daemon=True
    )
    state.worker.start()


async def _read_form(request: Request) -> dict[str, str]:
    """Read an url-encoded form (no multipart here, so no extra dependency)."""
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        return {}  # not from our pages (browsers send UTF-8): the csrf check refuses it
    return dict(parse_qsl(body, keep_blank_values=True))


def _csrf_ok(state: WizardSession, form: dict[str, str]) -> bool:
    return _same(form.pop(CSRF_FIELD, ""), state.csrf)


def _same(given: str, expected: str) -> bool:
    """Constant-time equality of a value from the request.

    ``compare_digest`` raises on a non-ASCII ``str`` (a 500 for anyone who sends one), so
    both sides are compared as UTF-8 bytes.
    """
    return secrets.compare_digest(
        given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass")
    )


def _render(
    request: Request, state: WizardSession, page: Page, *, status_code: int = 200
) -> Response:
    context = {
        "page": page,
        "csrf": state.csrf,
        "csrf_field": CSRF_FIELD,
        "wizard_name": page.wizard_name,
    }
    return templates.TemplateResponse(request, "screen.html", context, status_code=status_code)


def _ended_page(request: Request, state: WizardSession) -> Response:
    if state.outcome == "cancelled":
        phase = _phase(state)
        command = reopen_command(state)[1] if state.phase == "configure" else ""
        return _message_page(
            request, state, phase.cancelled_title, phase.cancelled_text, command=command
        )
    answers = state.wizard.answers
    if state.phase == "install" and answers.install_dir and not answers.launch_configuration:
        later = msg.CONFIGURE_LATER.format(
            path=answers.install_dir, command=msg.CONFIGURE_COMMAND.format(path=answers.install_dir)
        )
        return _message_page(request, state, texts.ENDED_TITLE, f"{texts.ENDED_TEXT} {later}")
    return _message_page(request, state, texts.ENDED_TITLE, texts.ENDED_TEXT)


def create_wizard_app(wizard: Wizard, token: str) -> Starlette:
    """The wizard's web app; ``token`` is the one-time secret of the first URL (``/?token=``)."""
    state = WizardSession(wizard=wizard, token=token)

    async def show(request: Request) -> Response:
        if state.ended.is_set():
            return _ended_page(request, state)
        if state.busy:
            return _render(request, state, _progress_page(state))
        with state.lock:
            if wizard.current.name in wizard.actions and not state.worker_errors:
                _start_worker(state, {})
                return _render(request, state, _progress_page(state))
            errors, state.worker_errors = state.worker_errors, []
            refused, state.refused = state.refused, None
            if refused is not None:
                page = build_page(wizard, errors=refused[0], form=refused[1])
            else:
                page = build_page(wizard, errors=errors)
            state.phase = getattr(wizard.current, "phase", "install")
            state.remember()
        if page.is_progress and page.errors:
            page.can_cancel = True  # the install failed and was rolled back: let the user leave
        return _render(request, state, page)

    async def next_step(request: Request) -> Response:
        form = await _read_form(request)
        if not _csrf_ok(state, form):
            return _message_page(
                request, state, texts.FORBIDDEN_TITLE, texts.CSRF_TEXT, status_code=403
            )
        if state.ended.is_set() or state.busy:
            return RedirectResponse("/", status_code=303)
        with state.lock:
            if wizard.leads_to_action():
                _start_worker(state, form)
                return RedirectResponse("/", status_code=303)
        errors, ended = await run_in_threadpool(_locked_submit, state, form)
        if ended:
            state.finish("finished")
        elif errors:  # shown by the GET that follows: a reload never posts the form again
            state.refused = (errors, form)
        return RedirectResponse("/", status_code=303)

    async def previous_step(request: Request) -> Response:
        form = await _read_form(request)
        if not _csrf_ok(state, form):
            return _message_page(
                request, state, texts.FORBIDDEN_TITLE, texts.CSRF_TEXT, status_code=403
            )
        if not (state.ended.is_set() or state.busy):
            with state.lock:
                state.worker_errors = []
                state.refused = None
                wizard.back()
        return RedirectResponse("/", status_code=303)

    async def confirm_cancel(request: Request) -> Response:
        if state.ended.is_set() or state.busy:
            return RedirectResponse("/", status_code=303)
        _, command = reopen_command(state)
        context = {
            "csrf": state.csrf,
            "csrf_field": CSRF_FIELD,
            "texts": _phase(state),
            "explain": _phase(state).cancel_explain.format(command=command),
            "wizard_name": _phase(state).wizard,
        }
        return templates.TemplateResponse(request, "cancel.html", context)

    async def do_cancel(request: Request) -> Response:
        form = await _read_form(request)
        if not _csrf_ok(state, form):
            return _message_page(
                request, state, texts.FORBIDDEN_TITLE, texts.CSRF_TEXT, status_code=403
            )
        if not (state.ended.is_set() or state.busy):
            await run_in_threadpool(_locked_cancel, state)
            state.finish("cancelled")
        return RedirectResponse("/", status_code=303)

    async def knowledge_base(request: Request) -> Response:
        return _markdown_page(request, state, "knowledge-base.md", texts.KNOWLEDGE_BASE_TITLE)

    async def terms(request: Request) -> Response:
        return _markdown_page(request, state, "conditions.md", msg.TERMS_TITLE)

    async def reopen(request: Request) -> Response:
        """A fresh one-time token for ``ssm-connector configure --dir``; the session goes on."""
        if state.ended.is_set() or not _same(
            request.headers.get(RESUME_HEADER, ""), state.resume_key
        ):
            return PlainTextResponse("", status_code=403)
        state.token = secrets.token_urlsafe(32)
        return PlainTextResponse(state.token)

    async def progress(request: Request) -> Response:
        if state.busy:
            return templates.TemplateResponse(request, "_progress.html", {"polling": True})
        return Response(status_code=200, headers={"HX-Redirect": "/"})

    routes = [
        Route("/", show, methods=["GET"]),
        Route("/suivant", next_step, methods=["POST"]),
        Route("/precedent", previous_step, methods=["POST"]),
        Route("/annuler", confirm_cancel, methods=["GET"]),
        Route("/annuler", do_cancel, methods=["POST"]),
        Route("/-/progress", progress, methods=["GET"]),
        Route(RESUME_ROUTE, reopen, methods=["POST"]),
        Route("/brand/{name}", brand_asset, methods=["GET"]),
        Route(KNOWLEDGE_BASE_ROUTE, knowledge_base, methods=["GET"]),
        Route(TERMS_ROUTE, terms, methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.wizard_session = state
    app.add_middleware(_TokenGate, state=state)
    # Outside the token gate: a page reached by another name (DNS rebinding) is refused first.
    app.add_middleware(HostGuard, allowed=LOOPBACK_HOSTS, refuse=_refuse_host)
    app.add_middleware(SecurityHeaders)
    return app


async def brand_asset(request: Request) -> Response:
    """``brand.css`` and the mark, served from the wizard's own origin (no CDN)."""
    name = request.path_params["name"]
    if name not in brand.ASSETS:
        return PlainTextResponse("", status_code=404)
    media = "text/css" if name.endswith(".css") else "image/svg+xml"
    return Response(brand.asset(name), media_type=media)


def _markdown_page(request: Request, state: WizardSession, name: str, title: str) -> Response:
    """A page of reading rendered from the package's Markdown file ``name`` (ours, trusted)."""
    source = (HERE / name).read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(source)
    context = {"html": Markup(html), "title": title, "wizard_name": _phase(state).wizard}  # noqa: S704
    return templates.TemplateResponse(request, "reading.html", context)


def _refuse_host(scope: Scope) -> Response:
    """The 400 for a ``Host`` that is not this machine's, as an attacker's rebound name."""
    return PlainTextResponse(texts.HOST_TEXT, status_code=400)


def _locked_submit(state: WizardSession, form: Mapping[str, str]) -> tuple[list[str], bool]:
    with state.lock:
        return _submit(state.wizard, form)


def _locked_cancel(state: WizardSession) -> None:
    with state.lock:
        state.wizard.cancel()
