"""A real district server process per backend (SQLite file, PostgreSQL) for the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from district import migrate
from district.database import DistrictDatabase
from tests.integration.district_server import (
    District,
    postgres_database,
    postgres_reachable,
    running_server,
)


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("district") / "district.sqlite"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432 (start it with .ci/run)")
    with postgres_database() as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def backend_url(request: pytest.FixtureRequest) -> str:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


@pytest.fixture(scope="session")
def district(backend_url: str) -> Iterator[District]:
    database = DistrictDatabase.open(backend_url, pool_size=2)
    migrate.upgrade(database.engine)
    with running_server(backend_url, "--workers", "2") as base:
        world = District(base, database)
        yield world
        world.close()
    database.dispose()


@pytest.fixture
def server_url(tmp_path: Path) -> str:
    """A migrated district database file of its own (SQLite), for a server process."""
    url = f"sqlite:///{tmp_path / 'district.sqlite'}"
    database = DistrictDatabase.open(url)
    migrate.upgrade(database.engine)
    database.dispose()
    return url
