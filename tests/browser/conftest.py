"""One district server (SQLite file) and one Chromium for the browser tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from district import migrate, operators
from district.database import DistrictDatabase
from tests.browser.console_world import CHEAP, CHROMIUM, People, make_people
from tests.integration.district_server import District, running_server


@pytest.fixture(scope="session")
def console_district(tmp_path_factory: pytest.TempPathFactory) -> Iterator[District]:
    path: Path = tmp_path_factory.mktemp("console") / "district.sqlite"
    url = f"sqlite:///{path}"
    database = DistrictDatabase.open(url, pool_size=2)
    migrate.upgrade(database.engine)
    with running_server(url) as base:
        world = District(base, database)
        yield world
        world.close()
    database.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def people(console_district: District, monkeypatch: pytest.MonkeyPatch) -> People:
    monkeypatch.setattr(operators, "PASSWORD_PARAMS", CHEAP)
    return make_people(console_district.database)


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where screenshots go: $CONSOLE_SCREENSHOTS when set (to look at them), else tmp."""
    return Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path / "screenshots")
