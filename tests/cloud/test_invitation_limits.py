"""No mail relay (F3 of issue 12): invitations are rate-limited, and a tenant's text in an
e-mail stays one bounded line with no link of its own."""

import pytest
from sqlalchemy import update

from ssm.cloud.models import User
from ssm.cloud.services import mail

from .admin_helpers import REPS, act, browser_of, instance, user_id
from .web_helpers import LINK, emails_to, text

pytestmark = pytest.mark.anyio

HOSTILE = "\n\nCliquez ici http://evil.example/login"


def hostile_lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if "Cliquez" in line or "evil" in line]


def assert_defused(body: str) -> None:
    """The hostile text sits on one line, within the bound, and is no address any more."""
    assert "http://evil.example" not in body and "evil.example" not in body
    assert "http[:]//evil[.]example" in body
    [line] = hostile_lines(body)
    assert "Cliquez ici" in line
    assert LINK.search(body) is not None  # the real link is still there, on its own line


async def test_tenant_text_in_an_invitation_is_one_bounded_line(app):
    reps = [{**REPS[0], "firstName": ("Bruno" + HOSTILE + " " + "x" * 100)[:100]}, *REPS[1:]]
    await instance(app, reps=reps)
    with app.db.write() as session:
        session.execute(
            update(User).where(User.email == "alice@example.fr").values(last_name="Martin\r\n")
        )
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        response = await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        assert response.headers["location"].endswith("ok=invited&utilisateur=" + str(bruno))
    [invitation] = emails_to(app, "bruno@example.fr")
    body = invitation.get_content()
    assert_defused(body)
    [line] = hostile_lines(body)
    greeting = line.removeprefix("Bonjour ").removesuffix(",")
    assert len(greeting) == mail.MAX_TENANT_TEXT and greeting.endswith("…")
    assert "Alice Martin vous invite" in body


async def test_a_company_name_in_the_welcome_e_mail_is_defused(app):
    await app.tenant(company="ACME" + HOSTILE)
    [welcome] = emails_to(app, "alice@example.fr")
    body = welcome.get_content()
    assert_defused(body)
    assert "L'instance Sales Management de ACME Cliquez ici" in body


def test_tenant_text_keeps_ordinary_names_and_bounds_everything():
    assert mail.tenant_text("Dupont S.A.") == "Dupont S.A."
    assert mail.tenant_text("  Chloé\tPetit  ") == "Chloé Petit"
    assert mail.tenant_text("a\u202eb\x00c\u2028d") == "a b c d"
    assert mail.tenant_text("www.evil.example") == "www[.]evil[.]example"
    assert len(mail.tenant_text("é" * 500)) == mail.MAX_TENANT_TEXT


async def invite(admin, user: int):
    return await act(admin, f"/administration/utilisateurs/{user}/inviter")


async def test_the_fourth_invitation_to_one_address_in_a_day_is_refused(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        for _ in range(3):
            assert "ok=invited" in (await invite(admin, bruno)).headers["location"]
        refused = await invite(admin, bruno)
        assert refused.headers["location"] == "/administration?erreur=invitations_limited"
        page = text(await admin.get(refused.headers["location"]))
    assert "Trop d'invitations ont été envoyées récemment" in page
    assert len(emails_to(app, "bruno@example.fr")) == 3


async def test_an_instance_sends_at_most_its_hourly_invitations(cloud):
    app = await cloud(rate_limit_invitations_per_instance=2)
    await instance(app)
    bruno, chloe = user_id(app, "bruno@example.fr"), user_id(app, "chloe@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        assert "ok=invited" in (await invite(admin, bruno)).headers["location"]
        assert "ok=invited" in (await invite(admin, chloe)).headers["location"]
        refused = await invite(admin, chloe)
        assert refused.headers["location"].endswith("erreur=invitations_limited")
    assert len(emails_to(app, "chloe@example.fr")) == 1
