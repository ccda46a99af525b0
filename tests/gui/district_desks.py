"""Two desks of one center and a real district server process (SQLite), for GUI tests of
joining the district: the desks run in this process, the district in its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from district import admin, migrate
from district.database import DistrictDatabase
from tests.conftest import Desk, close_database, new_desk
from tests.integration.district_server import District, running_server
from tests.memory_keyring import MemoryKeyring


@pytest.fixture(scope="module")
def gui_district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    url = f"sqlite:///{tmp_path_factory.mktemp('district') / 'district.sqlite'}"
    database = DistrictDatabase.open(url, pool_size=2)
    migrate.upgrade(database.engine)
    with running_server(url) as base:
        world = District(base, database)
        yield world
        world.close()
    database.dispose()


@dataclass
class Center:
    district: District
    center_id: str
    name: str
    desks: list[Desk]

    def code(self) -> str:
        return admin.issue_enrolment_code(self.district.database, self.center_id)


@pytest.fixture
def two_desks(
    gui_district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[Center]:
    """Two desks set up offline (each its own center id, catalog and key), not connected."""
    center_id = gui_district.new_center("幸福里党群服务中心")
    name = admin_center_name(gui_district, center_id)
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2)]
    yield Center(gui_district, center_id, name, desks)
    for desk in desks:
        close_database(desk.startup.db)


def admin_center_name(district: District, center_id: str) -> str:
    from sqlalchemy import select

    from district.tables import center

    with district.database.read() as conn:
        return str(conn.execute(select(center.c.name).where(center.c.id == center_id)).scalar_one())
