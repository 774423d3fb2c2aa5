"""The users page: list, roles and managers, « Inviter », « Désactiver », « Resynchroniser ».

One set of handlers serves two interfaces, as the real product does: « Administration »
(``/administration``, inside the app's layout) on the Starter plan and « Admin »
(``/admin``, a separate interface with its own layout) on Professional. ``make_router``
builds each; an administrator who opens the other plan's address is sent to theirs.
Admins only (403 page for others); every form carries the session's ``csrf``; a user id of
another instance is a 404 page, whatever the form.

Each form posts to ``{base}/utilisateurs/{id}/{action}`` and comes back (303) to ``{base}``
with ``?ok=<what>&utilisateur=<id>`` or ``?erreur=<why>``, which the page shows in the
administrator's language.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ssm.cloud.dependencies import (
    MAX_RECORD_ID,
    DatabaseDep,
    NowDep,
    SettingsDep,
    WelcomeDep,
)
from ssm.cloud.services import invitations, mail, rate_limits, resync, user_admin
from ssm.cloud.services.user_admin import STATUSES, UserAdminError
from ssm.cloud.services.web_sessions import ROLES, WebUser
from ssm.cloud.web.auth import AdminUser, CheckedForm, WebPageError, render_app

#: A user id in a page address, bounded like the API's record ids (never a 500).
UserId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]

_OK = ("invited", "role", "deactivated", "reactivated", "resync")
_ERRORS = (
    "no_email",
    "deactivated",
    "bad_role",
    "bad_manager",
    "own_role",
    "own_deactivation",
    "invitations_limited",
)
PLAN_BASE = {"starter": "/administration", "professional": "/admin"}
"""Where each plan's administration lives (the « Connecteur » page sits under it too)."""


def _back(base: str, **query: str | int) -> RedirectResponse:
    suffix = "&".join(f"{name}={value}" for name, value in query.items())
    return RedirectResponse(f"{base}?{suffix}" if suffix else base, status_code=303)


def _refused(admin: WebUser, base: str, error: UserAdminError) -> Response:
    if error.key == "not_found":
        raise WebPageError(admin, 404, "not_found")
    return _back(base, erreur=error.key)


def _optional_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def to_own_plan(admin: WebUser, plan: str, page: str = "") -> Response | None:
    """None for an admin on ``plan``; else a 303 to ``page`` under their own plan's base."""
    if admin.plan == plan:
        return None
    return RedirectResponse(PLAN_BASE.get(admin.plan, "/administration") + page, status_code=303)


def make_router(base: str, plan: str, template: str) -> APIRouter:
    """The users page and its forms under ``base``, for admins of instances on ``plan``."""
    router = APIRouter(tags=["pages"])

    def other_plan(admin: WebUser) -> Response | None:
        return to_own_plan(admin, plan)

    @router.get(base, response_class=HTMLResponse, name=f"users_page{base}")
    def users_page(
        request: Request,
        admin: AdminUser,
        db: DatabaseDep,
        ok: str | None = None,
        utilisateur: str = "",
        erreur: str | None = None,
    ) -> Response:
        """The users of the admin's instance with their role, manager, status and actions."""
        if (redirect := other_plan(admin)) is not None:
            return redirect
        users = user_admin.list_users(db, admin.instance_id)
        subject = next((u for u in users if str(u.id) == utilisateur), None)
        return render_app(
            request,
            admin,
            template,
            title_key="users.title",
            base=base,
            users=users,
            counts={status: sum(u.status == status for u in users) for status in STATUSES},
            roles=ROLES,
            managers=[u for u in users if u.role in ("admin", "manager")],
            names={u.id: u.name for u in users},
            resyncs=resync.latest_by_user(db, admin.instance_id),
            ok=ok if ok in _OK and subject is not None else None,
            subject=subject,
            error=erreur if erreur in _ERRORS else None,
        )

    @router.post(f"{base}/utilisateurs/{{user_id}}/inviter", name=f"invite{base}")
    def invite(
        user_id: UserId,
        admin: AdminUser,
        form: CheckedForm,
        db: DatabaseDep,
        now: NowDep,
        links: WelcomeDep,
        settings: SettingsDep,
        background: BackgroundTasks,
    ) -> Response:
        """Send the invitation e-mail with a new single-use link (rate-limited)."""
        if (redirect := other_plan(admin)) is not None:
            return redirect
        try:
            limits = rate_limits.RateLimits.from_settings(settings)
            pending = invitations.invite(db, admin, user_id, now=now, links=links, limits=limits)
        except UserAdminError as error:
            return _refused(admin, base, error)
        background.add_task(mail.deliver, db, links.mailer, pending.row, body=pending.body, now=now)
        return _back(base, ok="invited", utilisateur=user_id)

    @router.post(f"{base}/utilisateurs/{{user_id}}/role", name=f"role{base}")
    def change_role(
        user_id: UserId, admin: AdminUser, form: CheckedForm, db: DatabaseDep
    ) -> Response:
        """Save the role (admin, manager, rep) and the manager."""
        if (redirect := other_plan(admin)) is not None:
            return redirect
        try:
            user_admin.set_role(
                db,
                admin.instance_id,
                actor_id=admin.user_id,
                user_id=user_id,
                role=form.get("role", ""),
                manager_id=_optional_id(form.get("manager", "")),
            )
        except UserAdminError as error:
            return _refused(admin, base, error)
        return _back(base, ok="role", utilisateur=user_id)

    def _set_deactivated(
        user_id: UserId, admin: WebUser, db: DatabaseDep, now: NowDep, deactivated: bool
    ) -> Response:
        if (redirect := other_plan(admin)) is not None:
            return redirect
        try:
            user_admin.set_deactivated(
                db,
                admin.instance_id,
                actor_id=admin.user_id,
                user_id=user_id,
                deactivated=deactivated,
                now=now,
            )
        except UserAdminError as error:
            return _refused(admin, base, error)
        return _back(base, ok="deactivated" if deactivated else "reactivated", utilisateur=user_id)

    @router.post(f"{base}/utilisateurs/{{user_id}}/desactiver", name=f"deactivate{base}")
    def deactivate(
        user_id: UserId, admin: AdminUser, form: CheckedForm, db: DatabaseDep, now: NowDep
    ) -> Response:
        """Refuse the user's sign-in from now on and end their sessions."""
        return _set_deactivated(user_id, admin, db, now, True)

    @router.post(f"{base}/utilisateurs/{{user_id}}/reactiver", name=f"reactivate{base}")
    def reactivate(
        user_id: UserId, admin: AdminUser, form: CheckedForm, db: DatabaseDep, now: NowDep
    ) -> Response:
        """Let the user sign in again."""
        return _set_deactivated(user_id, admin, db, now, False)

    @router.post(f"{base}/utilisateurs/{{user_id}}/resynchroniser", name=f"resync{base}")
    def request_resync(
        user_id: UserId, admin: AdminUser, form: CheckedForm, db: DatabaseDep, now: NowDep
    ) -> Response:
        """Ask the connector to resend the user's accounts, invoices and quotes."""
        if (redirect := other_plan(admin)) is not None:
            return redirect
        try:
            resync.request_resync(db, admin, user_id, now=now)
        except UserAdminError as error:
            return _refused(admin, base, error)
        return _back(base, ok="resync", utilisateur=user_id)

    return router


router = make_router("/administration", "starter", "users.html")
"""« Administration » (Starter): the users page inside the app's layout."""
