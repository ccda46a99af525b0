"""Work off the UI thread, the one way every screen does it.

``run_op(work, on_done)`` runs ``work`` (a service call, no Qt) on a worker lane and then
``on_done(result)`` on the UI thread. A :class:`UserError` comes back to ``on_failed`` as it
was raised; anything else is logged with its traceback and comes back as a ``UserError``
with the ``fallback`` code, so a failure is always said in words and always leaves a log
line. Without ``on_failed`` the failure is shown in a message box over ``owner``.

Lanes keep unlike work apart, one worker each, in order of submission:
``database`` (searches, list loads, writes), ``network`` (sync rounds, probes,
enrolment), ``printer`` (a print job waiting on the spooler), ``maintenance`` (backups and
restores, below normal priority so the UI thread gets the CPU first).

When ``owner`` (a widget) is gone by the time the work returns, nothing is called back.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, Literal, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import UserError
from desktop.i18n import Translator

log = logging.getLogger("ui.ops")

T = TypeVar("T")
Lane = Literal["database", "network", "printer", "maintenance"]
LANES: tuple[Lane, ...] = ("database", "network", "printer", "maintenance")

_lanes: dict[Lane, ThreadPoolExecutor] = {}
_unfinished: set[Future[None]] = set()
_lanes_lock = threading.Lock()


def _lane(name: Lane) -> ThreadPoolExecutor:
    """The lane's one worker thread, a plain Python thread: the UI thread hands the op over
    and hears back through its relay's queued signals, the only Qt object the two share.
    (Lanes were QThreadPools running Python QRunnables that the pool deleted on the worker;
    under load the UI thread crashed starting the next one while the last was finishing.)"""
    with _lanes_lock:
        lane = _lanes.get(name)
        if lane is None:
            lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ops-{name}")
            _lanes[name] = lane
        return lane


def _submit(name: Lane, op: Op[Any]) -> None:
    future = _lane(name).submit(op.run)
    with _lanes_lock:
        _unfinished.add(future)
    future.add_done_callback(_finished)


def _finished(future: Future[None]) -> None:
    with _lanes_lock:
        _unfinished.discard(future)


def wait_for_all(msecs: int = 30_000) -> bool:
    """Wait until every lane is idle (tests, and a restart that must not cut work short);
    ``msecs`` < 0 waits as long as it takes. True when all work has ended."""
    with _lanes_lock:
        pending = list(_unfinished)
    _, not_done = futures.wait(pending, timeout=None if msecs < 0 else msecs / 1000)
    return not not_done


@contextlib.contextmanager
def _below_normal(lowered: bool) -> Iterator[None]:
    """On Linux, run the calling thread at nice +10 for the work's length. Elsewhere the
    thread runs as it is."""
    if not lowered or not sys.platform.startswith("linux"):
        yield
        return
    thread = threading.get_native_id()
    before = os.getpriority(os.PRIO_PROCESS, thread)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, thread, min(before + 10, 19))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, thread, before)


_home_object: QObject | None = None


def _home() -> QObject:
    """The parent of every relay, on the UI thread: Qt owns the relays, so a worker that
    drops the last Python reference to an op never deletes a UI-thread object."""
    global _home_object
    if _home_object is None:
        _home_object = QObject()
        _home_object.setObjectName("ops-relays")
    return _home_object


class _Relay(QObject):
    """Lives on the UI thread; its signals, emitted by the worker, are queued to its own
    slots there. Deleted (later, on the UI thread) once it has called back."""

    succeeded = Signal(object)
    refused = Signal(object)  # UserError

    def __init__(self, op: Op[Any]) -> None:
        super().__init__(_home())
        self.op = op
        self.succeeded.connect(self._returned)
        self.refused.connect(self._raised)

    @Slot(object)
    def _returned(self, result: object) -> None:
        self.op.returned(result)

    @Slot(object)
    def _raised(self, error: UserError) -> None:
        self.op.raised(error)


class Op(Generic[T]):
    """One call on a lane; ``running`` until its callback has been made on the UI thread."""

    def __init__(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_failed: Callable[[UserError], None] | None,
        owner: QObject | None,
        tr: Translator | None,
        what: str,
        fallback: str,
        low_priority: bool,
    ) -> None:
        self.work = work
        self.on_done = on_done
        self.on_failed = on_failed
        self.owner = owner
        self.tr = tr
        self.what = what
        self.fallback = fallback
        self.low_priority = low_priority
        self.running = True
        self.relay = _Relay(self)

    def run(self) -> None:  # on the worker
        try:
            with _below_normal(self.low_priority):
                result = self.work()
        except UserError as error:
            log.info("%s refused: %s", self.what, error.message.code)
            self.relay.refused.emit(error)
        except Exception:
            log.exception("%s failed", self.what)
            self.relay.refused.emit(UserError(self.fallback))
        else:
            self.relay.succeeded.emit(result)

    def _owner_gone(self) -> bool:
        return self.owner is not None and not shiboken6.isValid(self.owner)

    def returned(self, result: T) -> None:
        self._called_back()
        if self._owner_gone():
            return
        try:
            self.on_done(result)
        except UserError as error:
            self._fail(error)

    def raised(self, error: UserError) -> None:
        self._called_back()
        if not self._owner_gone():
            self._fail(error)

    def _called_back(self) -> None:
        self.running = False
        _alive.discard(self)
        self.relay.deleteLater()

    def _fail(self, error: UserError) -> None:
        if self.on_failed is not None:
            self.on_failed(error)
            return
        parent = self.owner if isinstance(self.owner, QWidget) else None
        if self.tr is None:
            log.error("%s: no one to tell of %s", self.what, error.message.code)
            return
        QMessageBox.warning(parent, self.tr("ui.app.problem"), self.tr.message(error.message))


_alive: set[Op[Any]] = set()
"""Ops started and not yet called back: a window closed while its op runs must not take
the op (and its relay) with it."""


def run_op(
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_failed: Callable[[UserError], None] | None = None,
    *,
    lane: Lane = "database",
    owner: QObject | None = None,
    tr: Translator | None = None,
    what: str = "background work",
    fallback: str = "ui.app.unexpected",
) -> Op[T]:
    """Run ``work`` on ``lane``, then ``on_done(result)`` (or ``on_failed(error)``) on the
    UI thread. ``what`` names the work in the log; ``fallback`` is the message code for a
    failure that was not a :class:`UserError`. Without ``on_failed``, give ``tr`` so the
    failure can be shown over ``owner``."""
    op: Op[T] = Op(
        work, on_done, on_failed, owner, tr, what, fallback, low_priority=lane == "maintenance"
    )
    _alive.add(op)
    _submit(lane, op)
    return op
