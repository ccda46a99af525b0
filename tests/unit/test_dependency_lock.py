"""The lock files (requirements/*.lock.txt) cover what pyproject.toml asks for.

Every environment, CI run and installer build installs from them with
``--require-hashes``: a dependency added to pyproject.toml without ``scripts/lock`` fails
here, not on a fresh machine. The locks are universal: what a dependency needs on Windows
(the installer's other platform) is pinned too.
"""

from __future__ import annotations

import hashlib
import subprocess
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.lock_files import DESK_LOCK, DEV_LOCK, REQUIREMENTS, ROOT, WINDOWS, Pin, read_lock


def project() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        table = tomllib.load(file)["project"]
    assert isinstance(table, dict)
    return table


def desk_requirements() -> list[Requirement]:
    build = (REQUIREMENTS / "build.in").read_text(encoding="utf-8").splitlines()
    names = [*project()["dependencies"], *(line for line in build if line[:1].isalnum())]  # type: ignore[misc]
    return [Requirement(text) for text in names]


def dev_requirements() -> list[Requirement]:
    extras = project()["optional-dependencies"]
    assert isinstance(extras, dict)
    return [*desk_requirements(), *(Requirement(text) for text in extras["dev"])]


def unlocked(requirements: list[Requirement], pins: dict[str, Pin]) -> list[str]:
    """The requirements a lock misses or pins outside their range."""
    problems = []
    for requirement in requirements:
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            problems.append(f"{requirement}: not in the lock")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{requirement}: the lock pins {pin.version}")
    return problems


def test_the_desk_lock_pins_every_dependency_within_its_range() -> None:
    assert unlocked(desk_requirements(), read_lock(DESK_LOCK)) == []


def test_the_dev_lock_pins_every_dependency_and_dev_tool_within_its_range() -> None:
    assert unlocked(dev_requirements(), read_lock(DEV_LOCK)) == []


def test_every_pin_carries_hashes() -> None:
    for lock in (DESK_LOCK, DEV_LOCK):
        bare = [name for name, pin in read_lock(lock).items() if not pin.hashes]
        assert bare == [], f"{lock.name}: pinned without a hash: {bare}"


def test_the_dev_lock_is_the_desk_lock_plus_tools_at_the_same_versions() -> None:
    """So an environment installed for development serves the desk as it is."""
    desk, dev = read_lock(DESK_LOCK), read_lock(DEV_LOCK)
    assert {name: dev.get(name) for name in desk} == desk


def test_the_lock_covers_what_the_desk_needs_on_windows_too() -> None:
    """Each locked package's own requirements that apply on Windows are locked (keyring's
    pywin32-ctypes, say), read from the packages installed here."""
    pins = read_lock(DEV_LOCK)
    installed = {canonicalize_name(d.metadata["Name"]): d for d in metadata.distributions()}
    missing = []
    for name, pin in pins.items():
        if pin.marker is not None and not pin.marker.evaluate(WINDOWS):
            continue
        distribution = installed.get(name)
        if distribution is None:
            continue  # not for Linux, so not installed here: its own needs cannot be read
        for text in distribution.requires or []:
            needed = Requirement(text)
            if needed.marker is not None and not needed.marker.evaluate(WINDOWS):
                continue
            if canonicalize_name(needed.name) not in pins:
                missing.append(f"{name} needs {needed}")
    assert missing == []
    assert "pywin32-ctypes" in pins and pins["pywin32-ctypes"].marker is not None


def test_the_environment_installed_from_the_lock_has_its_versions() -> None:
    """What runs the tests is what the lock says (no package drifted in by hand)."""
    drifted = []
    for name, pin in read_lock(DEV_LOCK).items():
        if pin.marker is not None and not pin.marker.evaluate():
            continue
        try:
            here = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            drifted.append(f"{name}: not installed")
            continue
        if here != pin.version:
            drifted.append(f"{name}: {here}, the lock says {pin.version}")
    assert drifted == []


def _stamp_for(lock: str) -> str:
    text = (ROOT / "pyproject.toml").read_bytes() + (REQUIREMENTS / f"{lock}.lock.txt").read_bytes()
    return f"{lock} {hashlib.sha256(text).hexdigest()[:16]}"


def test_a_development_environment_serves_the_desk_without_installing_anything() -> None:
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists() or stamp.read_text().strip() != _stamp_for("dev"):
        pytest.skip("the environment was not built by scripts/env.sh from the current dev lock")
    done = subprocess.run(
        ["bash", "-c", 'EXTRAS="" source scripts/env.sh && echo "$VENV"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stderr == ""  # no step printed: nothing was installed
    assert done.stdout.strip() == str(ROOT / ".venv")
    assert stamp.read_text().strip() == _stamp_for("dev")
