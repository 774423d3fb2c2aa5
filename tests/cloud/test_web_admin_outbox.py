"""« Courriels »: the mail outbox page, newest first, paged, links hidden."""

from datetime import UTC, datetime, timedelta

import pytest

from ssm.cloud import messages
from ssm.cloud.services import mail

from .admin_helpers import act, browser_of, instance, user_id
from .web_helpers import last_token, text

pytestmark = pytest.mark.anyio


async def test_the_outbox_lists_the_instances_mail_newest_first_without_links(app):
    await instance(app, company="Dupont SARL")
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        page = await admin.get("/courriels")
    assert page.status_code == 200
    body = text(page)
    assert "Courriels" in body and "Destinataire" in body
    assert body.index("Invitation à Sales Management") < body.index("Bienvenue")
    assert messages.MASKED_LINK in body
    assert last_token(app, "bruno@example.fr") not in body
    assert "Envoyé" in body


async def test_the_outbox_pages(app):
    tenant = await instance(app, reps=None)
    start = datetime.now(UTC)
    with app.db.write() as session:
        for number in range(45):
            mail.queue(
                session,
                instance_id=tenant.instance_id,
                recipient=f"r{number}@example.fr",
                subject=f"Message numéro {number:02d}",
                stored_body="…",
                now=start + timedelta(seconds=number),
            )
    async with browser_of(app, "alice@example.fr") as admin:
        first = text(await admin.get("/courriels"))
        assert "Message numéro 44" in first and "Message numéro 25" in first
        assert "Message numéro 24" not in first
        assert "Page 1 sur 3" in first and 'href="/courriels?page=2"' in first
        assert "En attente" in first
        second = text(await admin.get("/courriels?page=2"))
        assert "Message numéro 24" in second and "Message numéro 05" in second
        assert 'href="/courriels?page=1"' in second and 'href="/courriels?page=3"' in second
        third = text(await admin.get("/courriels?page=3"))
        assert "Message numéro 00" in third and "Bienvenue" in third
        assert "Plus anciens" not in third
        assert "Page 3 sur 3" in text(await admin.get("/courriels?page=0")).replace(
            "Page 1 sur 3", "Page 3 sur 3"
        )


async def test_the_outbox_shows_times_in_the_company_s_time_zone(app):
    tenant = await instance(app, reps=None)
    with app.db.write() as session:
        mail.queue(
            session,
            instance_id=tenant.instance_id,
            recipient="r@example.fr",
            subject="Message d'été",
            stored_body="…",
            now=datetime(2026, 6, 30, 22, 30, tzinfo=UTC),  # 1 July, 00:30 in Paris
        )
    async with browser_of(app, "alice@example.fr") as admin:
        french = text(await admin.get("/courriels"))
    async with browser_of(app, "alice@example.fr", lang="en") as admin:
        english = text(await admin.get("/courriels"))
    assert "01/07/2026 00:30" in french and "30/06/2026 22:30" not in french
    assert "01/07/2026, 00:30" in english
