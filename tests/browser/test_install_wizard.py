"""Walk the install wizard in Chromium: every screen, back and forth, cancel, prerequisites."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Served

PROGRESS_TEXT = (
    "Cette opération peut prendre quelques instants. Veillez à ne pas interrompre le processus."
)


def _next(s: Served) -> None:
    s.page.click("#next")


def _walk_to(s: Served, screen: str, install_dir: Path, country: str = "FR") -> None:
    """From the welcome screen, fill each screen and go on until ``screen`` is shown."""
    while s.screen() != screen:
        current = s.screen()
        if current == "welcome":
            s.page.select_option("#field-country", country)
        elif current == "folder":
            s.page.fill("#field-install_dir", str(install_dir))
        elif current == "terms":
            s.page.check("#field-accept_terms")
        _next(s)
        s.page.wait_for_load_state()


def _buttons(s: Served) -> list[str]:
    return [t.strip() for t in s.page.locator("footer.buttons > *:visible").all_inner_texts() if t]


def test_happy_path_installs_and_stops(serve, make_wizard, tmp_path: Path) -> None:
    target = tmp_path / "Sage Sales Management pour Sage 100"
    s = serve(make_wizard())
    page = s.page

    assert s.screen() == "welcome"
    assert "token" not in page.url  # the token was exchanged for the cookie
    assert _buttons(s) == ["Annuler", "Précédent", "Suivant"]
    assert "fermer toutes les applications ouvertes" in page.inner_text("main")
    s.shot("welcome")
    _next(s)

    assert s.screen() == "folder"
    assert page.input_value("#field-install_dir") == str(tmp_path / "default")
    s.shot("folder")
    page.fill("#field-install_dir", str(target))
    _next(s)

    assert s.screen() == "terms"
    s.shot("terms")
    page.check("#field-accept_terms")
    _next(s)

    assert s.screen() == "summary"
    assert str(target) in page.inner_text(".summary")
    assert _buttons(s) == ["Annuler", "Précédent", "Installer"]
    s.shot("summary")
    _next(s)

    assert s.screen() == "progress"
    assert PROGRESS_TEXT in page.inner_text(".notice")
    s.shot("progress")

    page.wait_for_selector("[data-screen=done]", timeout=15_000)
    assert page.is_checked("#field-launch_configuration")
    s.shot("done")
    _next(s)

    page.wait_for_selector("text=Assistant terminé")
    s.shot("ended")
    assert s.stopped()
    assert s.wizard.finished and s.wizard.answers.launch_configuration
    assert sorted(p.name for p in target.iterdir()) == ["config", "data", "logs", "service"]


def test_back_and_forward_keep_the_answers(serve, make_wizard, tmp_path: Path) -> None:
    target = tmp_path / "ici"
    s = serve(make_wizard())
    _walk_to(s, "summary", target, country="BE")
    s.page.click("#back")
    assert s.screen() == "terms"
    assert s.page.is_checked("#field-accept_terms")
    s.page.click("#back")
    assert s.screen() == "folder"
    assert s.page.input_value("#field-install_dir") == str(target)
    s.page.click("#back")
    assert s.screen() == "welcome"
    assert s.page.input_value("#field-country") == "BE"
    assert s.page.is_disabled("#back")
    for expected in ("folder", "terms", "summary"):
        _next(s)
        assert s.screen() == expected
    assert str(target) in s.page.inner_text(".summary")


@pytest.mark.parametrize("screen", ["welcome", "folder", "terms", "summary"])
def test_cancel_asks_then_leaves_nothing(serve, make_wizard, tmp_path: Path, screen: str) -> None:
    before = sorted(tmp_path.iterdir())
    s = serve(make_wizard())
    _walk_to(s, screen, tmp_path / "installé")
    s.page.click("#cancel")
    assert s.page.inner_text("h1") == "Voulez-vous vraiment annuler l'installation ?"
    s.shot(f"{screen}-confirm")
    s.page.click("#no")
    assert s.screen() == screen
    s.page.click("#cancel")
    s.page.click("#yes")
    s.page.wait_for_selector("text=Installation annulée")
    s.shot(f"{screen}-cancelled")
    assert s.stopped()
    assert s.wizard.cancelled
    assert sorted(tmp_path.iterdir()) == before


def test_a_failed_prerequisite_blocks_with_its_message(serve, make_wizard, tmp_path) -> None:
    missing = tmp_path / "pas-de-sage"
    s = serve(make_wizard(sage=missing))
    row = s.page.locator(".prerequisites tr.ko")
    assert str(missing) in row.inner_text()
    _next(s)
    assert s.screen() == "welcome"
    assert str(missing) in s.page.inner_text(".alert.error")
    s.shot("blocked")
    assert list(tmp_path.iterdir()) == []


def test_a_refused_value_is_explained_next_to_its_field(serve, make_wizard, tmp_path: Path) -> None:
    s = serve(make_wizard())
    _walk_to(s, "folder", tmp_path)
    s.page.fill("#field-install_dir", "dossier/relatif")
    _next(s)
    assert s.screen() == "folder"
    assert "n'est pas un chemin absolu" in s.page.inner_text(".alert.error")
    assert s.page.input_value("#field-install_dir") == "dossier/relatif"
    s.shot("folder-error")


@pytest.mark.parametrize(("country", "has_terms"), [("FR", True), ("US", False)])
def test_terms_screen_only_where_required(serve, make_wizard, country, has_terms) -> None:
    s = serve(make_wizard())
    s.page.select_option("#field-country", country)
    _next(s)
    _next(s)
    assert s.screen() == ("terms" if has_terms else "summary")
    steps = s.page.inner_text("nav.steps")
    assert ("Politique de confidentialité" in steps) is has_terms


def test_cancel_after_installing_removes_the_install(serve, make_wizard, tmp_path: Path) -> None:
    target = tmp_path / "installé puis annulé"
    s = serve(make_wizard())
    _walk_to(s, "summary", target)
    _next(s)
    s.page.wait_for_selector("[data-screen=done]", timeout=15_000)
    assert (target / "config").is_dir()
    s.page.click("#cancel")
    s.page.click("#yes")
    s.page.wait_for_selector("text=Installation annulée")
    s.shot("done-cancelled")
    assert s.stopped()
    assert not target.exists()
