"""ID numbers checked to GB 11643, phone numbers, lengths."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import Message
from desktop.validation import (
    PROVINCE_CODES,
    check_id_number,
    check_length,
    check_phone,
    id_birth_date,
    id_check_char,
    normalise_id_number,
    normalise_phone,
    phone_match_key,
)

TODAY = dt.date(2026, 6, 1)
# GB 11643-1999 weights W_i = 2^(17-i) mod 11 for i = 1..17 written out, and the check
# character table indexed by the weighted sum modulo 11, as printed in the standard.
STANDARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
STANDARD_CHECK = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]


def with_check(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, STANDARD_WEIGHTS, strict=True))
    return first17 + STANDARD_CHECK[total % 11]


def code(text: str) -> str | None:
    message = check_id_number(text, today=TODAY)
    return None if message is None else message.code


@pytest.mark.parametrize(
    "id_number",
    [
        "11010519491231002X",  # the standard's own example
        "11010519491231002x",  # lowercase x accepted
        "110101199003074477",
        with_check("50010319850612123"),  # Chongqing
        with_check("81000019900101123"),  # Hong Kong residence permit
        " 1101 0519 4912 3100 2X ",  # spaces typed from a card
    ],
)
def test_valid_id_numbers_pass(id_number: str) -> None:
    assert code(id_number) is None


@pytest.mark.parametrize(
    ("id_number", "expected"),
    [
        ("", "resident.id_number.length"),
        ("11010519491231002", "resident.id_number.length"),
        ("11010519491231002XX", "resident.id_number.length"),
        ("1101051949123100X2", "resident.id_number.characters"),
        ("11010519491231002Y", "resident.id_number.characters"),
        ("１１０１０５１９４９１２３１００２X", "resident.id_number.characters"),  # full-width
        (with_check("00010519491231002"), "resident.id_number.region"),
        (with_check("99010519491231002"), "resident.id_number.region"),
        (with_check("11010519490230002"), "resident.id_number.birth_date"),  # 30 Feb
        (with_check("11010519001329002"), "resident.id_number.birth_date"),  # month 13
        (with_check("11010518991231002"), "resident.id_number.birth_date"),  # before 1900
        (with_check("11010520300101002"), "resident.id_number.birth_date"),  # future
        ("110105194912310021", "resident.id_number.check_digit"),
        ("110101199003074478", "resident.id_number.check_digit"),
    ],
)
def test_wrong_id_numbers_say_what_is_wrong(id_number: str, expected: str) -> None:
    assert code(id_number) == expected


def test_check_digit_of_the_standards_annex_example() -> None:
    # 440524188001010014 (born 1880) is the standard's worked example; its check digit is 4
    assert id_check_char("44052418800101001") == "4"
    assert with_check("44052418800101001") == "440524188001010014"
    assert code("440524188001010014") == "resident.id_number.birth_date"  # before 1900


def test_length_message_carries_the_length() -> None:
    assert check_id_number("1234") == Message("resident.id_number.length", {"length": 4})


def test_leap_day_is_a_real_birth_date() -> None:
    assert code(with_check("11010520000229002")) is None
    assert code(with_check("11010519000229002")) == "resident.id_number.birth_date"


def test_birth_date_and_normalised_form() -> None:
    assert id_birth_date("11010519491231002x") == dt.date(1949, 12, 31)
    assert id_birth_date("110105194913310021") is None
    assert normalise_id_number(" 11010519491231002x ") == "11010519491231002X"


ids = st.builds(
    lambda province, rest, birth, seq: with_check(f"{province}{rest:04d}{birth:%Y%m%d}{seq:03d}"),
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
    st.dates(dt.date(1900, 1, 1), TODAY),
    st.integers(0, 999),
)


@given(ids)
def test_any_generated_valid_id_passes(id_number: str) -> None:
    assert code(id_number) is None
    assert code(id_number.lower()) is None


@given(ids, st.integers(0, 17), st.integers(1, 9))
def test_any_single_character_change_fails(id_number: str, position: int, shift: int) -> None:
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = id_number[position]
    new = alphabet[(alphabet.index(old) + shift) % len(alphabet)]
    changed = id_number[:position] + new + id_number[position + 1 :]
    assert code(changed) is not None


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "19912345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "008613812345678",
        "023-12345678",
        "02312345678",
        "010-1234567",
        "0755-87654321",
        "(023)12345678",
        "12345678"[1:] + "9",  # 7-digit local number 2345679
        "62345678",
    ],
)
def test_valid_phones_pass(phone: str) -> None:
    assert check_phone(phone) is None


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("1381234567", "resident.phone.mobile"),
        ("138123456789", "resident.phone.mobile"),
        ("12812345678", "resident.phone.mobile"),
        ("1381234567a", "resident.phone.characters"),
        ("１３８１２３４５６７８", "resident.phone.characters"),
        ("023-0234567", "resident.phone.invalid"),
        ("234567", "resident.phone.invalid"),
        ("123456", "resident.phone.mobile"),
        ("0231234", "resident.phone.invalid"),
    ],
)
def test_wrong_phones_say_what_is_wrong(phone: str, expected: str) -> None:
    message = check_phone(phone)
    assert message is not None and message.code == expected


def test_phone_required_or_optional() -> None:
    assert check_phone("  ") == Message("field.required")
    assert check_phone("", required=False) is None


def test_phone_forms() -> None:
    assert normalise_phone("+86 138-1234-5678") == "13812345678"
    assert normalise_phone("02312345678") == "023-12345678"
    assert normalise_phone("075587654321") == "0755-87654321"
    assert normalise_phone("010 1234567") == "010-1234567"
    assert phone_match_key("023-12345678") == phone_match_key("02312345678") == "02312345678"


def test_lengths() -> None:
    assert check_length("", 40, required=True) == Message("field.required")
    assert check_length("  ", 40) is None
    assert check_length("张" * 40, 40) is None
    assert check_length("张" * 41, 40) == Message("field.too_long", {"max": 40, "length": 41})
