"""A district server process with a console, people to sign in, and a real Chromium.

Debian's ``chromium`` driven by Playwright for Python (``executable_path`` to the system
browser: Playwright's own browser download is not used)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from district import operators, organisation
from district.audit import Origin
from district.database import DistrictDatabase

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PASSWORD = "console-pass-1"
ORIGIN = Origin(None, "test", "127.0.0.1")


CHEAP = operators.PasswordParams(time_cost=1, memory_kib=64, parallelism=1)
"""Accounts made by the tests hash cheaply (the server verifies what each hash says)."""


@dataclass
class People:
    """Two streets with a center each, two departments, and one account per role."""

    street: str
    other_street: str
    center: str
    other_center: str
    department: str
    other_department: str
    accounts: dict[str, str] = field(default_factory=dict)  # who → username


def make_people(database: DistrictDatabase) -> People:
    tag = secrets.token_hex(3)
    street = organisation.create_street(database, f"解放碑街道-{tag}", ORIGIN)
    other_street = organisation.create_street(database, f"朝天门街道-{tag}", ORIGIN)
    center = organisation.create_center(database, f"幸福里党群服务中心-{tag}", street, ORIGIN)
    other_center = organisation.create_center(
        database, f"望江党群服务中心-{tag}", other_street, ORIGIN
    )
    department = organisation.create_department(database, f"城管-{tag}", ORIGIN)
    other_department = organisation.create_department(database, f"民政-{tag}", ORIGIN)
    people = People(street, other_street, center, other_center, department, other_department)
    for who, role, street_id, department_id in (
        ("admin", "district_admin", None, None),
        ("dispatcher", "dispatcher", street, None),
        ("other_dispatcher", "dispatcher", other_street, None),
        ("handler", "handler", None, department),
        ("other_handler", "handler", None, other_department),
    ):
        username = f"{who.replace('_', '.')}.{tag}"
        operators.create_operator(
            database, username, f"{who}-{tag}"[:40], role, PASSWORD, street_id, department_id
        )
        people.accounts[who] = username
    return people


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/signin")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def shot(page: Any, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def no_sideways_scroll(page: Any) -> bool:
    """The page fits its viewport's width (tables scroll inside their own box)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
