"""The device token, kept in the OS keyring only.

A token in a plain file would let anyone with a copy of the data folder speak for the
desk, so where the system has no usable keyring the desk refuses plainly instead.
"""

from __future__ import annotations

import contextlib

from desktop.paths import DataPaths
from desktop.sync.transport import SyncError

KEYRING_SERVICE = "ServiceCenterDesk"


def token_user(paths: DataPaths) -> str:
    return f"device-token:{paths.root.resolve()}"


class TokenStore:
    def __init__(self, paths: DataPaths) -> None:
        self.user = token_user(paths)

    def check_usable(self) -> None:
        """Raise ``sync.no_keyring`` unless a token can be stored and read back."""
        self._write("probe")
        if self.get() != "probe":
            raise SyncError("sync.no_keyring")
        self.clear()

    def _write(self, token: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, self.user, token)
        except KeyringError:
            raise SyncError("sync.no_keyring") from None

    def save(self, token: str) -> None:
        self._write(token)
        if self.get() != token:
            raise SyncError("sync.no_keyring")

    def get(self) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, self.user)
        except KeyringError:
            return None

    def clear(self) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(KEYRING_SERVICE, self.user)
