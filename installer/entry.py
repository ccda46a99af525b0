"""Entry point of the bundled desk (the district server has its own bundle and entry)."""

from __future__ import annotations

import sys


def main() -> int:
    from ui.app import main as desk_main

    return desk_main()


if __name__ == "__main__":
    sys.exit(main())
