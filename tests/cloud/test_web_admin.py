"""The users page (« Administration », « Admin »), roles, 403s, CSRF, through the real app."""

import pytest
from sqlalchemy import select

from ssm.cloud.models import User, WebSession

from .admin_helpers import act, browser_of, instance, session_csrf, user_id, user_row
from .web_helpers import GOOD, choose_password, csrf_of, emails_to, sign_in, text

pytestmark = pytest.mark.anyio

NAV = ["Tableau de bord", "Comptes", "Contacts", "Produits", "Factures", "Devis"]


async def signed_up(app, email, role=None, manager=None):
    """Invite ``email``, let them choose ``GOOD``; optionally give them a role first."""
    rep = user_id(app, email)
    async with browser_of(app, "alice@example.fr") as admin:
        if role:
            data = {"role": role, "manager": str(manager or "")}
            await act(admin, f"/administration/utilisateurs/{rep}/role", **data)
        response = await act(admin, f"/administration/utilisateurs/{rep}/inviter")
        assert response.status_code == 303, response.text
    await choose_password(app, email)
    return rep


async def test_the_layout_shows_the_navigation_by_role(app):
    await instance(app)
    await signed_up(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        page = text(await admin.get("/"))
    for label in [*NAV, "Administration", "Courriels", "Se déconnecter", "Alice Martin"]:
        assert label in page
    assert 'href="/administration"' in page and 'href="/admin"' not in page
    async with browser_of(app, "bruno@example.fr") as rep:
        page = text(await rep.get("/"))
    for label in NAV:
        assert label in page
    assert "Administration" not in page and "Courriels" not in page
    assert "Bruno Durand" in page


async def test_a_professional_admin_gets_the_separate_admin_interface(app):
    await instance(app, plan="professional")
    async with browser_of(app, "alice@example.fr") as admin:
        home = text(await admin.get("/"))
        assert 'href="/admin"' in home and 'href="/administration"' not in home
        page = await admin.get("/admin")
        assert page.status_code == 200
        assert 'class="admin"' in page.text and "Retour à Sales Management" in text(page)
        assert "Bruno Durand" in text(page)
        assert "Espace de travail" in text(page)
        assert "Implémentation : ACME (n° " in text(page) and "offre Professional" in text(page)
        moved = await admin.get("/administration")
        assert (moved.status_code, moved.headers["location"]) == (303, "/admin")
        rep = user_id(app, "bruno@example.fr")
        done = await act(admin, f"/admin/utilisateurs/{rep}/inviter")
        assert done.headers["location"] == f"/admin?ok=invited&utilisateur={rep}"
    assert emails_to(app, "bruno@example.fr")


async def test_a_starter_admin_opening_admin_goes_to_administration(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        moved = await admin.get("/admin")
        assert (moved.status_code, moved.headers["location"]) == (303, "/administration")
        rep = user_id(app, "bruno@example.fr")
        await act(admin, f"/admin/utilisateurs/{rep}/inviter")
    assert emails_to(app, "bruno@example.fr") == []


async def test_without_a_session_pages_redirect_to_login_with_next(app):
    await instance(app)
    async with app.browser() as browser:
        for path in ("/administration", "/admin", "/courriels"):
            response = await browser.get(path)
            assert response.status_code == 303
            assert response.headers["location"] == f"/login?next={path}"
        rep = user_id(app, "bruno@example.fr")
        response = await browser.post(
            f"/administration/utilisateurs/{rep}/inviter", data={"csrf": "x"}
        )
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    assert emails_to(app, "bruno@example.fr") == []


async def test_the_list_shows_sage_reps_with_their_status(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        page = text(await admin.get("/administration"))
    assert page.count("Non invité") == 3
    for words in ("Bruno Durand", "Chloé Petit", "Denis Sansmail", "bruno@example.fr"):
        assert words in page
    assert "Actif" in page  # Alice chose her password
    assert "Utilisateurs : 4 · actifs : 1 · invités : 0 · non invités : 3 · désactivés : 0" in page
    assert "Inviter" in page and "Désactiver" in page
    await signed_up(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{user_id(app, 'chloe@example.fr')}/inviter")
        page = await admin.get("/administration")
    assert 'data-status="active"' in page.text and 'data-status="invited"' in page.text
    assert text(page).count("Non invité") == 1


@pytest.mark.parametrize("role", ["manager", "rep"])
async def test_only_admins_may_administer(app, role):
    await instance(app)
    rep = await signed_up(app, "bruno@example.fr", role=role)
    chloe = user_id(app, "chloe@example.fr")
    async with browser_of(app, "bruno@example.fr") as browser:
        for path in ("/administration", "/admin", "/courriels"):
            page = await browser.get(path)
            assert page.status_code == 403, path
            assert "Accès refusé" in text(page)
        for action in ("inviter", "desactiver", "reactiver", "resynchroniser"):
            response = await act(browser, f"/administration/utilisateurs/{chloe}/{action}")
            assert response.status_code == 403, action
        response = await act(
            browser, f"/administration/utilisateurs/{rep}/role", role="admin", manager=""
        )
        assert response.status_code == 403
    assert user_row(app, rep).role == ("manager" if role == "manager" else "user")
    assert emails_to(app, "chloe@example.fr") == []


async def test_roles_and_managers_are_editable(app):
    await instance(app)
    bruno, chloe = user_id(app, "bruno@example.fr"), user_id(app, "chloe@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        response = await act(
            admin, f"/administration/utilisateurs/{bruno}/role", role="manager", manager=""
        )
        assert response.headers["location"] == f"/administration?ok=role&utilisateur={bruno}"
        await act(
            admin, f"/administration/utilisateurs/{chloe}/role", role="rep", manager=str(bruno)
        )
        page = text(await admin.get(f"/administration?ok=role&utilisateur={chloe}"))
        assert "Le rôle de Chloé Petit est enregistré." in page
        assert (user_row(app, bruno).role, user_row(app, chloe).manager_id) == ("manager", bruno)
        # A rep cannot manage; nobody manages themselves; an admin keeps their own role.
        refused = await act(
            admin, f"/administration/utilisateurs/{bruno}/role", role="rep", manager=str(chloe)
        )
        assert refused.headers["location"] == "/administration?erreur=bad_manager"
        refused = await act(
            admin, f"/administration/utilisateurs/{bruno}/role", role="manager", manager=str(bruno)
        )
        assert refused.headers["location"] == "/administration?erreur=bad_manager"
        alice = user_id(app, "alice@example.fr")
        refused = await act(admin, f"/administration/utilisateurs/{alice}/role", role="rep")
        assert refused.headers["location"] == "/administration?erreur=own_role"
        assert "Vous ne pouvez pas retirer votre propre rôle" in text(
            await admin.get(refused.headers["location"])
        )
        refused = await act(admin, f"/administration/utilisateurs/{chloe}/role", role="boss")
        assert refused.headers["location"] == "/administration?erreur=bad_role"
        # A manager demoted leaves a team without manager, not managed by a rep.
        await act(admin, f"/administration/utilisateurs/{bruno}/role", role="rep")
    assert user_row(app, alice).role == "administrator"
    assert user_row(app, chloe).manager_id is None
    assert user_row(app, bruno).role == "user"


async def test_deactivation_blocks_login_and_ends_sessions(app):
    await instance(app)
    bruno = await signed_up(app, "bruno@example.fr")
    async with browser_of(app, "bruno@example.fr") as rep:
        assert (await rep.get("/")).status_code == 200
        async with browser_of(app, "alice@example.fr") as admin:
            response = await act(admin, f"/administration/utilisateurs/{bruno}/desactiver")
            assert response.status_code == 303
            page = text(await admin.get(response.headers["location"]))
            assert "Bruno Durand est désactivé" in page and "Réactiver" in page
        assert (await rep.get("/")).status_code == 303  # the open session is gone
    with app.db.read() as session:
        assert session.scalars(select(WebSession).where(WebSession.user_id == bruno)).all() == []
    async with app.browser() as again:
        assert (await sign_in(again, "bruno@example.fr")).status_code == 401
    async with app.browser() as forgot:  # no new link for a deactivated user either
        page = await forgot.get("/password/forgot")
        csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
        await forgot.post("/password/forgot", data={"email": "bruno@example.fr", "csrf": csrf})
    assert len(emails_to(app, "bruno@example.fr")) == 1  # the invitation only
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/reactiver")
    async with app.browser() as back:
        assert (await sign_in(back, "bruno@example.fr")).status_code == 303


async def test_an_admin_cannot_deactivate_themselves(app):
    await instance(app)
    alice = user_id(app, "alice@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        refused = await act(admin, f"/administration/utilisateurs/{alice}/desactiver")
        assert refused.headers["location"] == "/administration?erreur=own_deactivation"
        assert (await admin.get("/")).status_code == 200


@pytest.mark.parametrize("action", ["inviter", "desactiver", "resynchroniser", "role"])
async def test_forms_without_the_session_csrf_are_refused(app, action):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        path = f"/administration/utilisateurs/{bruno}/{action}"
        good = session_csrf(admin)
        altered = good[:-1] + ("1" if good[-1] == "0" else "0")
        for data in ({}, {"csrf": "forged"}, {"csrf": altered}):
            response = await admin.post(path, data={**data, "role": "manager"})
            assert response.status_code == 400
            assert "Le formulaire a expiré" in text(response)
    row = user_row(app, bruno)
    assert (row.invited, row.deactivated_at, row.role) == (False, None, "user")
    assert emails_to(app, "bruno@example.fr") == []


async def test_a_rep_without_email_cannot_be_invited(app):
    await instance(app)
    with app.db.read() as session:
        denis = session.scalars(select(User.id).where(User.ext_id == "3")).one()
    async with browser_of(app, "alice@example.fr") as admin:
        refused = await act(admin, f"/administration/utilisateurs/{denis}/inviter")
        assert refused.headers["location"] == "/administration?erreur=no_email"
        page = text(await admin.get(refused.headers["location"]))
    assert "Cet utilisateur n'a pas d'adresse e-mail" in page


async def test_english_pages(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        switched = await admin.get("/langue/en?next=/administration")
        assert (switched.status_code, switched.headers["location"]) == (303, "/administration")
        assert admin.cookies["lang"] == "en"
        page = text(await admin.get("/administration"))
        for words in ("Users", "Not invited", "Invite", "Sign out", "Dashboard", "Accounts"):
            assert words in page
        assert 'lang="en"' in page and "Non invité" not in page
        outbox = text(await admin.get("/courriels"))
        assert "E-mails" in outbox and "Recipient" in outbox
        await admin.get("/langue/fr?next=/administration")
        assert "Non invité" in text(await admin.get("/administration"))
        evil = await admin.get("/langue/en?next=//evil.example/")
        assert evil.headers["location"] == "/"


async def test_the_browser_language_is_the_default_and_french_the_fallback(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        english = await admin.get("/administration", headers={"Accept-Language": "en-GB,en;q=0.8"})
        assert "Not invited" in text(english)
        german = await admin.get("/administration", headers={"Accept-Language": "de, en;q=0.1"})
        assert "Not invited" in text(german)
        french = await admin.get("/administration", headers={"Accept-Language": "de-DE"})
        assert "Non invité" in text(french)
        refused = await admin.get("/administration", headers={"Accept-Language": "fr;q=0.2, en"})
        assert "Not invited" in text(refused)


async def test_login_goes_back_to_the_page_that_asked_for_it(app):
    await instance(app)
    async with app.browser() as browser:
        asked = await browser.get("/courriels?page=1")
        assert asked.headers["location"] == "/login?next=/courriels%3Fpage%3D1"
        form = await browser.get(asked.headers["location"])
        assert 'name="next" value="/courriels?page=1"' in form.text
        response = await browser.post(
            "/login",
            data={
                "email": "alice@example.fr",
                "password": GOOD,
                "csrf": csrf_of(form),
                "next": "/courriels?page=1",
            },
        )
        assert response.headers["location"] == "/courriels?page=1"
    async with app.browser() as browser:  # never to another site
        form = await browser.get("/login?next=//evil.example/")
        assert 'name="next"' not in form.text
        response = await browser.post(
            "/login",
            data={
                "email": "alice@example.fr",
                "password": GOOD,
                "csrf": csrf_of(form),
                "next": "https://evil.example/",
            },
        )
        assert response.headers["location"] == "/"


@pytest.mark.parametrize("action", ["inviter", "role", "desactiver", "reactiver", "resynchroniser"])
async def test_an_oversized_user_id_is_refused_not_a_server_error(app, action):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as admin:
        response = await act(admin, f"/administration/utilisateurs/{2**63}/{action}")
        assert response.status_code == 422
