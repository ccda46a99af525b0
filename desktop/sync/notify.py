"""Telling sync that something changed: after a commit that wrote change-log entries.

A listener on the desk's session class sees every commit; when the transaction wrote to the
change log (see :data:`db.changelog.CHANGES_WRITTEN`) it calls every subscriber, on the
thread that committed. Subscribers must be quick and thread-safe (the status bar emits a Qt
signal, which Qt queues to the UI thread). Changes applied from a pull are written without
the change log, so they never call back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.changelog import CHANGES_WRITTEN
from db.engine import DeskSession

Subscriber = Callable[[], None]

_lock = threading.Lock()
_subscribers: list[Subscriber] = []


def subscribe(callback: Subscriber) -> Callable[[], None]:
    """Call ``callback`` after each commit with local changes; returns the unsubscriber."""
    with _lock:
        _subscribers.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)

    return unsubscribe


def _after_commit(session: Session) -> None:
    if not session.info.pop(CHANGES_WRITTEN, False):
        return
    with _lock:
        callbacks = list(_subscribers)
    for callback in callbacks:
        callback()


def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGES_WRITTEN, None)


if not event.contains(DeskSession, "after_commit", _after_commit):
    event.listen(DeskSession, "after_commit", _after_commit)
    event.listen(DeskSession, "after_rollback", _after_rollback)
