"""The password policy (F10 of issue 12): common, repetitive, sequential or personal: refused."""

import pytest

from ssm.cloud import messages
from ssm.cloud.services import password_policy
from ssm.cloud.services.passwords import csrf_token

from .admin_helpers import act, browser_of, instance, user_id
from .web_helpers import GOOD, last_token, sign_in, text

pytestmark = pytest.mark.anyio

ALICE = ("alice@example.fr", "Alice", "Martin")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaaaa", messages.MDP_TOO_SIMPLE),
        ("abcabcabcabc", messages.MDP_TOO_SIMPLE),
        ("123456789012", messages.MDP_TOO_SIMPLE),
        ("098765432109", messages.MDP_TOO_SIMPLE),
        ("azertyuiopqs", messages.MDP_TOO_SIMPLE),
        ("AZERTYUIOPQSDF", messages.MDP_TOO_SIMPLE),
        ("qwertyuiopas", messages.MDP_TOO_SIMPLE),
        ("password1234", messages.MDP_TOO_COMMON),
        ("qwerty123456", messages.MDP_TOO_COMMON),
        ("Motdepasse2024!", messages.MDP_TOO_COMMON),
        ("Soleil2024!!", messages.MDP_TOO_COMMON),
        ("alice.martin.2024", messages.MDP_PERSONAL),
        ("Bonjour-Martin-1", messages.MDP_PERSONAL),
        ("short", messages.MDP_TOO_SHORT.format(minimum=12)),
    ],
)
def test_weak_passwords_are_refused_with_one_french_sentence(password, message):
    assert password_policy.weakness(password, ALICE) == message
    assert message.count(".") == 1 and message.endswith(".")


@pytest.mark.parametrize(
    "password",
    [GOOD, "cheval agrafe pile correcte", "Lundi, 7 vaches rousses", "Al1ce-n'est-pas-là"],
)
def test_good_passwords_pass(password):
    assert password_policy.weakness(password, ALICE) is None


def test_the_shipped_list_is_the_20000_commonest_with_its_licence():
    common = password_policy._common()
    assert 19_000 < len(common) <= 20_000
    assert {"123456", "password", "azerty", "soleil"} <= common
    assert not any(word.startswith("#") for word in common)


async def test_a_welcome_link_refuses_a_repetition_and_stores_nothing(app):
    await app.tenant(email="alice@example.fr")
    token = last_token(app, "alice@example.fr")
    response = await app.client.post(
        f"/password/{token}",
        data={"password": "a" * 12, "confirmation": "a" * 12, "csrf": csrf_token(token)},
    )
    assert response.status_code == 400
    assert messages.MDP_TOO_SIMPLE in text(response)
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", "a" * 12)).status_code == 401
    assert (await app.client.get(f"/password/{token}")).status_code == 200  # still usable


async def test_an_invitation_refuses_the_invitees_own_name(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
    token = last_token(app, "bruno@example.fr")
    password = "Durand-depuis-1987"
    response = await app.client.post(
        f"/password/{token}",
        data={"password": password, "confirmation": password, "csrf": csrf_token(token)},
    )
    assert response.status_code == 400
    assert messages.MDP_PERSONAL in text(response)


async def test_the_profile_refuses_a_common_password(app):
    await instance(app)
    async with browser_of(app, "alice@example.fr") as browser:
        response = await act(
            browser,
            "/profil/mot-de-passe",
            current=GOOD,
            password="password1234",
            confirmation="password1234",
        )
        assert response.status_code == 400
        assert messages.MDP_TOO_COMMON in text(response)
    async with app.browser() as browser:
        assert (await sign_in(browser, "alice@example.fr", GOOD)).status_code == 303
