"""Every screen of both wizards, errors, « Annuler », « Accès refusé » and the ends included,
at a desk (1280×800) and on a phone (390×844): axe-core finds no serious or critical
violation, nothing scrolls sideways, every control is within reach (issue 17)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from ssm.connector import messages as msg
from ssm.connector.demo import issue_activation_key
from ssm.connector.install import InstallOptions
from ssm.connector.wizard.configure import configure_wizard, setup_wizard
from ssm.connector.wizard.install import build_context
from ssm.sage100 import DEFAULT_SAGE_PASSWORD, DEFAULT_SAGE_USER

from .audit import SIZES, audit
from .conftest import ARTIFACTS, Served
from .wizard_world import COMPANY, World, world_fixture  # noqa: F401 - the fixture


class Auditor:
    """Audits each page shown, under a label; ``problems`` keeps only the pages that fail."""

    def __init__(self, page: Any, size: str) -> None:
        self.page = page
        self.size = size
        self.problems: dict[str, list[str]] = {}
        page.set_viewport_size(SIZES[size])

    def __call__(self, label: str) -> None:
        found = audit(self.page, f"wizard-{self.size}-{label}", ARTIFACTS)
        if found:
            self.problems[label] = found


def _setup(world: World, tmp_path: Any) -> Any:
    options = InstallOptions(
        sage_server=str(world.paths.sage_server),
        cloud_url=world.cloud_url,
        register_service=False,
    )
    context = dataclasses.replace(build_context(options), default_dir=str(tmp_path / "default"))
    return setup_wizard(context)


def _next(s: Served) -> None:
    s.page.click("#next")
    s.page.wait_for_load_state()  # the answer (a redirect after the POST) has loaded


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_screen_of_setup_passes_the_audit(serve, world: World, tmp_path, size) -> None:
    s = serve(_setup(world, tmp_path))
    page = s.page
    check = Auditor(page, size)

    assert s.screen() == "welcome"
    check("welcome")
    _next(s)
    page.fill("#field-install_dir", "relatif")
    _next(s)
    assert page.locator(".alert.error, .field-errors").count()
    check("folder-refused")
    page.fill("#field-install_dir", str(world.folder))
    _next(s)
    assert s.screen() == "terms"
    href = str(page.locator("a", has_text=msg.TERMS_READ).get_attribute("href"))
    page.goto(s.url.split("?")[0] + href.lstrip("/"))
    assert page.inner_text("h1") == msg.TERMS_TITLE  # something to read before accepting
    check("terms-text")
    page.go_back()
    _next(s)
    assert s.screen() == "terms"
    check("terms-refused")
    page.check("#field-accept_terms")
    _next(s)
    check("summary")
    _next(s)
    if s.screen() == "progress":
        check("progress")
    page.wait_for_selector("[data-screen=done]", timeout=30_000)
    check("done")
    _next(s)

    assert s.screen() == "launch"
    check("launch")
    page.goto(s.url.split("?")[0] + "annuler")
    check("cancel-question")
    page.click("#no")
    page.click("#field-mode-rapide")
    check("prerequisites")
    _next(s)
    assert s.screen() == "activation_key"
    page.fill("#field-activation_key", "SSM-00000-00000-00000-00000-00000")
    _next(s)
    check("activation-key-refused")
    page.fill("#field-activation_key", issue_activation_key(world.paths))
    _next(s)
    check("connection")
    _next(s)
    check("connection-result")
    _next(s)
    assert s.screen() == "administrator"
    check("administrator")
    _next(s)
    check("company")
    page.click(f"#field-company-{COMPANY}")
    check("company-confirm")
    _next(s)
    page.fill("#field-sage_user", DEFAULT_SAGE_USER)
    page.fill("#field-sage_password", "faux")
    _next(s)
    assert s.screen() == "credentials"
    check("credentials-refused")
    page.fill("#field-sage_password", DEFAULT_SAGE_PASSWORD)
    _next(s)
    check("companies-summary")
    _next(s)
    check("activation")
    _next(s)
    assert s.screen() == "end"
    check("end")
    page.goto(s.url.split("?")[0] + "base-de-connaissances")
    check("knowledge-base")
    page.go_back()
    _next(s)
    page.wait_for_selector("text=Assistant terminé")
    check("ended")
    assert s.stopped()
    assert check.problems == {}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_refusal_cancel_and_later_pages_pass_the_audit(
    serve, browser: Any, make_wizard, tmp_path, size
) -> None:
    folder = tmp_path / "Sage Sales Management pour Sage 100"
    folder.mkdir()
    s = serve(configure_wizard(folder))
    check = Auditor(s.page, size)
    stranger = browser.new_context(locale="fr-FR", viewport=SIZES[size]).new_page()
    stranger.goto(s.url)  # the token was spent by the first page
    denied = Auditor(stranger, size)
    denied("denied")
    stranger.context.close()
    s.page.goto(s.url.split("?")[0] + "annuler")
    command = msg.CONFIGURE_COMMAND.format(path=folder)
    assert command in s.page.inner_text("main")
    s.page.click("#yes")
    s.page.wait_for_selector("text=Configuration annulée")
    assert s.page.inner_text("pre.command") == command
    check("cancelled")
    assert s.stopped()

    # The installation alone, « Lancer la configuration » unticked: how to configure later.
    target = tmp_path / "autre dossier"
    installed = serve(make_wizard())
    later = Auditor(installed.page, size)
    while installed.screen() != "done":
        if installed.screen() == "folder":
            installed.page.fill("#field-install_dir", str(target))
        elif installed.screen() == "terms":
            installed.page.check("#field-accept_terms")
        elif installed.screen() == "progress":
            installed.page.wait_for_selector("[data-screen=done]", timeout=30_000)
            continue
        _next(installed)
    installed.page.uncheck("#field-launch_configuration")
    _next(installed)
    installed.page.wait_for_selector("text=Assistant terminé")
    assert msg.CONFIGURE_COMMAND.format(path=target) in installed.page.inner_text("main")
    later("configure-later")
    assert installed.stopped()
    assert {**check.problems, **denied.problems, **later.problems} == {}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_advanced_mode_unmet_prerequisites_and_install_cancel_pass_the_audit(
    serve, make_wizard, sage_server, cloud_url, tmp_path, size
) -> None:
    folder = tmp_path / "installé"
    folder.mkdir()
    s = serve(configure_wizard(folder))
    check = Auditor(s.page, size)
    s.page.click("#field-mode-avancee")
    s.page.fill("#field-sage_server", str(sage_server))
    _next(s)
    assert s.screen() == "instance"
    s.page.fill("#field-cloud_url", cloud_url)
    s.page.fill("#field-instance_id", "douze")
    _next(s)
    s.page.locator(".alert.error").first.wait_for()
    check("instance-refused")
    s.page.goto(s.url.split("?")[0] + "annuler")
    s.page.click("#yes")
    assert s.stopped()

    # An installation whose prerequisites fail, then « Annuler » from its first screen.
    blocked = serve(make_wizard(sage=tmp_path / "pas-de-sage"))
    install = Auditor(blocked.page, size)
    _next(blocked)
    assert blocked.screen() == "welcome"
    assert blocked.page.locator(".prerequisites tr.ko").count()
    install("prerequisites-unmet")
    blocked.page.click("#cancel")
    install("install-cancel-question")
    blocked.page.click("#yes")
    blocked.page.wait_for_selector("text=Installation annulée")
    install("install-cancelled")
    assert blocked.stopped()
    assert {**check.problems, **install.problems} == {}
