"""One Sage company per instance: ``GET``/``PUT /api/v4/integration/company``."""

import pytest

from ssm.cloud import messages

pytestmark = pytest.mark.anyio

URL = "/api/v4/integration/company"
SECOND = (
    "Cette instance Sales Management est déjà liée à l’entreprise Sage « BIJOU ». "
    "Une seule entreprise Sage peut être configurée par instance."
)


async def put(app, tenant, company_id, name):
    return await app.client.put(
        URL, headers=tenant.headers, json={"companyId": company_id, "companyName": name}
    )


def test_catalogue_holds_the_second_company_sentence():
    assert messages.SECOND_COMPANY.format(company="BIJOU") == SECOND


async def test_new_instance_has_no_company_yet(app):
    tenant = await app.tenant(company="ACME")
    response = await app.client.get(URL, headers=tenant.headers)
    assert response.status_code == 200
    assert response.json() == {
        "instanceId": tenant.instance_id,
        "companyId": None,
        "companyName": "ACME",
    }


async def test_bind_then_get_shows_the_company(app):
    tenant = await app.tenant()
    response = await put(app, tenant, "BIJOU", "Bijou SA")
    assert response.status_code == 200
    expected = {"instanceId": tenant.instance_id, "companyId": "BIJOU", "companyName": "Bijou SA"}
    assert response.json() == expected
    assert (await app.client.get(URL, headers=tenant.headers)).json() == expected


async def test_binding_the_same_company_again_updates_its_name(app):
    tenant = await app.tenant()
    assert (await put(app, tenant, "BIJOU", "Bijou SA")).status_code == 200
    again = await put(app, tenant, "BIJOU", "Bijouterie Dupont SA")
    assert again.status_code == 200
    assert again.json()["companyName"] == "Bijouterie Dupont SA"
    assert (await app.client.get(URL, headers=tenant.headers)).json()["companyName"] == (
        "Bijouterie Dupont SA"
    )


async def test_a_second_company_is_409_and_changes_nothing(app):
    tenant = await app.tenant()
    assert (await put(app, tenant, "BIJOU", "Bijou SA")).status_code == 200
    response = await put(app, tenant, "DUPONT", "Dupont SARL")
    assert response.status_code == 409
    assert response.json() == {"code": "second_company", "message": SECOND}
    assert (await app.client.get(URL, headers=tenant.headers)).json() == {
        "instanceId": tenant.instance_id,
        "companyId": "BIJOU",
        "companyName": "Bijou SA",
    }


async def test_each_instance_sees_only_its_own_company(app):
    first = await app.tenant(company="Un")
    second = await app.tenant(company="Deux")
    assert (await put(app, first, "BIJOU", "Bijou SA")).status_code == 200
    # The same Sage database name in another customer's instance is another company.
    assert (await put(app, second, "BIJOU", "Bijou Lyon")).status_code == 200
    assert (await put(app, second, "DUPONT", "Dupont SARL")).status_code == 409
    one = (await app.client.get(URL, headers=first.headers)).json()
    two = (await app.client.get(URL, headers=second.headers)).json()
    assert one == {"instanceId": first.instance_id, "companyId": "BIJOU", "companyName": "Bijou SA"}
    assert two == {
        "instanceId": second.instance_id,
        "companyId": "BIJOU",
        "companyName": "Bijou Lyon",
    }


async def test_activation_with_a_company_id_binds_it(app):
    tenant = await app.tenant(company="Bijou SA", companyId="BIJOU")
    assert (await app.client.get(URL, headers=tenant.headers)).json() == {
        "instanceId": tenant.instance_id,
        "companyId": "BIJOU",
        "companyName": "Bijou SA",
    }
    response = await put(app, tenant, "AUTRE", "Autre SA")
    assert response.status_code == 409
    assert "« BIJOU »" in response.json()["message"]


@pytest.mark.parametrize("company_id", ["", "   ", "X" * 65])
async def test_company_id_must_have_1_to_64_characters(app, company_id):
    tenant = await app.tenant()
    response = await put(app, tenant, company_id, "Bijou SA")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    activation = await app.activate(companyId=company_id)
    assert activation.status_code == 422


async def test_company_endpoints_need_a_session(app):
    assert (await app.client.get(URL)).status_code == 401
    response = await app.client.put(URL, json={"companyId": "BIJOU", "companyName": "Bijou SA"})
    assert response.status_code == 401
