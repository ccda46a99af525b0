"""The versions of the libraries the desk runs on, for ``service-center --self-check``.

In an installed bundle these are the versions it was built with (PyInstaller copies their
metadata in, see installer/service-center-desk.spec), which came from
requirements/desk.lock.txt; in a checkout, what ``.venv`` holds.
"""

from __future__ import annotations

import platform
from importlib import metadata

DISTRIBUTIONS = (
    "PySide6-Essentials",
    "PySide6-Pdf",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "reportlab",
    "segno",
    "keyring",
    "cryptography",
    "argon2-cffi",
    "pydantic",
    "httpx",
    "pypinyin",
    "platformdirs",
    "tzdata",
)
"""What the desk's behaviour depends on most (the bundle carries their metadata)."""


def library_versions() -> list[tuple[str, str]]:
    """(name, version) for Python and each of :data:`DISTRIBUTIONS`; "missing" where a
    library's metadata is not there."""
    found = [("Python", platform.python_version())]
    for name in DISTRIBUTIONS:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, "missing"))
    return found
