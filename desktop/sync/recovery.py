"""A desk restored from a backup catches up with the district before it pushes.

The backup may be older than what the district holds from this desk: changes it sent after
the backup was taken (the district has them, the restored desk does not) and push numbers
the district has already seen. After a restore (setting ``sync.restored``) the first round
starts with a handshake giving the desk's numbers. When the district holds more of this
device's changes (``renumber_and_repull``, also the answer to a push that reuses a number),
the desk

1. pulls everything from the start, its own changes included (``include_own``), so the
   rows it recorded after the backup come back; every change still waiting here that the
   district already holds is marked sent on the way (:mod:`desktop.sync.pull`);
2. numbers what is left to send after the district's last number, so nothing is sent
   twice and nothing the district holds is lost.

A restored desk connected again as a new device (a new PC: the old token is gone) needs no
handshake: the old device's changes are another device's to it and come with the pull,
and sending one of them again is answered as already held.
"""

from __future__ import annotations

from pydantic import ValidationError as WireError
from sqlalchemy import func, select, update

from db.migrate import head_revisions
from db.models import ChangeLogEntry
from desktop.app_version import app_version
from desktop.context import DeskContext
from desktop.settings import Settings
from desktop.sync.pull import pull_all
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import SyncError, Transport
from protocol import PROTOCOL_VERSION
from protocol.common import Recovery
from protocol.enrolment import HandshakeResponse

RENUMBER = "renumber_and_repull"


def recover_after_restore(ctx: DeskContext, transport: Transport, store: TokenStore) -> None:
    """Run once after a restore (see the module text); cheap when there was none."""
    settings = Settings(ctx.db)
    if not settings.get("sync.restored"):
        return
    token = store.get()
    if not token:
        raise SyncError("sync.no_token")
    with ctx.db.read() as session:
        last_seq = session.scalar(select(func.max(ChangeLogEntry.push_seq))) or 0
    reply = transport.send(
        "POST",
        "/api/v1/handshake",
        token=token,
        json={
            "protocol_version": PROTOCOL_VERSION,
            "schema_version": "+".join(head_revisions()),
            "app_version": app_version(),
            "last_seq": last_seq,
            "last_acked_seq": settings.get("sync.acked_through"),
        },
    )
    try:
        answer = HandshakeResponse.model_validate(reply.body)
    except WireError:
        raise SyncError("sync.garbage") from None
    if answer.recovery is not None and answer.recovery.action == RENUMBER:
        renumber_and_repull(ctx, transport, store, answer.recovery)
    settings.set("sync.restored", False)


def renumber_and_repull(
    ctx: DeskContext, transport: Transport, store: TokenStore, recovery: Recovery
) -> None:
    """Pull from the start with this desk's own changes, then number what is still to send
    after the district's last number."""
    pull_all(ctx, transport, store, include_own=True, from_start=True)
    after = int(recovery.continue_after_seq or 0)
    settings = Settings(ctx.db)
    with ctx.db.write() as session:
        session.execute(
            update(ChangeLogEntry).where(ChangeLogEntry.pushed_at.is_(None)).values(push_seq=None)
        )
        settings.set_in(session, "sync.acked_through", after)
