"""Sync is held while the desk joins the district's center.

Joining renames rows (the center, service lines and items, Saturday slots) and rewrites the
changes not yet sent. A round running meanwhile would send rows under the ids from before
(the push writes the district's center id into every payload), and the center's other
desks would list them twice. So joining takes the data folder's hold for its whole length
and a round that finds it taken does not start; a round already running is waited for.
Rounds do not hold each other up. The hold lives in this process: an adoption a crash cut
short is finished at start-up (:func:`desktop.sync.adopt.resume_adoption`) before any round.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from desktop.context import DeskContext


class _Hold:
    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.joining = False
        self.rounds = 0


_holds: dict[str, _Hold] = {}
_registry = threading.Lock()


def _hold_for(ctx: DeskContext) -> _Hold:
    key = str(ctx.paths.root.resolve())
    with _registry:
        return _holds.setdefault(key, _Hold())


@contextmanager
def joining(ctx: DeskContext) -> Iterator[None]:
    """Hold sync for the length of the block (waits for a round already running)."""
    hold = _hold_for(ctx)
    with hold.condition:
        hold.condition.wait_for(lambda: not hold.joining)
        hold.joining = True
        hold.condition.wait_for(lambda: hold.rounds == 0)
    try:
        yield
    finally:
        with hold.condition:
            hold.joining = False
            hold.condition.notify_all()


@contextmanager
def round_allowed(ctx: DeskContext) -> Iterator[bool]:
    """``True`` (and the round counted until the block ends) unless joining holds sync."""
    hold = _hold_for(ctx)
    with hold.condition:
        if hold.joining:
            allowed = False
        else:
            hold.rounds += 1
            allowed = True
    try:
        yield allowed
    finally:
        if allowed:
            with hold.condition:
                hold.rounds -= 1
                hold.condition.notify_all()


def is_held(ctx: DeskContext) -> bool:
    hold = _hold_for(ctx)
    with hold.condition:
        return hold.joining
