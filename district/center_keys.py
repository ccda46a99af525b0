"""Each center's data key: the key its desks share for personal data (phones, ID numbers).

The district uses it for what it must read or match itself: the channel's fingerprints
of a booking request, the phone a handler calls back."""

from __future__ import annotations

import base64
import hashlib
import hmac

from sqlalchemy import Connection, select

from district.tables import center


def data_key(conn: Connection, center_id: str) -> bytes | None:
    stored = conn.execute(
        select(center.c.data_key).where(center.c.id == center_id)
    ).scalar_one_or_none()
    return base64.b64decode(stored) if stored else None


def keyed_digest(key: bytes | None, *parts: str) -> str:
    """An HMAC-SHA256 of ``parts`` under the center's key: comparable, never reversible by
    trying every phone number without the key."""
    message = "\x1f".join(parts).encode()
    return hmac.new(key or b"", message, hashlib.sha256).hexdigest()
