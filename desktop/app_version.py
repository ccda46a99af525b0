"""The installed version of the desk (from the package metadata)."""

from __future__ import annotations

from importlib import metadata


def app_version() -> str:
    try:
        return metadata.version("service-center-desk")
    except metadata.PackageNotFoundError:
        return "0+unknown"
