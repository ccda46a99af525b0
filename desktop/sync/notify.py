"""Telling sync that something changed: after a commit that wrote change-log entries.

Listeners on the desk's session class (from here, not in ``db/``) note each flush that
writes the change log (an inserted or changed synced row, as :mod:`db.changelog` sees it)
and, after the commit of that transaction, call every subscriber on the thread that
committed. Subscribers must be quick and thread-safe (the status bar emits a Qt signal,
which Qt queues to the UI thread). Changes applied from a pull are written without the
change log, so they never call back.

The same commit is told to :mod:`desktop.changes` with the kinds and ids written, so the
screens showing them refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.base import Synced
from db.engine import DeskSession
from desktop import changes


def subscribe(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback`` after each commit with local changes (not applied pulls); returns
    the unsubscriber. One registry: :mod:`desktop.changes`, heard for local changes only."""

    def on_changes(written: changes.EntityChanges) -> None:
        if written.origin == "local":
            callback()

    return changes.subscribe(on_changes)


CHANGES_WRITTEN = "sync.notify.changes_written"
"""``session.info`` key: the (entity, id) pairs this transaction wrote to the change log."""


def _after_flush(session: Session, flush_context: Any) -> None:
    """The change log's own test (db.changelog): new synced rows, or changed ones."""
    written: set[tuple[str, str]] = session.info.setdefault(CHANGES_WRITTEN, set())
    for obj in session.new:
        if isinstance(obj, Synced):
            written.add((obj.__sync_entity__, obj.id))
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            written.add((obj.__sync_entity__, obj.id))
    if not written:
        session.info.pop(CHANGES_WRITTEN)


def _after_commit(session: Session) -> None:
    written = session.info.pop(CHANGES_WRITTEN, None)
    if not written:
        return
    changes.publish(changes.EntityChanges.of("local", written))


def _after_rollback(session: Session) -> None:
    session.info.pop(CHANGES_WRITTEN, None)


if not event.contains(DeskSession, "after_commit", _after_commit):
    event.listen(DeskSession, "after_flush", _after_flush)
    event.listen(DeskSession, "after_commit", _after_commit)
    event.listen(DeskSession, "after_rollback", _after_rollback)
