"""A screen's writes on the database lane, one at a time, with the acting control held.

Reads already go through :func:`ui.ops.run_op`; a write (a booking, a cancellation, a
check-in) does too, through a screen's :class:`Writes`::

    self.writes = Writes(self, "Saturday booking")
    ...
    self.writes.run(work, self._booked, self._refused, controls=(self.form.book_button,))

While ``work`` runs the controls are disabled (and given back as they were before the
callback), a second write from the same screen is not started (``run`` says False, so a
key pressed twice books once), and nothing the person typed is touched: the screen clears
its form only in ``on_done``. A refusal (:class:`UserError`, full slot, invalid input)
reaches ``on_refused`` to be said in words; the screen refreshes once, when the change bus
(``ui/changes.py``) tells it what the write changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from desktop.errors import UserError
from ui.ops import Op, run_op

T = TypeVar("T")


class Writes:
    """One screen's writes; see the module text."""

    def __init__(self, owner: QWidget, what: str) -> None:
        self.owner = owner
        self.what = what
        self.running: Op[Any] | None = None

    @property
    def busy(self) -> bool:
        """A write of this screen is running (tests wait for this to end)."""
        return self.running is not None

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_refused: Callable[[UserError], None],
        controls: Sequence[QWidget] = (),
        what: str | None = None,
    ) -> bool:
        """Start ``work`` on the database lane unless a write is running (then False)."""
        if self.running is not None:
            return False
        held = [(control, control.isEnabled()) for control in controls]
        for control, _ in held:
            control.setEnabled(False)

        def release() -> None:
            self.running = None
            for control, enabled in held:
                control.setEnabled(enabled)

        def done(result: T) -> None:
            release()
            on_done(result)

        def refused(error: UserError) -> None:
            release()
            on_refused(error)

        self.running = run_op(work, done, refused, owner=self.owner, what=what or self.what)
        return True
