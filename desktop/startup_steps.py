"""One line per start-up step on the terminal, with the time since the command was typed.

``scripts/desk`` sets ``SERVICE_CENTER_STARTED`` (seconds since the epoch, when it started)
and prints its own steps (creating the environment, installing from the lock); the desk goes
on from there: checking the database, preparing the demo data, starting, the window shown.
Without the variable (an installed desk, tests) nothing is printed.
"""

from __future__ import annotations

import os
import sys
import time

STARTED_VARIABLE = "SERVICE_CENTER_STARTED"


def started_at() -> float | None:
    """When the command started, if it said so."""
    try:
        return float(os.environ[STARTED_VARIABLE])
    except (KeyError, ValueError):
        return None


def step_line(text: str, started: float, now: float) -> str:
    return f"[{now - started:6.1f} s] {text}"


def step(text: str) -> None:
    """Say on stderr that ``text`` is happening now (only under ``scripts/desk``)."""
    started = started_at()
    if started is not None:
        print(step_line(text, started, time.time()), file=sys.stderr, flush=True)
