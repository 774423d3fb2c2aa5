"""« Connecteur »: the connector's state, its records in error and the API key pairs.

Served under each plan's administration, as the users page is (``web/users.py``):
``/administration/connecteur`` in the app's layout (Starter) and ``/admin/connecteur`` in
the separate « Admin » layout (Professional). Admins only (a 403 page for others); every
form carries the session's ``csrf``.

« Créer une paire de clés » answers the page itself (200, ``Cache-Control: no-store``)
with the new private key: a redirect would have to carry it in its address or keep it
somewhere, and the key must exist only in that one answer. Revoking asks first
(``…/cles/{id}/revoquer`` shows what it does), then comes back (303) with ``?revoquee=``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud.dependencies import MAX_RECORD_ID, DatabaseDep, NowDep
from ssm.cloud.errors import NotFoundError
from ssm.cloud.resources import RESOURCES
from ssm.cloud.services import api_keys, connector_state
from ssm.cloud.services.api_keys import NewKeyPair
from ssm.cloud.services.web_sessions import WebUser
from ssm.cloud.web.auth import AdminUser, CheckedForm, WebPageError, render_app
from ssm.cloud.web.users import PLAN_BASE, to_own_plan

#: A key pair's id in a page address, bounded like the API's record ids (never a 500).
KeyId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]

PAGE = "/connecteur"
_LAYOUTS = {"starter": "_app.html", "professional": "_admin.html"}
_RECORD_PAGES = {declared.name: declared.page for declared in RESOURCES if declared.page}


def make_router(plan: str) -> APIRouter:
    """The « Connecteur » page and its forms under ``plan``'s administration."""
    base = PLAN_BASE[plan] + PAGE
    router = APIRouter(tags=["pages"])

    def page(
        request: Request,
        admin: WebUser,
        db: DatabaseDep,
        now: NowDep,
        *,
        new_pair: NewKeyPair | None = None,
        revoked: int | None = None,
    ) -> HTMLResponse:
        return render_app(
            request,
            admin,
            "connector.html",
            title_key="connector.title",
            layout=_LAYOUTS[plan],
            base=base,
            state=connector_state.connector_state(db, admin.instance_id, now=now),
            max_errors=connector_state.MAX_ERRORS_SHOWN,
            record_pages=_RECORD_PAGES,
            pairs=api_keys.list_key_pairs(db, admin.instance_id),
            new_pair=new_pair,
            revoked=revoked,
        )

    @router.get(base, response_class=HTMLResponse, name=f"connector_page{base}")
    def connector_page(
        request: Request,
        admin: AdminUser,
        db: DatabaseDep,
        now: NowDep,
        revoquee: str = "",
    ) -> Response:
        """The connector's state, its records in error and the instance's key pairs."""
        if (redirect := to_own_plan(admin, plan, PAGE)) is not None:
            return redirect
        revoked = int(revoquee) if revoquee.isdigit() and len(revoquee) < 10 else None
        return page(request, admin, db, now, revoked=revoked)

    @router.post(f"{base}/cles", response_class=HTMLResponse, name=f"create_key{base}")
    def create_key(
        request: Request, admin: AdminUser, form: CheckedForm, db: DatabaseDep, now: NowDep
    ) -> Response:
        """Make a new pair and show its private key, in this answer only."""
        if (redirect := to_own_plan(admin, plan, PAGE)) is not None:
            return redirect
        new_pair = api_keys.create_key_pair(db, admin.instance_id, now=now)
        response = page(request, admin, db, now, new_pair=new_pair)
        response.headers["Cache-Control"] = "no-store"
        return response

    def pair_of(admin: WebUser, db: DatabaseDep, key_id: int) -> api_keys.KeyPair:
        try:
            return api_keys.get_key_pair(db, admin.instance_id, key_id)
        except NotFoundError:
            raise WebPageError(admin, 404, "not_found") from None

    @router.get(f"{base}/cles/{{key_id}}/revoquer", response_class=HTMLResponse)
    def confirm_revoke(
        request: Request, key_id: KeyId, admin: AdminUser, db: DatabaseDep
    ) -> Response:
        """Ask before revoking: what the pair is, what revoking it stops."""
        if (redirect := to_own_plan(admin, plan, PAGE)) is not None:
            return redirect
        return render_app(
            request,
            admin,
            "connector_revoke.html",
            title_key="connector.revoke_title",
            layout=_LAYOUTS[plan],
            base=base,
            pair=pair_of(admin, db, key_id),
        )

    @router.post(f"{base}/cles/{{key_id}}/revoquer", name=f"revoke_key{base}")
    def revoke_key(
        key_id: KeyId, admin: AdminUser, form: CheckedForm, db: DatabaseDep, now: NowDep
    ) -> Response:
        """Revoke the pair: its logins and its open sessions fail from now on."""
        if (redirect := to_own_plan(admin, plan, PAGE)) is not None:
            return redirect
        try:
            api_keys.revoke_key_pair(db, admin.instance_id, key_id, now=now)
        except NotFoundError:
            raise WebPageError(admin, 404, "not_found") from None
        return RedirectResponse(f"{base}?revoquee={key_id}", status_code=303)

    return router


starter_router = make_router("starter")
"""« Administration » → « Connecteur » (Starter)."""

professional_router = make_router("professional")
"""« Admin » → « Connecteur » (Professional)."""
