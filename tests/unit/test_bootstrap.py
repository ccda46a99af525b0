"""Start-up: migrations with a backup first, and clear messages for database trouble."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import db.sqlite_engine
from db import migrate
from desktop import bootstrap
from desktop.errors import UserError
from desktop.paths import DataPaths
from desktop.texts.setup import TEXTS


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


def _code(excinfo: pytest.ExceptionInfo[UserError]) -> str:
    return excinfo.value.message.code


def test_fresh_start_creates_folders_and_schema(paths: DataPaths) -> None:
    startup = bootstrap.start(paths)
    try:
        assert paths.backups.is_dir() and paths.logs.is_dir()
        assert startup.migration.before == ()
        assert startup.migration.after == migrate.head_revisions()
        assert startup.migration.backup is None  # nothing to back up yet
        assert not bootstrap.is_set_up(startup)
        with pytest.raises(UserError) as not_set_up:
            bootstrap.desk_context(startup)
        assert _code(not_set_up) == "setup.not_done"
    finally:
        startup.db.dispose()


EXTRA_REVISION = """
revision = "zz_test_extra"
down_revision = {heads!r}
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade() -> None:
    op.create_table("zz_test_extra", sa.Column("x", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("zz_test_extra")
"""


def add_one_more_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped migrations plus one newer revision and its record of heads, as the next
    release would have."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    heads = migrate.head_revisions()
    extra = EXTRA_REVISION.format(heads=heads[0] if len(heads) == 1 else heads)
    (folder / "versions" / "zz_test_extra.py").write_text(extra)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(migrate, "HEADS", ("zz_test_extra",))


def test_backup_is_taken_before_migrating(
    paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = bootstrap.start(paths)
    first.settings.set("language", "en")
    first.db.dispose()
    shipped = migrate.head_revisions()
    add_one_more_migration(tmp_path, monkeypatch)
    startup = bootstrap.start(paths)
    try:
        backup = startup.migration.backup
        assert startup.migration.before == shipped
        assert "zz_test_extra" in startup.migration.after
        assert backup is not None and backup.parent == paths.backups
        with sqlite3.connect(backup) as copy:
            versions = copy.execute("SELECT version_num FROM alembic_version").fetchall()
            tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
        assert tuple(sorted(v for (v,) in versions)) == shipped
        assert "zz_test_extra" not in tables  # the copy was taken before the upgrade
        assert startup.settings.get("language") == "en"
    finally:
        startup.db.dispose()


def test_newer_schema_is_refused_and_left_alone(paths: DataPaths) -> None:
    bootstrap.start(paths).db.dispose()
    with sqlite3.connect(paths.database) as conn:
        conn.execute(  # one head replaced by a revision this code does not know
            "UPDATE alembic_version SET version_num = '9999_from_the_future'"
            " WHERE version_num = (SELECT min(version_num) FROM alembic_version)"
        )
    with pytest.raises(UserError) as too_new:
        bootstrap.start(paths)
    assert _code(too_new) == "db.too_new"
    assert too_new.value.__traceback__ is not None
    with sqlite3.connect(paths.database) as conn:
        versions = {v for (v,) in conn.execute("SELECT version_num FROM alembic_version")}
        assert "9999_from_the_future" in versions


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.sqlite_engine, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def locked_database(paths: DataPaths) -> Iterator[None]:
    """Another program holds an exclusive lock on a database that still needs migrating."""
    paths.ensure()
    holder = sqlite3.connect(paths.database, isolation_level=None)
    holder.execute("CREATE TABLE other_program (x)")
    holder.execute("BEGIN EXCLUSIVE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


def test_locked_database_gives_a_message(
    paths: DataPaths, short_busy_timeout: None, locked_database: None
) -> None:
    with pytest.raises(UserError) as locked:
        bootstrap.start(paths)
    assert _code(locked) == "db.locked"


def test_a_file_that_is_not_a_database(paths: DataPaths) -> None:
    paths.ensure()
    paths.database.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(UserError) as unreadable:
        bootstrap.start(paths)
    assert _code(unreadable) == "db.unreadable"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (sqlite3.OperationalError("database or disk is full"), "db.full"),
        (sqlite3.OperationalError("database is locked"), "db.locked"),
        (sqlite3.DatabaseError("database disk image is malformed"), "db.unreadable"),
        (OSError(28, "No space left on device"), "db.full"),
        (PermissionError(13, "Permission denied"), "db.no_access"),
        (migrate.SchemaTooNewError("9999"), "db.too_new"),
    ],
)
def test_failures_map_to_messages(error: BaseException, code: str) -> None:
    mapped = bootstrap.user_error_for(error)
    assert mapped is not None and mapped.message.code == code
    assert code in TEXTS


def test_other_errors_are_not_disguised() -> None:
    assert bootstrap.user_error_for(sqlite3.OperationalError("no such table: x")) is None
    assert bootstrap.user_error_for(ValueError("bug")) is None
    with pytest.raises(ValueError), bootstrap.database_errors():
        raise ValueError("bug")


def test_full_disk_during_start(paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> migrate.MigrationResult:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade", full)
    with pytest.raises(UserError) as disk_full:
        bootstrap.start(paths)
    assert _code(disk_full) == "db.full"


def test_every_db_message_says_what_to_do() -> None:
    for code in ("db.too_new", "db.locked", "db.full", "db.unreadable"):
        chinese, english = TEXTS[code]
        assert "，" in chinese and len(chinese) > 20 and english
