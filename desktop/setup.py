"""First run: set up a real center, or a demo center with clearly fake data.

CONTRACT — signatures are fixed; bodies to be implemented.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.bootstrap import Startup
from desktop.context import DeskContext


@dataclass
class CenterSetup:
    center_name: str = ""
    address: str = ""
    hotline: str = ""
    admin_username: str = ""
    admin_display_name: str = ""
    admin_password: str = ""
    desk_slot: int = 1


def set_up_center(startup: Startup, setup: CenterSetup) -> DeskContext:
    """Validate (ValidationError), create center, catalog, first admin; one transaction."""
    raise NotImplementedError


def set_up_demo_center(startup: Startup) -> DeskContext:
    """A demo center: catalog, staff (passwords printed in the README), ~200 fake residents,
    and a morning of today's visits in every state."""
    raise NotImplementedError
