"""The application factory: ``create_app(settings)`` and the service's URL map.

``ROUTERS`` is the readable list of every URL family the service serves; each router's code
lives in its own module under ``api/``. The factory opens the database and brings its schema
to the head revision (Alembic migrations) at once, so an app is ready to answer as soon as it
exists (also under ``httpx.ASGITransport``, which runs no lifespan); the lifespan only
disposes of the engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

import ssm
from ssm.cloud._body_limits import BodyLimitMiddleware, BodyLimits
from ssm.cloud._db import Database
from ssm.cloud._hosts import allowed_hosts, refuse_host
from ssm.cloud.api import (
    accounts,
    activation,
    contacts,
    integration,
    invoices,
    login,
    outbox,
    products,
    resync,
    sync_errors,
    system,
    users,
)
from ssm.cloud.api._errors import install_error_handlers
from ssm.cloud.settings import CloudSettings
from ssm.cloud.web import admin, api_docs, home, language, passwords, profile
from ssm.cloud.web import login as web_login
from ssm.cloud.web import outbox as web_outbox
from ssm.cloud.web import records as web_records
from ssm.cloud.web import users as web_users
from ssm.cloud.web._auth import install_web_handlers
from ssm.http_guards import HostGuard, SecurityHeaders

ROUTERS: tuple[APIRouter, ...] = (
    system.router,  #      GET  /-/health, /-/version
    login.router,  #       POST /api/v4/login
    activation.router,  #  POST /api/v4/activation
    users.router,  #       /api/v4/users: GET, POST upsert, POST delete, GET {id}
    accounts.router,  #    /api/v4/accounts: same, plus POST (one) and PUT {id}
    contacts.router,  #    /api/v4/contacts: GET, POST upsert, POST delete, GET {id}
    products.router,  #    /api/v4/products: same
    invoices.router,  #    /api/v4/invoices: same, plus GET lines/count
    integration.router,  # PUT /api/v4/integration/heartbeat, GET /api/v4/integration,
    #                      GET, PUT /api/v4/integration/company
    sync_errors.router,  # PUT /api/v4/integration/errors (refused records)
    resync.router,  #      GET /api/v4/integration/requests, POST …/{id}/done
    outbox.router,  #      GET  /api/v4/outbox
    passwords.router,  #   GET, POST /password/forgot, /password/{token} (HTML)
    web_login.router,  #   GET, POST /login, POST /logout (HTML)
    home.router,  #        GET  / (HTML, « Tableau de bord »: web/dashboard.py)
    web_records.router,  # GET  /comptes, /contacts, /produits, /factures, /devis [/{id}] (HTML)
    language.router,  #    GET  /langue/{fr|en}?next= (the ``lang`` cookie)
    web_users.router,  #   GET /administration, POST …/utilisateurs/{id}/{action} (Starter)
    admin.router,  #       GET /admin, POST …/utilisateurs/{id}/{action} (Professional)
    web_outbox.router,  #  GET  /courriels (« Courriels », the mail outbox page)
    profile.router,  #     GET /profil, POST /profil/mot-de-passe (« Mon profil »)
    api_docs.router,  #    GET /docs (Swagger UI, no CDN), GET /-/swagger-ui/{name}
)
"""Every router of the service, in URL-map order."""

_EXTENSION = "**Extension**: not part of the real Sales Management API v4."

OPENAPI_TAGS: list[dict[str, str]] = [
    {"name": "authentication", "description": "Session login with an API key pair (as v4)."},
    {"name": "users", "description": "Users: the Sage sales reps (as v4)."},
    {"name": "accounts", "description": "Customer and prospect companies (as v4)."},
    {"name": "contacts", "description": "People at accounts (as v4)."},
    {"name": "products", "description": "Articles with price and stock (as v4)."},
    {"name": "invoices", "description": f"Invoices and credit notes with lines. {_EXTENSION}"},
    {"name": "activation", "description": f"Activation of a new instance. {_EXTENSION}"},
    {
        "name": "extensions",
        "description": "Bulk upsert and delete by extId, connector heartbeat, Sage company. "
        + _EXTENSION,
    },
    {"name": "system", "description": f"Health and version, under /-/. {_EXTENSION}"},
    {"name": "pages", "description": f"HTML pages for people (login, passwords). {_EXTENSION}"},
]

DESCRIPTION = """\
The Sales Management service: a multi-tenant CRM API modelled on the Sales Management
(ex-ForceManager) REST API v4.

Log in with `POST /api/v4/login` and send the token as `X-Session-Key`. Lists page with
`page` (from 0) and the `X-FM-Entity-Count` header. Every error is JSON
`{"code": ..., "message": ...}`. Operations tagged *extensions* are ours.
"""


def get_database(app: FastAPI) -> Database:
    """The database an app built by ``create_app`` uses (tests dispose of it)."""
    database = app.state.database
    assert isinstance(database, Database)
    return database


def create_app(settings: CloudSettings | None = None) -> FastAPI:
    """Build the service for ``settings`` (default: from the environment).

    Raises:
        DatabaseError: the database cannot be opened or its schema migrated.
    """
    settings = settings or CloudSettings()
    database = Database.from_settings(settings)
    try:
        database.create_schema()
    except BaseException:
        database.dispose()
        raise

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = FastAPI(
        title="Sales Management API",
        version=ssm.__version__,
        description=DESCRIPTION,
        openapi_tags=OPENAPI_TAGS,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN: web/api_docs.py serves /docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    install_error_handlers(app)
    install_web_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(BodyLimitMiddleware, limits=BodyLimits.from_settings(settings))
    app.add_middleware(HostGuard, allowed=allowed_hosts(settings), refuse=refuse_host)
    app.add_middleware(SecurityHeaders)  # outermost: on every refusal too
    return app
