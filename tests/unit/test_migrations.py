"""The migrations build exactly the schema the models describe, and upgrades are safe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import db.models  # noqa: F401
from db import migrate
from db.base import Base
from db.engine import Database


def _fresh(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "m.sqlite")
    migrate.upgrade(database.engine, tmp_path / "m.sqlite", tmp_path / "backups")
    return database


def test_migrations_match_the_models(tmp_path: Path) -> None:
    database = _fresh(tmp_path)
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    database.dispose()
    assert diff == []


def test_the_recorded_heads_are_the_scripts_heads() -> None:
    """Start-up trusts the record to recognise an up-to-date database without Alembic: a
    new migration must come with a new record (``python -m db.migrate --record-heads``)."""
    assert migrate.head_revisions() == migrate.script_heads()


def test_the_standard_library_reads_the_same_revisions(tmp_path: Path) -> None:
    database = _fresh(tmp_path)
    assert migrate.stored_revisions(tmp_path / "m.sqlite") == migrate.current_revisions(
        database.engine
    )
    database.dispose()
    assert migrate.stored_revisions(tmp_path / "missing.sqlite") is None


def test_upgrade_is_idempotent_and_reaches_every_head(tmp_path: Path) -> None:
    database = _fresh(tmp_path)
    assert migrate.current_revisions(database.engine) == migrate.head_revisions()
    again = migrate.upgrade(database.engine, tmp_path / "m.sqlite", tmp_path / "backups")
    assert again.backup is None
    database.dispose()


def test_upgrade_from_first_release_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    database = Database.open(path)
    config = migrate.alembic_config(database.engine)
    from alembic import command

    with database.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_initial")
        conn.exec_driver_sql(
            "INSERT INTO center (id, name, address, hotline, timezone, created_at, updated_at,"
            " version) VALUES ('c1', '老中心', '', '', 'Asia/Shanghai', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"
        )
        conn.commit()
    result = migrate.upgrade(database.engine, path, tmp_path / "backups")
    database.dispose()
    if result.before == result.after:
        pytest.skip("no migration after the first release yet")
    assert result.backup is not None and result.backup.exists()
    with sqlite3.connect(result.backup) as backup:
        assert backup.execute("SELECT name FROM center").fetchone() == ("老中心",)
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT name FROM center").fetchone() == ("老中心",)


def test_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    database = _fresh(tmp_path)
    with database.engine.connect() as conn:
        conn.exec_driver_sql(  # one of the heads replaced by a revision this code lacks
            "UPDATE alembic_version SET version_num = '9999_future'"
            " WHERE version_num = (SELECT min(version_num) FROM alembic_version)"
        )
        conn.commit()
    with pytest.raises(migrate.SchemaTooNewError):
        migrate.upgrade(database.engine, tmp_path / "m.sqlite", tmp_path / "backups")
    database.dispose()


def test_sync_bookkeeping_moves_out_of_the_preferences(tmp_path: Path) -> None:
    path = tmp_path / "sync.sqlite"
    database = Database.open(path)
    config = migrate.alembic_config(database.engine)
    from alembic import command

    with database.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004_sync")
        conn.exec_driver_sql(
            "INSERT INTO setting (key, value) VALUES ('sync.cursor', '42'),"
            " ('sync.server_url', '\"https://qu.example.cn\"'), ('language', '\"en\"')"
        )
        conn.commit()
    migrate.upgrade(database.engine, path, tmp_path / "backups")
    database.dispose()
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT key, value FROM desk_state").fetchall() == [
            ("sync.cursor", "42")
        ]
        kept = {key for (key,) in upgraded.execute("SELECT key FROM setting")}
        assert kept == {"sync.server_url", "language"}
