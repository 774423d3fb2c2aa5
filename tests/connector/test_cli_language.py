"""``ssm-connector`` speaks French, and English when the environment asks for it.

Each test runs the installed entry point in a fresh process, as a customer does, with only
``LANG`` set among the language variables: Typer's own words (usage line, ``--help``,
panel titles, refusals), our help texts and what the commands print must all follow it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ssm.connector.sync import EXPORT, STREAMS, stream_title

BIN = Path(sys.executable).parent
FRENCH, ENGLISH = "C.UTF-8", "en_US.UTF-8"


def connector(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    """``ssm-connector args`` in a process whose only language setting is ``LANG=lang``."""
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": lang, "COLUMNS": "200"}
    return subprocess.run(
        [str(BIN / "ssm-connector"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_help_is_french_by_default():
    shown = connector("--help", lang=FRENCH)
    assert shown.returncode == 0, shown.stderr
    for words in (
        "Utilisation : ssm-connector",
        "Commandes",
        "Afficher cette aide et quitter.",
        "Configurer une installation : la relier à une société Sage 100",
        "Dire si le service tourne",
    ):
        assert words in shown.stdout, words
    for english in ("Usage:", "Commands", "Show this message", "Configure an install"):
        assert english not in shown.stdout, english
    assert "--install-completion" not in shown.stdout  # Typer's, in English only


def test_help_is_english_with_an_english_lang():
    shown = connector("--help", lang=ENGLISH)
    assert shown.returncode == 0, shown.stderr
    for words in (
        "Usage: ssm-connector",
        "Commands",
        "Show this message and exit.",
        "Configure an install: link it to a Sage 100 company",
        "Say whether the service runs",
    ):
        assert words in shown.stdout, words
    assert "Utilisation" not in shown.stdout and "Configurer une installation" not in shown.stdout


def test_a_command_s_options_are_described_in_french():
    shown = connector("sync", "--help", lang=FRENCH)
    assert "Dossier d'installation du connecteur." in shown.stdout
    assert "[obligatoire]" in shown.stdout
    assert all(f"{s.name} ({s.title})" in shown.stdout for s in STREAMS)
    assert "accounts (Comptes)" in shown.stdout


def test_configure_without_its_folder_says_so_in_french():
    refused = connector("configure", lang=FRENCH)
    assert refused.returncode == 2
    assert "Option manquante '--dir'." in refused.stderr
    assert "Utilisation : ssm-connector configure" in refused.stderr
    assert "Aide : « ssm-connector configure --help »." in refused.stderr
    assert "Missing" not in refused.stderr and "Try " not in refused.stderr


def test_configure_without_its_folder_says_so_in_english_with_an_english_lang():
    refused = connector("configure", lang=ENGLISH)
    assert refused.returncode == 2
    assert "Missing option '--dir'." in refused.stderr
    assert "Option manquante" not in refused.stderr


def test_a_refused_value_is_introduced_in_french(tmp_path):
    refused = connector("run", "--dir", str(tmp_path), "--poll-interval", "abc", lang=FRENCH)
    assert refused.returncode == 2
    assert "Valeur non valide pour '--poll-interval' :" in refused.stderr


def test_an_unknown_command_is_named_in_french():
    refused = connector("statut", lang=FRENCH)
    assert refused.returncode == 2
    assert "Commande inconnue : 'statut'." in refused.stderr


def test_our_own_errors_follow_the_language(tmp_path):
    french = connector("status", "--dir", str(tmp_path), lang=FRENCH)
    english = connector("status", "--dir", str(tmp_path), lang=ENGLISH)
    assert french.returncode == english.returncode == 1
    assert french.stderr.startswith("Erreur : Le dossier ")
    assert "ne contient pas de connecteur configuré" in french.stderr
    assert english.stderr.startswith("Error: The folder ")
    assert "holds no configured connector" in english.stderr


def test_every_step_of_a_pass_has_a_french_title_derived_from_its_declaration():
    titles = [stream_title(stream.name) for stream in STREAMS]
    assert titles == ["Utilisateurs", "Comptes", "Contacts", "Produits", "Factures", "Devis"]
    assert all(stream.label for stream in STREAMS)  # declared, not the name as a fallback
    assert stream_title(EXPORT) == "Sales Management → Sage 100"
    assert stream_title("invoice_lines") == "invoice_lines"  # no title: the name itself


@pytest.fixture
def synced(installed):
    """An install after one real ``ssm-connector sync`` (every stream has a last pass)."""
    layout = installed()
    done = connector("sync", "--dir", str(layout.root), lang=FRENCH)
    assert done.returncode == 0, done.stderr
    assert "Comptes : lus " in done.stdout and "Passe réussie." in done.stdout
    return layout


def test_status_names_the_streams_in_french(synced):
    shown = connector("status", "--dir", str(synced.root), lang=FRENCH)
    lines = shown.stdout.splitlines()
    for header in ("Flux", "Dernière passe", "Statut", "Mis à jour", "En erreur"):
        assert header in shown.stdout, header
    for stream in STREAMS:
        row = next((line for line in lines if f" {stream.title} " in line), None)
        assert row is not None, stream.title
        assert "réussi" in row and f" {stream.name} " not in row
    assert "Sales Management → Sage 100" in shown.stdout and "crm_to_sage" not in shown.stdout
    assert "│ synchronisation │" in shown.stdout  # the history's kind of pass


def test_status_is_english_with_an_english_lang(synced):
    shown = connector("status", "--dir", str(synced.root), lang=ENGLISH)
    assert "Stream" in shown.stdout and "Last pass" in shown.stdout
    assert "Accounts" in shown.stdout and "Invoices" in shown.stdout and "Kind" in shown.stdout
    assert "succeeded" in shown.stdout
    assert "Comptes" not in shown.stdout and "Dernière passe" not in shown.stdout
