"""Each center's data key: the key its desks share for personal data (phones, ID numbers).

Stored wrapped by the district master key (:mod:`district.master_key`), never in plain.
The district unwraps it for what it must read or write itself: the key a desk receives at
enrolment, the channel's encrypted phones and request fingerprints, the phone a handler
calls back."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from district import master_key
from district.database import DistrictDatabase
from district.master_key import PREFIX, MasterKey
from district.tables import center, change
from protocol.masking import mask_phone
from protocol.pii_vault import PiiVault


def new_wrapped_key(database: DistrictDatabase, center_id: str) -> str:
    """A new center's data key (32 random bytes), wrapped for storing."""
    wrapped: str = database.master_key().wrap(center_id, os.urandom(32))
    return wrapped


def data_key(database: DistrictDatabase, conn: Connection, center_id: str) -> bytes | None:
    stored = conn.execute(
        select(center.c.data_key).where(center.c.id == center_id)
    ).scalar_one_or_none()
    return database.master_key().unwrap(center_id, stored) if stored else None


def keyed_digest(key: bytes | None, *parts: str) -> str:
    """An HMAC-SHA256 of ``parts`` under the center's key: comparable, never reversible by
    trying every phone number without the key."""
    message = "\x1f".join(parts).encode()
    return hmac.new(key or b"", message, hashlib.sha256).hexdigest()


def rewrap_all(
    database: DistrictDatabase, old: MasterKey, new: MasterKey, only_plain: bool = False
) -> int:
    """Every center's data key unwrapped with ``old`` and wrapped with ``new`` in one
    transaction (``only_plain``: just the keys stored before wrapping); how many."""
    with database.write() as conn:
        rows = conn.execute(
            select(center.c.id, center.c.data_key).where(center.c.data_key.is_not(None))
        ).all()
        count = 0
        for row in rows:
            if only_plain and row.data_key.startswith(PREFIX):
                continue
            wrapped = new.wrap(row.id, old.unwrap(row.id, row.data_key))
            conn.execute(update(center).where(center.c.id == row.id).values(data_key=wrapped))
            count += 1
    return count


def check_master_key(database: DistrictDatabase) -> None:
    """Raise :class:`master_key.MasterKeyError` unless the master key unwraps a stored key."""
    with database.read() as conn:
        row = conn.execute(
            select(center.c.id, center.c.data_key)
            .where(center.c.data_key.like(PREFIX + "%"))
            .limit(1)
        ).one_or_none()
    if row is not None:
        database.master_key().unwrap(row.id, row.data_key)


def wrap_plain_keys(database: DistrictDatabase) -> int:
    """Keys stored in plain (before wrapping) wrapped now: run at every start."""
    key = database.master_key()
    return rewrap_all(database, key, key, only_plain=True)


def key_text(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def rotate_master_key(
    database: DistrictDatabase, new_key_file: Path | None = None
) -> dict[str, Any]:
    """A new master key: written beside the old one as ``<file>.new`` first, every
    center's key rewrapped in one transaction, then the new file takes the old one's place.
    A crash before the rename leaves both files, and both unwrap (see ``master_key.load``).
    A key from a systemd credential cannot be replaced here: ``new_key_file`` names where
    to write the new one (then point the credential at it)."""
    old = database.master_key()
    target = new_key_file or old.path
    pending = target.with_name(target.name + master_key.PENDING_SUFFIX)
    if new_key_file is None and not os.access(target.parent, os.W_OK):
        raise ValueError(
            f"{target.parent} is not writable (a systemd credential?): "
            "give --new-key-file PATH and point the credential at it"
        )
    if not pending.exists():
        master_key.write_new(pending, master_key.new_key_text())
    new = master_key.MasterKey(master_key.read(pending), target)
    count = rewrap_all(database, old, new)
    if new_key_file is not None and target.exists():
        target.unlink()
    os.replace(pending, target)
    database.forget_master_key()
    return {"rewrapped": count, "key_file": str(target)}


def encrypt_channel_phones(database: DistrictDatabase) -> int:
    """Channel bookings stored before phones were encrypted: the phone in their feed rows
    encrypted with the center's key now (run at every start; only old rows match)."""
    with database.write() as conn:
        rows = conn.execute(
            select(change.c.server_seq, change.c.center_id, change.c.payload).where(
                change.c.entity == "booking",
                change.c.device_id.is_(None),
                change.c.payload.like('%"phone":%'),
            )
        ).all()
        keys: dict[str, PiiVault] = {}
        for row in rows:
            payload = json.loads(row.payload)
            phone = payload.pop("phone", None)
            if not isinstance(phone, str) or row.center_id is None:
                continue
            if row.center_id not in keys:
                key = data_key(database, conn, row.center_id)
                if key is None:
                    continue
                keys[row.center_id] = PiiVault(key)
            payload.update(channel_phone(keys[row.center_id], phone))
            conn.execute(
                update(change)
                .where(change.c.server_seq == row.server_seq)
                .values(payload=json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
            )
    return len(rows)


def channel_phone(vault: PiiVault, phone: str) -> dict[str, str]:
    """A channel booking's phone as the desks store a resident's: encrypted, masked."""
    return {"phone_cipher": vault.encrypt(phone), "phone_masked": mask_phone(phone)}
