"""When the next sync round runs: plain Python, times in seconds of a monotonic clock.

* On start-up, a first round soon after the window shows.
* After each round: the :class:`~desktop.sync.runner.Backoff` delay (a minute while all is
  well; 5 s, 10 s, 20 s … up to 10 minutes after failures, with jitter).
* On each local change (debounced): :data:`DEBOUNCE_S` after the last change, but never
  later than :data:`MAX_WAIT_S` after the first one still waiting, and never during a
  round (then one more round right after it). While offline a change does not trigger a
  round: the probe does.
* While offline, a cheap probe (``GET /health``) every :data:`PROBE_EVERY_S`: when the
  district answers again, a round at once instead of waiting out the backoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.sync.status import Backoff, SyncStatus

FIRST_ROUND_S = 2.0
DEBOUNCE_S = 3.0
MAX_WAIT_S = 15.0
PROBE_EVERY_S = 20.0


@dataclass
class SyncSchedule:
    backoff: Backoff = field(default_factory=Backoff)
    planned: float | None = None
    """The next round after the last one (backoff, or a minute while all is well)."""
    debounced: float | None = None
    """The next round for local changes (restarted by every change, within a limit)."""
    running: bool = False
    offline: bool = False
    first_change: float | None = None
    changed_while_running: bool = False

    @property
    def due(self) -> float | None:
        """When the next round should start (None while one runs)."""
        times = [t for t in (self.planned, self.debounced) if t is not None]
        return min(times) if times else None

    def start(self, now: float) -> None:
        self.planned = now + FIRST_ROUND_S

    def local_change(self, now: float) -> None:
        if self.running:
            self.changed_while_running = True
            return
        if self.offline:
            return
        if self.first_change is None:
            self.first_change = now
        self.debounced = min(now + DEBOUNCE_S, self.first_change + MAX_WAIT_S)

    def round_started(self, now: float) -> None:
        self.running = True
        self.planned = self.debounced = self.first_change = None

    def round_finished(self, status: SyncStatus, now: float) -> None:
        self.running = False
        self.offline = status.state == "offline"
        self.planned = now + self.backoff.next_delay(status)
        if self.changed_while_running and not self.offline:
            self.planned = now
        self.changed_while_running = False

    def next_probe(self, now: float) -> float | None:
        """When to probe the district next; None when not offline."""
        return now + PROBE_EVERY_S if self.offline and not self.running else None

    def probe_answered(self, reachable: bool, now: float) -> None:
        if reachable and self.offline and not self.running:
            self.planned = now
