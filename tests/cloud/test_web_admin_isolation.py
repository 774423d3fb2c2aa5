"""Tenant isolation of the administration: instance A's admin never sees nor touches B's users."""

import pytest
from sqlalchemy import select

from ssm.cloud.models import ResyncRequest, User

from .admin_helpers import act, browser_of, instance, user_id, user_row
from .web_helpers import emails_to, text

pytestmark = pytest.mark.anyio

B_REPS = [{"extId": "1", "firstName": "Yves", "lastName": "Beta", "email": "yves@beta.fr"}]
ACTIONS = ["inviter", "desactiver", "reactiver", "resynchroniser", "role"]


def snapshot(app, instance_id):
    with app.db.read() as session:
        users = session.scalars(select(User).where(User.instance_id == instance_id)).all()
        return [
            (u.id, u.role, u.manager_id, u.invited, u.deactivated_at, u.password_hash)
            for u in users
        ]


async def test_an_admin_cannot_see_or_act_on_another_instances_users(app):
    a = await instance(app, company="Alpha SA")
    b = await instance(app, company="Beta SARL", email="zoe@beta.fr", reps=B_REPS)
    b_ids = [user_id(app, "zoe@beta.fr"), user_id(app, "yves@beta.fr")]
    a_bruno = user_id(app, "bruno@example.fr")
    before = snapshot(app, b.instance_id)
    async with browser_of(app, "alice@example.fr") as admin:
        for path in ("/administration", "/courriels", "/"):
            page = text(await admin.get(path))
            assert "Beta" not in page and "yves@beta.fr" not in page and "zoe@" not in page
        for b_id in b_ids:
            shown = text(await admin.get(f"/administration?ok=invited&utilisateur={b_id}"))
            assert "Yves" not in shown and "Invitation envoyée" not in shown
            for action in ACTIONS:
                response = await act(
                    admin,
                    f"/administration/utilisateurs/{b_id}/{action}",
                    role="rep",
                    manager="",
                )
                assert response.status_code == 404, (b_id, action)
                assert "n'appartient pas à votre instance" in text(response)
        # B's user as the manager of A's rep: refused too.
        response = await act(
            admin, f"/administration/utilisateurs/{a_bruno}/role", role="rep", manager=b_ids[0]
        )
        assert response.status_code == 404
    assert user_row(app, a_bruno).manager_id is None
    assert snapshot(app, b.instance_id) == before
    assert emails_to(app, "yves@beta.fr") == []
    with app.db.read() as session:
        assert session.scalars(select(ResyncRequest)).all() == []
    assert a.instance_id != b.instance_id


async def test_resync_requests_belong_to_their_instance(app):
    a = await instance(app, company="Alpha SA")
    b = await instance(app, company="Beta SARL", email="zoe@beta.fr", reps=B_REPS)
    yves = user_id(app, "yves@beta.fr")
    async with browser_of(app, "zoe@beta.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{yves}/inviter")
        await act(admin, f"/administration/utilisateurs/{yves}/resynchroniser")
    [request] = (await app.client.get("/api/v4/integration/requests", headers=b.headers)).json()
    assert (await app.client.get("/api/v4/integration/requests", headers=a.headers)).json() == []
    stolen = await app.client.post(
        f"/api/v4/integration/requests/{request['id']}/done",
        json={"status": "failed"},
        headers=a.headers,
    )
    assert stolen.status_code == 404
    [still] = (await app.client.get("/api/v4/integration/requests", headers=b.headers)).json()
    assert still["status"] == "pending"


async def test_the_outbox_page_shows_only_the_instances_mail(app):
    await instance(app, company="Alpha SA")
    await instance(app, company="Beta SARL", email="zoe@beta.fr", reps=B_REPS)
    async with browser_of(app, "alice@example.fr") as admin:
        page = text(await admin.get("/courriels"))
    assert "alice@example.fr" in page and "zoe@beta.fr" not in page
