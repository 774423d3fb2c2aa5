"""A small wizard following the ``ssm.connector.wizard`` contract (docs/contracts.md, issue 4).

Tests only: the web front end is driven through it until the real wizard lands; it installs into
a folder of the test's own and removes it on cancel, as the contract asks.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

TERMS_COUNTRIES = {"FR", "BE", "DE", "ES", "IT", "LU", "NL"}


@dataclass(frozen=True)
class Answers:
    install_dir: str = ""
    country: str = "FR"
    accept_terms: bool = False
    launch_configuration: bool = True


@dataclass
class StepResult:
    errors: list[str] = field(default_factory=list)
    finished: bool = False


@dataclass(frozen=True)
class Prerequisite:
    name: str
    ok: bool
    detail: str
    what_to_do: str = ""


class _Screen:
    name = ""
    title = ""

    def applies(self, answers: Answers) -> bool:
        return True

    def view(self, answers: Answers) -> dict[str, Any]:
        return {}

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        return answers


class Welcome(_Screen):
    name = "welcome"
    title = "Bienvenue"

    def __init__(self, prerequisites: list[Prerequisite]) -> None:
        self.prerequisites = prerequisites

    def view(self, answers: Answers) -> dict[str, Any]:
        return {
            "texts": [
                "Ce processus d'installation vous accompagne étape par étape pour intégrer "
                "Sage Sales Management à votre environnement Sage 100 FR.",
                "Il est recommandé de fermer toutes les applications ouvertes avant de "
                "commencer l'installation afin d'éviter tout conflit éventuel.",
            ],
            "prerequisites": self.prerequisites,
            "fields": [
                {
                    "name": "country",
                    "label": "Pays",
                    "type": "select",
                    "value": answers.country,
                    "options": [("FR", "France"), ("BE", "Belgique"), ("US", "États-Unis")],
                }
            ],
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        return [
            f"{p.name} : {p.detail} {p.what_to_do}".strip() for p in self.prerequisites if not p.ok
        ]

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        return replace(answers, country=form.get("country", answers.country))


class Folder(_Screen):
    name = "folder"
    title = "Dossier d'installation"

    def __init__(self, default: Path) -> None:
        self.default = default

    def view(self, answers: Answers) -> dict[str, Any]:
        return {
            "texts": [
                "L'assistant vous invite à sélectionner l'emplacement sur votre ordinateur où "
                "le connecteur sera installé."
            ],
            "fields": [
                {
                    "name": "install_dir",
                    "label": "Dossier d'installation",
                    "value": answers.install_dir or str(self.default),
                }
            ],
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        path = Path(form.get("install_dir", ""))
        if not path.is_absolute():
            return ["install_dir: Le chemin doit être absolu (par exemple /opt/ssm)."]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        return replace(answers, install_dir=form["install_dir"])


class Terms(_Screen):
    name = "terms"
    title = "Politique de confidentialité et conditions générales"

    def applies(self, answers: Answers) -> bool:
        return answers.country in TERMS_COUNTRIES

    def view(self, answers: Answers) -> dict[str, Any]:
        return {
            "texts": ["Lisez la politique de confidentialité et les conditions générales."],
            "fields": [
                {
                    "name": "accept_terms",
                    "label": "J'accepte la politique de confidentialité et les conditions "
                    "générales d'utilisation",
                    "type": "checkbox",
                    "value": answers.accept_terms,
                }
            ],
        }

    def validate(self, answers: Answers, form: Mapping[str, str]) -> list[str]:
        if "accept_terms" not in form:
            return ["accept_terms: Vous devez accepter les conditions pour continuer."]
        return []

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        return replace(answers, accept_terms=True)


class Summary(_Screen):
    name = "summary"
    title = "Résumé"

    def view(self, answers: Answers) -> dict[str, Any]:
        return {
            "texts": ["Vérifiez les paramètres avant de lancer l'installation."],
            "summary": [("Dossier d'installation", answers.install_dir), ("Pays", answers.country)],
        }


class Progress(_Screen):
    name = "progress"
    title = "Installation"

    def __init__(self, wizard: StubWizard) -> None:
        self.wizard = wizard

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        time.sleep(self.wizard.install_seconds)
        target = Path(answers.install_dir)
        for sub in ("config", "data", "logs"):
            (target / sub).mkdir(parents=True, exist_ok=True)
        (target / "config" / "connector.toml").write_text(f'country = "{answers.country}"\n')
        self.wizard.installed = target
        return answers


class Done(_Screen):
    name = "done"
    title = "Installation terminée"

    def view(self, answers: Answers) -> dict[str, Any]:
        return {
            "texts": ["Le connecteur a été installé."],
            "fields": [
                {
                    "name": "launch_configuration",
                    "label": "Lancer la configuration",
                    "type": "checkbox",
                    "value": answers.launch_configuration,
                }
            ],
        }

    def apply(self, answers: Answers, form: Mapping[str, str]) -> Answers:
        return replace(answers, launch_configuration="launch_configuration" in form)


class StubWizard:
    def __init__(
        self,
        default_dir: Path,
        *,
        prerequisites: list[Prerequisite] | None = None,
        install_seconds: float = 1.5,
    ) -> None:
        self.install_seconds = install_seconds
        self.installed: Path | None = None
        self.cancelled = False
        self.finished = False
        self.answers = Answers()
        ok = [Prerequisite("Python", True, "Python 3.11 ou plus récent")]
        self.screens: list[_Screen] = [
            Welcome(prerequisites if prerequisites is not None else ok),
            Folder(default_dir),
            Terms(),
            Summary(),
            Progress(self),
            Done(),
        ]
        self.current: _Screen = self.screens[0]

    def _applicable(self) -> list[_Screen]:
        return [s for s in self.screens if s.applies(self.answers)]

    def submit(self, form: Mapping[str, str]) -> StepResult:
        errors = self.current.validate(self.answers, form)
        if errors:
            return StepResult(errors)
        self.answers = self.current.apply(self.answers, form)
        screens = self._applicable()
        index = screens.index(self.current)
        if index + 1 < len(screens):
            self.current = screens[index + 1]
            return StepResult()
        self.finished = True
        return StepResult(finished=True)

    def back(self) -> StepResult:
        screens = self._applicable()
        index = screens.index(self.current)
        if index > 0:
            self.current = screens[index - 1]
        return StepResult()

    def cancel(self) -> StepResult:
        if self.installed is not None:
            shutil.rmtree(self.installed)
        self.cancelled = True
        return StepResult()
