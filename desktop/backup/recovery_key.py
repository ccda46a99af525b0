"""The data key as text a person can type or scan, and back.

The key (32 bytes) and a 3-byte check (the start of its SHA-256) are written in Crockford's
base32 (digits and capitals without I, L, O, U): 56 characters in 14 groups of four,
``7QK2-M9XA-…``. Reading is forgiving: case, spaces, dashes, ``O`` for ``0`` and ``I``/``L``
for ``1`` are all taken; a mistyped character fails the check. The QR code on the recovery
sheet holds the same text after :data:`QR_PREFIX`, so a scanner that types what it reads
fills the same field.
"""

from __future__ import annotations

import hashlib

from desktop.errors import UserError
from desktop.pii import KEY_BYTES, PiiVault

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_BYTES = 3
GROUP = 4
QR_PREFIX = "SCD-RECOVERY-KEY:"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = " -_\t\r\n.:：，,"


def _check(key: bytes) -> bytes:
    return hashlib.sha256(key).digest()[:CHECK_BYTES]


def key_groups(key: bytes) -> list[str]:
    """The key and its check as groups of four characters."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    number = int.from_bytes(key + _check(key), "big")
    length = (KEY_BYTES + CHECK_BYTES) * 8 // 5
    chars = [ALPHABET[(number >> (5 * (length - 1 - i))) & 31] for i in range(length)]
    text = "".join(chars)
    return [text[i : i + GROUP] for i in range(0, len(text), GROUP)]


def key_text(key: bytes) -> str:
    return "-".join(key_groups(key))


def qr_payload(key: bytes) -> str:
    return QR_PREFIX + key_text(key)


def parse_key(text: str) -> bytes:
    """The key written in ``text``; ``backup.key_mistyped`` when it is not one."""
    cleaned = text.strip()
    if cleaned.upper().startswith(QR_PREFIX.upper()):
        cleaned = cleaned[len(QR_PREFIX) :]
    chars = "".join(c for c in cleaned.upper() if c not in _IGNORED).translate(_LOOKALIKES)
    length = (KEY_BYTES + CHECK_BYTES) * 8 // 5
    if len(chars) != length or any(c not in ALPHABET for c in chars):
        raise UserError("backup.key_mistyped", typed=len(chars), wanted=length)
    number = 0
    for char in chars:
        number = (number << 5) | ALPHABET.index(char)
    raw = number.to_bytes(KEY_BYTES + CHECK_BYTES, "big")
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if _check(key) != check:
        raise UserError("backup.key_mistyped", typed=len(chars), wanted=length)
    return key


def fingerprint(key: bytes) -> str:
    """The name of a key that reveals nothing of it (as the vault computes it)."""
    return PiiVault(key).fingerprint
