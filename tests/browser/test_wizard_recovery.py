"""Acceptance of issue 17: nobody is locked out of the configuration. Mid-configuration the
tab is closed and the printed address opened again: « Accès refusé » names the command; that
command, run for real, prints a fresh address of the same assistant, which shows the screen
where it stopped, with the answers kept, and the configuration ends with the instance active."""

from __future__ import annotations

import re
import shlex
from typing import Any

from typer.testing import CliRunner

from ssm.connector import InstallLayout, load_install
from ssm.connector.cli import app
from ssm.connector.demo import issue_activation_key
from ssm.connector.wizard.configure import configure_wizard
from ssm.connector.wizard.configure.progress import progress_path
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER

from .conftest import ARTIFACTS
from .wizard_world import COMPANY, World, world_fixture  # noqa: F401 - the fixture

URL_LINE = re.compile(r"Assistant de configuration ouvert à l'adresse : (http://\S+)")


def _screen(page: Any) -> str:
    return str(page.locator("[data-screen]").get_attribute("data-screen"))


def test_a_closed_tab_is_reopened_by_the_command_the_denied_page_gives(
    serve, browser: Any, world: World
) -> None:
    world.folder.mkdir()
    s = serve(configure_wizard(world.folder))
    page = s.page
    page.click("#field-mode-rapide")
    page.fill("#field-sage_server", str(world.paths.sage_server))
    page.click("#next")
    assert _screen(page) == "activation_key"
    page.fill("#field-cloud_url", world.cloud_url)
    page.fill("#field-activation_key", issue_activation_key(world.paths))
    page.click("#next")
    page.click("#next")  # « Test de connexion »
    assert "Connexion réussie" in page.inner_text("main")
    page.click("#next")
    assert _screen(page) == "administrator"
    page.close()  # the tab is closed mid-configuration

    # The printed address again, in another window: refused, with the way back.
    context = browser.new_context(locale="fr-FR")
    again = context.new_page()
    answer = again.goto(s.url)
    assert answer is not None and answer.status == 403
    assert again.inner_text("h1") == "Accès refusé"
    command = again.inner_text("pre.command")
    assert command == f'ssm-connector configure --dir "{world.folder}"'
    assert "token" not in again.content().replace(s.url, "")  # no secret in the page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    again.screenshot(path=str(ARTIFACTS / "recovery-01-denied.png"), full_page=True)

    # The command, run as typed (plus --no-browser: the test's browser opens the address).
    words = shlex.split(command)
    assert words[:2] == ["ssm-connector", "configure"]
    result = CliRunner().invoke(app, [*words[1:], "--no-browser"])
    assert result.exit_code == 0, result.output
    found = URL_LINE.search(result.output)
    assert found, result.output
    fresh = found.group(1)
    assert fresh != s.url

    # The same assistant, on the screen where it stopped; the answers are still there.
    again.goto(fresh)
    assert _screen(again) == "administrator"
    again.click("#back")
    assert "Connexion réussie" in again.inner_text("main")
    again.click("#next")
    again.click("#next")  # the administrator proposed
    again.click(f"#field-company-{COMPANY}")
    again.click("#next")  # the single-company warning
    again.fill("#field-sage_user", DEFAULT_SAGE_USER)
    again.fill("#field-sage_password", DEFAULT_SAGE_PASSWORD)
    again.click("#next")
    assert _screen(again) == "companies_summary"
    again.click("#next")
    assert _screen(again) == "activation"
    again.click("#next")
    assert _screen(again) == "end"
    again.click("#next")
    again.wait_for_selector("text=Assistant terminé")
    assert s.stopped()

    config, _ = load_install(InstallLayout(world.folder))
    assert config.sage.company == COMPANY and config.cloud.instance_id
    assert not progress_path(world.folder).exists()  # nothing left to resume
    context.close()
