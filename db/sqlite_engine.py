"""An SQLite engine set up for an application's database file, with nothing of the desk.

* WAL journal, foreign keys on, a busy timeout so a second window waits instead of failing;
* transactions start with ``BEGIN``, or ``BEGIN IMMEDIATE`` when the connection's execution
  options ask for ``sqlite_immediate`` (so two writers never deadlock and a read-then-write
  is serialised).

The desk (:mod:`db.engine`, with its change-log hooks) and the district server's embedded
database (:mod:`district.database`) both build on it; importing it loads no model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


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
