"""Start-up without Qt: data folder, database migration (with backup), settings, context.

CONTRACT — signatures are fixed; bodies to be implemented.
Errors a person must understand are raised as :class:`desktop.errors.UserError` with codes
``db.too_new``, ``db.locked``, ``db.full``, ``db.unreadable`` — never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.engine import Database
from db.migrate import MigrationResult
from desktop.context import DeskContext
from desktop.paths import DataPaths
from desktop.settings import Settings


@dataclass
class Startup:
    paths: DataPaths
    db: Database
    settings: Settings
    migration: MigrationResult


def start(paths: DataPaths) -> Startup:
    raise NotImplementedError


def is_set_up(startup: Startup) -> bool:
    raise NotImplementedError


def desk_context(startup: Startup) -> DeskContext:
    """The context of the center this desk is set up for (loads the data-key vault)."""
    raise NotImplementedError
