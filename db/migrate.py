"""Bring the desk database to the current schema, safely.

Before any migration runs on an existing database a consistent copy is taken with SQLite's
backup API. A database written by a newer version of the app is refused: running old code
on a newer schema could lose data.

The heads this code knows are recorded in :mod:`db.schema_heads` (kept equal to the Alembic
scripts' by a test): a database already at them is recognised with one query, and Alembic
(a fifth of a second to import) is loaded only when there is something to migrate or an
unknown revision to look up. ``python -m db.migrate --record-heads`` rewrites the record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from db.schema_heads import HEADS

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEADS_MODULE = Path(__file__).with_name("schema_heads.py")


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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR))


def head_revisions() -> tuple[str, ...]:
    """The newest revisions this code knows (one per feature branch of the history), as
    recorded in :mod:`db.schema_heads`."""
    return tuple(sorted(HEADS))


def script_heads() -> tuple[str, ...]:
    """The heads of the Alembic scripts themselves (what the record must say)."""
    return tuple(sorted(_scripts().get_heads()))


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revisions the database is at (empty for a new database)."""
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, "alembic_version"):
            return ()
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    return tuple(sorted(str(row[0]) for row in rows))


def stored_revisions(db_path: Path) -> tuple[str, ...] | None:
    """The revisions of the database file, read with the standard library alone (no
    SQLAlchemy, no Alembic); ``None`` when the file cannot be read that way."""
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return tuple(sorted(str(row[0]) for row in rows))


def upgrade(engine: Engine, db_path: Path | None, backup_dir: Path | None) -> MigrationResult:
    """Apply pending migrations; back the file up first when it already holds data."""
    before = current_revisions(engine)
    heads = head_revisions()
    if before == heads:  # the usual start: nothing to do, Alembic stays unloaded
        return MigrationResult(before, heads, None)
    unknown = unknown_revisions(before)
    if unknown:
        raise SchemaTooNewError(unknown[0])
    from alembic import command

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
    if all(r in HEADS for r in revisions):
        return ()
    script = _scripts()
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


def record_heads() -> None:
    """Rewrite :mod:`db.schema_heads` with the scripts' heads (after adding a migration)."""
    text = HEADS_MODULE.read_text(encoding="utf-8")
    start = text.index("HEADS: tuple[str, ...] = (")
    lines = "".join(f'    "{head}",\n' for head in script_heads())
    HEADS_MODULE.write_text(
        text[:start] + f"HEADS: tuple[str, ...] = (\n{lines})\n", encoding="utf-8"
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--record-heads"]:
        sys.exit("usage: python -m db.migrate --record-heads")
    record_heads()
    print(", ".join(script_heads()))
