"""What every screen needs: the desk context, who is signed in, and the translator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.settings import Settings


@dataclass
class DeskUi:
    ctx: DeskContext
    tr: Translator
    settings: Settings
    center_name: str = ""
    staff: StaffIdentity | None = None

    @property
    def signed_in(self) -> StaffIdentity:
        """The signed-in staff member; screens that need one exist only after sign-in."""
        if self.staff is None:
            raise RuntimeError("no staff member is signed in")
        return self.staff
