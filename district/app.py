"""The HTTP API (FastAPI). All paths are under ``/api/v1``; see docs/sync-protocol.md."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Path, Query, Request
from fastapi.openapi.utils import get_openapi
from starlette.middleware.gzip import GZipMiddleware

from district import (
    console,
    devices,
    errors,
    feed,
    http_protocol,
    monitoring,
    push,
    saturday,
    statistics,
    work_orders,
)
from district.database import DATABASE_URL_ENV, DistrictDatabase, default_database_url
from district.errors import ERROR_RESPONSES, ApiError
from district.middleware import AddressGuard, BodyLimit, ConcurrencyGate
from district.pull_endpoint import PullEndpoint
from district.push_endpoint import PushEndpoint
from district.request_encoding import ANSWER_GZIP_FROM, ANSWER_GZIP_LEVEL, RequestDecoding
from district.security import (
    ClientAuth,
    DeviceAuth,
    authenticate_client,
    authenticate_device,
    bearer,
)
from protocol import (
    API_PREFIX,
    MAX_BODY_BYTES,
    PROTOCOL_VERSION,
    ChannelBooking,
    ChannelBookingRequest,
    EnrolRequest,
    EnrolResponse,
    HandshakeRequest,
    HandshakeResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    ShareRequest,
    ShareState,
    SlotList,
    Statistics,
    WorkOrder,
    WorkOrderList,
    WorkOrderStatusUpdate,
)
from protocol.changes import PULL_PAGE_DEFAULT, PULL_PAGE_MAX
from protocol.work_orders import WorkOrderStatus

CONCURRENCY_ENV = "DISTRICT_MAX_CONCURRENT"
DEFAULT_CONCURRENCY = 64
POOL_ENV = "DISTRICT_POOL_SIZE"
DEFAULT_POOL = 10
"""Database connections per worker (plus half as many overflow); requests beyond wait."""
ID = Annotated[str, Query(pattern=r"^[0-9A-Za-z-]{1,36}$")]


def _database(request: Request) -> DistrictDatabase:
    database: DistrictDatabase = request.app.state.database
    return database


def device_auth(request: Request) -> DeviceAuth:
    return authenticate_device(_database(request), bearer(request))


def operator_auth(request: Request) -> ClientAuth:
    return authenticate_client(_database(request), bearer(request), "operator")


def channel_auth(request: Request) -> ClientAuth:
    return authenticate_client(_database(request), bearer(request), "channel")


DeviceDep = Annotated[DeviceAuth, Depends(device_auth)]
TokenDep = Annotated[str, Depends(bearer)]
OperatorDep = Annotated[ClientAuth, Depends(operator_auth)]
ChannelDep = Annotated[ClientAuth, Depends(channel_auth)]
DayFrom = Annotated[dt.date, Query(alias="from")]
DayTo = Annotated[dt.date, Query(alias="to")]


def _period(day_from: dt.date, day_to: dt.date) -> None:
    if day_to < day_from or (day_to - day_from).days > 3660:
        raise ApiError(422, "request_invalid", detail="from/to: a period of at most ten years")


router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)


@router.get("/health", tags=["server"])
def health() -> dict[str, Any]:
    return {"status": "ok", "protocol_version": PROTOCOL_VERSION}


@router.post("/enrol", tags=["desk"])
def enrol(body: EnrolRequest, request: Request) -> EnrolResponse:
    return devices.enrol(_database(request), body)


@router.post("/handshake", tags=["desk"])
def handshake(body: HandshakeRequest, request: Request, auth: DeviceDep) -> HandshakeResponse:
    answer = devices.handshake(_database(request), auth, body)
    monitoring.record_handshake(
        _database(request), auth.device_id, body.protocol_version, body.app_version
    )
    return answer


@router.post("/push", tags=["desk"])
def push_changes(
    body: PushRequest, request: Request, token: TokenDep, after: BackgroundTasks
) -> PushResponse:
    """Authenticated inside the push's own transaction (the device row is locked there).

    Well-formed pushes are answered before they reach this route, by
    :class:`district.push_endpoint.PushEndpoint`, which applies them the same way."""
    answer = push.push(_database(request), token, body.changes)
    after.add_task(monitoring.record_sync_by_token, _database(request), token)
    return answer


@router.get("/pull", tags=["desk"])
def pull_changes(
    request: Request,
    auth: DeviceDep,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    after_change_id: Annotated[str | None, Query(pattern=r"^[0-9A-Za-z-]{1,36}$")] = None,
    limit: Annotated[int, Query(ge=1, le=PULL_PAGE_MAX)] = PULL_PAGE_DEFAULT,
    include_own: bool = False,
    *,
    later: BackgroundTasks,
) -> PullResponse:
    """Well-formed pulls are answered before they reach this route, by
    :class:`district.pull_endpoint.PullEndpoint`, which reads the same page and answers
    with the same JSON; this route answers the rest (refusals among them)."""
    page = feed.pull(_database(request), auth, after, after_change_id, limit, include_own)
    later.add_task(monitoring.record_sync, _database(request), auth.device_id)
    return page


@router.get("/saturday/slots", tags=["desk"])
def desk_slots(request: Request, auth: DeviceDep, day_from: DayFrom, day_to: DayTo) -> SlotList:
    _period(day_from, day_to)
    slots = saturday.list_slots(
        _database(request), auth.center_id, day_from, day_to, auth.device_id
    )
    return SlotList(slots=slots)


@router.post("/saturday/shares/request", tags=["desk"])
def request_share(body: ShareRequest, request: Request, auth: DeviceDep) -> ShareState:
    return saturday.move_share(_database(request), auth, body, "grant")


@router.post("/saturday/shares/return", tags=["desk"])
def return_share(body: ShareRequest, request: Request, auth: DeviceDep) -> ShareState:
    return saturday.move_share(_database(request), auth, body, "return")


@router.get("/channels/slots", tags=["channels"])
def channel_slots(
    request: Request, client: ChannelDep, center_id: ID, day_from: DayFrom, day_to: DayTo
) -> SlotList:
    _period(day_from, day_to)
    slots = saturday.list_slots(_database(request), center_id, day_from, day_to)
    return SlotList(slots=slots)


@router.post("/channels/bookings", tags=["channels"])
def channel_book(
    body: ChannelBookingRequest, request: Request, client: ChannelDep
) -> ChannelBooking:
    return saturday.book_through_channel(_database(request), client, body)


@router.get("/district/work-orders", tags=["district"])
def list_work_orders(
    request: Request,
    operator: OperatorDep,
    center_id: ID | None = None,
    status: WorkOrderStatus | None = None,
) -> WorkOrderList:
    orders = work_orders.list_work_orders(_database(request), center_id, status)
    return WorkOrderList(work_orders=orders)


@router.post("/district/work-orders/{work_order_id}/status", tags=["district"])
def update_work_order(
    work_order_id: Annotated[str, Path(pattern=r"^[0-9A-Za-z-]{1,36}$")],
    body: WorkOrderStatusUpdate,
    request: Request,
    operator: OperatorDep,
) -> WorkOrder:
    return work_orders.change_status(_database(request), work_order_id, body.status, body.note)


@router.get("/district/statistics", tags=["district"])
def district_statistics(
    request: Request,
    operator: OperatorDep,
    day_from: DayFrom,
    day_to: DayTo,
    center_id: ID | None = None,
) -> Statistics:
    _period(day_from, day_to)
    return statistics.statistics(_database(request), day_from, day_to, center_id)


TOKEN_SCHEMES = {
    "desk": (
        "deviceToken",
        "A desk's device token from POST /api/v1/enrol (401 token_invalid: enrol again)",
    ),
    "channels": ("channelToken", "A channel client's token (admin client create --role channel)"),
    "district": (
        "operatorToken",
        "An operator client's token (admin client create --role operator)",
    ),
}
"""Which token each group of endpoints takes; a good token of another kind is 403."""
OPEN_PATHS = (f"{API_PREFIX}/health", f"{API_PREFIX}/enrol")


def _with_security(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI schema with its bearer-token schemes, each operation naming its own."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            name: {"type": "http", "scheme": "bearer", "description": words}
            for name, words in TOKEN_SCHEMES.values()
        }
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                tag = (operation.get("tags") or [""])[0]
                if path not in OPEN_PATHS and tag in TOKEN_SCHEMES:
                    operation["security"] = [{TOKEN_SCHEMES[tag][0]: []}]
        app.openapi_schema = schema
        return schema

    return build


def create_app(database: DistrictDatabase, max_concurrent: int = DEFAULT_CONCURRENCY) -> Any:
    """The ASGI application: FastAPI wrapped (outermost first) in the address check, the
    body limits (size and time: a slow body never holds a place of the gate), the
    concurrency gate, the inflation of gzip bodies and the compression of answers."""
    app = FastAPI(
        title="District server — Service Center Desk sync API",
        version=str(PROTOCOL_VERSION),
        description="Desk ⇄ district sync protocol. See docs/sync-protocol.md.",
    )
    app.state.database = database
    app.openapi = _with_security(app)  # type: ignore[method-assign]
    errors.install(app)
    app.include_router(router)
    console.install(app)
    # Well-formed pushes and pulls are answered here, before FastAPI's routing (the routes
    # answer the rest and describe the endpoints: see district/push_endpoint.py and
    # district/pull_endpoint.py).
    app.add_middleware(PushEndpoint, database=database)
    app.add_middleware(PullEndpoint, database=database)
    app.add_middleware(
        GZipMiddleware, minimum_size=ANSWER_GZIP_FROM, compresslevel=ANSWER_GZIP_LEVEL
    )
    app.add_middleware(RequestDecoding, limit=MAX_BODY_BYTES)
    # Outermost last: the address check, then the body read in full (size and time
    # limits) before the request takes a place of the concurrency gate.
    app.add_middleware(ConcurrencyGate, limit=max_concurrent)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.add_middleware(AddressGuard)
    return app


def create_app_from_env() -> Any:
    """Factory for ``uvicorn --factory`` and worker processes: settings from the environment."""
    url = os.environ.get(DATABASE_URL_ENV) or default_database_url()
    limit = int(os.environ.get(CONCURRENCY_ENV, DEFAULT_CONCURRENCY))
    pool = int(os.environ.get(POOL_ENV, DEFAULT_POOL))
    app = create_app(DistrictDatabase.open(url, pool_size=pool), limit)
    http_protocol.collect_garbage_less()  # a server process: start-up's objects frozen
    return app
