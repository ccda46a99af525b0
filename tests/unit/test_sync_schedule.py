"""When the next sync round runs: start-up, backoff, local changes debounced, probes."""

from __future__ import annotations

import random

from desktop.sync.schedule import DEBOUNCE_S, MAX_WAIT_S, PROBE_EVERY_S, SyncSchedule
from desktop.sync.status import Backoff, SyncStatus

ONLINE = SyncStatus("online", 0, 0, "")
OFFLINE = SyncStatus("offline", 3, 0, "")


def _schedule() -> SyncSchedule:
    return SyncSchedule(backoff=Backoff(rng=random.Random(1)))


def test_changes_are_debounced_but_never_wait_long() -> None:
    plan = _schedule()
    plan.round_finished(ONLINE, 0.0)
    assert plan.due is not None and 48.0 <= plan.due <= 72.0  # a minute, jittered
    plan.local_change(10.0)
    assert plan.due == 10.0 + DEBOUNCE_S
    plan.round_started(13.0)
    plan.round_finished(ONLINE, 14.0)
    plan.local_change(20.0)
    plan.local_change(21.0)
    assert plan.due == 21.0 + DEBOUNCE_S  # each change restarts the wait
    for moment in (23.0, 25.0, 27.0, 29.0, 31.0, 33.0):  # a change every 2 s
        plan.local_change(moment)
    assert plan.due == 20.0 + MAX_WAIT_S  # but not for ever


def test_a_change_during_a_round_brings_one_more_round_right_after() -> None:
    plan = _schedule()
    plan.round_started(10.0)
    plan.local_change(11.0)
    assert plan.due is None
    plan.round_finished(ONLINE, 12.0)
    assert plan.due == 12.0


def test_offline_waits_out_the_backoff_but_probes_and_syncs_when_the_network_is_back() -> None:
    plan = _schedule()
    plan.round_started(0.0)
    plan.round_finished(OFFLINE, 1.0)
    backed_off = plan.due
    assert backed_off is not None and backed_off > 1.0
    plan.local_change(2.0)  # offline: a change alone does not hammer the server
    assert plan.due == backed_off
    assert plan.next_probe(2.0) == 2.0 + PROBE_EVERY_S
    plan.probe_answered(False, 22.0)
    assert plan.due == backed_off
    plan.probe_answered(True, 42.0)
    assert plan.due == 42.0
    plan.round_started(42.0)
    plan.round_finished(ONLINE, 43.0)
    assert plan.next_probe(43.0) is None
