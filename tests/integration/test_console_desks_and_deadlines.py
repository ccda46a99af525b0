"""运行监测 and deadlines over a real server: a desk's versions from its handshake, its last
sync, refusals still waiting, a desk silent for a day marked; a referral's due date from
its service item's deadline in working days, holidays and 调休 days counted as recorded."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import update

from db.ids import uuid7
from district import district_settings, monitoring, organisation, work_orders
from district.audit import Origin
from district.console_tables import service_item_ref
from district.tables import device
from district.working_days import add_working_days, district_today, load_calendar
from tests.integration.district_server import District

ORIGIN = Origin(None, "test", "127.0.0.1")


def _desk_row(district: District, center: str, device_id: str) -> dict[str, object]:
    found = next(c for c in monitoring.overview(district.database) if c["id"] == center)
    return next(d for d in found["desks"] if d["id"] == device_id)


def _synced_row(district: District, center: str, device_id: str) -> dict[str, object]:
    """The desk's row once its last sync is recorded (that happens after the answer is sent)."""
    deadline = time.monotonic() + 15
    row = _desk_row(district, center, device_id)
    while row["last_sync_at"] is None and time.monotonic() < deadline:
        time.sleep(0.05)
        row = _desk_row(district, center, device_id)
    return row


def test_monitoring_shows_versions_last_sync_refusals_and_silence(district: District) -> None:
    center = district.new_center("监测")
    desk = district.enrol(center)
    hello = desk.client.post(
        "/api/v1/handshake",
        json={"protocol_version": 1, "schema_version": "x", "app_version": "0.1.0+test"},
    )
    assert hello.status_code == 200
    bad = desk.change("visit", {"id": uuid7(), "center_id": center, "resident_id": uuid7()})
    assert desk.push([bad]).json()["results"][0]["status"] == "rejected"
    row = _synced_row(district, center, desk.device_id)
    assert (row["protocol_version"], row["app_version"]) == (1, "0.1.0+test")
    assert row["refused"] == 1 and row["last_sync_at"] is not None and not row["silent"]

    two_days_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    with district.database.write() as conn:
        conn.execute(
            update(device)
            .where(device.c.id == desk.device_id)
            .values(last_sync_at=two_days_ago, last_seen_at=two_days_ago)
        )
    assert _desk_row(district, center, desk.device_id)["silent"]

    assert organisation.revoke_desk(district.database, center, desk.device_id, ORIGIN)
    revoked = _desk_row(district, center, desk.device_id)
    assert revoked["revoked_at"] is not None and not revoked["silent"]
    assert desk.client.get("/api/v1/pull").status_code == 401


def test_a_referral_is_due_after_its_service_items_working_days(district: District) -> None:
    item = uuid7()
    with district.database.write() as conn:
        conn.execute(
            service_item_ref.insert().values(
                id=item, center_id=None, name="低保申请", category="public"
            )
        )
    district_settings.set_deadline(district.database, item, 3, ORIGIN)
    today = district_today()
    holiday = add_working_days(today, 1, {})
    district_settings.set_day(district.database, holiday, "holiday", "测试假日", ORIGIN)
    center = district.new_center("时限")
    desk = district.enrol(center)
    visit, request = uuid7(), uuid7()
    desk.push(
        [
            desk.change(
                "visit",
                {
                    "id": visit,
                    "center_id": center,
                    "resident_id": uuid7(),
                    "visit_date": today.isoformat(),
                    "queue_number": "A001",
                    "status": "closed",
                },
            ),
            desk.change(
                "request",
                {
                    "id": request,
                    "center_id": center,
                    "visit_id": visit,
                    "service_item_id": item,
                    "category": "public",
                    "outcome": "referred",
                    "due_date": (today + dt.timedelta(days=60)).isoformat(),
                },
            ),
        ]
    )
    order = next(
        o
        for o in work_orders.list_work_orders(district.database, center)
        if o.request_id == request
    )
    with district.database.read() as conn:
        calendar = load_calendar(conn, today)
    assert calendar[holiday] == "holiday"
    assert order.due_date == add_working_days(today, 3, calendar)
    assert order.due_date == add_working_days(add_working_days(today, 3, {}), 1, {})
    district_settings.set_day(district.database, holiday, "", "", ORIGIN)
