"""Which backups to keep: the most recent ones, then one per day, per week and per month.

Counted over good backups only (a backup that failed its check never takes the place of a
good one); the newest of each day, ISO week or month is the one kept, days counted in the
center's time zone. A center closed at weekends keeps its last seven working days rather
than the last seven calendar days. Copies kept aside before a restore and exports are
never pruned; of the backups that failed their check the newest two are kept (someone may
want to look at them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAMAGED_KEPT = 2


@dataclass(frozen=True)
class Policy:
    recent: int = 6
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


@dataclass(frozen=True)
class Generation:
    """One backup file as pruning sees it."""

    name: str
    created: dt.datetime  # aware
    good: bool
    protected: bool = False  # kept aside before a restore, or an export


def _newest_per(
    backups: Sequence[Generation], period: Callable[[Generation], Hashable], count: int
) -> set[str]:
    kept: set[str] = set()
    seen: set[Hashable] = set()
    for backup in backups:  # newest first
        key = period(backup)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(backup.name)
    return kept


def to_keep(backups: Sequence[Generation], policy: Policy, timezone: str) -> set[str]:
    """Names of the backups the policy keeps."""
    zone = ZoneInfo(timezone)

    def local(b: Generation) -> dt.date:
        return b.created.astimezone(zone).date()

    newest_first = sorted(backups, key=lambda b: b.created, reverse=True)
    good = [b for b in newest_first if b.good and not b.protected]
    kept = {b.name for b in newest_first if b.protected}
    kept |= {b.name for b in good[: policy.recent]}
    kept |= _newest_per(good, local, policy.daily)
    kept |= _newest_per(good, lambda b: local(b).isocalendar()[:2], policy.weekly)
    kept |= _newest_per(good, lambda b: (local(b).year, local(b).month), policy.monthly)
    damaged = [b for b in newest_first if not b.good and not b.protected]
    kept |= {b.name for b in damaged[:DAMAGED_KEPT]}
    return kept


def to_prune(backups: Sequence[Generation], policy: Policy, timezone: str) -> list[Generation]:
    """The backups to delete, oldest first."""
    kept = to_keep(backups, policy, timezone)
    return sorted((b for b in backups if b.name not in kept), key=lambda b: b.created)
