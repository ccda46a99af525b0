"""UUIDv7 identifiers made on the desk (RFC 9562): time-ordered, never reused."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand_a = 0


def uuid7() -> str:
    """Return a new UUIDv7 as canonical text.

    Within one millisecond the 12-bit ``rand_a`` field counts up so that ids made by one
    process sort in creation order (RFC 9562, method 1).
    """
    global _last_ms, _last_rand_a
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            _last_rand_a += 1
            if _last_rand_a > 0xFFF:
                ms += 1
                _last_rand_a = int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:
            _last_rand_a = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last_ms = ms
        rand_a = _last_rand_a
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= rand_a << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def uuid7_time_ms(text: str) -> int:
    """The Unix time in milliseconds encoded in a UUIDv7."""
    return uuid.UUID(text).int >> 80
