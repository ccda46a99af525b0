"""Connecting a desk: a one-time enrolment code traded for a device token (center admin).

The keyring is checked before the code is spent (a code works once), the token goes only
into the keyring, and a handshake with the new token proves the server and the desk speak
compatible protocol versions before anything is recorded.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from pydantic import ValidationError as WireError
from sqlalchemy import update

from db.models import AuditEvent, ChangeLogEntry
from desktop import access
from desktop.app_version import app_version
from desktop.context import DeskContext, StaffIdentity
from desktop.db_errors import maps_database_errors
from desktop.errors import Message, ValidationError
from desktop.pii import KEY_BYTES, store_center_key
from desktop.settings import Settings
from desktop.sync.adopt import adopt_center
from desktop.sync.hold import joining
from desktop.sync.link import Connection
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import HttpTransport, SyncError, Transport
from protocol import PROTOCOL_VERSION
from protocol.enrolment import EnrolResponse, HandshakeResponse

ENROLLED = "sync_enrolled"

Progress = Callable[[str], None]
"""Told the code of each step as it starts (from the worker thread)."""

STEPS = (
    "sync.step.code",
    "sync.step.handshake",
    "sync.step.settings",
    "sync.step.rename",
    "sync.step.encrypt",
    "sync.step.unsent",
)
"""What connecting does, in order (the last three are the adoption, the long part)."""


def _quiet(step: str) -> None:
    """No one is watching the steps."""


def _check(server_url: str, code: str, device_name: str) -> None:
    problems: dict[str, Message] = {}
    if not server_url.startswith(("https://", "http://")) or len(server_url) > 200:
        problems["server_url"] = Message("sync.url_invalid")
    if not 6 <= len(code.strip()) <= 64:
        problems["code"] = Message("field.required")
    if not 1 <= len(device_name.strip()) <= 80:
        problems["device_name"] = Message("field.required")
    if problems:
        raise ValidationError(problems)


def _wire(model: type[EnrolResponse] | type[HandshakeResponse], body: object) -> object:
    try:
        return model.model_validate(body)
    except WireError:
        raise SyncError("sync.garbage") from None


@maps_database_errors
@access.guarded("sync.connect")
def enrol(
    ctx: DeskContext,
    staff: StaffIdentity,
    server_url: str,
    code: str,
    device_name: str,
    transport: Transport | None = None,
    store: TokenStore | None = None,
    progress: Progress = _quiet,
) -> Connection:
    """Connect this desk to the district server at ``server_url`` with a one-time code;
    ``progress`` hears each of :data:`STEPS` as it starts."""
    access.check(ctx, staff, "sync.connect")
    server_url = server_url.strip().rstrip("/")
    _check(server_url, code, device_name)
    store = store or TokenStore(ctx.paths)
    store.check_usable()  # before the code is spent: it works only once
    with joining(ctx):  # no round sends rows under the ids from before
        if transport is None:
            own = HttpTransport(server_url)
            try:
                return _enrol(ctx, staff, server_url, code, device_name, own, store, progress)
            finally:
                own.close()
        return _enrol(ctx, staff, server_url, code, device_name, transport, store, progress)


def _enrol(
    ctx: DeskContext,
    staff: StaffIdentity,
    server_url: str,
    code: str,
    device_name: str,
    transport: Transport,
    store: TokenStore,
    progress: Progress,
) -> Connection:
    progress("sync.step.code")
    reply = transport.send(
        "POST",
        "/api/v1/enrol",
        json={"code": code.strip(), "device_name": device_name.strip()},
    )
    enrolled = _wire(EnrolResponse, reply.body)
    assert isinstance(enrolled, EnrolResponse)
    store.save(enrolled.token)
    progress("sync.step.handshake")
    hello = transport.send(
        "POST",
        "/api/v1/handshake",
        token=enrolled.token,
        json={
            "protocol_version": PROTOCOL_VERSION,
            "schema_version": "+".join(sorted(_heads())),
            "app_version": app_version(),
        },
    )
    handshake = _wire(HandshakeResponse, hello.body)
    assert isinstance(handshake, HandshakeResponse)
    if not handshake.compatible:
        reason = handshake.reason.zh_CN if handshake.reason else ""
        raise SyncError("sync.incompatible", reason=reason)
    progress("sync.step.settings")
    center_key = _center_key(enrolled.center_data_key)
    store_center_key(ctx.paths, center_key)
    settings = Settings(ctx.db)
    with ctx.db.write() as session:
        for key, value in (
            ("sync.server_url", server_url),
            ("sync.device_id", enrolled.device_id),
            ("sync.center_id", enrolled.center_id),
            ("sync.center_name", enrolled.center_name),
        ):
            settings.set_in(session, key, value)
        settings.set_in(session, "desk_slot", enrolled.desk_number)
        # A new device starts its push numbers at 1; what an earlier (revoked) device of
        # this desk sent stays sent, what it did not is numbered afresh.
        session.execute(update(ChangeLogEntry).values(push_seq=None))
        settings.set_in(session, "sync.acked_through", 0)
        session.add(
            AuditEvent(
                center_id=ctx.center_id,
                staff_id=staff.id,
                action=ENROLLED,
                entity="device",
                entity_id=enrolled.device_id,
                detail=server_url[:200],
                at=ctx.now(),
            )
        )
    ctx.desk_slot = enrolled.desk_number
    adopt_center(ctx, enrolled.center_id, center_key, progress)
    return Connection(server_url, enrolled.center_id, enrolled.center_name, enrolled.device_id)


def _center_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        raise SyncError("sync.garbage") from None
    if len(key) != KEY_BYTES:
        raise SyncError("sync.garbage")
    return key


def _heads() -> tuple[str, ...]:
    from db.migrate import head_revisions

    return head_revisions()
