"""``POST /api/v4/activation/check``: the key screen asks before the activation redeems."""

from datetime import UTC, datetime, timedelta

import pytest

from ssm.cloud.dependencies import get_clock

pytestmark = pytest.mark.anyio

INVALID_CODE = "invalid_activation_key"


async def check(app, key):
    return await app.client.post("/api/v4/activation/check", json={"activationKey": key})


async def test_a_fresh_key_passes_and_stays_redeemable(app):
    key = app.issue_key()
    assert (await check(app, key)).status_code == 204
    assert (await check(app, f" {key.lower()} ")).status_code == 204
    assert (await app.activate(key)).status_code == 201


@pytest.mark.parametrize("case", ["used", "unknown", "expired"])
async def test_every_refusal_is_the_same_answer(app, case):
    key = app.issue_key(days=1)
    if case == "used":
        assert (await app.activate(key)).status_code == 201
    elif case == "unknown":
        key = "SSM-00000-00000-00000-00000-00000"
    else:
        later = datetime.now(UTC) + timedelta(days=2)
        app.app.dependency_overrides[get_clock] = lambda: lambda: later
    response = await check(app, key)
    assert response.status_code == 400
    assert response.json()["code"] == INVALID_CODE
    redeemed = await app.activate(app.issue_key(days=3))
    assert redeemed.status_code == 201  # the check redeemed nothing, broke nothing
