"""One app-wide signal that data changed, and the one way a screen follows it.

:func:`bus` re-emits every :class:`desktop.changes.EntityChanges` (after a local commit,
after each applied pull page) as ``entities_changed`` on the UI thread, and
``sync_round_ended`` when a sync round is over (what was sent or refused changes the sync
marks). A screen says which entity kinds it shows::

    follow_changes(self, ("visit", "request"), self.refresh, keep_scroll=(self.table,))

and its ``refresh`` runs once the changes settle (debounced), only while the screen is
shown; a hidden screen refreshes when it is shown again. The scroll position of the
``keep_scroll`` views is kept; ``refresh`` keeps its own selection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from desktop import changes
from desktop.changes import EntityChanges

DEBOUNCE_MS = 250


class ChangeBus(QObject):
    entities_changed = Signal(object)  # EntityChanges, on the UI thread
    sync_round_ended = Signal()

    def __init__(self) -> None:
        super().__init__()
        # Local commits are heard by the sync module's session events; load them with the bus.
        import desktop.sync.notify  # noqa: F401

        self._unsubscribe = changes.subscribe(self.entities_changed.emit)


_bus: ChangeBus | None = None


def bus() -> ChangeBus:
    """The application's change bus (made on first use, on the UI thread)."""
    global _bus
    if _bus is None:
        _bus = ChangeBus()
    return _bus


class ChangeFollower(QObject):
    """Refreshes its screen when entities of its kinds change (see the module text)."""

    def __init__(
        self,
        screen: QWidget,
        kinds: Iterable[str],
        refresh: Callable[[], None],
        keep_scroll: Sequence[QAbstractScrollArea] = (),
        sync_marks: bool = True,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(screen)
        self.screen = screen
        self.kinds = frozenset(kinds)
        self.refresh = refresh
        self.keep_scroll = tuple(keep_scroll)
        self.stale = False
        self.refreshes = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.timer.timeout.connect(self._refresh_now)
        bus().entities_changed.connect(self._changed)
        if sync_marks:
            bus().sync_round_ended.connect(self._marks_changed)
        screen.installEventFilter(self)

    def _changed(self, seen: EntityChanges) -> None:
        if seen.touches(self.kinds):
            self._due()

    def _marks_changed(self) -> None:
        self._due()

    def _due(self) -> None:
        if self.screen.isVisible():
            self.timer.start()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.screen and event.type() == QEvent.Type.Show and self.stale:
            self.timer.start()
        return False

    def _refresh_now(self) -> None:
        self.stale = False
        positions = [view.verticalScrollBar().value() for view in self.keep_scroll]
        self.refresh()
        self.refreshes += 1
        for view, position in zip(self.keep_scroll, positions, strict=True):
            view.verticalScrollBar().setValue(position)


def follow_changes(
    screen: QWidget,
    kinds: Iterable[str],
    refresh: Callable[[], None],
    keep_scroll: Sequence[QAbstractScrollArea] = (),
    sync_marks: bool = True,
    debounce_ms: int = DEBOUNCE_MS,
) -> ChangeFollower:
    """Have ``screen`` call ``refresh`` when entities of ``kinds`` change (and when a sync
    round ends, unless ``sync_marks`` is false); see the module text."""
    return ChangeFollower(screen, kinds, refresh, keep_scroll, sync_marks, debounce_ms)
