"""``ssm-cloud`` speaks French, and English when ``LANG`` asks for it (real entry point)."""

from __future__ import annotations

import os
import subprocess

from .server_helpers import SSM_CLOUD


def cloud(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    """``ssm-cloud args`` in a process whose only language setting is ``LANG=lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": lang, "COLUMNS": "200"}
    return subprocess.run(
        [SSM_CLOUD, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_help_is_french_by_default_and_english_with_an_english_lang():
    french = cloud("keys", "--help", lang="C.UTF-8")
    english = cloud("keys", "--help", lang="en_US.UTF-8")
    assert "Utilisation : ssm-cloud keys" in french.stdout
    assert "Commandes" in french.stdout and "Émettre une clé d'activation" in french.stdout
    assert "Usage: ssm-cloud keys" in english.stdout
    assert "Commands" in english.stdout and "Issue a one-time activation key" in english.stdout


def test_a_refused_value_and_the_issued_key_follow_the_language(tmp_path):
    refused = cloud("keys", "issue", "--expires-in-days", "0", lang="C.UTF-8")
    assert refused.returncode == 2
    assert "Valeur non valide pour '--expires-in-days' :" in refused.stderr
    database = f"sqlite:///{tmp_path / 'cloud.sqlite'}"
    french = cloud("keys", "issue", "--database", database, lang="C.UTF-8")
    english = cloud("keys", "issue", "--database", database, lang="en_US.UTF-8")
    assert french.stdout.startswith("Clé d'activation à usage unique, valable jusqu'au ")
    assert english.stdout.startswith("One-time activation key, valid until ")
    assert french.stdout.splitlines()[-1] != english.stdout.splitlines()[-1]  # two keys
