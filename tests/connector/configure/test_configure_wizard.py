"""The configuration wizard screen by screen, against a real emulated Sage 100 server (two
companies) and a real cloud on loopback: the guide's texts, every refusal, both modes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from cloud_checks import sage_accounts, wait_for_accounts

from ssm.connector import InstallLayout, load_install
from ssm.connector import messages as msg
from ssm.connector.demo import issue_activation_key
from ssm.connector.messages import INVALID_ACTIVATION_KEY
from ssm.connector.service.lock import is_running
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.configure import ConfigAnswers, configure_wizard
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER, generate_server

COMPANY = "BIJOU"
OTHER = "AUTRE"
CREDENTIALS = {"sage_user": DEFAULT_SAGE_USER, "sage_password": DEFAULT_SAGE_PASSWORD}


@pytest.fixture
def two_companies(demo_paths) -> Path:
    """The test's Sage server with a second company, so « Configurer » has another row."""
    generate_server(demo_paths.sage_server, company=OTHER, size="tiny", seed=8)
    return demo_paths.sage_server


def _folder(tmp_path: Path, name: str = "install") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def _choices(wizard: Wizard) -> dict[str, str]:
    """A ``choices`` field's rows: value → button label, or the state when there is none."""
    field = wizard.view()["fields"][0]
    return {c["value"]: c["action"] or c["state"] for c in field.get("choices", [])}


def _submit_label(wizard: Wizard) -> str | None:
    found = [b for b in wizard.view()["buttons"] if b["action"] == "submit" and b["enabled"]]
    return found[0]["label"] if found else None


def _walk_to(wizard: Wizard, screen: str, forms: dict[str, dict[str, str]]) -> None:
    """Submit each screen with its form (empty by default) until ``screen`` shows."""
    while wizard.current.name != screen:
        name = wizard.current.name
        form = forms.get(name, {})
        if name == "administrator" and not form:
            options = wizard.view()["fields"][0]["options"]
            form = {"candidate": next(iter(options))}
        result = wizard.submit(form)
        assert result.ok, (name, result.errors)


def _quick_forms(server: Path, cloud_url: str, key: str) -> dict[str, dict[str, str]]:
    return {
        "launch": {"mode": "rapide"},
        "prerequisites": {"sage_server": str(server)},
        "activation_key": {"activation_key": key, "cloud_url": cloud_url},
        "company": {"company": COMPANY},
        "credentials": CREDENTIALS,
    }


def _cloud_rows(demo_paths: Any, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(demo_paths.cloud_database) as db:
        return db.execute(sql).fetchall()


def test_quick_mode_follows_the_guide_and_starts_the_sync(
    tmp_path, demo_paths, two_companies, cloud_url, stop_afterwards
):
    folder = stop_afterwards(_folder(tmp_path))
    wizard = configure_wizard(folder)
    key = issue_activation_key(demo_paths)

    # 1. Quick first and primary, advanced second and discreet; the screen's own buttons.
    field = wizard.view()["fields"][0]
    assert [(c["action"], c["primary"]) for c in field["choices"]] == [
        ("Installation rapide", True),
        ("Installation avancée", False),
    ]
    assert _submit_label(wizard) is None
    assert wizard.submit({"mode": "rapide"}).ok

    # 2. The version is detected from the server's registry file, with the supported range.
    assert wizard.submit({"sage_server": str(two_companies)}).ok
    assert wizard.back().ok
    prerequisite = wizard.view()["prerequisites"][0]
    assert prerequisite["ok"] and prerequisite["detail"].endswith(" 11.00")
    assert "v9 à v12" in wizard.view()["text"]
    assert wizard.submit({}).ok

    # 3. A blank key gets its own sentence; the cloud's one message for any other refusal.
    blank = wizard.submit({"activation_key": " ", "cloud_url": cloud_url})
    assert blank.errors == [msg.ACTIVATION_KEY_MISSING]
    refused = wizard.submit(
        {"activation_key": "SSM-00000-00000-00000-00000-00000", "cloud_url": cloud_url}
    )
    assert refused.errors == [INVALID_ACTIVATION_KEY]
    assert wizard.submit({"activation_key": key, "cloud_url": cloud_url}).ok

    # 4. « Test de connexion », then its confirmation and « Suivant ».
    assert _submit_label(wizard) == "Test de connexion"
    assert wizard.submit({}).ok
    assert wizard.view()["text"].startswith("Connexion réussie : 2 entreprise(s)")
    assert _submit_label(wizard) == "Suivant"
    assert wizard.submit({}).ok

    # 5. The reps with an e-mail, or someone typed in.
    options = wizard.view()["fields"][0]["options"]
    assert options[""] == msg.CONFIGURE_ADMIN_OTHER and len(options) > 1
    typed = {"candidate": "", "first_name": "Claire", "last_name": "Martin", "email": "claire@x"}
    assert wizard.submit(typed).errors == [msg.CONFIGURE_ADMIN_BAD_EMAIL.format(email="claire@x")]
    assert wizard.submit({**typed, "email": "claire.martin@example.com"}).ok

    # 6. « Configurer » per company, the alert whose « Annuler » goes back to the list.
    assert _choices(wizard) == {OTHER: "Configurer", COMPANY: "Configurer"}
    assert wizard.submit({"company": COMPANY}).ok
    view = wizard.view()
    assert view["warnings"] == [msg.CONFIGURE_SINGLE_COMPANY]
    assert [b["label"] for b in view["buttons"] if b["enabled"]] == ["Annuler", "Suivant"]
    assert wizard.back().ok and wizard.current.name == "company"
    assert wizard.submit({"company": COMPANY}).ok
    assert wizard.submit({}).ok

    # Sage user and password, « Enregistrer » with the login test; a retry works.
    assert _submit_label(wizard) == "Enregistrer"
    refused = wizard.submit({**CREDENTIALS, "sage_password": "faux"})
    sentence = msg.CONFIGURE_LOGIN_REFUSED.format(user=CREDENTIALS["sage_user"])
    assert refused.errors == [sentence]  # one sentence, no database name
    assert COMPANY not in sentence
    assert "aucune clé d’activation n’a été utilisée" in refused.errors[0]
    assert wizard.submit(CREDENTIALS).ok

    # The summary: ready for the configured one, « Configurer » refused on the other.
    assert _choices(wizard) == {OTHER: "Configurer", COMPANY: "Prêt à synchroniser"}
    refused = wizard.submit({"configure_other": OTHER})
    assert refused.errors == [msg.CONFIGURE_ONLY_ONE.format(company=COMPANY)]
    assert wizard.submit({}).ok

    # 7. « Activer »: configured, the background sync started; no going back any more.
    assert _submit_label(wizard) == "Activer"
    assert not InstallLayout(folder).config_file.exists()
    assert wizard.submit({}).ok
    assert is_running(InstallLayout(folder))
    assert not wizard.view()["can_go_back"]

    # 8. The end: logs, knowledge base, two QR codes, « Terminer ».
    end = wizard.view()
    assert str(InstallLayout(folder).logs_dir) in end["text"]
    assert [link["url"] for link in end["links"]] == [cloud_url, "/base-de-connaissances"]
    assert msg.CONFIGURE_END_WEB.format(url=cloud_url) in end["text"]
    welcome = msg.CONFIGURE_END_WELCOME.format(email="claire.martin@example.com")
    assert welcome in end["text"] and "processus" not in end["text"].split("mené à bien")[1]
    assert len(end["qr_codes"]) == 2
    assert all(qr["svg_data_uri"].startswith("data:image/svg+xml") for qr in end["qr_codes"])
    assert _submit_label(wizard) == "Terminer"
    assert wizard.submit({}).finished

    assert wait_for_accounts(folder) == sage_accounts(str(two_companies))
    config, _ = load_install(InstallLayout(folder))
    assert config.sage.company == COMPANY
    rows = _cloud_rows(
        demo_paths, f"SELECT company_id FROM instances WHERE id = {config.cloud.instance_id}"
    )
    assert rows == [(COMPANY,)]


def test_secrets_never_show_in_answers_or_views(tmp_path, demo_paths, cloud_url, sage_password):
    wizard = configure_wizard(_folder(tmp_path))
    key = issue_activation_key(demo_paths)
    forms = _quick_forms(demo_paths.sage_server, cloud_url, key)
    forms["credentials"] = {**CREDENTIALS, "sage_password": sage_password}
    _walk_to(wizard, "activation", forms)
    assert sage_password not in repr(wizard.answers)
    assert key not in repr(wizard.answers)
    wizard.back()
    wizard.back()
    assert all(f["value"] == "" for f in wizard.view()["fields"] if f["type"] == "password")


def test_cancel_writes_nothing_and_keeps_the_key(tmp_path, demo_paths, cloud_url):
    folder = _folder(tmp_path)
    key = issue_activation_key(demo_paths)
    wizard = configure_wizard(folder)
    _walk_to(wizard, "activation", _quick_forms(demo_paths.sage_server, cloud_url, key))
    assert wizard.cancel().cancelled
    assert list(folder.iterdir()) == []
    again = configure_wizard(folder)
    _walk_to(again, "activation_key", _quick_forms(demo_paths.sage_server, cloud_url, key))
    assert again.submit({"activation_key": key, "cloud_url": cloud_url}).ok


def test_a_configured_folder_is_refused_at_launch(tmp_path, installed):
    layout = installed()
    wizard = configure_wizard(layout.root)
    refused = wizard.submit({"mode": "rapide"})
    assert refused.errors == [msg.CONFIGURE_ALREADY_CONFIGURED.format(path=layout.root)]


def _advanced_forms(first: InstallLayout, **over: str) -> dict[str, dict[str, str]]:
    config, secrets = load_install(first)
    instance = {
        "cloud_url": config.cloud.url,
        "instance_id": str(config.cloud.instance_id),
        "public_key": config.cloud.public_key,
        "private_key": secrets.private_key.get_secret_value(),
    }
    return {
        "launch": {"mode": "avancee"},
        "prerequisites": {"sage_server": config.sage.server},
        "instance": {**instance, **over},
        "company": {"company": COMPANY},
        "credentials": CREDENTIALS,
    }


def test_advanced_mode_reattaches_a_reinstall_to_its_instance(
    tmp_path, demo_paths, two_companies, installed, stop_afterwards
):
    first = installed()
    folder = stop_afterwards(_folder(tmp_path, "reinstall"))
    wizard = configure_wizard(folder)
    forms = _advanced_forms(first)
    _walk_to(wizard, "instance", forms)
    refused = wizard.submit({**forms["instance"], "private_key": "sk_wrong"})
    assert refused.errors and "refusé les clés" in refused.errors[0]
    wrong_id = str(int(forms["instance"]["instance_id"]) + 1)
    refused = wizard.submit({**forms["instance"], "instance_id": wrong_id})
    assert refused.errors and "pas l'instance" in refused.errors[0]
    _walk_to(wizard, "company", forms)
    # The instance already feeds BIJOU: another company is refused before anything else.
    refused = wizard.submit({"company": OTHER})
    assert refused.errors == [msg.CONFIGURE_SECOND_COMPANY.format(company=COMPANY)]
    _walk_to(wizard, "end", forms)
    assert "activation_key" not in {s.name for s in wizard.screens if s.applies(wizard.answers)}
    config, _ = load_install(InstallLayout(folder))
    assert config.cloud.instance_id == load_install(first)[0].cloud.instance_id
    instances = _cloud_rows(demo_paths, "SELECT COUNT(*) FROM instances")
    assert instances == [(1,)]


def test_the_cloud_refuses_a_second_company_for_an_instance(
    tmp_path, demo_paths, two_companies, installed
):
    """The same refusal when the wizard could not know (its check is only a courtesy)."""
    first = installed()
    folder = _folder(tmp_path, "other")
    forms = _advanced_forms(first)
    wizard = configure_wizard(folder)
    _walk_to(wizard, "company", forms)
    answers = wizard.answers
    assert isinstance(answers, ConfigAnswers)
    wizard.answers = answers.model_copy(update={"instance_company": ""})  # as if unknown
    _walk_to(wizard, "activation", {**forms, "company": {"company": OTHER}})
    refused = wizard.submit({})
    assert refused.errors == [msg.CONFIGURE_SECOND_COMPANY.format(company=COMPANY)]
    assert not InstallLayout(folder).config_file.exists()
