"""AccountMapper is pure: Sage row in, CRM record out."""

from decimal import Decimal

from ssm.connector.sync import AccountMapper, record_hash

ROW = {
    "CT_Num": "CDUPONT",
    "CT_Intitule": "Dupont & Fils",
    "CT_Adresse": "12 rue de l'Église ",
    "CT_Complement": "",
    "CT_CodePostal": "69003",
    "CT_Ville": "Lyon",
    "CT_CodeRegion": "",
    "CT_Pays": "France",
    "CT_Telephone": "04 78 12 34 56",
    "CT_Telecopie": "",
    "CT_EMail": "contact@dupont.fr",
    "CT_Site": "",
    "CT_Siret": "73282932000074",
    "CT_Ape": "4690Z",
    "CT_Identifiant": "FR44732829320",
    "CT_Commentaire": "",
    "CT_Prospect": 0,
    "CT_Sommeil": 1,
    "CO_No": 3,
}


def test_client_maps_to_a_read_only_account_owned_by_its_rep():
    record = AccountMapper().map(ROW)
    assert record["extId"] == "CDUPONT"
    assert record["name"] == "Dupont & Fils"
    assert record["address1"] == "12 rue de l'Église"
    assert record["address2"] is None  # empty Sage strings become null
    assert record["accountType"] == "client"
    assert record["readOnly"] is True
    assert record["sleeping"] is True
    assert record["salesRepExtId"] == "3"


def test_prospect_is_editable_and_without_rep_has_no_owner():
    record = AccountMapper().map({**ROW, "CT_Prospect": 1, "CO_No": 0})
    assert record["accountType"] == "prospect"
    assert record["readOnly"] is False
    assert record["salesRepExtId"] is None


def test_hash_changes_with_content_not_with_key_order():
    record = AccountMapper().map(ROW)
    assert record_hash(record) == record_hash(dict(reversed(list(record.items()))))
    assert record_hash(record) != record_hash({**record, "phone": "04 00 00 00 00"})
    assert record_hash({"x": Decimal("1.50")}) == record_hash({"x": Decimal("1.50")})
