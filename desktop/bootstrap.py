"""Start-up without Qt: data folder, database migration (with backup), settings, context.

CONTRACT — signatures are fixed.
Errors a person must understand are raised as :class:`desktop.errors.UserError` with codes
``db.too_new``, ``db.locked``, ``db.full``, ``db.unreadable`` — never a traceback.
:func:`user_error_for` gives the same mapping to any later database error, and
:func:`database_errors` applies it around a block, so screens can show them alike.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from db import migrate
from db.engine import Database
from db.migrate import MigrationResult, SchemaTooNewError
from db.models import Center
from desktop.context import DeskContext
from desktop.errors import UserError
from desktop.paths import DataPaths
from desktop.pii import VaultError, load_or_create_vault
from desktop.settings import Settings


@dataclass
class Startup:
    paths: DataPaths
    db: Database
    settings: Settings
    migration: MigrationResult


_SQLITE_MESSAGES = (
    ("database is locked", "db.locked"),
    ("database table is locked", "db.locked"),
    ("database or disk is full", "db.full"),
    ("file is not a database", "db.unreadable"),
    ("database disk image is malformed", "db.unreadable"),
    ("unable to open database", "db.unreadable"),
    ("disk i/o error", "db.unreadable"),
)


def user_error_for(exc: BaseException) -> UserError | None:
    """The message a person should see for a database or disk failure, if it is one."""
    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, SchemaTooNewError):
        return UserError("db.too_new")
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, sqlite3.Error):
        text = str(exc).lower()
        for fragment, code in _SQLITE_MESSAGES:
            if fragment in text:
                return UserError(code)
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
            exc, sqlite3.OperationalError | sqlite3.IntegrityError
        ):
            return UserError("db.unreadable")
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return UserError("db.full")
        if isinstance(exc, PermissionError):
            return UserError("db.no_access")
    return None


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """Turn database and disk failures inside the block into :class:`UserError`."""
    try:
        yield
    except Exception as exc:
        mapped = user_error_for(exc)
        if mapped is None or mapped is exc:
            raise
        raise mapped from exc


def start(paths: DataPaths) -> Startup:
    """Make the folders, open the database and bring it to the current schema.

    An existing database is backed up (``paths.backups``) before any migration. A database
    written by a newer version is refused and left untouched.
    """
    with database_errors():
        paths.ensure()
        db = Database.open(paths.database)
        try:
            migration = migrate.upgrade(db.engine, paths.database, paths.backups)
        except BaseException:
            db.dispose()
            raise
    return Startup(paths=paths, db=db, settings=Settings(db), migration=migration)


def _center(startup: Startup) -> Center | None:
    with database_errors():
        center_id = startup.settings.get("center_id")
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
        vault, _storage = load_or_create_vault(startup.paths, center.id)
    except VaultError as exc:
        raise UserError("setup.key_damaged", path=str(startup.paths.key_file)) from exc
    except OSError as exc:
        raise user_error_for(exc) or UserError("db.no_access") from exc
    return DeskContext(
        db=startup.db,
        paths=startup.paths,
        center_id=center.id,
        desk_slot=startup.settings.get("desk_slot"),
        vault=vault,
        timezone=center.timezone or "Asia/Shanghai",
    )
