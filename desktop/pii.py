"""Personal data at rest: encryption, keyed hashes for matching, and where the key lives.

CONTRACT (to be implemented):
* ``PiiVault(key: bytes)``: ``encrypt(text) -> str`` (Fernet token text), ``decrypt(token)
  -> str``, ``blind_hash(kind, text) -> str`` (HMAC-SHA256 hex with a key derived from the
  vault key; ``kind`` separates phone from ID number).
* ``load_or_create_vault(paths, center_id) -> tuple[PiiVault, KeyStorage]``: the key is kept
  in the OS keyring (service ``ServiceCenterDesk``, user ``data-key:<root path>``); where
  no keyring is usable it falls back to ``paths.key_file`` (mode 0600) and reports
  ``KeyStorage.FILE`` so settings can say the protection is limited.
"""

from __future__ import annotations

import enum


class KeyStorage(enum.Enum):
    KEYRING = "keyring"
    FILE = "file"


class PiiVault:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def encrypt(self, text: str) -> str:
        raise NotImplementedError

    def decrypt(self, token: str) -> str:
        raise NotImplementedError

    def blind_hash(self, kind: str, text: str) -> str:
        raise NotImplementedError
