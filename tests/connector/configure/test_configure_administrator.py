"""The administrator step (issue 17): each rep proposed names her company, and with several
companies on the server nobody is proposed before the company is chosen."""

from __future__ import annotations

from pathlib import Path

from ssm.connector import messages as msg
from ssm.connector.demo import issue_activation_key
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.configure import configure_wizard
from ssm.sage100 import generate_server


def _administrator_field(wizard: Wizard, server: Path, cloud_url: str, key: str) -> dict:
    for form in (
        {"mode": "rapide"},
        {"sage_server": str(server)},
        {"activation_key": key, "cloud_url": cloud_url},
        {},
        {},
    ):
        assert wizard.submit(form).ok
    assert wizard.current.name == "administrator"
    return dict(wizard.view()["fields"][0])


def test_one_company_proposes_its_first_rep(tmp_path, demo_paths, cloud_url):
    (tmp_path / "install").mkdir()
    wizard = configure_wizard(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    field = _administrator_field(wizard, demo_paths.sage_server, cloud_url, key)
    first = next(iter(field["options"]))
    assert field["value"] == first and "@" in first


def test_two_companies_propose_nobody_and_name_each_reps_company(tmp_path, demo_paths, cloud_url):
    generate_server(demo_paths.sage_server, company="AUTRE", size="tiny", seed=8)
    (tmp_path / "install").mkdir()
    wizard = configure_wizard(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    field = _administrator_field(wizard, demo_paths.sage_server, cloud_url, key)
    assert field["value"] == ""
    assert field["options"][""] == msg.CONFIGURE_ADMIN_OTHER
    reps = {email: label for email, label in field["options"].items() if email}
    assert {label.rsplit(" — ", 1)[1] for label in reps.values()} == {"AUTRE", "BIJOU"}
    assert wizard.submit({"candidate": ""}).errors == [msg.CONFIGURE_ADMIN_MISSING]
    chosen = next(email for email, label in reps.items() if label.endswith("— BIJOU"))
    assert wizard.submit({"candidate": chosen}).ok
    assert wizard.answers.admin_email == chosen


def test_a_rep_of_the_other_company_cannot_administer_this_one(tmp_path, demo_paths, cloud_url):
    generate_server(demo_paths.sage_server, company="AUTRE", size="tiny", seed=8)
    (tmp_path / "install").mkdir()
    wizard = configure_wizard(tmp_path / "install")
    key = issue_activation_key(demo_paths)
    field = _administrator_field(wizard, demo_paths.sage_server, cloud_url, key)
    other = next(email for email, label in field["options"].items() if label.endswith("— AUTRE"))
    assert wizard.submit({"candidate": other}).ok
    refused = wizard.submit({"company": "BIJOU"})
    assert refused.errors == [
        msg.CONFIGURE_ADMIN_OTHER_COMPANY.format(email=other, other="AUTRE", company="BIJOU")
    ]
    assert wizard.submit({"company": "AUTRE"}).ok  # her own company is fine
