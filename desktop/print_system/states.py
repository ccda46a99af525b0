"""What the print service says about a printer and a job, in plain data."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PrinterCondition(enum.Enum):
    IDLE = "idle"
    PRINTING = "printing"
    STOPPED = "stopped"  # disabled (cupsdisable) or halted by a fault: jobs wait, nothing prints


@dataclass(frozen=True)
class PrinterStatus:
    name: str
    condition: PrinterCondition
    accepting: bool  # False: the queue refuses new jobs (cupsreject)
    reason: str = ""  # what the print service says about a stop or a refusal, if anything

    @property
    def ready(self) -> bool:
        return self.accepting and self.condition is not PrinterCondition.STOPPED


@dataclass(frozen=True)
class PrinterList:
    printers: tuple[PrinterStatus, ...]
    default: str  # empty: the system names no default printer

    def named(self, name: str) -> PrinterStatus | None:
        return next((p for p in self.printers if p.name == name), None)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.printers]


@dataclass(frozen=True)
class SubmittedJob:
    printer: str
    job_id: str  # the print service's own id, e.g. "Thermal80-12"
