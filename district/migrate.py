"""Bring the district database to the current schema; refuse one newer than the code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "district_alembic_version"


class SchemaTooNewError(RuntimeError):
    """The database was written by a newer district server."""


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def current_revisions(engine: Engine) -> tuple[str, ...]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return tuple(sorted(context.get_current_heads()))


def upgrade(engine: Engine) -> tuple[str, ...]:
    """Apply pending migrations (PostgreSQL: in one transaction under an advisory lock)."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    known = {rev.revision for rev in script.walk_revisions()}
    for revision in current_revisions(engine):
        if revision not in known:
            raise SchemaTooNewError(
                f"database schema {revision!r} is newer than this server; upgrade the server"
            )
    config = _config(engine)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7710001)")
        config.attributes["connection"] = conn
        command.upgrade(config, "heads")
        conn.commit()
    return current_revisions(engine)
