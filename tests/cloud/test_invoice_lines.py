"""An invoice's lines checked a field at a time: the outcome of checking them one by one."""

from decimal import Decimal

import pytest

from ssm.cloud.schemas.fields import ItemProblem
from ssm.cloud.schemas.invoice_lines import LINE_COLUMNS, PRODUCT_EXT_ID, check_lines


def test_lines_come_out_as_tuples_in_column_order_with_omitted_fields_null():
    lines = check_lines(
        [
            {"extId": "1", "productExtId": " A ", "quantity": Decimal("2.5"), "unitPrice": 3},
            {"description": "Remise", "totalExclTax": "-1,2345678"},
        ]
    )
    assert LINE_COLUMNS[PRODUCT_EXT_ID] == "product_ext_id"
    assert [dict(zip(LINE_COLUMNS, line, strict=True)) for line in lines] == [
        {
            "ext_id": "1",
            "product_ext_id": " A ",
            "description": None,
            "quantity": Decimal("2.5"),
            "unit_price": Decimal(3),
            "discount": None,
            "total_excl_tax": None,
        },
        {
            "ext_id": None,
            "product_ext_id": None,
            "description": "Remise",
            "quantity": None,
            "unit_price": None,
            "discount": None,
            "total_excl_tax": Decimal("-1.234568"),
        },
    ]
    assert check_lines([]) == []


@pytest.mark.parametrize(
    ("lines", "code", "message"),
    [
        # A field a time would meet line 2's extId first: the first problem is line 1's.
        (
            [{"extId": "1", "quantity": "beaucoup"}, {"extId": 2}],
            "invalid_field",
            "Ligne 1 : Le champ « lines.quantity »",
        ),
        ([{"extId": "1"}, {"colour": "red"}], "unknown_field", "Ligne 2 : "),
        ([{"extId": "1"}, "ligne"], "invalid_item", "Ligne 2 : "),
        ([{"description": "x" * 256}], "field_too_long", "Ligne 1 : "),
    ],
)
def test_a_refused_line_is_named_as_when_checked_one_by_one(lines, code, message):
    with pytest.raises(ItemProblem) as refused:
        check_lines(lines)
    assert refused.value.code == code
    assert refused.value.message.startswith(message)
