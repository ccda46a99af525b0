"""All mapped models; importing this package registers every table on ``Base.metadata``."""

from db.models.audit import AuditEvent
from db.models.catalog import ServiceItem, ServiceLine
from db.models.center import Center, Staff
from db.models.local import ChangeLogEntry, QueueCounter, Setting
from db.models.resident import Resident, ResidentSearchTerm
from db.models.slip import Slip
from db.models.visit import ServiceRequest, Visit

__all__ = [
    "AuditEvent",
    "Center",
    "ChangeLogEntry",
    "QueueCounter",
    "Resident",
    "ResidentSearchTerm",
    "ServiceItem",
    "ServiceLine",
    "ServiceRequest",
    "Setting",
    "Slip",
    "Staff",
    "Visit",
]
