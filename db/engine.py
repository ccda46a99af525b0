"""Engine and sessions for the desk's embedded SQLite database.

* WAL journal, foreign keys on, a busy timeout so a second window waits instead of failing;
* write transactions start with ``BEGIN IMMEDIATE`` so two writers never deadlock and a
  read-then-write (a queue number, a booking's free places) is serialised;
* every session writes the change log for synced rows (:mod:`db.changelog`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from db import changelog

BUSY_TIMEOUT_MS = 5000


class DeskSession(Session):
    """Session class of the desk; carries the change-log hooks."""


changelog.install(DeskSession)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets the pragmas and explicit transaction control."""
    if not url.startswith("sqlite"):
        return create_engine(url, **kwargs)
    engine = create_engine(
        url, connect_args={"isolation_level": None, "timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


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
        """A session whose transaction is committed on success and rolled back on error."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
