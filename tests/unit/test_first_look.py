"""The sign-in screen's facts, read with sqlite3 alone before anything heavy is loaded; any
start that is not the usual one gets none (and starts the full way)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import bootstrap, setup
from desktop.first_look import FirstLook, first_look
from desktop.paths import DataPaths


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "desk")


def set_up(paths: DataPaths, slot: int = 3) -> str:
    startup = bootstrap.start(paths)
    ctx = setup.set_up_center(
        startup,
        setup.CenterSetup(
            "幸福里党群服务中心",
            "幸福路 8 号",
            "023-12345678",
            "admin",
            "王小红",
            "desk-pass-2026",
            slot,
        ),
    )
    startup.db.dispose()
    return ctx.center_id


def test_a_set_up_desk_gives_name_slot_and_language(paths: DataPaths, fast_passwords: None) -> None:
    set_up(paths)
    assert first_look(paths) == FirstLook("zh_CN", "幸福里党群服务中心", 3)
    startup = bootstrap.start(paths)
    startup.settings.set("language", "en")
    startup.db.dispose()
    assert first_look(paths) == FirstLook("en", "幸福里党群服务中心", 3)


def test_the_districts_name_once_joined(paths: DataPaths, fast_passwords: None) -> None:
    center_id = set_up(paths)
    startup = bootstrap.start(paths)
    startup.settings.set("sync.center_name", "区里的名字")
    startup.settings.set("sync.center_id", "another-center")
    startup.db.dispose()
    assert first_look(paths) == FirstLook("zh_CN", "幸福里党群服务中心", 3)  # not this one's
    startup = bootstrap.start(paths)
    startup.settings.set("sync.center_id", center_id)
    startup.db.dispose()
    assert first_look(paths) == FirstLook("zh_CN", "区里的名字", 3)


def test_no_database_or_not_set_up(paths: DataPaths) -> None:
    assert first_look(paths) is None
    bootstrap.start(paths).db.dispose()
    assert first_look(paths) is None


@pytest.mark.parametrize("revision", ["9999_from_a_newer_app", "0001_initial"])
def test_a_schema_other_than_this_codes(
    paths: DataPaths, fast_passwords: None, revision: str
) -> None:
    """Newer (refused) or older (migrated): both are left to the full start-up."""
    set_up(paths)
    with sqlite3.connect(paths.database) as conn:
        conn.execute(
            "UPDATE alembic_version SET version_num = ?"
            " WHERE version_num = (SELECT min(version_num) FROM alembic_version)",
            (revision,),
        )
    assert first_look(paths) is None


@pytest.mark.parametrize("name", ["restore-incoming.sqlite", "restore.json"])
def test_a_restore_waiting(paths: DataPaths, fast_passwords: None, name: str) -> None:
    set_up(paths)
    (paths.root / name).write_text("{}")
    assert first_look(paths) is None


def test_a_file_that_is_not_a_database(paths: DataPaths) -> None:
    paths.ensure()
    paths.database.write_bytes(b"not a database at all" * 100)
    assert first_look(paths) is None
