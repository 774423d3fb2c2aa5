"""F1 of issue 12: e-mailed links never sit on a host a client chose.

Without ``SSM_CLOUD_PUBLIC_URL`` the links come from the request's ``Host``, so only loopback
names and ``SSM_CLOUD_ALLOWED_HOSTS`` are answered; with it, the links always use it.
The fixture allows ``cloud.test``, the test clients' host.
"""

import httpx
import pytest

from ssm.cloud import messages
from ssm.cloud.hosts import allowed_hosts
from ssm.cloud.settings import CloudSettings
from ssm.http_guards import host_name

from .admin_helpers import act, browser_of, instance, user_id
from .server_helpers import serving
from .web_helpers import LINK, csrf_of, emails_to, eml_files

pytestmark = pytest.mark.anyio

EVIL = {"Host": "evil.example"}


def link_in(message) -> str:
    match = LINK.search(message.get_content())
    assert match is not None
    return match.group(0)


async def ask_link(browser, email: str = "alice@example.fr", **headers: str):
    """Open « Recevoir un nouveau lien » (a real csrf pair), then post it with ``headers``."""
    page = await browser.get("/password/forgot")
    return await browser.post(
        "/password/forgot", data={"email": email, "csrf": csrf_of(page)}, headers=headers
    )


async def test_a_reset_asked_under_a_foreign_host_is_refused_and_mails_nothing(app):
    await app.tenant()
    before = eml_files(app)
    async with app.browser() as browser:
        response = await ask_link(browser, **EVIL)
    assert response.status_code == 400
    assert response.text == messages.HOST_NOT_ALLOWED
    assert eml_files(app) == before


async def test_an_api_call_under_a_foreign_host_gets_the_json_refusal(app):
    before = eml_files(app)
    response = await app.client.post(
        "/api/v4/activation", json={"activationKey": app.issue_key()}, headers=EVIL
    )
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_host", "message": messages.HOST_NOT_ALLOWED}
    assert eml_files(app) == before


async def test_an_invitation_under_a_foreign_host_is_refused_and_mails_nothing(app):
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:
        admin.headers.update(EVIL)
        response = await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
    assert response.status_code == 400
    assert emails_to(app, "bruno@example.fr") == []


async def test_a_request_without_host_is_refused(app):
    response = await app.client.get("/-/health", headers={"Host": ""})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("public_url", "host", "links"),
    [
        (None, "http://localhost:8000", "http://localhost:8000/password/"),
        ("http://crm.example.fr/", "http://127.0.0.1:8000", "http://crm.example.fr/password/"),
    ],
    ids=["without-public-url-the-allowed-host-asked", "with-public-url-it-whatever-the-host"],
)
async def test_welcome_and_reset_links_are_on_the_public_url_else_the_allowed_host(
    cloud, public_url, host, links
):
    app = await cloud(public_url=public_url)  # http: its cookies reach the client
    async with app.browser(host) as local:
        activated = await local.post(
            "/api/v4/activation",
            json={
                "activationKey": app.issue_key(),
                "companyName": "ACME",
                "administrator": {"firstName": "A", "lastName": "M", "email": "alice@example.fr"},
            },
        )
        assert activated.status_code == 201, activated.text
        assert (await ask_link(local)).status_code == 200
    welcome, reset = emails_to(app, "alice@example.fr")
    assert link_in(welcome).startswith(links)
    assert link_in(reset).startswith(links)


async def test_with_public_url_an_invitation_link_uses_it(cloud):
    app = await cloud(public_url="http://crm.example.fr")
    await instance(app)
    bruno = user_id(app, "bruno@example.fr")
    async with browser_of(app, "alice@example.fr") as admin:  # on cloud.test
        response = await act(admin, f"/administration/utilisateurs/{bruno}/inviter")
        assert response.status_code == 303, response.text
    [invitation] = emails_to(app, "bruno@example.fr")
    assert link_in(invitation).startswith("http://crm.example.fr/password/")


async def test_the_public_urls_host_is_answered_without_being_listed(cloud):
    app = await cloud(public_url="https://CRM.example.fr", allowed_hosts="")
    assert (await app.client.get("/-/health", headers={"Host": "crm.example.fr"})).is_success
    assert (await app.client.get("/-/health")).status_code == 400  # cloud.test: not listed


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Cloud.Test", "cloud.test"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:8000", "::1"),
        ("[::1]", "::1"),
        ("::1", "::1"),
        ("", ""),
    ],
)
def test_host_name_drops_port_and_brackets(header, name):
    assert host_name(header) == name


def test_allowed_hosts_are_loopback_the_public_urls_and_the_listed_ones():
    assert allowed_hosts(CloudSettings()) == {"localhost", "127.0.0.1", "::1"}
    settings = CloudSettings(public_url="https://crm.example.fr:8443/", allowed_hosts=" a.fr, B.fr")
    assert allowed_hosts(settings) == {
        "localhost",
        "127.0.0.1",
        "::1",
        "crm.example.fr",
        "a.fr",
        "b.fr",
    }


def test_serve_on_all_interfaces_without_public_url_says_what_to_set(tmp_path):
    with serving(tmp_path, "--host", "0.0.0.0") as served:
        with httpx.Client(base_url=served.base_url) as client:
            assert client.get("/-/health").status_code == 200
            refused = client.get("/-/health", headers=EVIL)
        log = served.log.read_text()
    assert refused.status_code == 400 and refused.text == messages.HOST_NOT_ALLOWED
    assert messages.SERVE_LOOPBACK_ONLY in log


def test_serve_on_loopback_says_nothing_of_hosts(tmp_path):
    with serving(tmp_path) as served:
        log = served.log.read_text()
    assert messages.SERVE_LOOPBACK_ONLY not in log
