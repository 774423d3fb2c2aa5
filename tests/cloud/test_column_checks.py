"""Items checked a column at a time accept exactly what the item-by-item reference accepts.

``ItemValidator.validate_all`` and the batch's invoice lines take fast paths through C loops
when every value surely passes; these properties compare them, over generated batches that
include the edge cases of every kind of field, with the reference: each item through
``ItemValidator.__call__`` and each line through a line validator one by one. Same values
(same type and same digits, a Decimal's exponent included), same refusals, same French.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ssm.cloud import messages
from ssm.cloud.models import millionths
from ssm.cloud.schemas.fields import (
    ItemProblem,
    ItemValidator,
    Writable,
    day,
    email,
    flag,
    number,
    text,
)
from ssm.cloud.schemas.invoice_lines import LINE_COLUMNS, check_line_lists, check_lines
from ssm.cloud.schemas.invoices import FIELDS, LINE_FIELDS, MAX_LINES
from ssm.cloud.services.invoices import INVOICES

EDGE_NUMBERS = [
    Decimal("999999999999.999999"),
    Decimal("999999999999.9999995"),
    Decimal("-999999999999.9999994"),
    Decimal("1E+12"),
    Decimal("0E+20"),
    Decimal("-0"),
    Decimal("1E-9"),
    Decimal("0.0000005"),
    Decimal("-0.0000005"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("NaN"),
    Decimal("sNaN"),
    10**12,
    -(10**12) + 1,
    True,
    1.5,
    "2,5",
    " 3.25 ",
    "abc",
]
numbers = st.one_of(
    st.none(),
    st.sampled_from(EDGE_NUMBERS),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=-(10**13), max_value=10**13, places=8),
    st.integers(min_value=-(10**13), max_value=10**13),
)
texts = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["", "  ", " a ", "a\x00b", "x" * 100, "x" * 101, "y" * 256, "a@b.fr"]),
    st.integers(),
)
dates = st.one_of(
    st.none(), st.sampled_from(["2026-11-24", "2026-11-24T10:00:00", "2026-02-30", "hier", ""])
)
flags = st.one_of(st.booleans(), st.sampled_from([0, 1, 2, None, "true"]))
kinds = st.one_of(st.sampled_from(["invoice", "credit_note", "avoir", None, 3]))

STRATEGIES = {"number": numbers, "text": texts, "email": texts, "date": dates}


VALID = {
    "number": st.one_of(
        st.none(),
        st.decimals(min_value=-(10**11), max_value=10**11, places=4),
        st.integers(min_value=-(10**11), max_value=10**11),
    ),
    "text": st.one_of(st.none(), st.text(st.characters(exclude_characters="\x00"), max_size=8)),
    "bool": st.booleans(),
    "choice": st.sampled_from(["invoice", "credit_note"]),
}
"""Values that pass (most of the time): the fast paths' own ground."""


def values_of(spec: Writable, *, valid: bool = False) -> st.SearchStrategy[Any]:
    """Values for one field: its kind's, edge cases included unless ``valid``."""
    if valid and spec.kind in VALID:
        return VALID[spec.kind]
    if spec.kind == "bool":
        return flags
    if spec.kind == "choice":
        return kinds
    return STRATEGIES[spec.kind]


line = st.fixed_dictionaries({}, optional={spec.alias: values_of(spec) for spec in LINE_FIELDS})
valid_line = st.fixed_dictionaries(
    {}, optional={spec.alias: values_of(spec, valid=True) for spec in LINE_FIELDS}
)
lines = st.one_of(
    st.lists(valid_line, max_size=5),
    st.lists(line, max_size=5),
    st.lists(st.one_of(line, st.sampled_from([{"colour": "red"}, "ligne"])), max_size=3),
    st.sampled_from([None, "lignes", [{}] * (MAX_LINES + 1)]),
)


def reference_lines(value: object) -> list[tuple[Any, ...]]:
    """An item's lines one by one, with the line's number in a refusal."""
    if type(value) is not list:
        detail = messages.EXPECTED_LIST
        raise ItemProblem(
            "invalid_field", messages.FIELD_INVALID.format(field="lines", detail=detail)
        )
    if len(value) > MAX_LINES:
        detail = messages.TOO_MANY_LINES.format(limit=MAX_LINES, count=len(value))
        raise ItemProblem(
            "invalid_field", messages.FIELD_INVALID.format(field="lines", detail=detail)
        )
    validate = ItemValidator(LINE_FIELDS, "une ligne de facture", prefix="lines.")
    checked = []
    for position, raw in enumerate(value, start=1):
        try:
            values = validate(raw)
        except ItemProblem as problem:
            raise ItemProblem(problem.code, f"Ligne {position} : {problem.message}") from None
        checked.append(tuple(map(values.get, LINE_COLUMNS)))
    return checked


REFERENCE = ItemValidator(
    FIELDS, "une facture", {"lines": lambda values: [reference_lines(v) for v in values]}
)


def outcome(check: Any, value: object) -> object:
    """What ``check`` gives for ``value``, exactly: types and digits, or code and message."""
    try:
        return exact(check(value))
    except ItemProblem as problem:
        return (problem.code, problem.message)


def exact(value: object) -> object:
    """``value`` with every leaf as its type and its text (``1.0`` is not ``1.000000``)."""
    if isinstance(value, dict):
        return {key: exact(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [type(value).__name__, *map(exact, value)]
    if isinstance(value, ItemProblem):
        return (value.code, value.message)
    return (type(value).__name__, str(value))


@st.composite
def batches(draw: st.DrawFn) -> list[Any]:
    """Items with one set of keys, as a connector sends them; now and then an odd one."""
    keys = draw(st.sets(st.sampled_from([spec.alias for spec in FIELDS] + ["lines"])))
    keys |= {"extId", "accountExtId"}
    specs = {spec.alias: spec for spec in FIELDS}
    valid = draw(st.booleans())
    items: list[Any] = [
        {key: draw(lines if key == "lines" else values_of(specs[key], valid=valid)) for key in keys}
        for _ in range(draw(st.integers(min_value=1, max_value=6)))
    ]
    odd = (
        None
        if valid
        else draw(
            st.sampled_from(
                [None, "text", {"extId": "X"}, {"extId": "X", "accountExtId": "C", "colour": 1}]
            )
        )
    )
    if odd is not None:
        items.insert(draw(st.integers(min_value=0, max_value=len(items))), odd)
    return items


@settings(max_examples=250, deadline=None)
@given(batches())
def test_a_batch_checked_by_columns_is_checked_as_item_by_item(items):
    checked = INVOICES.validator.validate_all(items)
    assert list(map(exact, checked)) == [outcome(REFERENCE, item) for item in items]


@settings(max_examples=250, deadline=None)
@given(st.lists(lines, min_size=1, max_size=4))
def test_lines_of_many_invoices_are_checked_as_one_by_one(values):
    def one_by_one(values: list[object]) -> list[object]:
        return [reference_lines(value) for value in values]

    assert outcome(check_line_lists, values) == outcome(one_by_one, values)
    for value in values:
        assert outcome(check_lines, value) == outcome(reference_lines, value)


def test_a_refused_line_sends_the_batch_item_by_item_with_the_usual_french():
    good = {"extId": "1", "accountExtId": "C1", "lines": [{"extId": "1", "quantity": 2}]}
    bad = {
        "extId": "2",
        "accountExtId": "C1",
        "lines": [{"extId": "1"}, {"extId": "2", "unitPrice": "beaucoup"}],
    }
    first, second = INVOICES.validator.validate_all([good, bad])
    assert isinstance(first, dict)
    assert first["lines"] == [("1", None, None, Decimal("2.000000"), None, None, None)]
    assert isinstance(second, ItemProblem)
    assert second.code == "invalid_field"
    assert second.message == "Ligne 2 : " + messages.FIELD_INVALID.format(
        field="lines.unitPrice", detail=messages.EXPECTED_NUMBER
    )


def test_a_field_refused_in_one_item_refuses_that_item_only():
    validate = ItemValidator(
        (text("ext_id", 10, required=True), email("email"), flag("active"), day("since")),
        "un contact",
    )
    items = [
        {"extId": " A ", "email": "Jean@Exemple.FR", "active": 1, "since": "2026-11-24"},
        {"extId": "B", "email": "néant", "active": True, "since": None},
    ]
    first, second = validate.validate_all(items)
    assert first == {
        "ext_id": "A",
        "email": "jean@exemple.fr",
        "active": True,
        "since": first["since"],
    }
    assert isinstance(second, ItemProblem)
    assert second.code == "invalid_email"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.decimals(
                allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12
            ),
            st.sampled_from(
                [Decimal("0.00000049999999999999999999999999999999999"), Decimal("-0.0000005")]
            ),
            st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
        )
    )
)
def test_millionths_are_rounded_once_half_away_from_zero(values):
    def exact_millionths(value: Decimal | float | None) -> int | None:
        if value is None:
            return None
        shifted = Fraction(Decimal(str(value))) * 10**6
        whole = abs(shifted.numerator) * 2 + abs(shifted.denominator)
        rounded = whole // (2 * shifted.denominator)
        return rounded if shifted >= 0 else -rounded

    assert millionths(values) == [exact_millionths(value) for value in values]


WHOLE = st.one_of(
    st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1),
    st.sampled_from([0, -1, 10**12 - 1, -(10**12) + 1, 10**12, -(10**12), 10**30]),
    st.none(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({"extId": st.just("A"), "quantity": WHOLE}), min_size=1))
def test_a_column_of_whole_numbers_is_checked_as_one_by_one_and_kept_whole(items):
    validate = ItemValidator((text("ext_id", 10, required=True), number("quantity")), "un essai")
    checked = validate.validate_all(items)
    assert list(map(exact, checked)) == [outcome(validate, item) for item in items]
    for item, values in zip(items, checked, strict=True):
        if not isinstance(values, ItemProblem):
            # Exact as sent: an int stays the same int, whose millionths are a product.
            assert exact(values["quantity"]) == exact(item["quantity"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1)),
    st.lists(st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=7))),
)
def test_millionths_of_ints_alone_or_among_decimals_are_the_exact_ones(whole, mixed):
    def exact_millionths(value: Decimal | int | None) -> int | None:
        if value is None:
            return None
        shifted = Fraction(value) * 10**6
        rounded = (abs(shifted.numerator) * 2 + shifted.denominator) // (2 * shifted.denominator)
        return rounded if shifted >= 0 else -rounded

    assert millionths(whole) == [value * 10**6 for value in whole]
    values = whole + mixed
    assert millionths(values) == [exact_millionths(value) for value in values]
