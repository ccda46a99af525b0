"""What every screen needs: the desk context, who is signed in, and the translator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from desktop.settings import Settings


@dataclass
class DeskUi:
    ctx: DeskContext
    tr: Translator
    settings: Settings
    center_name: str = ""
    staff: StaffIdentity | None = None
    identity_listeners: list[Callable[[], None]] = field(default_factory=list)
    """Called (on the UI thread) when the desk became another center's or another desk
    number: after connecting to the district, every screen shows the new identity."""

    @property
    def signed_in(self) -> StaffIdentity:
        """The signed-in staff member; screens that need one exist only after sign-in."""
        if self.staff is None:
            raise RuntimeError("no staff member is signed in")
        return self.staff

    def on_identity_changed(self, owner: QObject, listener: Callable[[], None]) -> None:
        """Call ``listener`` on each identity change while ``owner`` (a widget) lives."""
        listeners = self.identity_listeners
        listeners.append(listener)

        def forget(*_: object) -> None:
            if listener in listeners:
                listeners.remove(listener)

        owner.destroyed.connect(forget)

    def identity_changed(self) -> None:
        """The center (id, name, catalog) or the desk number changed under the screens."""
        from desktop.center_info import center_name

        self.center_name = center_name(self.ctx)
        for listener in list(self.identity_listeners):
            listener()
