"""Acceptance of issue 5 in Chromium: ``ssm-connector setup`` (a real process) from nothing to
« Terminer », the first sync fills the cloud, then the administrator follows the welcome
e-mail's link, chooses a password and logs in to Sales Management."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ssm.connector import CrmClient, InstallLayout, load_install
from ssm.connector.demo import DemoPaths, issue_activation_key, local_cloud
from ssm.connector.install import stop_background
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER, generate_server, open_server

from .conftest import ARTIFACTS

COMPANY = "BIJOU"
URL_LINE = re.compile(r"Assistant d'installation ouvert à l'adresse : (http://\S+)")
NEW_PASSWORD = "Un mot de passe solide 42"


@dataclass(frozen=True)
class World:
    """The test's Sage 100 server and cloud."""

    paths: DemoPaths
    cloud_url: str


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """An emulated Sage 100 server with two companies and a cloud, both new for the test."""
    paths = DemoPaths(tmp_path / "world")
    generate_server(paths.sage_server, company=COMPANY, size="tiny", seed=5)
    generate_server(paths.sage_server, company="AUTRE", size="tiny", seed=6)
    with local_cloud(paths, say=lambda _: None) as url:
        yield World(paths, url)


@pytest.fixture
def setup_process(world: World) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``ssm-connector setup --no-browser --no-service``; yields the process and its URL."""
    command = [
        str(Path(sys.executable).with_name("ssm-connector")),
        "setup",
        "--no-browser",
        "--no-service",
        "--sage-server",
        str(world.paths.sage_server),
        "--cloud-url",
        world.cloud_url,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    url = ""
    for line in process.stdout:
        if found := URL_LINE.search(line):
            url = found.group(1)
            break
    assert url, "setup printed no URL"
    yield process, url
    if process.poll() is None:
        process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


def _sage_accounts(server: Path) -> int:
    engine = open_server(str(server)).engine(COMPANY)
    with engine.connect() as connection:
        (count,) = connection.exec_driver_sql(
            "SELECT COUNT(*) FROM F_COMPTET WHERE CT_Type = 0"
        ).one()
    engine.dispose()
    return int(count)


def _cloud_accounts(folder: Path, expected: int, timeout: float = 60) -> int:
    config, secrets = load_install(InstallLayout(folder))
    private = secrets.private_key.get_secret_value()
    with CrmClient(config.cloud.url, config.cloud.public_key, private) as crm:
        deadline = time.monotonic() + timeout
        while (count := crm.count("accounts")) < expected and time.monotonic() < deadline:
            time.sleep(0.5)
    return count


def _welcome_link(world: World) -> tuple[str, str]:
    """The recipient and the password link of the welcome e-mail written as ``.eml``."""
    found = sorted(world.paths.workdir.rglob("*.eml"))
    assert len(found) == 1, found
    message = email.message_from_bytes(found[0].read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    link = re.search(r"http://\S+/password/\S+", body.get_content())
    assert link, body.get_content()
    return str(message["To"]), link.group(0)


def _screen(page: Any) -> str:
    return str(page.locator("[data-screen]").get_attribute("data-screen"))


def _shot(page: Any, label: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"setup-{label}.png"), full_page=True)


def test_setup_from_nothing_to_a_logged_in_administrator(
    browser: Any, world: World, setup_process: tuple[subprocess.Popen[str], str], tmp_path
) -> None:
    process, url = setup_process
    folder = tmp_path / "Sage Sales Management pour Sage 100"
    key = issue_activation_key(world.paths)
    context = browser.new_context(locale="fr-FR", viewport={"width": 1100, "height": 760})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(url)
        # The installation wizard.
        assert _screen(page) == "welcome"
        assert page.inner_text(".wizard-name") == "Assistant d'installation"
        page.click("#next")
        page.fill("#field-install_dir", str(folder))
        page.click("#next")
        page.check("#field-accept_terms")
        page.click("#next")
        assert _screen(page) == "summary"
        page.click("#next")
        page.wait_for_selector("[data-screen=done]", timeout=30_000)
        assert page.is_checked("#field-launch_configuration")
        page.click("#next")

        # The configuration wizard follows in the same tab.
        assert _screen(page) == "launch"
        assert page.inner_text(".wizard-name") == "Assistant de configuration"
        assert page.locator("#next").count() == 0
        _shot(page, "01-launch")
        page.click("#field-mode-rapide")
        assert _screen(page) == "prerequisites"
        assert "Gestion Commerciale 100c 11.00" in page.inner_text("main")
        page.click("#next")

        assert _screen(page) == "activation_key"
        page.fill("#field-activation_key", "SSM-00000-00000-00000-00000-00000")
        page.click("#next")
        assert "Le code d'activation saisi n'est pas valide." in page.inner_text(".alert.error")
        page.fill("#field-activation_key", key)
        page.click("#next")

        assert page.inner_text("#next") == "Test de connexion"
        page.click("#next")
        assert "Connexion réussie : 2 entreprise(s)" in page.inner_text("main")
        page.click("#next")

        assert _screen(page) == "administrator"
        assert page.input_value("#field-candidate") == ""  # two companies: nobody proposed
        option = page.locator("#field-candidate option", has_text=f"— {COMPANY}").first
        administrator = str(option.get_attribute("value"))
        assert "@" in administrator
        page.select_option("#field-candidate", administrator)
        page.click("#next")

        assert _screen(page) == "company"
        _shot(page, "02-companies")
        page.click(f"#field-company-{COMPANY}")
        assert _screen(page) == "company_confirm"
        alert = page.inner_text(".alert.warning")
        assert alert.startswith("N'oubliez pas que dans la version actuelle")
        assert page.inner_text("#back") == "Annuler"
        page.click("#next")

        assert page.inner_text("#next") == "Enregistrer"
        page.fill("#field-sage_user", DEFAULT_SAGE_USER)
        page.fill("#field-sage_password", "faux")
        page.click("#next")
        assert "Connexion à Sage 100 refusée" in page.inner_text(".alert.error")
        assert page.input_value("#field-sage_password") == ""  # never sent back
        page.fill("#field-sage_password", DEFAULT_SAGE_PASSWORD)
        page.click("#next")

        assert _screen(page) == "companies_summary"
        assert "Prêt à synchroniser" in page.inner_text("table.choices")
        page.click("#field-configure_other-AUTRE")
        assert "une seule entreprise Sage peut être configurée" in page.inner_text(".alert.error")
        _shot(page, "03-summary")
        page.click("#next")

        assert _screen(page) == "activation"
        page.click("#next")
        assert _screen(page) == "end"
        _shot(page, "04-end")
        main = page.inner_text("main")
        assert str(folder / "logs") in main
        assert page.locator(".qr-code img").count() == 2
        help_page = context.new_page()
        help_page.goto(url.split("?")[0] + "base-de-connaissances")
        assert "Base de connaissances" in help_page.inner_text("h1")
        help_page.close()
        assert page.inner_text("#next") == "Terminer"
        page.click("#next")
        page.wait_for_selector("text=Assistant terminé")
        assert process.wait(timeout=15) == 0

        # The first sync fills the cloud.
        expected = _sage_accounts(world.paths.sage_server)
        assert _cloud_accounts(folder, expected) == expected

        # The welcome e-mail: its link, a password, then the login.
        recipient, link = _welcome_link(world)
        assert recipient == administrator
        page.goto(link)
        page.fill("#password", NEW_PASSWORD)
        page.fill("#confirmation", NEW_PASSWORD)
        page.click("button[type=submit]")
        page.click("text=Se connecter")
        page.fill("#email", recipient)
        page.fill("#password", NEW_PASSWORD)
        page.click("button[type=submit]")
        greeting = page.inner_text("body")
        assert "Bonjour" in greeting and COMPANY in greeting
        _shot(page, "05-logged-in")
        page.goto(link)  # single use
        assert "Recevoir un nouveau lien" in page.inner_text("body")
    finally:
        context.close()
        stop_background(folder)
