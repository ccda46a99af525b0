"""The personal-data cipher both sides read: Fernet tokens and keyed hashes under a data key.

A desk encrypts phones and ID numbers with its center's key before they are stored or
sent; the district, which holds each center's key, reads them back only for an audited
reveal in the console. Where the keys live is each side's own business
(:mod:`desktop.pii`, the district's center table).

The data key is 32 random bytes. Two independent keys are derived from it with HKDF-SHA256:
one for Fernet (AES-128-CBC + HMAC, authenticated) and one for the blind hashes, so a hash
never reveals anything about the encryption key and vice versa. Neither the key nor any
plain value ever appears in an exception message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class VaultError(Exception):
    """The data key is unusable, or a stored value cannot be decrypted with it."""


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


def _fernet(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(key, b"scd/pii/fernet/v1")))


class PiiVault:
    """Encrypts personal data and computes keyed hashes for exact matching.

    ``key`` encrypts and hashes; ``older`` keys only decrypt what was written with them."""

    def __init__(self, key: bytes, older: Sequence[bytes] = ()) -> None:
        if len(key) < 16 or any(len(k) < 16 for k in older):
            raise VaultError("data key too short")
        self._key = key
        self._fernet = MultiFernet([_fernet(key), *(_fernet(k) for k in older)])
        self._hash_key = _derive(key, b"scd/pii/blind-hash/v1")
        self.fingerprint = _derive(key, b"scd/pii/fingerprint/v1")[:8].hex()
        """Names the primary key (reveals nothing of it): which key the hashes are under."""

    def __repr__(self) -> str:  # never show the key
        return "PiiVault(<key hidden>)"

    def primary_key(self) -> bytes:
        """The key new values are encrypted with: only for the desk's recovery sheet, which
        prints it for the center admin to keep (``desktop.backup.recovery_key``)."""
        return self._key

    def encrypt(self, text: str) -> str:
        """A Fernet token (ASCII text) for ``text``; an empty value stays empty."""
        if not text:
            return ""
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def reencrypt(self, token: str) -> str:
        """The same value encrypted with the primary key."""
        return self.encrypt(self.decrypt(token))

    def decrypt(self, token: str) -> str:
        if not token:
            return ""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise VaultError("stored value cannot be decrypted with this desk's key") from exc

    def blind_hash(self, kind: str, text: str) -> str:
        """HMAC-SHA256 (hex) of ``text`` under ``kind``; empty text hashes to empty."""
        if not text:
            return ""
        message = kind.encode("utf-8") + b"\x00" + text.encode("utf-8")
        return hmac.new(self._hash_key, message, hashlib.sha256).hexdigest()
