"""``ssm-connector doctor --dir`` on a configured install, as a real process: the « Entreprise
Sage » line (schema generation, optional columns missing, « informations libres »), a missing
required column, and a SQL Server reached with the install's own SQL login."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from ssm.connector import messages as msg
from ssm.connector.settings import (
    CloudSection,
    InstallConfig,
    InstallLayout,
    SageSection,
    Secrets,
    save_install,
)
from ssm.sage100 import Sage100Error, SqlLogin, generate_server, open_server

EXE = str(Path(sys.executable).with_name("ssm-connector"))
COMPANY = "BIJOU"
SQL_PASSWORD = "Sql-Doctor-4a77"


def _configured(tmp_path: Path, cloud_url: str, sage: SageSection, sql: str | None) -> Path:
    """An install folder configured as the wizard leaves it (no cloud needed to write it)."""
    layout = InstallLayout(tmp_path / "install")
    config = InstallConfig(
        sage=sage, cloud=CloudSection(url=cloud_url, instance_id=1, public_key="pk_doctor")
    )
    secrets = Secrets(
        sage_password=SecretStr(""),
        private_key=SecretStr("sk_doctor"),
        sql_password=None if sql is None else SecretStr(sql),
    )
    save_install(layout, config, secrets, service_kind="")
    return layout.root


def _emulated(tmp_path: Path, cloud_url: str, generation: str) -> tuple[Path, Path]:
    server = tmp_path / f"sage-{generation}"
    generate_server(
        server, company=COMPANY, size="tiny", seed=4, generation=generation, triggers=False
    )
    sage = SageSection(server=str(server), company=COMPANY, user="Administrateur")
    return server, _configured(tmp_path, cloud_url, sage, None)


def _doctor(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [EXE, "doctor", "--dir", str(folder), "--no-service", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _lines(done: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    return {line["name"]: line for line in json.loads(done.stdout)}


def _drop(server: Path, table: str, column: str) -> None:
    with sqlite3.connect(server / f"{COMPANY}.sqlite") as db:
        db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


LIBRES = {
    "F_ARTICLE": ["UPN (code catalogue)"],
    "F_COMPTET": ["REP TEL", "CategorieClient"],
    "F_DOCENTETE": ["GRATUIT OU ECHANGE", "NATURE BL"],
}


def test_generation_b_shows_its_missing_optional_columns(tmp_path, cloud_health):
    server, folder = _emulated(tmp_path, cloud_health, "B")
    done = _doctor(folder, "--json")
    assert done.returncode == 0, done.stdout
    line = _lines(done)[msg.PRE_COMPANY]
    assert line["ok"] is True
    assert line["company"] == {
        "database": COMPANY,
        "server": str(server),
        "generation": "B",
        "missing_optional": {
            "F_COLLABORATEUR": ["CO_Sommeil"],
            "F_DOCENTETE": ["DO_TotalTTC"],
        },
        "libres": LIBRES,
    }
    assert line["detail"] == (
        f"{COMPANY} sur {server} : génération de schéma B ; colonnes facultatives absentes "
        "(leurs champs restent vides ou sont calculés) : F_COLLABORATEUR.CO_Sommeil, "
        "F_DOCENTETE.DO_TotalTTC ; 5 information(s) libre(s)."
    )
    # The install's own server and cloud are checked: no --sage-server, no --cloud-url.
    assert _lines(done)[msg.PRE_SAGE]["ok"] and str(server) in _lines(done)[msg.PRE_SAGE]["detail"]
    assert _lines(done)[msg.PRE_CLOUD]["ok"]
    assert msg.PRE_TWO_WAY not in _lines(done)  # CRM → Sage runs on an emulated server

    text = _doctor(folder)
    assert text.returncode == 0
    assert f"[OK ] Entreprise Sage : {COMPANY} sur {server} : génération de schéma B ;" in (
        text.stdout
    )


def test_generation_c_lacks_no_optional_column(tmp_path, cloud_health):
    _, folder = _emulated(tmp_path, cloud_health, "C")
    line = _lines(_doctor(folder, "--json"))[msg.PRE_COMPANY]
    assert line["ok"] is True
    assert (line["company"]["generation"], line["company"]["missing_optional"]) == ("C", {})
    assert "génération de schéma C ; aucune colonne facultative absente ;" in line["detail"]


def test_a_long_list_of_optional_columns_is_shortened(tmp_path, cloud_health):
    server, folder = _emulated(tmp_path, cloud_health, "B")
    dropped = ["CT_Telecopie", "CT_Site", "CT_Siret", "CT_Ape", "CT_Identifiant"]
    for column in dropped:
        _drop(server, "F_COMPTET", column)
    line = _lines(_doctor(folder, "--json"))[msg.PRE_COMPANY]
    assert line["ok"] is True
    assert line["company"]["missing_optional"]["F_COMPTET"] == dropped
    assert "F_COMPTET.CT_Identifiant et 1 autre(s) ; 5 information(s) libre(s)." in (line["detail"])


def test_a_missing_required_column_fails_with_what_to_do(tmp_path, cloud_health):
    server, folder = _emulated(tmp_path, cloud_health, "C")
    _drop(server, "F_DOCLIGNE", "DL_Qte")
    done = _doctor(folder, "--json")
    assert done.returncode == 1
    line = _lines(done)[msg.PRE_COMPANY]
    assert line["ok"] is False and "company" not in line
    assert line["detail"].startswith(f"{COMPANY} sur {server} : La table F_DOCLIGNE")
    assert (
        "la colonne DL_Qte" in line["detail"]
        and "génération de schéma détectée : C" in (line["detail"])
    )
    assert line["what_to_do"] == (
        f"{msg.COMPANY_SCHEMA_TODO} {msg.DOCTOR_AGAIN.format(path=folder)}"
    )
    text = _doctor(folder)
    assert f"[ÉCHEC] Entreprise Sage : {COMPANY} sur {server} : La table F_DOCLIGNE" in text.stdout


def test_a_sql_server_is_opened_with_the_installs_sql_login(tmp_path, cloud_health, free_port):
    server = f"127.0.0.1,{free_port}"  # nothing listens there
    sage = SageSection(
        server=server,
        company=COMPANY,
        user="Administrateur",
        authentication="sql",
        sql_user="ssm_lecture",
    )
    folder = _configured(tmp_path, cloud_health, sage, SQL_PASSWORD)
    done = _doctor(folder, "--json")
    assert done.returncode == 1
    assert SQL_PASSWORD not in done.stdout + done.stderr
    lines = _lines(done)
    with pytest.raises(Sage100Error) as raised:
        open_server(server, login=SqlLogin("ssm_lecture", SQL_PASSWORD)).version()
    # The version cannot be read from here: a notice, not a failure.
    sage_line = lines[msg.PRE_SAGE]
    assert sage_line["ok"] is True
    assert sage_line["detail"] == msg.SAGE_SQLSERVER_UNDETECTED.format(
        location=server, detail=raised.value
    )
    # The company cannot be read: a failure with the sage100 package's sentence.
    company = lines[msg.PRE_COMPANY]
    assert company["ok"] is False
    assert company["detail"] == msg.COMPANY_UNREADABLE.format(
        company=COMPANY, server=server, detail=raised.value
    )
    # CRM → Sage is off on SQL Server: one notice, which fails nothing.
    two_way = lines[msg.PRE_TWO_WAY]
    assert (two_way["ok"], two_way["detail"]) == (True, msg.TWO_WAY_SQLSERVER)
    text = _doctor(folder).stdout
    assert text.count("n'est pas disponible sur SQL Server") == 1


def test_a_sql_login_without_its_password_is_a_failed_line(tmp_path, cloud_health, free_port):
    sage = SageSection(
        server=f"127.0.0.1,{free_port}",
        company=COMPANY,
        user="Administrateur",
        authentication="sql",
        sql_user="ssm_lecture",
    )
    folder = _configured(tmp_path, cloud_health, sage, None)
    done = _doctor(folder, "--json", "--cloud-url", cloud_health)
    assert done.returncode == 1
    company = _lines(done)[msg.PRE_COMPANY]
    assert company["ok"] is False
    assert "« ssm_lecture »" in company["detail"] and "mot de passe" in company["detail"]
