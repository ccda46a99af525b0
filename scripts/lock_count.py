"""How many packages of a lock file apply to this machine (its markers evaluated here).

Used by scripts/env.sh to say what it installs; runs in a fresh environment, so it takes
``packaging`` from pip when it is not installed on its own.
"""

import sys

try:
    from packaging.requirements import Requirement
except ImportError:  # a fresh environment: only pip (which carries its own copy) is there
    from pip._vendor.packaging.requirements import Requirement


def applicable(lock_text: str) -> int:
    count = 0
    for line in lock_text.splitlines():
        if line[:1].isalnum():
            requirement = Requirement(line.rstrip("\\ "))
            if requirement.marker is None or requirement.marker.evaluate():
                count += 1
    return count


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as lock:
        print(applicable(lock.read()))
