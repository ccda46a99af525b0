"""Reading the lock files (requirements/*.lock.txt) in tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements"
DESK_LOCK = REQUIREMENTS / "desk.lock.txt"
DEV_LOCK = REQUIREMENTS / "dev.lock.txt"
WINDOWS = {
    "sys_platform": "win32",
    "platform_system": "Windows",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "python_version": "3.11",
    "python_full_version": "3.11.9",
    "extra": "",
}


@dataclass(frozen=True)
class Pin:
    version: Version
    marker: Marker | None
    hashes: tuple[str, ...]


def read_lock(path: Path) -> dict[str, Pin]:
    """Each pinned package of a lock file: its version, marker and sha256 hashes."""
    pins: dict[str, Pin] = {}
    for entry in re.split(r"\n(?=[A-Za-z0-9])", path.read_text(encoding="utf-8")):
        first = entry.split("\n", 1)[0]
        if not first[:1].isalnum():
            continue  # the header's comments
        requirement = Requirement(first.rstrip("\\ "))
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", first
        name = canonicalize_name(requirement.name)
        assert name not in pins, f"{name} pinned twice in {path.name}"
        hashes = tuple(re.findall(r"--hash=sha256:([0-9a-f]{64})", entry))
        pins[name] = Pin(Version(specifier.version), requirement.marker, hashes)
    return pins
