"""The district master key: it wraps every center's data key, and lives outside the database.

Where it comes from, first found wins:

1. ``DISTRICT_MASTER_KEY_FILE`` (set in ``/etc/default/district-server`` by the package);
2. a systemd credential named ``district-master-key`` (``LoadCredential=`` in the unit;
   ``$CREDENTIALS_DIRECTORY/district-master-key``);
3. ``master.key`` in the data folder (beside the SQLite file, or the server's own data
   folder for PostgreSQL): what a demo gets.

A key file that does not exist yet is made on first use (32 random bytes, owner-only); the
server then checks at start that it unwraps the keys already stored, and refuses to start
with a clear message when it does not (a key file named wrongly, or lost).

The file holds 32 random bytes in base64. A center's data key is stored as ``mk1:`` and the
base64 of a 12-byte nonce and its AES-256-GCM encryption under the master key (the center
id as associated data), so a copy of the database alone reveals no key. While the key is
being rotated (``district-server admin rotate-master-key``) the new key waits in
``<file>.new``; both unwrap until the rename, so a crash at any point loses nothing.
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE_ENV = "DISTRICT_MASTER_KEY_FILE"
CREDENTIAL = "district-master-key"
FILE_NAME = "master.key"
PREFIX = "mk1:"
PENDING_SUFFIX = ".new"


class MasterKeyError(RuntimeError):
    """The master key is missing or unreadable, or does not unwrap a stored key."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes = field(repr=False)
    path: Path
    others: tuple[bytes, ...] = field(default=(), repr=False)
    """Keys that still unwrap (a rotation under way): tried after ``key``."""

    def wrap(self, center_id: str, data_key: bytes) -> str:
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(self.key).encrypt(nonce, data_key, center_id.encode())
        return PREFIX + base64.b64encode(nonce + sealed).decode("ascii")

    def unwrap(self, center_id: str, stored: str) -> bytes:
        """The center's data key; a value from before wrapping (plain base64) as it is."""
        if not stored.startswith(PREFIX):
            return base64.b64decode(stored)
        raw = base64.b64decode(stored[len(PREFIX) :])
        for key in (self.key, *self.others):
            with contextlib.suppress(InvalidTag):
                return AESGCM(key).decrypt(raw[:12], raw[12:], center_id.encode())
        raise MasterKeyError("a center's data key does not unwrap with the master key")


def read(path: Path) -> bytes:
    try:
        key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    except (OSError, ValueError) as exc:
        raise MasterKeyError(f"cannot read the master key file {path}") from exc
    if len(key) != 32:
        raise MasterKeyError(f"the master key file {path} does not hold 32 bytes")
    return key


def new_key_text() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode("ascii") + "\n"


def write_new(path: Path, text: str) -> None:
    """Write a key file owner-only, never replacing one that exists (atomic: a link)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process made it first: that one is the key
    finally:
        temporary.unlink()


def key_path(data_dir: Path) -> Path:
    named = os.environ.get(KEY_FILE_ENV, "").strip()
    if named:
        return Path(named)
    credentials = os.environ.get("CREDENTIALS_DIRECTORY", "").strip()
    if credentials and (Path(credentials) / CREDENTIAL).exists():
        return Path(credentials) / CREDENTIAL
    return data_dir / FILE_NAME


def load(data_dir: Path) -> MasterKey:
    """The master key (made in ``data_dir`` when none is configured and none is there)."""
    path = key_path(data_dir)
    if not path.exists():
        write_new(path, new_key_text())
    key = read(path)
    pending = path.with_name(path.name + PENDING_SUFFIX)
    others = (read(pending),) if pending.exists() else ()
    return MasterKey(key, path, others)
