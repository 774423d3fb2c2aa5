"""Prospects written into an emulated Sage 100: defaults, owned fields, refusals, numbering."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text, update

from ssm.sage100 import (
    CLIENTS,
    PROSPECT_FIELDS,
    ProspectNumbering,
    SageSchemaError,
    SageWriteError,
    create_prospect,
    find_prospect,
    next_prospect_number,
    read_changes,
    update_prospect,
)
from ssm.sage100.emulator import EmulatedServer
from ssm.sage100.schema import F_COLLABORATEUR, F_COMPTET

FULL = {
    "CT_Intitule": "Boulangerie Hérault",
    "CT_Contact": "Léa Côté",
    "CT_Adresse": "12 rue de la Paix",
    "CT_Complement": "Bâtiment B",
    "CT_CodePostal": "34000",
    "CT_Ville": "Montpellier",
    "CT_CodeRegion": "Occitanie",
    "CT_Pays": "France",
    "CT_Telephone": "04 67 00 00 00",
    "CT_Telecopie": "",
    "CT_EMail": "contact@boulangerie-herault.fr",
    "CT_Site": "www.boulangerie-herault.fr",
    "CT_Siret": "12345678900012",
    "CT_Identifiant": "FR12123456789",
    "CT_Ape": "1071C",
    "CT_Commentaire": "Vu au salon",
}


def _row(engine, ct_num):
    with engine.connect() as conn:
        names = [c for c in F_COMPTET.c if c.name not in ("cbCreation", "cbCreationUser")]
        query = select(*names).where(F_COMPTET.c.CT_Num == ct_num)
        return conn.execute(query).mappings().one()


def _rep(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.min(F_COLLABORATEUR.c.CO_No))).scalar_one()


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(F_COMPTET)).scalar_one()


def test_a_prospect_is_created_with_sage_s_defaults(engine, clock) -> None:
    rep = _rep(engine)
    state = create_prospect(engine, "P000001", {**FULL, "CO_No": rep})  # type: ignore[typeddict-item]
    assert state.is_prospect and state.CT_Num == "P000001"
    assert state.cbModification == clock.minute
    row = _row(engine, "P000001")
    assert {k: row[k] for k in FULL} == FULL
    assert (row["CT_Type"], row["CT_Prospect"], row["CO_No"], row["cbCO_No"]) == (0, 1, rep, rep)
    assert row["CG_NumPrinc"] == "4110000" and row["cbCG_NumPrinc"] == b"4110000"
    assert row["CT_Classement"] == "Boulangerie Hérau"
    assert (row["N_CatTarif"], row["N_CatCompta"], row["N_Risque"]) == (1, 1, 1)
    assert row["CT_Encours"] == Decimal(0) and row["CT_Sommeil"] == 0
    assert row["CT_DateFermeDebut"] == datetime(1753, 1, 1)
    assert row["CT_DateCreate"] == clock.minute.replace(hour=0, minute=0)
    assert (row["DE_No"], row["cbDE_No"]) == (0, None)  # no depot: the FK twin is NULL
    assert row["CT_Statistique01"] == "" and row["cbCreateur"] == "CSQL"
    assert row["cbMarq"] == state.cbMarq


@pytest.mark.parametrize("triggers", [True, False])
def test_generation_c_gets_its_creation_stamp(make_server, clock, triggers) -> None:
    report = make_server(generation="C", triggers=triggers, name=f"c{int(triggers)}")
    engine = EmulatedServer(report.location, clock=clock).engine(report.database)
    try:
        create_prospect(engine, "P000001", {"CT_Intitule": "Génération C"})
        with engine.connect() as conn:
            query = select(F_COMPTET.c.cbCreation, F_COMPTET.c.cbCreationUser)
            stamp, user = conn.execute(query.where(F_COMPTET.c.CT_Num == "P000001")).one()
        assert stamp is not None and user is None
    finally:
        engine.dispose()


def test_no_rep_is_zero_with_a_null_twin(engine) -> None:
    create_prospect(engine, "P000001", {"CT_Intitule": "Sans représentant"})
    row = _row(engine, "P000001")
    assert (row["CO_No"], row["cbCO_No"], row["CT_Adresse"]) == (0, None, "")


def test_the_readers_read_the_prospect_back(engine) -> None:
    cursor = list(read_changes(engine, CLIENTS))[-1].cursor
    create_prospect(engine, "P000001", FULL)  # type: ignore[arg-type]
    rows = [r for b in read_changes(engine, CLIENTS, cursor) for r in b.rows]
    (row,) = [r for r in rows if r["CT_Num"] == "P000001"]
    assert {k: row[k] for k in FULL if k in row} == FULL
    assert row["CT_Prospect"] == 1


def test_an_update_changes_only_the_crm_s_fields_and_is_stamped(engine, clock) -> None:
    create_prospect(engine, "P000001", FULL)  # type: ignore[arg-type]
    with engine.begin() as conn:  # a Sage user sets a field the CRM does not own
        conn.execute(
            update(F_COMPTET).where(F_COMPTET.c.CT_Num == "P000001").values(CT_Qualite="VIP")
        )
    clock.advance(minutes=7)
    rep = _rep(engine)
    state = update_prospect(
        engine, "P000001", {"CT_Ville": "Sète", "CT_Telecopie": "", "CO_No": rep}
    )
    assert state.cbModification == clock.minute
    row = _row(engine, "P000001")
    assert (row["CT_Ville"], row["CO_No"], row["cbCO_No"]) == ("Sète", rep, rep)
    assert row["CT_Qualite"] == "VIP" and row["CT_Intitule"] == FULL["CT_Intitule"]
    update_prospect(engine, "P000001", {"CO_No": None})
    assert (_row(engine, "P000001")["CO_No"], _row(engine, "P000001")["cbCO_No"]) == (0, None)


@pytest.mark.parametrize("triggers", [True, False])
def test_the_writer_stamps_when_no_trigger_does(make_server, clock, triggers) -> None:
    report = make_server(triggers=triggers, name=f"srv{int(triggers)}")
    engine = EmulatedServer(report.location, clock=clock).engine(report.database)
    try:
        create_prospect(engine, "P000001", {"CT_Intitule": "Horodaté"})
        clock.advance(minutes=3)
        state = update_prospect(engine, "P000001", {"CT_Ville": "Agde"})
        assert state.cbModification == clock.minute
    finally:
        engine.dispose()


def test_a_prospect_converted_to_client_is_refused(engine) -> None:
    create_prospect(engine, "P000001", {"CT_Intitule": "Converti"})
    with engine.begin() as conn:  # the accountant converts it in Sage
        conn.execute(update(F_COMPTET).where(F_COMPTET.c.CT_Num == "P000001").values(CT_Prospect=0))
    with pytest.raises(SageWriteError, match="n'est plus un prospect") as refused:
        update_prospect(engine, "P000001", {"CT_Ville": "Paris"})
    assert refused.value.field == "CT_Num"
    assert _row(engine, "P000001")["CT_Ville"] == ""
    state = find_prospect(engine, "P000001")
    assert state is not None and not state.is_prospect


def test_a_conversion_during_the_update_rolls_it_back(engine) -> None:
    """Sage converts the prospect between the writer's check and its update (SQL Server's
    READ COMMITTED allows it; here a trigger plays the Sage user): refused, nothing kept."""
    create_prospect(engine, "P000001", {"CT_Intitule": "Course"})
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER converts_meanwhile AFTER UPDATE OF CT_Ville ON F_COMPTET "
                "BEGIN UPDATE F_COMPTET SET CT_Prospect = 0 WHERE cbMarq = NEW.cbMarq; END"
            )
        )
    with pytest.raises(SageWriteError, match="n'est plus un prospect"):
        update_prospect(engine, "P000001", {"CT_Ville": "Béziers", "CT_Pays": "France"})
    row = _row(engine, "P000001")
    assert (row["CT_Ville"], row["CT_Pays"], row["CT_Prospect"]) == ("", "", 1)


def test_a_client_or_supplier_is_never_edited_as_a_prospect(engine) -> None:
    with engine.connect() as conn:
        client = conn.execute(
            select(F_COMPTET.c.CT_Num).where(F_COMPTET.c.CT_Prospect == 0).limit(1)
        ).scalar_one()
    with pytest.raises(SageWriteError, match="n'est plus un prospect"):
        update_prospect(engine, client, {"CT_Intitule": "Piraté"})


def test_a_deleted_prospect_is_refused(engine) -> None:
    with pytest.raises(SageWriteError, match="n'existe plus dans Sage 100"):
        update_prospect(engine, "P999999", {"CT_Ville": "Paris"})
    assert find_prospect(engine, "P999999") is None


def test_find_prospect_recovers_a_creation_before_a_crash(engine) -> None:
    created = create_prospect(engine, "P000001", {"CT_Intitule": "Avant la panne"})
    assert find_prospect(engine, "P000001") == created
    with pytest.raises(SageWriteError, match="existe déjà"):
        create_prospect(engine, "P000001", {"CT_Intitule": "Avant la panne"})


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"CT_Intitule": "x" * 36}, "CT_Intitule", "fait 36 caractères, Sage 100 en accepte 35"),
        ({"CT_Intitule": "  "}, "CT_Intitule", "obligatoire"),
        ({"CT_Ville": "Paris"}, "CT_Intitule", "obligatoire"),
        ({"CT_Intitule": "A", "CT_CodePostal": "1234567890"}, "CT_CodePostal", "accepte 9"),
        ({"CT_Intitule": "A", "CT_EMail": "a" * 70}, "CT_EMail", "accepte 69"),
        ({"CT_Intitule": "Café ☕"}, "CT_Intitule", "« ☕ »"),
        ({"CT_Intitule": "A", "CT_Adresse": "1 rue\n2e étage"}, "CT_Adresse", "U+000A"),
        ({"CT_Intitule": "A\x7f"}, "CT_Intitule", "U+007F"),
        ({"CT_Intitule": "A", "CO_No": 999_999}, "CO_No", "représentant n° 999999"),
    ],
)
def test_a_field_sage_would_refuse_writes_nothing(engine, fields, field, words) -> None:
    before = _count(engine)
    with pytest.raises(SageWriteError) as refused:
        create_prospect(engine, "P000001", fields)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert _count(engine) == before


def test_a_bad_collective_account_is_refused(engine) -> None:
    with pytest.raises(SageWriteError, match="« compte collectif » fait 14 caractères") as refused:
        create_prospect(engine, "P000001", {"CT_Intitule": "A"}, collective="4" * 14)
    assert refused.value.field == "CG_NumPrinc" and find_prospect(engine, "P000001") is None


def test_an_update_is_validated_like_a_creation(engine) -> None:
    create_prospect(engine, "P000001", {"CT_Intitule": "Valide"})
    with pytest.raises(SageWriteError, match="« téléphone » fait 22 caractères"):
        update_prospect(engine, "P000001", {"CT_Ville": "Nîmes", "CT_Telephone": "0" * 22})
    assert _row(engine, "P000001")["CT_Ville"] == ""


@pytest.mark.parametrize("code", ["p000001", "P-1", "", "P" * 18, "PÉ1"])
def test_a_code_sage_would_not_keep_is_refused(engine, code) -> None:
    with pytest.raises(SageWriteError, match="n'est pas un code Sage 100"):
        create_prospect(engine, code, {"CT_Intitule": "Code"})


def test_a_database_refusal_rolls_everything_back(engine) -> None:
    """The database refuses the insert (a rule of the customer's): nothing stays, French reason."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER refuse_prospect AFTER INSERT ON F_COMPTET "
                "BEGIN SELECT RAISE(ABORT, 'refusé par la règle du client'); END"
            )
        )
    before = _count(engine)
    with pytest.raises(SageWriteError, match="rien n'a été écrit") as failed:
        create_prospect(engine, "P000001", {"CT_Intitule": "Refusé"})
    assert "refusé par la règle du client" in str(failed.value)
    assert _count(engine) == before and find_prospect(engine, "P000001") is None


def test_a_company_without_prospects_says_so(tiny, clock) -> None:
    """Generation A has no CT_Prospect: the writer names the column instead of guessing."""
    server = EmulatedServer(tiny.location, clock=clock)
    engine = server.engine(tiny.database)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE F_COMPTET DROP COLUMN CT_Prospect"))
    engine.dispose()
    engine = server.engine(tiny.database)
    try:
        with pytest.raises(SageSchemaError, match="n'a pas la colonne CT_Prospect"):
            create_prospect(engine, "P000001", {"CT_Intitule": "Ancienne version"})
        with pytest.raises(SageSchemaError, match="génération de schéma détectée : A"):
            find_prospect(engine, "P000001")
    finally:
        engine.dispose()


def test_the_crm_owns_the_documented_fields() -> None:
    assert PROSPECT_FIELDS[0] == "CT_Intitule" and "CO_No" in PROSPECT_FIELDS
    assert not {"CT_Num", "CT_Type", "CT_Prospect", "CG_NumPrinc"} & set(PROSPECT_FIELDS)


# --- numbering ---------------------------------------------------------------------------


def test_numbering_starts_at_its_start_and_follows_the_codes_written(engine) -> None:
    assert next_prospect_number(engine) == "P000001"
    assert next_prospect_number(engine, ProspectNumbering("PR", 4, start=50)) == "PR0050"
    create_prospect(engine, "P000001", {"CT_Intitule": "Un"})
    assert next_prospect_number(engine) == "P000002"


def test_numbering_never_collides_with_any_account(engine) -> None:
    """Generated clients and suppliers are C000000… and F…: a C numbering goes past them all."""
    with engine.connect() as conn:
        last = conn.execute(
            select(func.max(F_COMPTET.c.CT_Num)).where(F_COMPTET.c.CT_Num.like("C%"))
        ).scalar_one()
    code = next_prospect_number(engine, ProspectNumbering("C", 6))
    assert code == f"C{int(last[1:]) + 1:06d}"
    assert find_prospect(engine, code) is None
    create_prospect(engine, "P000009", {"CT_Intitule": "Saisi à la main"})
    assert next_prospect_number(engine) == "P000010"


def test_numbering_skips_reserved_codes_and_other_shapes(engine) -> None:
    create_prospect(engine, "P000003", {"CT_Intitule": "Trois"})
    create_prospect(engine, "PDUPONT", {"CT_Intitule": "Code libre"})
    create_prospect(engine, "P1234567", {"CT_Intitule": "Autre largeur"})
    assert next_prospect_number(engine) == "P000004"
    assert next_prospect_number(engine, reserved=["P000004", "p000005"]) == "P000006"


def test_an_exhausted_numbering_says_so(engine) -> None:
    create_prospect(engine, "Q9", {"CT_Intitule": "Dernier"})
    with pytest.raises(SageWriteError, match="épuisée"):
        next_prospect_number(engine, ProspectNumbering("Q", 1))


@pytest.mark.parametrize(
    "numbering", [{"prefix": "p"}, {"prefix": "P-"}, {"digits": 0}, {"digits": 17}, {"start": 0}]
)
def test_a_bad_numbering_is_refused(numbering) -> None:
    with pytest.raises(SageWriteError, match="Numérotation des prospects invalide"):
        ProspectNumbering(**numbering)
