"""Start-up without Qt: data folder, database migration (with backup), settings, context.

CONTRACT — signatures are fixed.
Errors a person must understand are raised as :class:`desktop.errors.UserError` with codes
``db.too_new``, ``db.locked``, ``db.full``, ``db.unreadable`` — never a traceback.
The mapping lives in :mod:`desktop.db_errors` (re-exported here as ``user_error_for`` and
``database_errors``) and is applied by the services too, so a database that becomes locked
or full later reads the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from db import migrate
from db.engine import Database
from db.migrate import MigrationResult
from db.models import Center
from desktop.context import DeskContext
from desktop.db_errors import database_errors, user_error_for
from desktop.errors import Message, UserError
from desktop.file_privacy import make_private, new_private_file, purge_old_slips
from desktop.paths import DataPaths
from desktop.pii import KeyStorage, VaultError, load_or_create_vault
from desktop.settings import CENTER_ID, DESK_SLOT, SLIP_KEEP_DAYS, Settings

__all__ = ["Startup", "database_errors", "desk_context", "is_set_up", "start", "user_error_for"]


@dataclass
class Startup:
    paths: DataPaths
    db: Database
    settings: Settings
    migration: MigrationResult
    notice: Message | None = None
    """Something to tell the person once the desk is up (a restore finished or undone)."""


def start(paths: DataPaths) -> Startup:
    """Make the folders, open the database and bring it to the current schema.

    An existing database is backed up (``paths.backups``) before any migration. A database
    written by a newer version is refused and left untouched. A restore that was ready is
    finished first, one that a crash cut short undone (:mod:`desktop.backup.restore`).
    """
    from desktop.backup.restore import resume_or_undo

    with database_errors():
        paths.ensure()
        make_private(paths)
        notice = resume_or_undo(paths, dt.datetime.now(dt.UTC))
        if not paths.database.exists():
            new_private_file(paths.database)  # SQLite gives its WAL the database's mode
        db = Database.open(paths.database)
        try:
            migration = migrate.upgrade(db.engine, paths.database, paths.backups)
        except BaseException:
            db.dispose()
            raise
        make_private(paths)  # the migration's backup copy and the WAL, too
        settings = Settings(db)
        purge_old_slips(paths, dt.datetime.now(dt.UTC), settings.get(SLIP_KEEP_DAYS))
    return Startup(paths=paths, db=db, settings=settings, migration=migration, notice=notice)


def _center(startup: Startup) -> Center | None:
    with database_errors():
        center_id = startup.settings.get(CENTER_ID)
        if not center_id:
            return None
        with startup.db.read() as session:
            return session.scalars(
                select(Center).where(Center.id == center_id, Center.deleted_at.is_(None))
            ).one_or_none()


def is_set_up(startup: Startup) -> bool:
    """Whether this desk already belongs to a center (first-run set-up done)."""
    return _center(startup) is not None


def desk_context(startup: Startup) -> DeskContext:
    """The context of the center this desk is set up for (loads the data-key vault)."""
    center = _center(startup)
    if center is None:
        raise UserError("setup.not_done")
    try:
        vault, storage = load_or_create_vault(startup.paths, center.id)
    except VaultError as exc:
        raise UserError("setup.key_damaged", path=str(startup.paths.key_file)) from exc
    except OSError as exc:
        raise user_error_for(exc) or UserError("db.no_access") from exc
    ctx = DeskContext(
        db=startup.db,
        paths=startup.paths,
        center_id=center.id,
        desk_slot=startup.settings.get(DESK_SLOT),
        vault=vault,
        timezone=center.timezone or "Asia/Shanghai",
        key_in_file=storage is KeyStorage.FILE,
    )
    from desktop.sync.adopt import resume_adoption

    with database_errors():
        resume_adoption(ctx)
    return ctx
