"""A resident's search keys, worked out quickly for the common name (one reading a
character) and the same as ever for every name: several readings, ü, compound surnames,
Latin letters and digits."""

from __future__ import annotations

import pytest

from desktop.search_terms import _CJK, _KEPT, resident_terms


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("张三", ["n:张三", "p:zhangsan", "i:zs"]),
        (
            "曾乐",
            [
                "n:曾乐",
                "p:zengle",
                "i:zl",
                "p:zengyue",
                "i:zy",
                "p:cengle",
                "i:cl",
                "p:cengyue",
                "i:cy",
            ],
        ),
        ("吕布", ["n:吕布", "p:lvbu", "i:lb", "p:lubu"]),
        ("欧阳娜娜", ["n:欧阳娜娜", "p:ouyangnana", "i:oynn"]),
        ("Anna 李", ["n:Anna李", "p:annali", "i:al"]),
        ("居民12", ["n:居民12", "p:jumin12", "i:jm1"]),
    ],
)
def test_keys_of_a_name(name: str, keys: list[str]) -> None:
    assert resident_terms(name) == keys


def test_a_name_is_read_from_its_han_characters_ascii_letters_and_digits() -> None:
    for code in range(0x110000):
        char = chr(code)
        kept = bool(_CJK.match(char)) or (char.isascii() and char.isalnum())
        assert bool(_KEPT.fullmatch(char)) == kept, hex(code)
