"""The change feed as a long-poll: ``GET /api/v4/changes?wait=S`` answers when a change exists.

Through the real app on both databases. No test measures time: each asserts what the answer
holds, which would differ if the wait did not end (or wake) as it should.
"""

import anyio
import pytest

from ssm.cloud.services import changes

from .test_crm_changes import CHANGES, create, feed

pytestmark = pytest.mark.anyio


async def test_a_waiting_request_answers_at_once_with_a_change_already_there(app):
    tenant = await app.tenant()
    account_id = await create(app, tenant, "Déjà là")
    page = await feed(app, tenant, wait=25)
    assert [change["id"] for change in page["changes"]] == [account_id]


async def test_without_a_change_the_wait_ends_with_an_empty_page(app):
    tenant = await app.tenant()
    await create(app, tenant, "Déjà appliqué")
    last = (await feed(app, tenant))["last"]
    page = await feed(app, tenant, after=last, wait=0.3)
    assert page == {"changes": [], "last": last}


async def test_a_change_committed_while_waiting_ends_the_wait_with_it(app):
    tenant = await app.tenant()
    pages = []

    async def wait_for_a_change():
        # 25 s, the longest: an answer without the change would mean the wait never woke.
        pages.append(await feed(app, tenant, wait=25))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(wait_for_a_change)
        await anyio.sleep(0.5)  # the long-poll has looked once and is waiting
        account_id = await create(app, tenant, "Arrivé pendant l'attente")
    [page] = pages
    assert [change["id"] for change in page["changes"]] == [account_id]


async def test_a_waiting_request_never_sees_another_instances_change(app):
    alpha = await app.tenant("Alpha")
    beta = await app.tenant("Beta", email="bob@example.fr")
    pages = []

    async def beta_waits():
        pages.append(await feed(app, beta, wait=1))

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(beta_waits)
        await create(app, alpha)
    assert pages == [{"changes": [], "last": 0}]


@pytest.mark.parametrize("wait", [-1, 25.5])
async def test_a_wait_out_of_bounds_is_422(app, wait):
    tenant = await app.tenant()
    response = await app.client.get(CHANGES, params={"wait": wait}, headers=tenant.headers)
    assert response.status_code == 422


async def test_a_client_that_hung_up_ends_the_wait(app):
    asked = []

    async def gone():
        asked.append(True)
        return True  # the connector stopped: nobody reads the answer

    page = await changes.wait_for_changes(app.db, 2**31 - 1, after=0, limit=1, wait=25, gone=gone)
    assert (page.changes, page.last) == ([], 0)
    assert asked == [True]  # asked once, and the wait ended there
