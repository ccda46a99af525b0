"""Backup work off the UI thread: a call on Qt's thread pool whose result or failure comes
back to the UI thread by signal (a failure in words; anything unexpected is logged)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.errors import Message, UserError

log = logging.getLogger("ui.backup")


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)  # desktop.errors.Message


class BackgroundCall(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept alive by this module until it has returned
        self.work = work
        self.signals = _Signals()
        self.returned = False

    def run(self) -> None:
        try:
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
) -> BackgroundCall:
    """Run ``work`` on the thread pool; keep the returned call until it reports."""
    _alive[:] = [c for c in _alive if not c.returned]
    call = BackgroundCall(work)
    call.signals.done.connect(on_done)
    call.signals.failed.connect(on_failed)
    _alive.append(call)
    QThreadPool.globalInstance().start(call)
    return call
