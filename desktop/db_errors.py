"""Database and disk failures as messages a person can act on.

``db.locked`` (another window or program holds the database), ``db.full`` (disk full),
``db.unreadable`` (not a database, or damaged), ``db.no_access`` (folder permissions) and
``db.too_new`` (schema written by a newer version). Anything else is left as it is: a bug
must not be disguised as a disk problem.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import sqlite3
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError

from db.migrate import SchemaTooNewError
from desktop.errors import UserError

P = ParamSpec("P")
R = TypeVar("R")

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


def maps_database_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service so database and disk failures reach the desk as messages."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with database_errors():
            return function(*args, **kwargs)

    return wrapper
