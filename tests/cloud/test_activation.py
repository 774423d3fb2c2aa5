"""Activation keys: issuing, redeeming once, retrying safely, one message for every bad key."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ssm.cloud import InvalidActivationKeyError
from ssm.cloud.db import Database
from ssm.cloud.dependencies import get_clock
from ssm.cloud.messages import INVALID_ACTIVATION_KEY
from ssm.cloud.models import ActivationKey, ApiKey, Instance, User
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


# Retry with a requestId: the answer to a committed activation was lost on its way.

REQUEST_ID = "r" * 20 + "-connector_chosen-0123456789"
OTHER_ID = "o" * 43


def eml_count(app) -> int:
    folder = app.outbox
    return len(list(folder.glob("*.eml")))


async def test_retry_with_the_same_request_id_returns_the_instance_with_a_new_pair(app):
    key = app.issue_key()
    first = await app.activate(key, requestId=REQUEST_ID, companyId="BIJOU")
    assert first.status_code == 201
    # The connector never saw ``first``: it sends the same request again.
    retry = await app.activate(key, requestId=REQUEST_ID, companyId="BIJOU")
    assert retry.status_code == 201
    old, new = first.json(), retry.json()
    assert set(new) == {"instanceId", "publicKey", "privateKey"}
    assert new["instanceId"] == old["instanceId"]
    assert new["publicKey"] != old["publicKey"] and new["privateKey"] != old["privateKey"]
    refused = await app.login(old["publicKey"], old["privateKey"])
    assert refused.status_code == 401
    login = await app.login(new["publicKey"], new["privateKey"])
    assert login.status_code == 200
    headers = {"X-Session-Key": login.json()["token"]}
    company = await app.client.get("/api/v4/integration/company", headers=headers)
    assert company.json()["instanceId"] == old["instanceId"]
    outbox = (await app.client.get("/api/v4/outbox", headers=headers)).json()
    assert len(outbox) == 1 and eml_count(app) == 1
    assert count(app.db, Instance) == 1
    assert count(app.db, User) == 1
    with app.db.read() as session:
        keys = {row.public_key: row for row in session.scalars(select(ApiKey))}
        activation_key = session.scalars(select(ActivationKey)).one()
    assert keys[old["publicKey"]].revoked_at is not None
    assert keys[new["publicKey"]].revoked_at is None
    assert activation_key.api_key_id == keys[new["publicKey"]].id


async def test_a_second_retry_revokes_the_first_retrys_pair(app):
    key = app.issue_key()
    answers = [(await app.activate(key, requestId=REQUEST_ID)).json() for _ in range(3)]
    assert len({answer["instanceId"] for answer in answers}) == 1
    statuses = [(await app.login(a["publicKey"], a["privateKey"])).status_code for a in answers]
    assert statuses == [401, 401, 200]
    assert count(app.db, Instance) == 1


async def test_the_session_of_a_revoked_pair_stops_working(app):
    key = app.issue_key()
    first = (await app.activate(key, requestId=REQUEST_ID)).json()
    token = (await app.login(first["publicKey"], first["privateKey"])).json()["token"]
    headers = {"X-Session-Key": token}
    assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 200
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201
    assert (await app.client.get("/api/v4/accounts", headers=headers)).status_code == 401


@pytest.mark.parametrize(
    ("first_id", "retry_id"),
    [(REQUEST_ID, OTHER_ID), (REQUEST_ID, None), (None, REQUEST_ID), (None, None)],
)
async def test_any_other_reuse_of_a_key_is_the_single_invalid_answer(app, first_id, retry_id):
    key = app.issue_key()
    first_extra = {"requestId": first_id} if first_id else {}
    retry_extra = {"requestId": retry_id} if retry_id else {}
    first = await app.activate(key, **first_extra)
    assert first.status_code == 201
    response = await app.activate(key, **retry_extra)
    assert response.status_code == 400
    assert response.json() == INVALID
    assert count(app.db, Instance) == 1
    assert count(app.db, ApiKey) == 1
    login = await app.login(first.json()["publicKey"], first.json()["privateKey"])
    assert login.status_code == 200


async def test_unknown_key_with_a_request_id_is_the_single_invalid_answer(app):
    response = await app.activate("SSM-00000-00000-00000-00000-00000", requestId=REQUEST_ID)
    assert response.status_code == 400
    assert response.json() == INVALID


async def test_retry_after_the_window_is_refused(cloud):
    app = await cloud(activation_retry_hours=2)
    key = app.issue_key(days=5)
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201
    later = datetime.now(UTC) + timedelta(hours=3)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    response = await app.activate(key, requestId=REQUEST_ID)
    assert response.status_code == 400
    assert response.json() == INVALID


async def test_retry_after_the_key_expired_still_works_within_the_window(app):
    key = app.issue_key(days=0.5)
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201
    later = datetime.now(UTC) + timedelta(hours=13)
    app.app.dependency_overrides[get_clock] = lambda: lambda: later
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201


@pytest.mark.parametrize("request_id", ["short", "x" * 31, "x" * 129, "a" * 40 + "/+=", "é" * 40])
async def test_malformed_request_id_is_422_and_keeps_the_key(app, request_id):
    key = app.issue_key()
    response = await app.activate(key, requestId=request_id)
    assert response.status_code == 422
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201


async def test_request_id_is_stored_hashed_only(app):
    key = app.issue_key()
    assert (await app.activate(key, requestId=REQUEST_ID)).status_code == 201
    assert REQUEST_ID not in app.dump()
    with app.db.read() as session:
        assert len(session.scalars(select(ActivationKey.request_id_hash)).one()) == 64


def race(app, requests) -> list[str]:
    """Redeem every request at once, each from its own engine (its own "worker")."""
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def redeem(request: ActivationRequest) -> None:
        db = Database(app.settings.database_url)
        try:
            barrier.wait()
            result = redeem_activation_key(db, request, now=datetime.now(UTC))
            outcome = f"won:{result.instance_id}"
        except InvalidActivationKeyError:
            outcome = "lost"
        finally:
            db.dispose()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=redeem, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def activation_request(key: str, request_id: str | None) -> ActivationRequest:
    return ActivationRequest.model_validate(
        {
            "activationKey": key,
            "companyName": "ACME",
            "administrator": {"firstName": "A", "lastName": "B", "email": "a@b.fr"},
            **({"requestId": request_id} if request_id else {}),
        }
    )


async def test_concurrent_requests_with_different_request_ids_create_exactly_one_instance(app):
    key = app.issue_key()
    workers = 8
    requests = [activation_request(key, f"{index:02d}" + "x" * 40) for index in range(workers)]
    outcomes = race(app, requests)
    assert outcomes.count("lost") == workers - 1
    assert len(outcomes) == workers
    assert count(app.db, Instance) == 1
    assert count(app.db, ApiKey) == 1
    assert count(app.db, User) == 1


async def test_concurrent_retries_with_one_request_id_leave_one_instance_and_one_live_pair(app):
    key = app.issue_key()
    workers = 6
    outcomes = race(app, [activation_request(key, REQUEST_ID)] * workers)
    instance_ids = {outcome for outcome in outcomes if outcome.startswith("won:")}
    assert len(instance_ids) == 1 and len(outcomes) == workers
    assert count(app.db, Instance) == 1
    with app.db.read() as session:
        live = session.scalars(select(ApiKey).where(ApiKey.revoked_at.is_(None))).all()
    assert len(live) == 1
    assert count(app.db, ApiKey) == workers
