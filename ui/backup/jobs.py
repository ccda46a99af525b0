"""Backup work off the UI thread: a call on Qt's thread pool whose result or failure comes
back to the UI thread by signal (a failure in words; anything unexpected is logged)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.errors import Message, UserError

log = logging.getLogger("ui.backup")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)  # desktop.errors.Message


@contextlib.contextmanager
def _below_normal(lowered: bool) -> Iterator[None]:
    """On Linux, run the calling thread at nice +10 so the UI thread gets the CPU first (a
    thread that may not raise its priority back keeps it low: it only does background
    work). Elsewhere the thread runs as it is."""
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


class BackgroundCall(QRunnable):
    def __init__(self, work: Callable[[], Any], low_priority: bool = False) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept alive by this module until it has returned
        self.work = work
        self.low_priority = low_priority
        self.signals = _Signals()
        self.returned = False

    def run(self) -> None:
        try:
            with _below_normal(self.low_priority):
                result = self.work()
        except UserError as error:
            self.signals.failed.emit(error.message)
        except Exception:
            log.exception("backup work failed")
            self.signals.failed.emit(Message("ui.app.unexpected"))
        else:
            self.signals.done.emit(result)
        finally:
            self.returned = True


_alive: list[BackgroundCall] = []
"""Calls started and not known to have returned: a window closed while its call runs must
not take the call (and its signals) with it."""


def start_call(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Message], None],
    low_priority: bool = False,
) -> BackgroundCall:
    """Run ``work`` on the thread pool (below normal priority if asked: a backup)."""
    _alive[:] = [c for c in _alive if not c.returned]
    call = BackgroundCall(work, low_priority)
    call.signals.done.connect(on_done)
    call.signals.failed.connect(on_failed)
    _alive.append(call)
    QThreadPool.globalInstance().start(call)
    return call
