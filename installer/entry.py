"""Entry point of the bundled programs: the desk, or the district server by its name.

One bundle serves both so the district server installs from the same package; the
launcher ``district-server`` (a link to the bundle's executable) selects the server.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    multiprocessing.freeze_support()  # the district server's worker processes
    program = Path(sys.argv[0]).name
    if program.startswith("district-server"):
        from district.cli import main as district_main

        return district_main()
    from desktop.app import main as desk_main

    return desk_main()


if __name__ == "__main__":
    sys.exit(main())
