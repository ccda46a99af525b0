"""What changed in the desk's data, told to whoever shows it.

After every commit that wrote synced rows (a local change, heard by :mod:`desktop.sync.notify`)
and after each pulled page is applied (:mod:`desktop.sync.pull`), an :class:`EntityChanges`
names the entity kinds and ids written. Subscribers are called on the thread that committed;
they must be quick and thread-safe (the UI's change bus re-emits a Qt signal, which Qt
queues to the UI thread). No Qt here: services stay testable without a screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

Origin = Literal["local", "pull"]

VISIT_KINDS = ("visit", "request", "work_order", "resident")
"""What a list of visits shows: the visit, its requests, their work orders, the resident."""
SATURDAY_KINDS = (
    "booking",
    "waitlist_entry",
    "saturday_slot",
    "saturday_session",
    "saturday_service",
    "saturday_exception",
    "roster_entry",
    "resident",
)
"""What a Saturday screen shows: bookings, the waitlist, slots and what makes them."""
COUNTED_KINDS = ("visit", "request", "work_order", "booking", "saturday_slot")
"""What the figures count."""


@dataclass(frozen=True)
class EntityChanges:
    """Entity kind (``visit``, ``booking``, ``work_order`` …) → ids written, and where the
    change came from."""

    origin: Origin
    ids: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, origin: Origin, pairs: Iterable[tuple[str, str]]) -> EntityChanges:
        grouped: dict[str, set[str]] = {}
        for kind, entity_id in pairs:
            grouped.setdefault(kind, set()).add(entity_id)
        return cls(origin, {kind: frozenset(ids) for kind, ids in grouped.items()})

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)

    def touches(self, kinds: Iterable[str]) -> bool:
        return not self.kinds.isdisjoint(kinds)


Subscriber = Callable[[EntityChanges], None]

_lock = threading.Lock()
_subscribers: list[Subscriber] = []


def subscribe(callback: Subscriber) -> Callable[[], None]:
    """Call ``callback`` with each :class:`EntityChanges`; returns the unsubscriber."""
    with _lock:
        _subscribers.append(callback)

    def unsubscribe() -> None:
        with _lock:
            if callback in _subscribers:
                _subscribers.remove(callback)

    return unsubscribe


def publish(changes: EntityChanges) -> None:
    """Tell every subscriber (nothing is told of an empty change)."""
    if not changes.ids:
        return
    with _lock:
        callbacks = list(_subscribers)
    for callback in callbacks:
        callback(changes)
