"""Restarting the desk in the same process, to apply a restore made ready from F9."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from ui import ops

RESTARTING = "restarting"
"""Application property set while the desk restarts to apply a restore (no exit backup)."""
EXIT_RESTART = 75
"""What the application's event loop returns when the desk should start again."""


def request_restart() -> None:
    """End the event loop with :data:`EXIT_RESTART`; the entry point starts the desk again
    (which finishes the restore before the database opens)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setProperty(RESTARTING, True)
        app.exit(EXIT_RESTART)


def finish_restart(app: QApplication) -> None:
    """After the event loop ended for a restart: wait for work on the thread pool (a sync
    round, a backup) and let the closed windows go, before the database is closed."""
    ops.wait_for_all(-1)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    app.setProperty(RESTARTING, False)
