"""Activation keys: issuing, redeeming once, and one message for every bad key."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ssm.cloud import InvalidActivationKeyError
from ssm.cloud._db import Database
from ssm.cloud._messages import INVALID_ACTIVATION_KEY
from ssm.cloud._models import ActivationKey, ApiKey, Instance, User
from ssm.cloud.api._deps import get_clock
from ssm.cloud.schemas.auth import ActivationRequest
from ssm.cloud.services.activation import redeem_activation_key

pytestmark = pytest.mark.anyio

GUIDE_SENTENCE = (
    "Le code d'activation saisi n'est pas valide. Il peut avoir été utilisé précédemment, ne "
    "pas exister, ou une erreur est survenue lors de son traitement. Veuillez vérifier le code "
    "et réessayer. Si le problème persiste, contactez notre équipe d'assistance."
)
INVALID = {"code": "invalid_activation_key", "message": GUIDE_SENTENCE}


def count(db, model):
    with db.read() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_catalogue_holds_the_guide_sentence_word_for_word():
    assert INVALID_ACTIVATION_KEY == GUIDE_SENTENCE


async def test_activation_creates_instance_admin_and_key_pair(app):
    response = await app.activate(company="Dupont SARL")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"instanceId", "publicKey", "privateKey"}
    with app.db.read() as session:
        instance = session.get(Instance, body["instanceId"])
        assert instance is not None
        assert instance.name == "Dupont SARL"
        admin = session.scalars(select(User)).one()
        assert (admin.first_name, admin.last_name, admin.email, admin.role) == (
            "Alice",
            "Martin",
            "alice@example.fr",
            "administrator",
        )
        assert session.scalars(select(ApiKey.public_key)).one() == body["publicKey"]
        key = session.scalars(select(ActivationKey)).one()
        assert key.redeemed_at is not None
        assert key.instance_id == body["instanceId"]


async def test_keys_survive_typing_accidents(app):
    key = app.issue_key()
    response = await app.activate(f"  {key.lower()} ")
    assert response.status_code == 201


async def test_used_key_is_refused(app):
    key = app.issue_key()
    assert (await app.activate(key)).status_code == 201
    response = await app.activate(key)
    assert response.status_code == 400
    assert response.json() == INVALID
    assert count(app.db, Instance) == 1


async def test_unknown_key_is_refused_with_the_same_answer(app):
    response = await app.activate("SSM-00000-00000-00000-00000-00000")
    assert response.status_code == 400
    assert response.json() == INVALID


@pytest.mark.parametrize("key", ["", "x", "é" * 150])
async def test_malformed_key_is_refused_with_the_same_answer(app, key):
    response = await app.activate(key)
    assert response.status_code == 400
    assert response.json() == INVALID


async def test_expired_key_is_refused_with_the_same_answer(app):
    key = app.issue_key(days=1)
    in_two_days = datetime.now(UTC) + timedelta(days=2)
    app.app.dependency_overrides[get_clock] = lambda: lambda: in_two_days
    response = await app.activate(key)
    assert response.status_code == 400
    assert response.json() == INVALID
    assert count(app.db, Instance) == 0


async def test_missing_administrator_is_422_and_keeps_the_key(app):
    key = app.issue_key()
    response = await app.client.post(
        "/api/v4/activation", json={"activationKey": key, "companyName": "ACME"}
    )
    assert response.status_code == 422
    assert (await app.activate(key)).status_code == 201


async def test_bad_email_is_422(app):
    response = await app.client.post(
        "/api/v4/activation",
        json={
            "activationKey": app.issue_key(),
            "companyName": "ACME",
            "administrator": {"firstName": "A", "lastName": "B", "email": "not-an-email"},
        },
    )
    assert response.status_code == 422


async def test_two_workers_redeeming_one_key_create_exactly_one_instance(app):
    key = app.issue_key()
    request = ActivationRequest.model_validate(
        {
            "activationKey": key,
            "companyName": "ACME",
            "administrator": {"firstName": "A", "lastName": "B", "email": "a@b.fr"},
        }
    )
    workers = 8
    barrier = threading.Barrier(workers)
    outcomes: list[str] = []

    def redeem() -> None:
        # Each thread is its own "worker": its own engine on the same SQLite file.
        db = Database(app.settings.database_url)
        try:
            barrier.wait()
            redeem_activation_key(db, request, now=datetime.now(UTC))
            outcomes.append("won")
        except InvalidActivationKeyError:
            outcomes.append("lost")
        finally:
            db.dispose()

    threads = [threading.Thread(target=redeem) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * (workers - 1) + ["won"]
    assert count(app.db, Instance) == 1
    assert count(app.db, ApiKey) == 1
