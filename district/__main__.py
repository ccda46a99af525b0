"""``python -m district`` is ``district-server``."""

import sys

from district.cli import main

sys.exit(main())
