"""Contacts written into an emulated Sage 100: numbering, owned fields, refusals, recovery."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text, update

from ssm.sage100 import (
    CONTACT_FIELDS,
    CONTACTS,
    SageConnectionError,
    SageWriteError,
    create_contact,
    create_prospect,
    find_contact,
    find_contact_by_name,
    read_changes,
    update_contact,
)
from ssm.sage100.emulator import EmulatedServer
from ssm.sage100.schema import F_COMPTET, F_CONTACTT

FULL = {
    "CT_Nom": "Lefèvre",
    "CT_Prenom": "Hélène",
    "CT_Fonction": "Gérante",
    "CT_Telephone": "01 45 67 89 10",
    "CT_TelPortable": "06 12 34 56 78",
    "CT_Telecopie": "",
    "CT_EMail": "helene.lefevre@example.fr",
    "CT_Civilite": 1,
}


@pytest.fixture
def prospect(engine) -> str:
    create_prospect(engine, "P000001", {"CT_Intitule": "Prospect à contacts"})
    return "P000001"


def _row(engine, ct_no):
    with engine.connect() as conn:
        names = [c for c in F_CONTACTT.c if c.name not in ("cbCreation", "cbCreationUser")]
        return conn.execute(select(*names).where(F_CONTACTT.c.CT_No == ct_no)).mappings().one()


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(F_CONTACTT)).scalar_one()


def _account(engine, *where) -> str:
    with engine.connect() as conn:
        query = select(F_COMPTET.c.CT_Num).where(*where).order_by(F_COMPTET.c.CT_Num).limit(1)
        return conn.execute(query).scalar_one()


def test_a_contact_takes_the_next_number_and_sage_s_defaults(engine, prospect, clock) -> None:
    with engine.connect() as conn:
        last = conn.execute(select(func.max(F_CONTACTT.c.CT_No))).scalar_one()
    state = create_contact(engine, prospect, FULL)  # type: ignore[arg-type]
    assert (state.CT_No, state.CT_Num, state.CT_Nom) == (last + 1, prospect, "Lefèvre")
    assert state.cbModification == clock.minute
    row = _row(engine, state.CT_No)
    assert {k: row[k] for k in FULL} == FULL
    assert (row["N_Service"], row["N_Contact"], row["CT_Skype"]) == (0, 0, "")
    assert create_contact(engine, prospect, {"CT_Nom": "Second"}).CT_No == last + 2


def test_a_client_s_contact_is_read_back_by_the_reader(engine) -> None:
    client = _account(engine, F_COMPTET.c.CT_Type == 0, F_COMPTET.c.CT_Prospect == 0)
    cursor = list(read_changes(engine, CONTACTS))[-1].cursor
    state = create_contact(engine, client, FULL)  # type: ignore[arg-type]
    rows = [r for b in read_changes(engine, CONTACTS, cursor) for r in b.rows]
    (row,) = [r for r in rows if r["CT_No"] == state.CT_No]
    assert {k: row[k] for k in FULL if k in row} == FULL
    assert row["CT_Num"] == client


def test_an_update_changes_only_the_crm_s_fields_and_is_stamped(engine, prospect, clock) -> None:
    state = create_contact(engine, prospect, FULL)  # type: ignore[arg-type]
    with engine.begin() as conn:  # a Sage user sets a field the CRM does not own
        conn.execute(
            update(F_CONTACTT).where(F_CONTACTT.c.CT_No == state.CT_No).values(N_Service=3)
        )
    clock.advance(minutes=4)
    updated = update_contact(engine, state.CT_No, {"CT_Fonction": "Directrice", "CT_Civilite": 2})
    assert updated.cbModification == clock.minute
    row = _row(engine, state.CT_No)
    assert (row["CT_Fonction"], row["CT_Civilite"], row["N_Service"]) == ("Directrice", 2, 3)
    assert row["CT_EMail"] == FULL["CT_EMail"]


@pytest.mark.parametrize("triggers", [True, False])
def test_the_writer_stamps_when_no_trigger_does(make_server, clock, triggers) -> None:
    report = make_server(triggers=triggers, name=f"srv{int(triggers)}")
    engine = EmulatedServer(report.location, clock=clock).engine(report.database)
    try:
        client = _account(engine, F_COMPTET.c.CT_Type == 0)
        state = create_contact(engine, client, {"CT_Nom": "Horodaté"})
        clock.advance(minutes=2)
        assert update_contact(engine, state.CT_No, {"CT_Prenom": "Jo"}).cbModification == (
            clock.minute
        )
    finally:
        engine.dispose()


def test_a_contact_created_before_a_crash_is_found_by_its_name(engine, prospect) -> None:
    state = create_contact(engine, prospect, {"CT_Nom": "Panne", "CT_Prenom": "Avant"})
    assert find_contact_by_name(engine, prospect, "Panne", "Avant") == state
    assert find_contact(engine, state.CT_No) == state
    assert find_contact_by_name(engine, prospect, "Panne") is None
    no_first_name = create_contact(engine, prospect, {"CT_Nom": "Panne"})
    assert find_contact_by_name(engine, prospect, "Panne") == no_first_name


def test_a_second_contact_of_the_same_name_is_refused(engine, prospect) -> None:
    create_contact(engine, prospect, {"CT_Nom": "Martin", "CT_Prenom": "Léa"})
    other = create_contact(engine, prospect, {"CT_Nom": "Martin", "CT_Prenom": "Paul"})
    before = _count(engine)
    with pytest.raises(SageWriteError, match="déjà un contact nommé « Léa Martin »"):
        create_contact(engine, prospect, {"CT_Nom": "Martin", "CT_Prenom": "Léa"})
    with pytest.raises(SageWriteError, match="« Léa Martin »"):
        update_contact(engine, other.CT_No, {"CT_Prenom": "Léa"})
    assert _count(engine) == before and _row(engine, other.CT_No)["CT_Prenom"] == "Paul"
    update_contact(engine, other.CT_No, {"CT_Nom": "Martin", "CT_Fonction": "Acheteur"})


def test_a_contact_of_an_unknown_account_is_refused(engine) -> None:
    with pytest.raises(SageWriteError, match="« X404 » n'existe pas") as refused:
        create_contact(engine, "X404", {"CT_Nom": "Perdu"})
    assert refused.value.field == "CT_Num"


def test_a_supplier_s_contact_is_refused(engine) -> None:
    supplier = _account(engine, F_COMPTET.c.CT_Type == 1)
    before = _count(engine)
    with pytest.raises(SageWriteError, match="ni un client ni un prospect"):
        create_contact(engine, supplier, {"CT_Nom": "Fournisseur"})
    assert _count(engine) == before


def test_writers_at_once_never_share_a_number(engine, prospect) -> None:
    """Each creation takes the write lock before its max + 1: no two get the same CT_No."""

    def create(n: int) -> int:
        return create_contact(engine, prospect, {"CT_Nom": f"Simultané {n}"}).CT_No

    with ThreadPoolExecutor(max_workers=4) as pool:
        numbers = list(pool.map(create, range(12)))
    assert len(set(numbers)) == 12
    with engine.connect() as conn:
        query = select(func.count()).where(F_CONTACTT.c.CT_Num == prospect)
        assert conn.execute(query).scalar_one() == 12


def test_a_database_that_fails_is_a_connection_error_and_writes_nothing(engine, prospect) -> None:
    with engine.begin() as conn:  # the table is gone: not the record's fault, retry later
        conn.execute(text("ALTER TABLE F_CONTACTT RENAME TO F_CONTACTT_OLD"))
    with pytest.raises(SageConnectionError, match="Impossible d'écrire dans F_CONTACTT") as failed:
        create_contact(engine, prospect, {"CT_Nom": "Perdu"})
    assert "no such table" in str(failed.value) and "rien n'a été écrit" in str(failed.value)


def test_a_deletion_during_the_update_rolls_it_back(engine, prospect) -> None:
    """A Sage user deletes the contact while the writer updates it (a trigger plays him)."""
    state = create_contact(engine, prospect, {"CT_Nom": "Éphémère"})
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER deletes_meanwhile AFTER UPDATE OF CT_Fonction ON F_CONTACTT "
                "BEGIN DELETE FROM F_CONTACTT WHERE cbMarq = NEW.cbMarq; END"
            )
        )
    with pytest.raises(SageWriteError, match="n'existe plus"):
        update_contact(engine, state.CT_No, {"CT_Fonction": "Partie", "CT_EMail": "x@y.fr"})
    row = _row(engine, state.CT_No)
    assert (row["CT_Fonction"], row["CT_EMail"]) == ("", "")


def test_a_contact_deleted_in_sage_is_refused(engine) -> None:
    with pytest.raises(SageWriteError, match="n° 999999 n'existe plus") as refused:
        update_contact(engine, 999_999, {"CT_Fonction": "Fantôme"})
    assert refused.value.field == "CT_No"
    assert find_contact(engine, 999_999) is None


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"CT_Prenom": "Sans nom"}, "CT_Nom", "« nom » est obligatoire"),
        ({"CT_Nom": ""}, "CT_Nom", "obligatoire"),
        ({"CT_Nom": "N" * 36}, "CT_Nom", "accepte 35"),
        ({"CT_Nom": "A", "CT_Fonction": "f" * 36}, "CT_Fonction", "« fonction » fait 36"),
        ({"CT_Nom": "A", "CT_TelPortable": "0" * 22}, "CT_TelPortable", "accepte 21"),
        ({"CT_Nom": "A", "CT_EMail": "e" * 70}, "CT_EMail", "accepte 69"),
        ({"CT_Nom": "A", "CT_Civilite": 7}, "CT_Civilite", "Civilité 7 inconnue"),
        ({"CT_Nom": "Zoë 🙂"}, "CT_Nom", "« 🙂 »"),
        ({"CT_Nom": "A", "CT_Prenom": "a\tb"}, "CT_Prenom", "U+0009"),
    ],
)
def test_a_field_sage_would_refuse_writes_nothing(engine, prospect, fields, field, words) -> None:
    before = _count(engine)
    with pytest.raises(SageWriteError) as refused:
        create_contact(engine, prospect, fields)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert _count(engine) == before


def test_an_update_is_validated_like_a_creation(engine, prospect) -> None:
    state = create_contact(engine, prospect, {"CT_Nom": "Valide"})
    with pytest.raises(SageWriteError, match="« nom » est obligatoire"):
        update_contact(engine, state.CT_No, {"CT_Fonction": "Vide", "CT_Nom": " "})
    assert _row(engine, state.CT_No)["CT_Fonction"] == ""


def test_an_e_mail_is_not_checked_for_shape(engine, prospect) -> None:
    """Sage 100 stores any text in CT_EMail; the CRM checks the shape, not the writer."""
    state = create_contact(engine, prospect, {"CT_Nom": "Courriel", "CT_EMail": "pas-un-email"})
    assert _row(engine, state.CT_No)["CT_EMail"] == "pas-un-email"


def test_the_crm_owns_the_documented_fields() -> None:
    assert set(CONTACT_FIELDS) == {
        "CT_Nom",
        "CT_Prenom",
        "CT_Fonction",
        "CT_Telephone",
        "CT_TelPortable",
        "CT_Telecopie",
        "CT_EMail",
        "CT_Civilite",
    }
