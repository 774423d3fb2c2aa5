"""The application factory: ``create_app(settings)`` and the service's URL map.

``ROUTERS`` is the readable list of every URL family the service serves; each router's code
lives in its own module under ``api/``, and the bulk routes of the synced resources come from
their declarations (``ssm.cloud.resources``), as do their OpenAPI tags. The factory opens
the database and brings its schema to the head revision (Alembic migrations) at once, so an
app is ready to answer as soon as it exists (also under ``httpx.ASGITransport``, which runs
no lifespan); the lifespan only disposes of the engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

import ssm
from ssm.cloud.api import (
    accounts,
    activation,
    changes,
    contacts,
    integration,
    invoices,
    login,
    outbox,
    quotes,
    resync,
    sync_errors,
    system,
)
from ssm.cloud.api.bulk import resource_routers
from ssm.cloud.api.error_responses import install_error_handlers
from ssm.cloud.body_limits import BodyLimitMiddleware, BodyLimits
from ssm.cloud.db import Database
from ssm.cloud.hosts import allowed_hosts, refuse_host
from ssm.cloud.resources import EXTENSION, RESOURCES, ResourceDeclaration
from ssm.cloud.settings import CloudSettings
from ssm.cloud.web import (
    admin,
    api_docs,
    assets,
    connector_page,
    crm_forms,
    home,
    language,
    passwords,
    profile,
    record_pages,
)
from ssm.cloud.web import login as web_login
from ssm.cloud.web import outbox as web_outbox
from ssm.cloud.web import quotes as web_quotes
from ssm.cloud.web import users as web_users
from ssm.cloud.web.auth import install_web_handlers
from ssm.cloud.web.not_found import not_found_page
from ssm.http_guards import HostGuard, SecurityHeaders


def routers(resources: tuple[ResourceDeclaration, ...] = RESOURCES) -> tuple[APIRouter, ...]:
    """Every router of the service, in URL-map order, with ``resources`` as synced ones."""
    return (
        system.router,  #      GET  /-/health, /-/version
        assets.router,  #      GET  /-/static/{version}/{name} (brand.css, app.css), /favicon.ico
        login.router,  #       POST /api/v4/login
        activation.router,  #  POST /api/v4/activation
        *resource_routers(resources),  # each /api/v4/{name}: GET, POST upsert, POST delete,
        #                                GET {id} (users, accounts, contacts, products, invoices,
        #                                quotes)
        accounts.router,  #    /api/v4/accounts: POST (one), PUT {id}, PUT {id}/extId
        contacts.router,  #    /api/v4/contacts: POST (one), PUT, DELETE (403) {id}, PUT {id}/extId
        changes.router,  #     GET  /api/v4/changes?after= (the CRM's change feed)
        invoices.router,  #    GET /api/v4/invoices/lines/count
        quotes.router,  #      /api/v4/quotes: POST (one), PUT {id}, POST {id}/sync,
        #                      PUT {id}/prices, {id}/refusal, {id}/extId (issue 16)
        integration.router,  # PUT /api/v4/integration/heartbeat, GET /api/v4/integration,
        #                      GET, PUT /api/v4/integration/company
        sync_errors.router,  # PUT /api/v4/integration/errors (refused records)
        resync.router,  #      GET /api/v4/integration/requests, POST …/{id}/done
        outbox.router,  #      GET  /api/v4/outbox
        passwords.router,  #   GET, POST /password/forgot, /password/{token} (HTML)
        web_login.router,  #   GET, POST /login, POST /logout (HTML)
        home.router,  #        GET  / (HTML, « Tableau de bord »: web/dashboard.py)
        crm_forms.router,  #   GET, POST /comptes/nouveau, /comptes/{id}/modifier,
        #                      …/contacts/nouveau, /contacts/{id}/modifier, POST …/supprimer
        #                      (HTML; before record_pages, whose /comptes/{id} would take them)
        web_quotes.router,  #  GET, POST /devis/nouveau, /devis/{id}/modifier,
        #                      POST /devis/{id}/synchroniser (HTML; before record_pages too)
        record_pages.router,  # GET  /comptes, /contacts, /produits, /factures, /devis [/{id}]
        language.router,  #    GET  /langue/{fr|en}?next= (the ``lang`` cookie)
        web_users.router,  #   GET /administration, POST …/utilisateurs/{id}/{action} (Starter)
        admin.router,  #       GET /admin, POST …/utilisateurs/{id}/{action} (Professional)
        connector_page.starter_router,  # GET /administration/connecteur, POST …/cles,
        #                      GET, POST …/cles/{id}/revoquer (« Connecteur », Starter)
        connector_page.professional_router,  # the same under /admin/connecteur (Professional)
        web_outbox.router,  #  GET  /courriels (« Courriels », the mail outbox page)
        profile.router,  #     GET /profil, POST /profil/mot-de-passe (« Mon profil »)
        api_docs.router,  #    GET /docs (Swagger UI, no CDN), GET /-/swagger-ui/{name}
    )


ROUTERS: tuple[APIRouter, ...] = routers()
"""Every router of the service, in URL-map order."""


def openapi_tags(resources: tuple[ResourceDeclaration, ...] = RESOURCES) -> list[dict[str, str]]:
    """The OpenAPI tags: authentication, one per served resource, then ours."""
    return [
        {"name": "authentication", "description": "Session login with an API key pair (as v4)."},
        *(
            {"name": declared.name, "description": declared.description}
            for declared in resources
            if declared.service is not None
        ),
        {"name": "activation", "description": f"Activation of a new instance. {EXTENSION}"},
        {
            "name": "extensions",
            "description": "Bulk upsert and delete by extId, connector heartbeat, Sage company. "
            + EXTENSION,
        },
        {"name": "system", "description": f"Health and version, under /-/. {EXTENSION}"},
        {"name": "pages", "description": f"HTML pages for people (login, passwords). {EXTENSION}"},
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


class PagesGZip:
    """The pages, their CSS and scripts leave gzip-compressed when the browser accepts it.

    The API (``/api/``) is left as it was: its answers are the connector's hot path, where
    compressing every bulk answer costs the service CPU for bytes that mostly cross loopback
    or a LAN. Under 500 bytes gzip saves nothing.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=500)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Through gzip unless the request is the API's."""
        compress = scope["type"] == "http" and not scope["path"].startswith("/api/")
        await (self.gzip if compress else self.app)(scope, receive, send)


def create_app(
    settings: CloudSettings | None = None, resources: tuple[ResourceDeclaration, ...] = RESOURCES
) -> FastAPI:
    """Build the service for ``settings`` (default: from the environment).

    ``resources`` are the synced resources it serves: the declared ones, or more in a test.

    Raises:
        DatabaseError: the database cannot be opened or its schema migrated.
    """
    settings = settings or CloudSettings()
    database = Database.migrated(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = FastAPI(
        title="Sales Management API",
        version=ssm.__version__,
        description=DESCRIPTION,
        openapi_tags=openapi_tags(resources),
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load from a CDN: web/api_docs.py serves /docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    install_error_handlers(app, not_found_page)
    install_web_handlers(app)
    for router in routers(resources):
        app.include_router(router)
    app.add_middleware(PagesGZip)
    app.add_middleware(BodyLimitMiddleware, limits=BodyLimits.from_settings(settings))
    app.add_middleware(HostGuard, allowed=allowed_hosts(settings), refuse=refuse_host)
    app.add_middleware(SecurityHeaders)  # outermost: on every refusal too
    return app
