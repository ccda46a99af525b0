"""The data key as text: written in groups, read back forgivingly, mistakes caught."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.backup.recovery_key import (
    QR_PREFIX,
    fingerprint,
    key_groups,
    key_text,
    parse_key,
    qr_payload,
)
from desktop.errors import UserError
from desktop.pii import PiiVault


@given(st.binary(min_size=32, max_size=32))
def test_every_key_reads_back_from_its_text(key: bytes) -> None:
    groups = key_groups(key)
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert parse_key(key_text(key)) == key
    assert parse_key(qr_payload(key)) == key


def test_reading_is_forgiving_about_case_spaces_and_lookalikes() -> None:
    key = os.urandom(32)
    text = key_text(key)
    assert parse_key(" ".join(key_groups(key)).lower()) == key
    assert parse_key(text.replace("0", "O").replace("1", "l")) == key
    assert parse_key(f"  {QR_PREFIX}{text}\n") == key


def test_a_mistyped_character_or_a_missing_group_is_refused_in_words() -> None:
    key = os.urandom(32)
    text = key_text(key)
    swapped = ("X" if text[5] != "X" else "Y").join((text[:5], text[6:]))
    for wrong in (swapped, text[:-5], text + "-ABCD", "hello"):
        with pytest.raises(UserError) as refused:
            parse_key(wrong)
        assert refused.value.message.code == "backup.key_mistyped"


def test_the_fingerprint_is_the_vaults_and_tells_keys_apart() -> None:
    key = os.urandom(32)
    assert fingerprint(key) == PiiVault(key).fingerprint
    assert fingerprint(key) != fingerprint(os.urandom(32))
