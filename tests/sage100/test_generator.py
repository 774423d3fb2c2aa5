"""The demo generator: deterministic, realistic, consistent, sized."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ssm.sage100 import GenerationError, generate_server
from ssm.sage100.emulator import SIZES, luhn_digit
from ssm.sage100.schema import METADATA


def _content_hash(location: str, database: str) -> str:
    digest = hashlib.sha256()
    with closing(sqlite3.connect(Path(location) / f"{database}.sqlite")) as conn:
        for table in sorted(METADATA.tables):
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def _query(report, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(Path(report.location) / f"{report.database}.sqlite")) as conn:
        return conn.execute(sql).fetchall()


def test_same_seed_same_content_other_seed_other_content(make_server) -> None:
    one = make_server(seed=7, name="a")
    two = make_server(seed=7, name="b")
    three = make_server(seed=8, name="c")
    assert _content_hash(one.location, one.database) == _content_hash(two.location, two.database)
    assert _content_hash(one.location, one.database) != _content_hash(
        three.location, three.database
    )


def test_the_seed_gives_the_same_documents_relative_to_the_anchor(tmp_path) -> None:
    """Anchored later (across a year's end), every document is the same, as much later."""
    shift = timedelta(days=57)
    early = datetime(2026, 12, 7, 9, 0)
    one = generate_server(tmp_path / "a", "Démo", "tiny", 5, anchor=early)
    two = generate_server(tmp_path / "b", "Démo", "tiny", 5, anchor=early + shift)
    sql = (
        "SELECT DO_Piece, DO_Type, DO_Tiers, DO_TotalHT, DO_Date, cbModification"
        " FROM F_DOCENTETE ORDER BY cbMarq"
    )

    def later(row: tuple) -> tuple:
        *same, day, stamp = row
        return (*same, *(f"{datetime.fromisoformat(t) + shift}" for t in (day, stamp)))

    assert [later(row) for row in _query(one, sql)] == _query(two, sql)


def test_tiny_counts(tiny) -> None:
    size = SIZES["tiny"]
    assert tiny.counts["F_COMPTET"] == size.tiers == 30
    assert tiny.counts["F_CONTACTT"] == size.contacts
    assert tiny.counts["F_DOCENTETE"] == size.documents
    assert tiny.counts["F_DOCLIGNE"] >= size.documents
    assert tiny.counts["F_ARTSTOCK"] == size.articles * size.depots
    assert tiny.counts["P_DOSSIER"] == 1
    assert tiny.seconds < 5


def test_sizes_scale_like_the_brief() -> None:
    pme, eti, small = SIZES["pme"], SIZES["eti"], SIZES["small"]
    assert (pme.tiers, pme.contacts, pme.articles, pme.collaborateurs, pme.documents) == (
        20_000, 30_000, 5_000, 60, 130_000,
    )  # fmt: skip
    assert eti.tiers == 10 * pme.tiers and eti.documents == 10 * pme.documents
    assert small.tiers == pme.tiers // 10


def test_totals_equal_sum_of_lines(tiny) -> None:
    rows = _query(
        tiny,
        "SELECT e.DO_Piece, e.DO_TotalHT, SUM(l.DL_MontantHT), COUNT(l.DL_No) FROM F_DOCENTETE e "
        "JOIN F_DOCLIGNE l ON l.DO_Domaine = e.DO_Domaine AND l.DO_Type = e.DO_Type "
        "AND l.DO_Piece = e.DO_Piece GROUP BY e.cbMarq",
    )
    assert len(rows) == tiny.counts["F_DOCENTETE"]
    for _piece, total, lines_sum, count in rows:
        assert count >= 1
        assert round(total, 2) == round(lines_sum, 2)


def test_every_kind_of_record_exists(make_server) -> None:
    report = make_server(size="small", seed=3)
    types = {t for (t,) in _query(report, "SELECT DISTINCT DO_Type FROM F_DOCENTETE")}
    assert {0, 1, 3, 5, 6, 7} <= types
    assert _query(report, "SELECT COUNT(*) FROM F_DOCENTETE WHERE DO_Provenance = 2")[0][0] > 0
    flags = _query(
        report,
        "SELECT SUM(CT_Sommeil), SUM(CT_Prospect), SUM(CT_Type = 1), SUM(CT_Type = 0) "
        "FROM F_COMPTET",
    )[0]
    assert all(f > 0 for f in flags)
    reps = _query(
        report,
        "SELECT SUM(CO_EMail <> ''), SUM(CO_EMail = '') FROM F_COLLABORATEUR WHERE CO_Vendeur = 1",
    )[0]
    assert all(r > 0 for r in reps)
    assert _query(report, "SELECT COUNT(*) FROM F_ARTCLIENT WHERE CT_Num <> ''")[0][0] > 0
    assert _query(report, "SELECT COUNT(*) FROM F_ARTCLIENT WHERE CT_Num = ''")[0][0] > 0
    assert _query(report, "SELECT COUNT(*) FROM F_FAMCLIENT")[0][0] > 0
    dl = _query(report, "SELECT COUNT(*), COUNT(DISTINCT DL_No) FROM F_DOCLIGNE")[0]
    assert dl[0] == dl[1]


def test_french_data_looks_right(tiny) -> None:
    rows = _query(tiny, "SELECT CT_Siret, CT_Telephone, CT_CodePostal, CT_Ville FROM F_COMPTET")
    for siret, phone, postcode, city in rows:
        assert len(siret) == 14 and siret.isdigit()
        assert luhn_digit(siret[:-1]) == siret[-1]
        assert luhn_digit(siret[:8]) == siret[8]  # the SIREN is valid too
        parts = phone.split(" ")
        assert len(parts) == 5 and all(len(p) == 2 and p.isdigit() for p in parts)
        assert phone.startswith("0")
        assert len(postcode) == 5 and city
    names = " ".join(r[0] for r in _query(tiny, "SELECT CT_Intitule || CT_Ville FROM F_COMPTET"))
    cities = " ".join(r[0] for r in _query(tiny, "SELECT CT_Ville FROM F_COMPTET"))
    assert any(ord(c) > 127 for c in names + cities + "".join(
        r[0] for r in _query(tiny, "SELECT CT_Nom || CT_Prenom FROM F_CONTACTT")
    ))  # fmt: skip
    assert _query(tiny, "SELECT D_RaisonSoc FROM P_DOSSIER") == [("Démo Tiny SARL",)]


def test_cbmodification_is_minute_precision(tiny) -> None:
    bad = _query(tiny, "SELECT COUNT(*) FROM F_DOCLIGNE WHERE cbModification NOT LIKE '%:00'")
    assert bad == [(0,)]


def test_logins_have_no_password_by_default(tiny) -> None:
    rows = _query(tiny, "SELECT PROT_User, PROT_Hash, PROT_Administrator FROM F_PROTECTIONCIAL")
    assert ("Administrateur", None, 1) in rows  # as on a fresh Sage 100
    assert all(digest is None for _u, digest, _a in rows)


def test_passwords_are_kept_as_32_byte_digests(make_server) -> None:
    report = make_server(sage_password="Secret-1")
    rows = _query(report, "SELECT PROT_User, PROT_Hash FROM F_PROTECTIONCIAL")
    digests = [digest for _u, digest in rows]
    assert all(isinstance(d, bytes) and len(d) == 32 for d in digests)
    assert b"Secret-1" not in b"".join(digests)
    assert len(set(digests)) == len(digests)  # salted per user: the same password differs


def test_adding_a_second_company_to_a_server(make_server) -> None:
    first = make_server(company="Alpha")
    second = make_server(company="Bêta Négoce")
    assert first.location == second.location
    assert second.database == "BETA_NEGOCE"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": "huge"}, r"^Taille inconnue « huge » : choisissez tiny, small, pme ou eti\.$"),
        ({"company": ""}, r"^Nom de société «  » invalide : saisissez de 1 à 35 caractères"),
        ({"company": "x" * 36}, f"^Nom de société « {'x' * 36} » invalide"),
    ],
)
def test_bad_arguments(tmp_path, kwargs, message) -> None:
    args = {"company": "Démo", "size": "tiny", **kwargs}
    with pytest.raises(GenerationError, match=message):
        generate_server(tmp_path / "srv", args["company"], args["size"], 1)
    assert not (tmp_path / "srv").exists()


def test_non_empty_folder_is_refused_and_untouched(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("à garder")
    with pytest.raises(
        GenerationError, match="n'est pas vide et n'est pas un serveur Sage 100 émulé"
    ):
        generate_server(tmp_path, "Démo", "tiny", 1)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "à garder"


def test_existing_company_is_refused(make_server) -> None:
    report = make_server()
    before = _content_hash(report.location, report.database)
    with pytest.raises(GenerationError, match="La société DEMO_TINY_SARL existe déjà"):
        make_server()
    assert _content_hash(report.location, report.database) == before
