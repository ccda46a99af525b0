"""Engine and sessions for the desk's embedded SQLite database.

* the engine of :mod:`db.sqlite_engine` (WAL, foreign keys, busy timeout);
* write transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock and a
  read-then-write (a queue number, a booking's free places) is serialised;
* every session writes the change log for synced rows (:mod:`db.changelog`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from db import changelog
from db.sqlite_engine import BUSY_TIMEOUT_MS, make_engine, sqlite_url

__all__ = ["BUSY_TIMEOUT_MS", "Database", "DeskSession", "make_engine", "sqlite_url"]


class DeskSession(Session):
    """Session class of the desk; carries the change-log hooks."""


changelog.install(DeskSession)


class Database:
    """The desk database: hands out read sessions and serialised write sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, class_=DeskSession, expire_on_commit=False)
        writer = engine.execution_options(sqlite_immediate=True)
        self._write = sessionmaker(writer, class_=DeskSession, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path) -> Database:
        return cls(make_engine(sqlite_url(path)))

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; closed at the end (loaded objects stay usable)."""
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction is committed on success and rolled back on error.
        Its ``info["writes"]`` is true (a read session's is not), for code that may note
        something in passing only where it writes anyway."""
        with self._write() as session, session.begin():
            session.info["writes"] = True
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
