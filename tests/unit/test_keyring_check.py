"""``--self-check`` names the system keyring the desk would use, or says there is none."""

from __future__ import annotations

from desktop.keyring_check import NONE, keyring_backend
from tests.memory_keyring import MemoryKeyring


def test_without_a_keyring_it_says_none(no_keyring: None) -> None:
    assert keyring_backend() == NONE


def test_a_usable_keyring_is_named_by_its_backend(memory_keyring: MemoryKeyring) -> None:
    assert keyring_backend() == "tests.memory_keyring.MemoryKeyring"
