"""Pull: pages of changes after the desk's cursor, applied with the cursor in one transaction.

The cursor is a server sequence, never a clock: a page is applied and the cursor moved in
the same write transaction, so a crash at any point either keeps both or repeats the page
(applying a page twice changes nothing: older or equal versions are passed over).

Applied: the rows of the center's other desks and the district's (residents, visits,
requests, bookings including other channels', Saturday set-up and slots, catalog, staff;
see :mod:`desktop.sync.apply`), work orders (派单交办), so a referred request shows how
far the district has carried it and the reply, and the district's public progress address
(``district_info``), which receipts print in their QR code. When the desk learns to apply
more, :data:`APPLIES` goes up and the desk pulls from the start once (pulling again is
harmless).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from pydantic import ValidationError as WireError
from sqlalchemy.orm import Session

from db.bulk import utc_text
from db.models import WorkOrderStatus
from desktop import changes
from desktop.context import DeskContext
from desktop.settings import Settings
from desktop.sync.apply import Ahead, apply_changes, work_ahead
from desktop.sync.link import connection
from desktop.sync.token_store import TokenStore
from desktop.sync.transport import SyncError, Transport
from protocol.changes import PulledChange, PullResponse
from protocol.work_orders import WorkOrderStep

PAGE = 1000
"""Changes per pull page (the server's largest): fewer round trips and commits."""
MAX_PAGES = 10_000


@dataclass(frozen=True)
class PullSummary:
    applied: int = 0
    passed_over: int = 0
    pages: int = 0


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _moment(value: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _work_order(session: Session, ctx: DeskContext, change: PulledChange) -> bool:
    payload = change.payload
    request_id = payload.get("request_id")
    status = payload.get("status")
    if not isinstance(request_id, str) or not isinstance(status, str):
        return False
    row = session.get(WorkOrderStatus, request_id)
    if row is not None and row.version >= change.version:
        return False
    if row is None:
        row = WorkOrderStatus(request_id=request_id, work_order_id=change.entity_id)
        session.add(row)
    row.status = status[:12]
    row.note = str(payload.get("note", ""))[:500]
    row.due_date = _day(payload.get("due_date"))
    row.closed_at = _moment(payload.get("closed_at"))
    grade = payload.get("satisfaction")
    row.satisfaction = grade if isinstance(grade, int) and 1 <= grade <= 5 else None
    row.steps = json.dumps(_steps(payload.get("steps")), ensure_ascii=False)
    row.version = change.version
    row.updated_at = ctx.now()
    return True


def _steps(value: object) -> list[dict[str, Any]]:
    """The district's steps of a work order, each checked; one that does not fit is left out."""
    steps = []
    for entry in value if isinstance(value, list) else []:
        try:
            steps.append(WorkOrderStep.model_validate(entry).model_dump(mode="json"))
        except WireError:
            continue
    return steps


def _district_info(session: Session, settings: Settings, change: PulledChange) -> bool:
    """The district's public progress address, printed in receipts' QR codes."""
    url = change.payload.get("progress_base_url")
    if not isinstance(url, str) or len(url) > 200:
        return False
    settings.set_in(session, "sync.progress_url", url)
    return True


DISTRICT_ONLY = ("work_order", "district_info")
"""Rows only the district writes, kept apart from the center's own rows."""

APPLIES = 3
"""What this desk applies from pulls (1: work orders; 2: the center's rows too; 3: work
orders' due date, closing time and callback grade)."""


def _center_rows(page: PullResponse) -> list[PulledChange]:
    return [c for c in page.changes if c.entity not in DISTRICT_ONLY]


def _apply_page(
    ctx: DeskContext, page: PullResponse, ahead: Ahead | None = None
) -> tuple[int, int]:
    applied = passed = 0
    settings = Settings(ctx.db)
    rows = _center_rows(page)
    with ctx.db.write() as session:
        for change in page.changes:
            if change.entity == "work_order":
                done_one = _work_order(session, ctx, change)
            elif change.entity == "district_info":
                done_one = _district_info(session, settings, change)
            else:
                continue
            applied, passed = applied + done_one, passed + (not done_one)
        done = apply_changes(session, ctx, rows, ahead)
        applied, passed = applied + done.applied, passed + done.passed_over
        _mark_held(session, ctx, [c.change_id for c in page.changes])
        settings.set_in(session, "sync.cursor", page.cursor)
        settings.set_in(session, "sync.cursor_change_id", page.cursor_change_id or "")
        settings.set_in(session, "sync.last_pull", ctx.now().isoformat())
    changes.publish(
        changes.EntityChanges.of("pull", ((c.entity, c.entity_id) for c in page.changes))
    )
    return applied, passed


def _mark_held(session: Session, ctx: DeskContext, change_ids: list[str]) -> None:
    """A change still waiting here that the district already holds is not sent again (a
    desk restored from a backup taken before it was sent; see :mod:`desktop.sync.recovery`)."""
    if change_ids:
        session.connection().exec_driver_sql(  # plain SQL: no change-log rows are loaded
            "UPDATE change_log SET pushed_at = ? WHERE pushed_at IS NULL"
            " AND change_id IN (SELECT value FROM json_each(?))",
            (utc_text(ctx.now()), json.dumps(change_ids)),
        )


def _fetch(
    transport: Transport,
    token: str,
    after: int,
    after_change: str | None,
    page_size: int,
    include_own: bool = False,
) -> PullResponse:
    params: dict[str, Any] = {"after": after, "limit": page_size}
    if after_change:
        params["after_change_id"] = after_change
    if include_own:
        params["include_own"] = "true"
    reply = transport.send("GET", "/api/v1/pull", token=token, params=params, raw=True)
    return _page(reply.raw if reply.raw is not None else reply.body)


CHECKED_AT_ONCE = 100
"""Pulled changes checked in one call when a page comes parsed already (a transport that
gives no bytes): the check holds Python's GIL while it runs, so it goes in parts."""
_CHANGES = TypeAdapter(list[PulledChange])


def _page(body: bytes | Any) -> PullResponse:
    """The page as the protocol describes it; anything else is the server's garbage.

    From the answer's bytes, parsing and checking are one step in pydantic's own code (a
    page of 1,000 changes in about 6 ms, a third of parsing it with :mod:`json` and then
    checking the objects)."""
    try:
        if isinstance(body, bytes):
            return PullResponse.model_validate_json(body)
        if not isinstance(body, dict) or not isinstance(body.get("changes"), list):
            raise SyncError("sync.garbage")
        raw: list[Any] = body["changes"]
        head = PullResponse.model_validate({**body, "changes": []})
        checked: list[PulledChange] = []
        for start in range(0, len(raw), CHECKED_AT_ONCE):
            checked += _CHANGES.validate_python(raw[start : start + CHECKED_AT_ONCE])
    except WireError:
        raise SyncError("sync.garbage") from None
    return head.model_copy(update={"changes": checked})


@dataclass(frozen=True)
class _Feed:
    """Where the pages come from: the district, through ``transport``."""

    transport: Transport
    token: str
    page_size: int
    include_own: bool

    def page(self, after: int, after_change: str | None) -> PullResponse:
        return _fetch(
            self.transport, self.token, after, after_change, self.page_size, self.include_own
        )


Prepared = tuple[PullResponse, "Future[PullResponse] | None", Ahead]
"""A page, the request for the one after it (already on its way), what applying it needs."""


def pull_all(
    ctx: DeskContext,
    transport: Transport,
    store: TokenStore | None = None,
    page_size: int = PAGE,
    *,
    include_own: bool = False,
    from_start: bool = False,
) -> PullSummary:
    """Pull every page after the cursor; raise :class:`SyncError` when cut short (pages
    applied before that stay applied, with their cursor). ``from_start`` with
    ``include_own``: this desk's own changes too, from the first (a restored desk,
    :mod:`desktop.sync.recovery`).

    Three pages are under way at once: while this thread writes page n, a second one
    prepares page n+1 (values as stored, residents' search keys: :func:`work_ahead`) and a
    third already waits for page n+2, asked for as soon as page n+1 was read. The district
    works on the next page while the desk works on the ones it has."""
    if connection(ctx) is None:
        raise SyncError("sync.not_connected")
    token = (store or TokenStore(ctx.paths)).get()
    if not token:
        raise SyncError("sync.no_token")
    settings = Settings(ctx.db)
    if settings.get("sync.applies") < APPLIES or from_start:
        with ctx.db.write() as session:
            settings.set_in(session, "sync.cursor", 0)
            settings.set_in(session, "sync.cursor_change_id", "")
            settings.set_in(session, "sync.applies", APPLIES)
    applied = passed = pages = 0
    after, after_change = settings.get("sync.cursor"), settings.get("sync.cursor_change_id")
    feed = _Feed(transport, token, page_size, include_own)
    stopped = threading.Event()
    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-fetch") as fetcher,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-prepare") as preparer,
    ):

        def after_it(page: PullResponse) -> Future[PullResponse] | None:
            if not page.has_more or stopped.is_set():
                return None
            return fetcher.submit(feed.page, page.cursor, page.cursor_change_id)

        def prepare(fetched: Future[PullResponse]) -> Prepared:
            page = fetched.result()
            return page, after_it(page), work_ahead(ctx, _center_rows(page))

        first = feed.page(after, after_change)
        current: Prepared = (first, after_it(first), work_ahead(ctx, _center_rows(first)))
        for _ in range(MAX_PAGES):
            page, fetched, ahead = current
            following = preparer.submit(prepare, fetched) if fetched is not None else None
            try:
                done, skipped = _apply_page(ctx, page, ahead)
            except BaseException:
                stopped.set()  # the page failed: the ones after it are not wanted
                for future in (following, fetched):
                    if future is not None:
                        future.cancel()
                raise
            applied, passed, pages = applied + done, passed + skipped, pages + 1
            if following is None:
                break
            try:
                current = following.result()
            except BaseException:
                stopped.set()
                raise
    return PullSummary(applied, passed, pages)
