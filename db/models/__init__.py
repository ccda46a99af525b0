"""All mapped models; importing this package registers every table on ``Base.metadata``."""

from db.models.audit import AuditEvent
from db.models.catalog import ServiceItem, ServiceLine
from db.models.center import Center, Staff
from db.models.local import ChangeLogEntry, DeskState, QueueCounter, Setting
from db.models.resident import Resident, ResidentSearchTerm
from db.models.saturday import (
    Booking,
    RosterEntry,
    SaturdayException,
    SaturdayService,
    SaturdaySession,
    SaturdaySlot,
    SlotShare,
    WaitlistEntry,
)
from db.models.slip import Slip
from db.models.staff_session import StaffSession
from db.models.sync import SyncIssue, WorkOrderStatus
from db.models.sync_history import SyncRound
from db.models.visit import ServiceRequest, Visit

__all__ = [
    "AuditEvent",
    "Booking",
    "Center",
    "ChangeLogEntry",
    "DeskState",
    "QueueCounter",
    "Resident",
    "ResidentSearchTerm",
    "RosterEntry",
    "SaturdayException",
    "SaturdayService",
    "SaturdaySession",
    "SaturdaySlot",
    "ServiceItem",
    "ServiceLine",
    "ServiceRequest",
    "Setting",
    "Slip",
    "SlotShare",
    "Staff",
    "StaffSession",
    "SyncIssue",
    "SyncRound",
    "Visit",
    "WaitlistEntry",
    "WorkOrderStatus",
]
