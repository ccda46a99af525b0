"""The personal-data vault: encryption, blind hashes, and where the key is kept."""

from __future__ import annotations

import base64
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordSetError

from desktop.paths import DataPaths
from desktop.pii import (
    KEYRING_SERVICE,
    KeyStorage,
    PiiVault,
    VaultError,
    keyring_user,
    load_or_create_vault,
)


class MemoryKeyring(KeyringBackend):
    """An in-process keyring backend (the real OS keyring is not touched by tests)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def broken_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_encrypt_round_trip_and_tokens_differ() -> None:
    vault = PiiVault(b"k" * 32)
    first, second = vault.encrypt("13812345678"), vault.encrypt("13812345678")
    assert first != second and "13812345678" not in first
    assert vault.decrypt(first) == vault.decrypt(second) == "13812345678"
    assert vault.encrypt("") == "" and vault.decrypt("") == ""
    assert vault.decrypt(vault.encrypt("幸福里 张三")) == "幸福里 张三"


def test_other_key_cannot_decrypt_and_says_nothing_of_the_value() -> None:
    token = PiiVault(b"k" * 32).encrypt("11010519491231002X")
    with pytest.raises(VaultError) as caught:
        PiiVault(b"j" * 32).decrypt(token)
    assert "1101" not in str(caught.value)
    with pytest.raises(VaultError):
        PiiVault(b"k" * 32).decrypt("not-a-token")


def test_blind_hash_is_keyed_stable_and_separated_by_kind() -> None:
    vault = PiiVault(b"k" * 32)
    digest = vault.blind_hash("phone", "13812345678")
    assert digest == vault.blind_hash("phone", "13812345678")
    assert len(digest) == 64 and "5678" not in digest
    assert digest != vault.blind_hash("id_number", "13812345678")
    assert digest != PiiVault(b"j" * 32).blind_hash("phone", "13812345678")
    assert vault.blind_hash("phone", "") == ""


def test_vault_never_shows_its_key() -> None:
    assert "kkkk" not in repr(PiiVault(b"k" * 32))
    with pytest.raises(VaultError):
        PiiVault(b"short")


def test_key_kept_in_the_keyring(data_paths: DataPaths, memory_keyring: MemoryKeyring) -> None:
    vault, storage = load_or_create_vault(data_paths, "center")
    assert storage is KeyStorage.KEYRING
    assert not data_paths.key_file.exists()
    assert (KEYRING_SERVICE, keyring_user(data_paths)) in memory_keyring.store
    again, _ = load_or_create_vault(data_paths, "center")
    assert again.decrypt(vault.encrypt("13812345678")) == "13812345678"


def _assert_owner_only(path: Path) -> None:
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_keyring_falls_back_to_a_private_key_file(
    data_paths: DataPaths, no_keyring: None
) -> None:
    with pytest.raises(KeyringError):  # the headless default really refuses
        keyring.set_password(KEYRING_SERVICE, "probe", "x")
    vault, storage = load_or_create_vault(data_paths, "center")
    assert storage is KeyStorage.FILE
    _assert_owner_only(data_paths.key_file)
    again, storage_again = load_or_create_vault(data_paths, "center")
    assert storage_again is KeyStorage.FILE
    assert again.decrypt(vault.encrypt("023-12345678")) == "023-12345678"


def test_locked_keyring_falls_back_to_file(data_paths: DataPaths, broken_keyring: None) -> None:
    _, storage = load_or_create_vault(data_paths, "center")
    assert storage is KeyStorage.FILE
    _assert_owner_only(data_paths.key_file)


def test_key_file_wins_once_present(data_paths: DataPaths, memory_keyring: MemoryKeyring) -> None:
    data_paths.key_file.write_text(base64.b64encode(b"f" * 32).decode() + "\n")
    vault, storage = load_or_create_vault(data_paths, "center")
    assert storage is KeyStorage.FILE and not memory_keyring.store
    assert PiiVault(b"f" * 32).decrypt(vault.encrypt("x")) == "x"


def test_damaged_key_file_is_refused(data_paths: DataPaths) -> None:
    data_paths.key_file.write_text("bm90IGEga2V5\n")  # "not a key"
    with pytest.raises(VaultError):
        load_or_create_vault(data_paths, "center")
