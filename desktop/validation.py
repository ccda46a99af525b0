"""Checks of what the desk types: ID numbers (GB 11643), phone numbers, lengths.

Pure functions: each returns ``None`` when the text is acceptable, or the
:class:`desktop.errors.Message` to show next to the field. Codes live in
:mod:`desktop.texts.residents`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from desktop.errors import Message

ID_NUMBER_LENGTH = 18
#: GB 11643 weights of the first 17 characters: 2^(17-i) mod 11.
ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
#: Check character for each weighted sum modulo 11.
ID_CHECK_CHARS = "10X98765432"
#: First two digits of the address code: provinces (GB/T 2260) plus Hong Kong, Macao and
#: Taiwan residence permits (81, 82, 83).
PROVINCE_CODES = frozenset(
    {
        *("11", "12", "13", "14", "15"),
        *("21", "22", "23"),
        *("31", "32", "33", "34", "35", "36", "37"),
        *("41", "42", "43", "44", "45", "46"),
        *("50", "51", "52", "53", "54"),
        *("61", "62", "63", "64", "65"),
        *("71", "81", "82", "83"),
    }
)
EARLIEST_BIRTH = dt.date(1900, 1, 1)

_SEPARATORS = re.compile(r"[\s\-()（）]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE_WITH_AREA = re.compile(r"0\d{9,11}")
_LANDLINE_LOCAL = re.compile(r"[2-9]\d{6,7}")
_THREE_DIGIT_AREA = re.compile(r"0(10|2\d)")


def normalise_id_number(text: str) -> str:
    """Spaces removed and a lowercase ``x`` check character made uppercase."""
    return "".join(text.split()).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_birth_date(text: str) -> dt.date | None:
    """The birth date written in an ID number, or ``None`` when it is not a real date."""
    value = normalise_id_number(text)
    if len(value) != ID_NUMBER_LENGTH or not value[6:14].isdigit():
        return None
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def check_id_number(text: str, *, today: dt.date | None = None) -> Message | None:
    """Check an ID number to GB 11643: length, characters, region, birth date, check digit."""
    value = normalise_id_number(text)
    if len(value) != ID_NUMBER_LENGTH:
        return Message("resident.id_number.length", {"length": len(value)})
    if not (value[:17].isdigit() and value[:17].isascii()) or not (
        value[17].isdigit() or value[17] == "X"
    ):
        return Message("resident.id_number.characters")
    if value[:2] not in PROVINCE_CODES:
        return Message("resident.id_number.region")
    birth = id_birth_date(value)
    latest = today or dt.date.today()
    if birth is None or not EARLIEST_BIRTH <= birth <= latest:
        return Message("resident.id_number.birth_date")
    if id_check_char(value[:17]) != value[17]:
        return Message("resident.id_number.check_digit")
    return None


def phone_digits(text: str) -> str:
    """The phone number without separators or the +86 / 0086 country prefix."""
    value = _SEPARATORS.sub("", text.strip())
    for prefix in ("+86", "0086"):
        if value.startswith(prefix) and _MOBILE.fullmatch(value[len(prefix) :]):
            return value[len(prefix) :]
    return value


def is_mobile(digits: str) -> bool:
    return _MOBILE.fullmatch(digits) is not None


def is_landline(digits: str) -> bool:
    """A landline with area code (``02312345678``) or a local one (``12345678`` shape)."""
    if _LANDLINE_WITH_AREA.fullmatch(digits):
        local = len(digits) - _area_code_length(digits)
        return 7 <= local <= 8 and digits[_area_code_length(digits)] != "0"
    return _LANDLINE_LOCAL.fullmatch(digits) is not None


def _area_code_length(digits: str) -> int:
    return 3 if _THREE_DIGIT_AREA.match(digits) else 4


def normalise_phone(text: str) -> str:
    """The form a phone is stored and shown in: ``13812345678``, ``023-12345678``.

    Text that is not a valid phone number comes back with only separators removed.
    """
    digits = phone_digits(text)
    if _LANDLINE_WITH_AREA.fullmatch(digits) and is_landline(digits):
        cut = _area_code_length(digits)
        return f"{digits[:cut]}-{digits[cut:]}"
    return digits


def phone_match_key(text: str) -> str:
    """The digits that identify a phone for exact matching (``023-1234…`` = ``0231234…``)."""
    return phone_digits(text)


def check_phone(text: str, *, required: bool = True) -> Message | None:
    """Mainland mobile ``1[3-9]`` + 9 digits, or a landline with or without area code."""
    if not text.strip():
        return Message("field.required") if required else None
    digits = phone_digits(text)
    if not digits.isdigit() or not digits.isascii():
        return Message("resident.phone.characters")
    if is_mobile(digits) or is_landline(digits):
        return None
    if digits.startswith("1"):
        return Message("resident.phone.mobile", {"length": len(digits)})
    return Message("resident.phone.invalid")


def check_length(text: str, maximum: int, *, required: bool = False) -> Message | None:
    """Required and maximum-length check of a free-text field (after trimming)."""
    value = text.strip()
    if not value:
        return Message("field.required") if required else None
    if len(value) > maximum:
        return Message("field.too_long", {"max": maximum, "length": len(value)})
    return None


# CJK ideographs in every block, also those newer than this Python's Unicode tables
# (Extension H and I), so a resident's rare character (生僻字) is never refused.
_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # Extension B (𠮷 U+20BB7)
    (0x2A700, 0x2EE5F),  # Extensions C, D, E, F, I
    (0x2F800, 0x2FA1F),  # compatibility supplement
    (0x30000, 0x323AF),  # Extensions G, H
)
NAME_MARKS = frozenset(" ·•・‧.-'’()（）")
"""Besides letters: the dot of minority and foreign names (阿卜杜·热合曼), hyphen, brackets."""


def _cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def name_symbol(name: str) -> str | None:
    """The first character that has no place in a person's name (an emoji, a symbol, a
    control character), or None. Every letter of every script is accepted, CJK
    ideographs of every extension block included, and digits (checked elsewhere)."""
    for char in name:
        if _cjk(char) or char in NAME_MARKS:
            continue
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd":
            continue
        return char
    return None
