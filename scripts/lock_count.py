"""How many packages of a lock file apply to this machine (markers evaluated here), and how
many of those the environment lacks at the pinned version: ``MISSING TOTAL``.

Used by scripts/env.sh to say what it installs; runs in the environment being built, so it
takes ``packaging`` from pip when it is not installed on its own.
"""

import sys
from importlib import metadata

try:
    from packaging.requirements import Requirement
except ImportError:  # a fresh environment: only pip (which carries its own copy) is there
    from pip._vendor.packaging.requirements import Requirement


def counts(lock_text: str) -> tuple[int, int]:
    missing = total = 0
    for line in lock_text.splitlines():
        if not line[:1].isalnum():
            continue
        requirement = Requirement(line.rstrip("\\ "))
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        total += 1
        try:
            installed = metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is None or not requirement.specifier.contains(installed, prereleases=True):
            missing += 1
    return missing, total


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as lock:
        print(*counts(lock.read()))
