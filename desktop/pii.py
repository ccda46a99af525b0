"""Personal data at rest: encryption, keyed hashes for matching, and where the key lives.

CONTRACT:
* ``PiiVault(key: bytes)``: ``encrypt(text) -> str`` (Fernet token text), ``decrypt(token)
  -> str``, ``blind_hash(kind, text) -> str`` (HMAC-SHA256 hex with a key derived from the
  vault key; ``kind`` separates phone from ID number).
* ``load_or_create_vault(paths, center_id) -> tuple[PiiVault, KeyStorage]``: the key is kept
  in the OS keyring (service ``ServiceCenterDesk``, user ``data-key:<root path>``); where
  no keyring is usable it falls back to ``paths.key_file`` (mode 0600) and reports
  ``KeyStorage.FILE`` so settings can say the protection is limited.
* Connected to a district, the desk receives its center's key, shared by the center's desks
  so each can read and match what the others recorded. It is kept beside the desk's own key
  (user ``center-key:<root path>``, or ``paths.center_key_file``) and becomes the vault's
  primary key: new values are encrypted and hashed with it, values written earlier stay
  readable with the desk's own key until they are re-encrypted (:mod:`desktop.sync.adopt`).

The data key is 32 random bytes. Two independent keys are derived from it with HKDF-SHA256:
one for Fernet (AES-128-CBC + HMAC, authenticated) and one for the blind hashes, so a hash
never reveals anything about the encryption key and vice versa. The key never enters the
database; neither the key nor any plain value ever appears in an exception message.
"""

from __future__ import annotations

import base64
import enum
import os
from pathlib import Path

from desktop.paths import DataPaths
from protocol.pii_vault import PiiVault, VaultError

__all__ = ["KeyStorage", "PiiVault", "VaultError", "load_or_create_vault"]

KEYRING_SERVICE = "ServiceCenterDesk"
KEY_BYTES = 32


class KeyStorage(enum.Enum):
    KEYRING = "keyring"
    FILE = "file"


def keyring_user(paths: DataPaths) -> str:
    return f"data-key:{paths.root.resolve()}"


def load_or_create_vault(paths: DataPaths, center_id: str) -> tuple[PiiVault, KeyStorage]:
    """The vault of this data folder, creating its key on first use.

    The key lives in the OS keyring; where none is usable (headless Linux without a Secret
    Service, a locked keyring) it lives in ``paths.key_file`` readable by the owner only.
    A key file already present is used as is, so a desk never loses its key when a
    keyring appears later. ``center_id`` names the center the key protects (kept for the
    keyring entry's label; one data folder serves one center).
    """
    del center_id  # one data folder holds one center; the folder identifies the key
    own, storage = _own_key(paths)
    center = load_center_key(paths)
    if center is None or center == own:
        return PiiVault(own), storage
    return PiiVault(center, older=[own]), storage


def _own_key(paths: DataPaths) -> tuple[bytes, KeyStorage]:
    if paths.key_file.exists():
        return _read_key_file(paths.key_file), KeyStorage.FILE
    key = _keyring_key(paths)
    if key is not None:
        return key, KeyStorage.KEYRING
    key = os.urandom(KEY_BYTES)
    _write_key_file(paths.key_file, key)
    return key, KeyStorage.FILE


def find_own_key(paths: DataPaths) -> bytes | None:
    """The data folder's own key where one is stored (keyring or file); never makes one."""
    if paths.key_file.exists():
        return _read_key_file(paths.key_file)
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, keyring_user(paths))
    except KeyringError:
        return None
    return _decode_key(stored) if stored else None


def store_own_key(paths: DataPaths, key: bytes) -> KeyStorage:
    """Keep ``key`` as the data folder's own key (a restore brings it from the recovery
    sheet): in the keyring, else in ``paths.key_file``. Replaces what was there."""
    if len(key) != KEY_BYTES:
        raise VaultError("data key has the wrong length")
    import keyring
    from keyring.errors import KeyringError

    user, text = keyring_user(paths), base64.b64encode(key).decode("ascii")
    if not paths.key_file.exists():
        try:
            keyring.set_password(KEYRING_SERVICE, user, text)
            if keyring.get_password(KEYRING_SERVICE, user) == text:
                return KeyStorage.KEYRING
        except KeyringError:
            pass
    paths.key_file.unlink(missing_ok=True)
    _write_key_file(paths.key_file, key)
    return KeyStorage.FILE


def center_keyring_user(paths: DataPaths) -> str:
    return f"center-key:{paths.root.resolve()}"


def load_center_key(paths: DataPaths) -> bytes | None:
    """The center's shared key, once the desk was connected to its district."""
    if paths.center_key_file.exists():
        return _read_key_file(paths.center_key_file)
    if paths.key_file.exists():  # this desk keeps its keys in files: none was stored
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(KEYRING_SERVICE, center_keyring_user(paths))
    except KeyringError:
        return None
    return _decode_key(stored) if stored else None


def store_center_key(paths: DataPaths, key: bytes) -> KeyStorage:
    """Keep the center's key where the desk's own key is kept (keyring, else the file)."""
    if len(key) != KEY_BYTES:
        raise VaultError("center key has the wrong length")
    if load_center_key(paths) == key:
        return KeyStorage.FILE if paths.center_key_file.exists() else KeyStorage.KEYRING
    if not paths.key_file.exists():
        import keyring
        from keyring.errors import KeyringError

        user, text = center_keyring_user(paths), base64.b64encode(key).decode("ascii")
        try:
            keyring.set_password(KEYRING_SERVICE, user, text)
            if keyring.get_password(KEYRING_SERVICE, user) == text:
                return KeyStorage.KEYRING
        except KeyringError:
            pass
    paths.center_key_file.unlink(missing_ok=True)
    _write_key_file(paths.center_key_file, key)
    return KeyStorage.FILE


def _keyring_key(paths: DataPaths) -> bytes | None:
    """The key from the keyring (stored there if new), or ``None`` when unusable."""
    import keyring
    from keyring.errors import KeyringError

    user = keyring_user(paths)
    try:
        stored = keyring.get_password(KEYRING_SERVICE, user)
        if stored:
            return _decode_key(stored)
        key = os.urandom(KEY_BYTES)
        keyring.set_password(KEYRING_SERVICE, user, base64.b64encode(key).decode("ascii"))
        if keyring.get_password(KEYRING_SERVICE, user) is None:
            return None
        return key
    except KeyringError:
        return None


def _decode_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise VaultError("stored data key is damaged") from exc
    if len(key) != KEY_BYTES:
        raise VaultError("stored data key has the wrong length")
    return key


def _read_key_file(path: Path) -> bytes:
    return _decode_key(path.read_text(encoding="ascii"))


def _write_key_file(path: Path, key: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(base64.b64encode(key).decode("ascii") + "\n")
    os.chmod(path, 0o600)
