"""``visible_owner_ids``: what each role sees, through users made by the real web app."""

import pytest

from ssm.cloud.services import web_sessions
from ssm.cloud.services.visibility import visible_owner_ids

from .admin_helpers import act, browser_of, instance, user_id

pytestmark = pytest.mark.anyio

MORE = [
    {"extId": "4", "firstName": "Emma", "lastName": "Roux", "email": "emma@example.fr"},
]


def web_user(app, email) -> web_sessions.WebUser:
    """The ``WebUser`` a session of ``email`` would give."""
    from sqlalchemy import select

    from ssm.cloud.models import Instance, User

    with app.db.read() as session:
        row = session.execute(
            select(User, Instance)
            .join(Instance, Instance.id == User.instance_id)
            .where(User.email == email)
        ).one()
        user, inst = row
        return web_sessions.WebUser(
            user_id=user.id,
            instance_id=user.instance_id,
            first_name=user.first_name or "",
            company_name=inst.name,
            role=web_sessions.web_role(user.role),
            email=user.email or "",
            plan=inst.plan,
        )


async def test_each_role_sees_its_owners(app):
    tenant = await instance(app)
    await app.client.post("/api/v4/users/upsert", json=MORE, headers=tenant.headers)
    bruno, chloe, emma = (user_id(app, f"{name}@example.fr") for name in ("bruno", "chloe", "emma"))
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/role", role="manager")
        for rep in (chloe, emma):
            await act(
                admin, f"/administration/utilisateurs/{rep}/role", role="rep", manager=str(bruno)
            )
        await act(admin, f"/administration/utilisateurs/{emma}/role", role="rep", manager="")
    with app.db.read() as session:
        assert visible_owner_ids(session, web_user(app, "alice@example.fr")) is None
        assert visible_owner_ids(session, web_user(app, "bruno@example.fr")) == {bruno, chloe}
        assert visible_owner_ids(session, web_user(app, "chloe@example.fr")) == {chloe}
        assert visible_owner_ids(session, web_user(app, "emma@example.fr")) == {emma}


async def test_a_manager_never_sees_another_instance(app):
    await instance(app, company="Alpha")
    other = await instance(app, company="Beta", email="zoe@beta.fr", reps=None)
    bruno = user_id(app, "bruno@example.fr")
    # A manager_id pointing across instances cannot be set through the page...
    zoe = user_id(app, "zoe@beta.fr")
    async with browser_of(app, "zoe@beta.fr") as admin:
        response = await act(
            admin, f"/administration/utilisateurs/{zoe}/role", role="admin", manager=str(bruno)
        )
        assert response.status_code == 404
    with app.db.read() as session:
        visible = visible_owner_ids(session, web_user(app, "bruno@example.fr"))
    assert visible == {bruno} and other.instance_id != web_user(app, "bruno@example.fr").instance_id
