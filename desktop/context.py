"""What every desk service needs: the database, this desk's identity, the clock, the vault."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from db.engine import Database
from db.types import utcnow
from desktop.paths import DataPaths
from desktop.pii import PiiVault
from protocol.vocabulary import ROLES

__all__ = ["ROLES", "DeskContext", "StaffIdentity"]


@dataclass(frozen=True)
class StaffIdentity:
    """The staff member signed in at this desk.

    ``session_token`` is the secret of this sign-in (``desktop.auth.sign_in`` makes it; the
    database keeps only its hash): every check finds the sign-in by it, so an identity
    built by hand, even with a real staff id, signs nobody in. It is never shown: not in
    ``repr`` (nor so in a log line or a traceback's locals), not compared.
    """

    id: str
    username: str
    display_name: str
    role: str
    session_token: str = field(default="", repr=False, compare=False)

    @property
    def is_admin(self) -> bool:
        return self.role == "center_admin"


@dataclass
class DeskContext:
    """Handed to every service call; tests build one on a temporary folder."""

    db: Database
    paths: DataPaths
    center_id: str
    desk_slot: int
    vault: PiiVault
    timezone: str = "Asia/Shanghai"
    clock: Callable[[], dt.datetime] = field(default=utcnow)
    key_in_file: bool = False
    """No usable OS keyring: the data key lies in ``desk.key`` beside the database, so the
    personal data is protected only by the folder's permissions (the desk says so)."""

    def now(self) -> dt.datetime:
        """Current time, aware UTC."""
        return self.clock()

    def local_now(self) -> dt.datetime:
        return self.now().astimezone(ZoneInfo(self.timezone))

    def today(self) -> dt.date:
        """Today's date in the center's time zone."""
        return self.local_now().date()

    def to_local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(ZoneInfo(self.timezone))
