"""Bring the desk database to the current schema, safely.

Before any migration runs on an existing database a consistent copy is taken with SQLite's
backup API. A database written by a newer version of the app is refused: running old code
on a newer schema could lose data.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer version of the app."""

    def __init__(self, found: str) -> None:
        super().__init__(f"database schema {found!r} is newer than this app knows")
        self.found = found


@dataclass(frozen=True)
class MigrationResult:
    before: tuple[str, ...]
    after: tuple[str, ...]
    backup: Path | None


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def head_revisions() -> tuple[str, ...]:
    """The newest revisions this code knows (one per feature branch of the history)."""
    return tuple(sorted(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()))


def current_revisions(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def upgrade(engine: Engine, db_path: Path | None, backup_dir: Path | None) -> MigrationResult:
    """Apply pending migrations; back the file up first when it already holds data."""
    before = current_revisions(engine)
    unknown = unknown_revisions(before)
    if unknown:
        raise SchemaTooNewError(unknown[0])
    heads = head_revisions()
    if before == heads:
        return MigrationResult(before, heads, None)
    backup = None
    if before and db_path is not None and backup_dir is not None:
        backup = backup_copy(db_path, backup_dir, "+".join(before))
    config = alembic_config(engine)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
        conn.commit()
    return MigrationResult(before, current_revisions(engine), backup)


def unknown_revisions(revisions: tuple[str, ...]) -> tuple[str, ...]:
    """The revisions this code does not know: written by a newer version of the app."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return tuple(r for r in revisions if _unknown(script, r))


def _unknown(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is None
    except Exception:  # alembic raises ResolutionError subclasses for unknown ids
        return True


def backup_copy(db_path: Path, backup_dir: Path, revision: str) -> Path:
    """A consistent copy of the database (safe with WAL and other open connections)."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{db_path.stem}-{revision}-{stamp}.sqlite"
    source = sqlite3.connect(db_path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target
