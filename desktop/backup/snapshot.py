"""A consistent copy of the live database, checked and counted.

The copy is made with SQLite's online backup API in one step: one read transaction over
the whole database, so what is copied is one committed state even while the desk keeps
writing (in WAL mode readers never block writers, and a writer never blocks this reader).
A file copy of a live WAL database could miss what is still in the ``-wal`` file or tear a
page; it is never used. SQLite does the work with Python's lock released, so the UI thread
keeps running while a large database is copied.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

BUSY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class CopyFacts:
    """What a copy holds, read from the copy itself (never from the live database)."""

    integrity: str  # "ok", or the first problem SQLite found
    schema: tuple[str, ...]
    center_id: str
    center_name: str
    connected: bool
    residents: int
    visits: int
    bookings: int
    last_visit_day: str  # ISO date, "" without visits
    database_bytes: int

    @property
    def good(self) -> bool:
        return self.integrity == "ok"


def new_private_file(path: Path) -> None:
    """Create ``path`` empty and readable by the owner only (SQLite then fills it)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def copy_database(source: Path, target: Path) -> None:
    """Copy the database at ``source`` (open elsewhere or not) into a new file ``target``.

    The copy is a plain rollback-journal database, complete in one file."""
    new_private_file(target)
    src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_S)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)  # all pages in one step: one consistent read transaction
            dest.execute("PRAGMA journal_mode=DELETE")
        finally:
            dest.close()
    finally:
        src.close()


def _setting(conn: sqlite3.Connection, key: str) -> object:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0])
    except ValueError:
        return None


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0])


def check_copy(path: Path) -> CopyFacts:
    """``PRAGMA integrity_check`` on the copy, then what it holds."""
    size = path.stat().st_size
    conn = sqlite3.connect(path)
    try:
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        integrity = "ok" if problems == ["ok"] else str(problems[0])[:300]
        try:
            return _facts(conn, integrity, size)
        except sqlite3.DatabaseError as exc:
            bad = integrity if integrity != "ok" else str(exc)[:300]
            return CopyFacts(bad, (), "", "", False, 0, 0, 0, "", size)
    finally:
        conn.close()


def _facts(conn: sqlite3.Connection, integrity: str, size: int) -> CopyFacts:
    schema = tuple(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
    center_id = str(_setting(conn, "center_id") or "")
    row = conn.execute("SELECT name FROM center WHERE id = ?", (center_id,)).fetchone()
    last = conn.execute("SELECT max(visit_date) FROM visit WHERE deleted_at IS NULL").fetchone()
    return CopyFacts(
        integrity=integrity,
        schema=schema,
        center_id=center_id,
        center_name=str(row[0]) if row else "",
        connected=bool(_setting(conn, "sync.server_url")),
        residents=_count(conn, "resident"),
        visits=_count(conn, "visit"),
        bookings=_count(conn, "booking"),
        last_visit_day=str(last[0] or ""),
        database_bytes=size,
    )
