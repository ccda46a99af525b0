"""What every screen needs: the desk context, who is signed in, and the translator.

At a usual start the window paints before the database and the vault are opened
(:mod:`desktop.first_look`): the :class:`DeskUi` is then made with what the sign-in screen
shows (:meth:`DeskUi.starting`) and receives the context a moment later
(:meth:`DeskUi.attach`). Screens that work with data exist only after sign-in, when the
context is always there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.i18n import Translator

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from desktop.context import DeskContext, StaffIdentity
    from desktop.settings import Settings


class DeskUi:
    def __init__(
        self,
        ctx: DeskContext | None,
        tr: Translator,
        settings: Settings | None,
        center_name: str = "",
        staff: StaffIdentity | None = None,
        *,
        desk_slot: int = 1,
    ) -> None:
        self._ctx = ctx
        self._settings = settings
        self._desk_slot = desk_slot
        self.tr = tr
        self.center_name = center_name
        self.staff = staff
        self.identity_listeners: list[Callable[[], None]] = []
        """Called (on the UI thread) when the desk became another center's or another desk
        number: after connecting to the district, every screen shows the new identity."""
        self.ready_listeners: list[Callable[[], None]] = []

    @classmethod
    def starting(cls, tr: Translator, center_name: str, desk_slot: int) -> DeskUi:
        """For the first paint: what the sign-in screen shows, the context still to come."""
        return cls(None, tr, None, center_name, desk_slot=desk_slot)

    @property
    def ready(self) -> bool:
        return self._ctx is not None

    @property
    def ctx(self) -> DeskContext:
        if self._ctx is None:
            raise RuntimeError("the desk is still starting: no database yet")
        return self._ctx

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise RuntimeError("the desk is still starting: no settings yet")
        return self._settings

    @property
    def desk_slot(self) -> int:
        return self._ctx.desk_slot if self._ctx is not None else self._desk_slot

    def attach(self, ctx: DeskContext, settings: Settings, center_name: str) -> None:
        """The rest of the start-up is done: the context arrives (on the UI thread)."""
        self._ctx, self._settings, self.center_name = ctx, settings, center_name
        listeners, self.ready_listeners = self.ready_listeners, []
        for listener in listeners:
            listener()

    def when_ready(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` once the context is there (now, when it already is)."""
        if self.ready:
            listener()
        else:
            self.ready_listeners.append(listener)

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
