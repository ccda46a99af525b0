"""Which system keyring this PC offers the desk, for ``service-center --self-check``.

Connecting to the district needs one (the device token lives only there); without one the
data key is kept in ``desk.key`` (README, "The system keyring"). Asking does not write to
the keyring.
"""

from __future__ import annotations

NONE = "none"


def keyring_backend() -> str:
    """The keyring backend in use (e.g. ``keyring.backends.SecretService.Keyring``), or
    :data:`NONE` when only keyring's 'fail' backend is left."""
    try:
        import keyring
        from keyring.backends.chainer import ChainerBackend
        from keyring.backends.fail import Keyring as FailKeyring

        backend = keyring.get_keyring()
        found = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    except Exception:  # a broken keyring set-up reads as none: the desk copes the same way
        return NONE
    usable = [b for b in found if not isinstance(b, FailKeyring)]
    if not usable:
        return NONE
    return ", ".join(f"{type(b).__module__}.{type(b).__name__}" for b in usable)
