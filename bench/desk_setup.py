"""A desk for benchmarks: a migrated database, a center with the shipped catalog, staff.

Rows are written directly (no first-run dialog, no demo data) so each benchmark adds
exactly the data it measures against.
"""

from __future__ import annotations

from pathlib import Path

from db import migrate
from db.engine import Database
from db.models import Center, Staff
from desktop import auth
from desktop.catalog import import_catalog, load_default_catalog
from desktop.context import DeskContext, StaffIdentity
from desktop.paths import DataPaths
from desktop.pii import PiiVault

BENCH_PASSWORD = "bench-pass"


def bench_desk(root: Path, staff_count: int = 1) -> tuple[DeskContext, list[StaffIdentity]]:
    """The desk's context and its staff (all center admins), each signed in."""
    paths = DataPaths(root)
    paths.ensure()
    db = Database.open(paths.database)
    migrate.upgrade(db.engine, paths.database, paths.backups)
    password_hash = auth.hash_password(BENCH_PASSWORD)
    with db.write() as session:
        center = Center(name="基准测试中心")
        session.add(center)
        session.flush()
        import_catalog(session, center.id, load_default_catalog())
        staff = [
            Staff(
                center_id=center.id,
                username=f"staff{n}" if n else "admin",
                display_name=f"社工{n}" if n else "管理员",
                role="center_admin",
                password_hash=password_hash,
            )
            for n in range(staff_count)
        ]
        session.add_all(staff)
    ctx = DeskContext(
        db=db, paths=paths, center_id=center.id, desk_slot=1, vault=PiiVault(b"b" * 32)
    )
    return ctx, [auth.sign_in(ctx, s.username, BENCH_PASSWORD) for s in staff]


def searching_desk(root: Path) -> tuple[DeskContext, StaffIdentity]:
    """A migrated database with an empty center (no catalog) and a front-desk account, for
    the search benchmarks, which write their residents themselves."""
    paths = DataPaths(root)
    paths.ensure()
    db = Database.open(paths.database)
    migrate.upgrade(db.engine, paths.database, paths.backups)
    with db.write() as session:
        center = Center(name="基准测试党群服务中心")
        session.add(center)
        session.flush()
        staff = Staff(
            center_id=center.id,
            username="qiantai",
            display_name="前台",
            role="front_desk",
            password_hash=auth.hash_password(BENCH_PASSWORD),
        )
        session.add(staff)
    vault = PiiVault(b"bench-key-" * 4)
    ctx = DeskContext(db=db, paths=paths, center_id=center.id, desk_slot=1, vault=vault)
    return ctx, auth.sign_in(ctx, "qiantai", BENCH_PASSWORD)
