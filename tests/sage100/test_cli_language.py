"""``ssm-sage100`` speaks French, and English when ``LANG`` asks for it (real entry point)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SSM_SAGE100 = str(Path(sys.executable).with_name("ssm-sage100"))


def sage100(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    """``ssm-sage100 args`` in a process whose only language setting is ``LANG=lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": lang, "COLUMNS": "200"}
    return subprocess.run(
        [SSM_SAGE100, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_help_is_french_by_default():
    shown = sage100("generate", "--help", lang="C.UTF-8")
    assert shown.returncode == 0, shown.stderr
    assert "Utilisation : ssm-sage100 generate" in shown.stdout
    assert "Générer une société française réaliste" in shown.stdout
    assert "Taille des données : tiny, small, pme ou eti." in shown.stdout
    assert "Afficher cette aide et quitter." in shown.stdout
    assert "Usage:" not in shown.stdout and "Show this message" not in shown.stdout


def test_help_is_english_with_an_english_lang():
    shown = sage100("generate", "--help", lang="en_US.UTF-8")
    assert shown.returncode == 0, shown.stderr
    assert "Usage: ssm-sage100 generate" in shown.stdout
    assert "Generate a realistic French company" in shown.stdout
    assert "Size of the data: tiny, small, pme or eti." in shown.stdout
    assert "Générer" not in shown.stdout


def test_a_missing_argument_and_our_errors_follow_the_language(tmp_path):
    missing = sage100("companies", lang="C.UTF-8")
    assert missing.returncode == 2 and "Argument manquant 'directory'." in missing.stderr
    gone = tmp_path / "absent"
    french = sage100("companies", str(gone), lang="C.UTF-8")
    english = sage100("companies", str(gone), lang="en_US.UTF-8")
    assert french.stderr.startswith(f"Erreur : Le dossier {gone} est introuvable")
    assert english.stderr.startswith(f"Error: The folder {gone} cannot be found")
