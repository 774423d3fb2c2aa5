"""Helpers for the administration pages' tests: instances with reps, signed-in browsers."""

from contextlib import asynccontextmanager

from sqlalchemy import select, update

from ssm.cloud.models import Instance, User
from ssm.cloud.services.passwords import csrf_token

from .web_helpers import GOOD, choose_password, sign_in

REPS = [
    {"extId": "1", "firstName": "Bruno", "lastName": "Durand", "email": "bruno@example.fr"},
    {"extId": "2", "firstName": "Chloé", "lastName": "Petit", "email": "chloe@example.fr"},
    {"extId": "3", "firstName": "Denis", "lastName": "Sansmail"},
]


async def instance(app, company="ACME", email="alice@example.fr", reps=REPS, plan=None):
    """An activated instance whose admin chose ``GOOD``, with Sage reps sent by the API."""
    tenant = await app.tenant(company=company, email=email)
    await choose_password(app, email)
    if reps:
        response = await app.client.post("/api/v4/users/upsert", json=reps, headers=tenant.headers)
        assert response.status_code == 200, response.text
    if plan:
        with app.db.write() as session:
            session.execute(
                update(Instance).where(Instance.id == tenant.instance_id).values(plan=plan)
            )
    return tenant


def user_id(app, email, instance_id=None) -> int:
    with app.db.read() as session:
        query = select(User.id).where(User.email == email)
        if instance_id is not None:
            query = query.where(User.instance_id == instance_id)
        return session.scalars(query).one()


def user_row(app, id_):
    with app.db.read() as session:
        return session.get(User, id_)


@asynccontextmanager
async def browser_of(app, email, password=GOOD, lang=None):
    """A browser signed in as ``email`` (and with the ``lang`` cookie when given)."""
    async with app.browser() as browser:
        response = await sign_in(browser, email, password)
        assert response.status_code == 303, response.text
        if lang:
            browser.cookies.set("lang", lang, domain="cloud.test")
        yield browser


def session_csrf(browser) -> str:
    """The anti-forgery value of the browser's session forms."""
    return csrf_token(browser.cookies["ssm_session"])


async def act(browser, path, **data):
    """Post a session form to ``path`` with the right ``csrf`` (and ``data``)."""
    return await browser.post(path, data={"csrf": session_csrf(browser), **data})
