"""Fixtures shared by every kind of test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import keyring
import pytest

from db import migrate
from db.engine import Database
from db.models import Center, Staff
from desktop.bootstrap import Startup
from desktop.context import DeskContext, StaffIdentity
from desktop.paths import DataPaths
from desktop.pii import PiiVault
from tests.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "desk-data")
    paths.ensure()
    return paths


def close_database(db: Database) -> None:
    """Close a test's desk database once no screen's background work can still use it.

    Work a screen started (a sync round fired by its timer while the test ended, say) runs
    on the app-wide lanes of :mod:`ui.ops`; closing the connections under it would crash
    SQLite. The lanes are waited for first, where a test loaded them."""
    ops = sys.modules.get("ui.ops")
    if ops is not None:
        ops.wait_for_all(60_000)
    db.dispose()


@pytest.fixture
def database(data_paths: DataPaths) -> Iterator[Database]:
    db = Database.open(data_paths.database)
    migrate.upgrade(db.engine, data_paths.database, data_paths.backups)
    yield db
    close_database(db)


@pytest.fixture
def bare_ctx(database: Database, data_paths: DataPaths) -> DeskContext:
    """A migrated desk with one center and nothing else (rows written directly)."""
    with database.write() as session:
        center = Center(name="测试党群服务中心", address="测试路 1 号", hotline="023-00000000")
        session.add(center)
    return DeskContext(
        db=database,
        paths=data_paths,
        center_id=center.id,
        desk_slot=1,
        vault=PiiVault(b"k" * 32),
    )


STAFF_PASSWORD = "staff-pass-1"


def signed_in_staff(
    ctx: DeskContext, username: str, role: str, *, display_name: str = "", active: bool = True
) -> StaffIdentity:
    """A staff row written directly, then signed in through ``auth.sign_in`` with
    :data:`STAFF_PASSWORD` (use with ``fast_passwords``). ``active=False`` switches the
    row off afterwards, as a change from another desk arrives: its sign-in stays open, and
    every check must still refuse it."""
    from desktop import auth

    with ctx.db.write() as session:
        row = Staff(
            center_id=ctx.center_id,
            username=username,
            display_name=display_name or username,
            role=role,
            password_hash=auth.hash_password(STAFF_PASSWORD),
        )
        session.add(row)
    identity = auth.sign_in(ctx, username, STAFF_PASSWORD)
    if not active:
        with ctx.db.write() as session:
            session.get_one(Staff, row.id).active = False
    return identity


@pytest.fixture
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2 parameters for tests (the shipped default stays memory-hard)."""
    from desktop import auth

    monkeypatch.setattr(
        auth, "PASSWORD_PARAMS", auth.PasswordParams(time_cost=1, memory_kib=16, parallelism=1)
    )


@pytest.fixture
def bare_staff(bare_ctx: DeskContext, fast_passwords: None) -> StaffIdentity:
    """A center admin row written directly, signed in."""
    return signed_in_staff(bare_ctx, "admin", "center_admin", display_name="管理员")


@dataclass
class Desk:
    """A desk set up on a temporary data folder, with the center admin signed in."""

    startup: Startup
    ctx: DeskContext
    admin: StaffIdentity

    ADMIN_PASSWORD: ClassVar[str] = "admin-pass-1"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The OS keyring is never touched by tests: the data key falls back to the key file."""
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def desk(tmp_path: Path, fast_passwords: None, no_keyring: None) -> Iterator[Desk]:
    """A fully set-up desk: migrated database, center with the shipped catalog, admin."""
    made = new_desk(tmp_path / "desk")
    yield made
    close_database(made.startup.db)


def new_desk(root: Path) -> Desk:
    """A desk set up in ``root`` (the caller disposes ``startup.db``)."""
    from desktop.auth import sign_in
    from desktop.bootstrap import start
    from desktop.setup import CenterSetup, set_up_center

    startup = start(DataPaths(root))
    ctx = set_up_center(
        startup,
        CenterSetup(
            center_name="测试社区党群服务中心",
            address="测试路 1 号",
            hotline="023-00000000",
            admin_username="admin",
            admin_display_name="管理员",
            admin_password=Desk.ADMIN_PASSWORD,
        ),
    )
    admin = sign_in(ctx, "admin", Desk.ADMIN_PASSWORD)
    return Desk(startup, ctx, admin)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring in place of the OS one (as a desk with a working keyring has)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
