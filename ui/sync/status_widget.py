"""The status bar's sync button: state, pending changes, last success; a click opens the
sync panel (state in words, recent rounds, sync now, what needs attention).

Rounds and probes run on the network lane of :mod:`ui.ops`, never on the UI thread. When
they run is decided by :class:`desktop.sync.schedule.SyncSchedule` (start-up, backoff, each
local change debounced, the network coming back); this widget only turns its decisions into
timers.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from desktop.errors import UserError
from desktop.sync import notify
from desktop.sync.link import connection
from desktop.sync.schedule import SyncSchedule
from desktop.sync.status import State, SyncStatus, current_status
from ui.changes import bus
from ui.desk_ui import DeskUi
from ui.ops import Op, run_op

if TYPE_CHECKING:
    from ui.sync.panel_dialog import SyncPanel  # loaded with the first click


log = logging.getLogger("ui.sync")


class _Signals(QObject):
    changed = Signal()  # a local change was committed (from any thread)


@runtime_checkable
class Runner(Protocol):
    """What the button needs of :class:`desktop.sync.runner.SyncRunner` (loaded with the
    first round, not at start-up: the sync engine's modules take a fifth of a second)."""

    def run_once(self) -> SyncStatus: ...

    def status(self, state: State) -> SyncStatus: ...

    def district_answers(self) -> bool: ...


def run_round(runner: Runner | Callable[[], Runner]) -> SyncStatus:
    """One round, off the UI thread; ``runner`` may be a factory, called there (so the sync
    engine's modules load off the UI thread). A round that fails is logged and says
    "attention": it must never take the desk down, and the backoff retries it later."""
    engine = runner if isinstance(runner, Runner) else runner()
    try:
        return engine.run_once()
    except Exception:
        log.exception("sync round failed")
        return engine.status("attention")


class SyncStatusButton(QPushButton):
    def __init__(
        self,
        desk: DeskUi,
        runner: Runner | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.setObjectName("syncStatus")
        self.setFlat(True)
        self.desk = desk
        self._runner = runner
        self.clock = clock
        self.schedule = SyncSchedule()
        self.job: Op[SyncStatus] | None = None
        self.probe_job: Op[bool] | None = None
        self.last: SyncStatus | None = None
        self.panel: SyncPanel | None = None
        self.signals = _Signals(self)
        self.signals.changed.connect(self._local_change)
        self.round_timer = QTimer(self)
        self.round_timer.setSingleShot(True)
        self.round_timer.timeout.connect(self.sync_now)
        self.probe_timer = QTimer(self)
        self.probe_timer.setSingleShot(True)
        self.probe_timer.timeout.connect(self._probe)
        self.clicked.connect(self.open_panel)
        self._unsubscribe = notify.subscribe(self.signals.changed.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())
        desk.on_identity_changed(self, self._joined)
        connected = connection(desk.ctx) is not None
        self.show_status(current_status(desk.ctx, "offline" if connected else "not_connected"))
        self.schedule.start(self.clock())
        self._plan()

    def runner(self) -> Runner:
        """The sync engine (made on first use, on the thread pool)."""
        if self._runner is None:
            from desktop.sync.runner import SyncRunner

            self._runner = SyncRunner(self.desk.ctx)
        return self._runner

    @property
    def busy(self) -> bool:
        return self.job is not None

    def open_panel(self) -> None:
        from ui.sync.panel_dialog import SyncPanel

        panel = SyncPanel(self.desk, self.sync_now, self.open_inbox, self.window())
        panel.finished.connect(panel.deleteLater)
        panel.finished.connect(lambda *_: setattr(self, "panel", None))
        self.panel = panel
        if self.last is not None:
            panel.show_status(self.last, self.busy)
        panel.open()

    def open_inbox(self) -> None:
        from ui.sync.inbox_dialog import InboxDialog

        dialog = InboxDialog(self.desk, self.sync_now, self.window())
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def sync_now(self) -> None:
        if self.job is not None:
            return
        self.round_timer.stop()
        self.probe_timer.stop()
        self.schedule.round_started(self.clock())
        self.setText(self.desk.tr("ui.syncbar.syncing"))
        self.job = run_op(
            lambda: run_round(self.runner),  # the method: the engine is made off the UI thread
            self._finished,
            self._round_failed,
            lane="network",
            owner=self,
            what="sync round",
        )
        if self.panel is not None:
            self.panel.set_busy(True)

    def _finished(self, status: SyncStatus) -> None:
        self.job = None
        bus().sync_round_ended.emit()  # what was sent or refused: the sync marks change
        self.schedule.round_finished(status, self.clock())
        self.show_status(status)
        self._plan()

    def _round_failed(self, error: UserError) -> None:
        """The engine could not even be made (logged by ui.ops): a round needing attention."""
        self._finished(current_status(self.desk.ctx, "attention", error.message))

    def _joined(self) -> None:
        """Connected just now: the first round runs at once (none ran while joining)."""
        self.show_status(current_status(self.desk.ctx, "offline"))
        if self.busy:
            self.schedule.local_change(self.clock())  # one more round right after this one
            return
        self.sync_now()

    def _local_change(self) -> None:
        self.schedule.local_change(self.clock())
        if self.last is not None and not self.busy:
            self.show_status(current_status(self.desk.ctx, self.last.state, self.last.message))
        self._plan()

    def _probe(self) -> None:
        if self.busy or self.probe_job is not None or connection(self.desk.ctx) is None:
            return
        self.probe_job = run_op(
            lambda: self.runner().district_answers(),
            self._probed,
            lambda error: self._probed(False),  # logged; "not yet", the backoff still runs
            lane="network",
            owner=self,
            what="district probe",
        )

    def _probed(self, reachable: bool) -> None:
        self.probe_job = None
        self.schedule.probe_answered(reachable, self.clock())
        self._plan()

    def _plan(self) -> None:
        """Timers from the schedule's decisions."""
        if self.busy:
            return
        now = self.clock()
        if self.schedule.due is not None:
            self.round_timer.start(max(0, int((self.schedule.due - now) * 1000)))
        probe = self.schedule.next_probe(now)
        if probe is not None and not self.probe_timer.isActive():
            self.probe_timer.start(int((probe - now) * 1000))

    def show_status(self, status: SyncStatus) -> None:
        tr = self.desk.tr
        self.last = status
        when = ""
        if status.last_success:
            moment = dt.datetime.fromisoformat(status.last_success)
            when = f"{self.desk.ctx.to_local(moment):%H:%M}"
        self.setText(
            tr(
                f"ui.syncbar.{status.state}",
                pending=status.pending,
                issues=status.issues,
                when=when,
            )
        )
        self.setToolTip(tr.message(status.message) if status.message else "")
        if self.panel is not None:
            self.panel.show_status(status, self.busy)


def make_status_widget(desk: DeskUi) -> SyncStatusButton:
    return SyncStatusButton(desk)
