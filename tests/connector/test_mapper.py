"""AccountMapper is pure: Sage row in, CRM record out."""

from decimal import Decimal

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from ssm.connector.sync import AccountMapper, record_hash
from ssm.sage100 import DOCUMENT_LINE_COLUMNS, DOCUMENT_LINE_JSON, decimal_text


def _line(**values):
    """A document line as the reader gives it: a tuple laid out as DOCUMENT_LINE_COLUMNS.

    The amounts of DOCUMENT_LINE_JSON, given as Decimal, become the reader's JSON numbers.
    """
    return tuple(
        orjson.Fragment(decimal_text(values[column]))
        if column in DOCUMENT_LINE_JSON and values.get(column) is not None
        else values.get(column)
        for column in DOCUMENT_LINE_COLUMNS
    )


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
    assert record_hash({"x": Decimal("1.500000")}) == record_hash({"x": Decimal("1.5")})
    assert record_hash({"x": Decimal("1.500001")}) != record_hash({"x": Decimal("1.5")})


def test_amounts_are_written_as_exact_json_numbers():
    from ssm.connector.json_encoding import encode_json

    amounts = [
        Decimal("0.123456"),
        Decimal("0.370368"),
        Decimal("3.000000"),
        Decimal("-100.500000"),
        Decimal("-0.000000"),
        Decimal("123456789012345678.123456"),  # numeric(24,6): more digits than a float holds
        Decimal("1E+2"),
    ]
    assert encode_json(amounts) == (b"[0.123456,0.370368,3,-100.5,0,123456789012345678.123456,100]")
    # The bytes are JSON numbers, read back exactly by a decimal-aware parser.
    import json

    assert json.loads(encode_json(amounts), parse_float=Decimal) == amounts


@settings(max_examples=300)
@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**15), max_value=10**15
    ),
    st.integers(min_value=0, max_value=6),
)
def test_an_amount_is_written_alike_however_often_and_however_spelt(amount, extra_places):
    """An amount's JSON is canonical: a repeat, or an equal amount spelt with other
    trailing zeros, gives the same bytes (so the same record hash), read back exactly."""
    import json

    from ssm.connector.json_encoding import encode_json

    spelt = amount.quantize(Decimal(1).scaleb(-6 - extra_places))
    first = encode_json([amount])
    assert encode_json([amount]) == first
    assert encode_json([spelt]) == first
    if amount == 0:  # -0 and 0 alike
        assert encode_json([-amount]) == first == b"[0]"
    (back,) = json.loads(first, parse_float=Decimal, parse_int=Decimal)
    assert back == amount and b"e" not in first.lower()


def test_an_amount_that_is_not_a_number_cannot_be_written():
    import orjson
    import pytest

    from ssm.connector.json_encoding import encode_json

    with pytest.raises(orjson.JSONEncodeError):
        encode_json([Decimal("NaN")])


def test_control_characters_and_spaces_are_cleaned():
    from ssm.connector.sync import clean

    assert clean("  Dupont\x00 &\tFils\r\n ") == "Dupont & Fils"
    assert clean("\x1b") is None
    assert clean("") is None


def test_invalid_email_is_dropped_from_an_account_not_the_account():
    record = AccountMapper().map({**ROW, "CT_EMail": "jean.dupont@"})
    assert record["email"] is None
    assert record["name"] == "Dupont & Fils"


def test_rep_without_a_usable_email_is_a_user_without_email():
    from ssm.connector.sync import UserMapper

    rep = {
        "CO_No": 12,
        "CO_Prenom": "Léa",
        "CO_Nom": "Roux",
        "CO_Fonction": "Commerciale",
        "CO_EMail": "a b@c",
        "CO_Telephone": "01 02 03 04 05",
        "CO_TelPortable": "",
        "CO_Sommeil": 0,
    }
    assert UserMapper().map(rep)["email"] is None
    user = UserMapper().map({**rep, "CO_EMail": " lea.roux@bijou.fr "})
    assert user == {
        "extId": "12",
        "firstName": "Léa",
        "lastName": "Roux",
        "jobTitle": "Commerciale",
        "email": "lea.roux@bijou.fr",
        "phone": "01 02 03 04 05",
        "active": True,
    }


def test_credit_note_amounts_are_negative_and_lines_follow():
    from datetime import datetime

    from ssm.connector.sync import InvoiceMapper

    header = {
        "cbMarq": 42,
        "DO_Piece": "FA000042",
        "DO_Tiers": "CDUPONT",
        "DO_Ref": "",
        "CO_No": 0,
        "DO_Date": datetime(2026, 3, 1),
        "DO_Type": 7,
        "DO_Provenance": 2,
        "DO_TotalHT": Decimal("100.000000"),
        "DO_TotalTTC": Decimal("120.000000"),
        "lines": [
            _line(
                DL_No=7,
                AR_Ref="",
                DL_Design="Remise",
                DL_Qte=Decimal("1"),
                DL_PrixUnitaire=Decimal("100"),
                DL_Remise01REM_Valeur=Decimal("0"),
                DL_MontantHT=Decimal("100"),
            )
        ],
    }
    invoice = InvoiceMapper().map(header)
    assert isinstance(invoice["totalExclTax"], Decimal)
    assert invoice["extId"] == "42"
    assert invoice["kind"] == "credit_note"
    assert invoice["posted"] is True
    assert invoice["date"] == "2026-03-01"
    assert invoice["totalExclTax"] == -100.0
    assert invoice["totalInclTax"] == -120.0
    assert invoice["salesRepExtId"] is None
    assert invoice["lines"][0]["totalExclTax"] == -100.0
    assert invoice["lines"][0]["productExtId"] is None
    assert (
        InvoiceMapper().map({**header, "DO_Provenance": 0, "DO_Type": 6})["totalExclTax"] == 100.0
    )


def test_invoice_amounts_stay_exact_decimals():
    from datetime import datetime

    from ssm.connector.json_encoding import encode_json
    from ssm.connector.sync import InvoiceMapper

    line = {
        "DL_No": 1,
        "AR_Ref": "VIS",
        "DL_Design": "Vis",
        "DL_Qte": Decimal("3.000000"),
        "DL_PrixUnitaire": Decimal("0.123456"),
        "DL_Remise01REM_Valeur": Decimal("0.000000"),
        "DL_MontantHT": Decimal("0.370368"),
        "DL_MontantTTC": Decimal("0.444442"),
    }
    header = {
        "cbMarq": 9,
        "DO_Piece": "FA000009",
        "DO_Tiers": "CDUPONT",
        "DO_Ref": "",
        "CO_No": 0,
        "DO_Date": datetime(2026, 3, 1),
        "DO_Type": 7,
        "DO_Provenance": 0,
        "DO_TotalHT": Decimal("0.370368"),
        "lines": [_line(**line), _line(**{**line, "DL_No": 2})],  # no DO_TotalTTC: the lines' sum
    }
    invoice = InvoiceMapper().map(header)
    assert invoice["lines"][0]["totalExclTax"] == Decimal("0.370368")
    assert invoice["totalInclTax"] == Decimal("0.888884")
    body = encode_json(invoice)
    assert b'"unitPrice":0.123456' in body
    assert b'"quantity":3,' in body
    assert b'"totalExclTax":0.370368' in body
    assert b'"totalInclTax":0.888884' in body


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(
        min_value=Decimal("-999999999999999999.999999"),
        max_value=Decimal("999999999999999999.999999"),
        places=6,
    )
)
def test_amounts_read_as_json_numbers_write_as_their_decimals_would(amount):
    """A line amount the reader gives as a JSON number is the text json_default writes.

    SQL Server's driver gives a Decimal, the emulator a float (exact to the millionth below a
    billion), an integral one maybe an int: all three give the bytes, and so the hash, that
    the Decimal gives through json_default.
    """
    from ssm.connector.json_encoding import json_default

    expected = orjson.dumps(json_default(amount))
    assert decimal_text(amount).encode() == expected
    if abs(amount) < 10**9:
        assert decimal_text(float(amount)).encode() == expected
    if amount == amount.to_integral_value():
        assert decimal_text(int(amount)).encode() == expected


def test_an_invoice_hashes_alike_with_its_line_amounts_as_decimals_or_json_numbers():
    """Lines read before DOCUMENT_LINE_JSON (Decimals) and after: no record is sent again."""
    from datetime import datetime

    from ssm.connector.json_encoding import encode_json
    from ssm.connector.sync import InvoiceMapper

    line = {
        "DL_No": 7,
        "AR_Ref": "VIS",
        "DL_Design": "Vis",
        "DL_Qte": Decimal("-2.500000"),
        "DL_PrixUnitaire": Decimal("1234567.891234"),
        "DL_Remise01REM_Valeur": Decimal("0.000000"),
        "DL_MontantHT": Decimal("3086419.728085"),
        "DL_MontantTTC": Decimal("3703703.673702"),
    }
    header = {
        "cbMarq": 9,
        "DO_Piece": "FA000009",
        "DO_Tiers": "CDUPONT",
        "CO_No": 0,
        "DO_Date": datetime(2026, 3, 1),
        "DO_Type": 7,
        "DO_Provenance": 0,
        "DO_TotalHT": Decimal("3086419.728085"),
    }
    as_decimals = tuple(line.get(column) for column in DOCUMENT_LINE_COLUMNS)
    before = InvoiceMapper().map({**header, "lines": [as_decimals]})
    after = InvoiceMapper().map({**header, "lines": [_line(**line)]})
    assert isinstance(after["lines"][0]["unitPrice"], orjson.Fragment)
    assert record_hash(after) == record_hash(before)
    assert b'"quantity":-2.5,' in encode_json(after)
