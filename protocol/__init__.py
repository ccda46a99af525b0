"""The wire format between desk and district server (pydantic v2; no Qt, no SQLAlchemy).

One definition used by both sides. Versioned: :data:`PROTOCOL_VERSION`; every path is
under ``/api/v1``. See ``docs/sync-protocol.md``.
"""

from protocol.changes import (
    Change,
    ChangeResult,
    PulledChange,
    PullResponse,
    PushRequest,
    PushResponse,
)
from protocol.common import (
    MAX_BODY_BYTES,
    MAX_CHANGES_PER_PUSH,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    ErrorBody,
    Reason,
    Recovery,
)
from protocol.enrolment import EnrolRequest, EnrolResponse, HandshakeRequest, HandshakeResponse
from protocol.reasons import REASONS, reason
from protocol.saturday import (
    ChannelBooking,
    ChannelBookingRequest,
    ShareRequest,
    ShareState,
    Slot,
    SlotList,
)
from protocol.statistics import CenterStatistics, Statistics, StreetStatistics
from protocol.work_orders import (
    OPEN_STATUSES,
    TRANSITIONS,
    WorkOrder,
    WorkOrderList,
    WorkOrderStatusUpdate,
    WorkOrderStep,
    is_overdue,
)

API_PREFIX = "/api/v1"

__all__ = [
    "API_PREFIX",
    "MAX_BODY_BYTES",
    "MAX_CHANGES_PER_PUSH",
    "MIN_PROTOCOL_VERSION",
    "OPEN_STATUSES",
    "PROTOCOL_VERSION",
    "REASONS",
    "TRANSITIONS",
    "CenterStatistics",
    "Change",
    "ChangeResult",
    "ChannelBooking",
    "ChannelBookingRequest",
    "EnrolRequest",
    "EnrolResponse",
    "ErrorBody",
    "HandshakeRequest",
    "HandshakeResponse",
    "PullResponse",
    "PulledChange",
    "PushRequest",
    "PushResponse",
    "Reason",
    "Recovery",
    "ShareRequest",
    "ShareState",
    "Slot",
    "SlotList",
    "Statistics",
    "StreetStatistics",
    "WorkOrder",
    "WorkOrderList",
    "WorkOrderStatusUpdate",
    "WorkOrderStep",
    "is_overdue",
    "reason",
]
