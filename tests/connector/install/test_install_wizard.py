"""The installation wizard walked without a UI: the same steps every front end drives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ssm.connector import messages as msg
from ssm.connector.install import Answers, Prerequisite, default_install_dir, is_install
from ssm.connector.wizard import Wizard
from ssm.connector.wizard.install import InstallContext, install_wizard
from ssm.connector.wizard.install.countries import (
    TERMS_NOT_REQUIRED,
    TERMS_REQUIRED,
    terms_required,
)
from ssm.connector.wizard.install.processes import running_process_names, sage_processes

GUIDE = (Path("/work/shared/reference/install-guide-fr.txt"),)


def _walk_to(wizard: Wizard, target: str, install_dir: Path, country: str = "FR") -> None:
    forms = {
        "welcome": {"country": country},
        "folder": {"install_dir": str(install_dir)},
        "terms": {"accept_terms": "on"},
        "summary": {},
        "progress": {},
    }
    while wizard.current.name != target:
        result = wizard.submit(forms[wizard.current.name])
        assert result.ok, result.errors


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_happy_path_installs_and_shows_every_screen_in_order(
    context: InstallContext, tmp_path: Path
) -> None:
    wizard = install_wizard(context)
    target = tmp_path / "Sage SM"
    seen = []
    while not wizard.finished:
        view = wizard.view()
        seen.append(view["name"])
        labels = [b["label"] for b in view["buttons"]]
        assert labels[:2] == ["Précédent", "Annuler"]
        form = {
            "welcome": {"country": "fr"},
            "folder": {"install_dir": str(target)},
            "terms": {"accept_terms": "on"},
            "summary": {},
            "progress": {},
            "done": {"launch_configuration": "on"},
        }[view["name"]]
        assert wizard.submit(form).ok
    assert seen == ["welcome", "folder", "terms", "summary", "progress", "done"]
    assert wizard.answers == Answers(
        install_dir=target, country="FR", accept_terms=True, launch_configuration=True
    )
    assert is_install(target)
    assert {"config", "data", "logs"} <= {p.name for p in target.iterdir()}


def test_screens_use_the_guides_exact_words(context: InstallContext, tmp_path: Path) -> None:
    wizard = install_wizard(context)
    assert wizard.view()["buttons"][-1]["label"] == "Suivant"
    assert "fermer toutes les applications ouvertes" in wizard.view()["text"]
    _walk_to(wizard, "summary", tmp_path / "x")
    assert wizard.view()["buttons"][-1]["label"] == "Installer"
    assert wizard.submit({}).ok
    assert wizard.view()["text"] == (
        "Cette opération peut prendre quelques instants. Veillez à ne pas interrompre le processus."
    )
    assert wizard.submit({}).ok
    done = wizard.view()
    assert done["fields"][0]["label"] == "Lancer la configuration"
    assert done["fields"][0]["value"] is True  # ticked by default
    guide = GUIDE[0].read_text(encoding="utf-8") if GUIDE[0].exists() else ""
    for text in (msg.NEXT, msg.PREVIOUS, msg.CANCEL, msg.INSTALL, msg.PROGRESS_NOTICE):
        assert not guide or text in guide


def test_the_default_folder_is_the_guides_on_windows() -> None:
    assert default_install_dir("win32") == (
        "C:\\Program Files\\Sage Sales Management pour Sage 100\\"
    )
    assert default_install_dir("linux", is_root=True) == "/opt/sage-sales-management-sage100"
    home = Path("/home/a")
    assert default_install_dir("linux", is_root=False, home=home) == (
        "/home/a/.local/share/sage-sales-management-sage100"
    )
    assert default_install_dir("darwin", is_root=False, home=home).startswith(
        "/home/a/Library/Application Support/"
    )


def test_back_keeps_the_answers(context: InstallContext, tmp_path: Path) -> None:
    wizard = install_wizard(context)
    target = tmp_path / "kept"
    _walk_to(wizard, "summary", target, country="BE")
    assert wizard.back().screen == "terms"
    assert wizard.view()["fields"][0]["value"] is True
    assert wizard.back().screen == "folder"
    assert wizard.view()["fields"][0]["value"] == str(target)
    assert wizard.back().screen == "welcome"
    assert wizard.view()["fields"][0]["value"] == "BE"
    assert not wizard.back().ok  # first screen
    assert wizard.submit({"country": "BE"}).screen == "folder"
    assert wizard.submit({"install_dir": str(target)}).screen == "terms"
    assert wizard.answers.install_dir == target


@pytest.mark.parametrize("step", ["welcome", "folder", "terms", "summary", "progress", "done"])
def test_cancel_at_every_step_leaves_nothing(
    context: InstallContext, tmp_path: Path, step: str
) -> None:
    before = _tree(tmp_path)
    wizard = install_wizard(context)
    _walk_to(wizard, step, tmp_path / "cancelled")
    result = wizard.cancel()
    assert result.cancelled
    assert _tree(tmp_path) == before
    assert wizard.answers == Answers()
    assert not wizard.submit({}).ok  # a cancelled wizard goes nowhere


def test_terms_are_shown_for_france_and_not_for_the_united_states(
    context: InstallContext, tmp_path: Path
) -> None:
    wizard = install_wizard(context)
    assert wizard.submit({"country": "FR"}).ok
    assert wizard.submit({"install_dir": str(tmp_path / "fr")}).screen == "terms"
    refused = wizard.submit({})
    assert refused.errors == [msg.TERMS_REQUIRED]
    assert refused.screen == "terms"

    wizard = install_wizard(context)
    assert wizard.submit({"country": "US"}).ok
    assert wizard.submit({"install_dir": str(tmp_path / "us")}).screen == "summary"
    assert wizard.back().screen == "folder"  # terms skipped backwards too
    assert terms_required("fr") and terms_required("CH") and terms_required("GB")
    assert not any(terms_required(c) for c in ("US", "CA", "MA"))
    assert not set(TERMS_REQUIRED) & set(TERMS_NOT_REQUIRED)


def test_unknown_country_is_refused_in_french(context: InstallContext) -> None:
    wizard = install_wizard(context)
    result = wizard.submit({"country": "ZZ"})
    assert result.screen == "welcome"
    assert result.errors[0].startswith("Code pays inconnu : « ZZ »")


def _failing_check(install_dir: Path | None) -> list[Prerequisite]:
    return [
        Prerequisite("Version de Python", True, "Python 3.11.", "Rien à faire."),
        Prerequisite(
            "Sage 100", False, "Aucune installation de Sage 100 détectée.", "Installez-le."
        ),
    ]


def test_a_failed_prerequisite_blocks_with_its_message(
    context: InstallContext, tmp_path: Path
) -> None:
    wizard = install_wizard(replace(context, check=_failing_check))
    result = wizard.submit({"country": "FR"})
    assert result.screen == "welcome"
    assert result.errors == [
        "Prérequis non rempli — Sage 100 : Aucune installation de Sage 100 détectée. Installez-le."
    ]


def test_prerequisites_are_checked_again_just_before_installing(
    context: InstallContext, tmp_path: Path
) -> None:
    calls: list[Path | None] = []

    def check(install_dir: Path | None) -> list[Prerequisite]:
        calls.append(install_dir)
        return _failing_check(None) if install_dir is not None else []

    wizard = install_wizard(replace(context, check=check))
    _walk_to(wizard, "summary", tmp_path / "late", country="US")
    result = wizard.submit({})
    assert result.screen == "summary"
    assert "Sage 100" in result.errors[0]
    assert calls == [None, tmp_path / "late"]
    assert not (tmp_path / "late").exists()


def test_a_running_sage_100_is_warned_about_without_blocking(context: InstallContext) -> None:
    assert sage_processes(["systemd", "GecoMaes.exe", "maestria", "bash"]) == [
        "GecoMaes.exe",
        "maestria",
    ]
    assert sage_processes(["explorer.exe", "python"]) == []
    wizard = install_wizard(replace(context, processes=("explorer.exe", "GECOMAES.EXE")))
    assert wizard.view()["warnings"] == [
        "Sage 100 semble ouvert (GECOMAES.EXE). Fermez-le avant de poursuivre afin d'éviter "
        "tout conflit."
    ]
    assert wizard.submit({"country": "FR"}).ok
    assert running_process_names()  # this process at least


def test_back_after_the_install_is_refused_and_cancel_uninstalls(
    context: InstallContext, tmp_path: Path
) -> None:
    wizard = install_wizard(context)
    _walk_to(wizard, "done", tmp_path / "undo")
    assert wizard.back().errors == [msg.BACK_AFTER_INSTALL]
    assert wizard.view()["can_go_back"] is False
    wizard.cancel()
    assert list(tmp_path.iterdir()) == []


def test_unticking_launch_configuration_is_kept(context: InstallContext, tmp_path: Path) -> None:
    wizard = install_wizard(context)
    _walk_to(wizard, "done", tmp_path / "nolaunch")
    assert wizard.submit({}).finished
    assert wizard.answers.launch_configuration is False


def test_the_countries_are_listed_in_french_order(context: InstallContext) -> None:
    view = install_wizard(context).view()
    names = list(next(f for f in view["fields"] if f["name"] == "country")["options"].values())
    assert names.index("Bénin") < names.index("Burkina Faso")
    assert names.index("Espagne") < names.index("États-Unis") < names.index("France")
