"""Entry point of the bundled district server (its own bundle: no Qt, no desk)."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # the server's worker processes (--workers N)
    from district.cli import main as district_main

    return district_main()


if __name__ == "__main__":
    sys.exit(main())
