"""What the district admin sets for everyone: deadlines per service item (working days),
the calendar of holidays and 调休 days, and the public base URL of the progress page.

The public base URL also goes down the change feed (entity ``district_info``, no center)
so every desk prints it in its receipts' QR code once it has pulled it."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update

from db.types import utcnow
from district import audit, feed
from district.console_tables import calendar_day, district_setting, service_item_ref
from district.database import DistrictDatabase
from district.operators import OperatorError
from district.working_days import DAY_KINDS, MAX_DEADLINE_DAYS

PUBLIC_BASE_URL = "public_base_url"
DISTRICT_INFO_ID = "district"


def service_items(database: DistrictDatabase) -> list[dict[str, Any]]:
    """The district catalog's items with their deadlines (centers' own items are not set
    here: they take the default)."""
    query = (
        select(service_item_ref)
        .where(service_item_ref.c.center_id.is_(None))
        .order_by(service_item_ref.c.category, service_item_ref.c.name)
    )
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def set_deadline(
    database: DistrictDatabase, item_id: str, days: int | None, origin: audit.Origin
) -> None:
    if days is not None and not 1 <= days <= MAX_DEADLINE_DAYS:
        raise OperatorError("deadline.range", "days", max=MAX_DEADLINE_DAYS)
    with database.write() as conn:
        result = conn.execute(
            update(service_item_ref)
            .where(service_item_ref.c.id == item_id)
            .values(deadline_days=days)
        )
        if not result.rowcount:
            raise OperatorError("not_found")
        audit.record(conn, origin, "deadline.set", item_id, str(days or ""))


def calendar(database: DistrictDatabase, since: dt.date) -> list[dict[str, Any]]:
    query = select(calendar_day).where(calendar_day.c.day >= since).order_by(calendar_day.c.day)
    with database.read() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def set_day(
    database: DistrictDatabase, day: dt.date, kind: str, note: str, origin: audit.Origin
) -> None:
    """Record ``day`` as a holiday or a 调休 working day (``kind`` empty: an ordinary day)."""
    if kind and kind not in DAY_KINDS:
        raise OperatorError("calendar.kind", "kind")
    if len(note) > 60:
        raise OperatorError("field.too_long", "note", max=60)
    if kind == "makeup_workday" and day.weekday() < 5:
        raise OperatorError("calendar.makeup_weekday", "day")
    with database.write() as conn:
        conn.execute(delete(calendar_day).where(calendar_day.c.day == day))
        if kind:
            conn.execute(calendar_day.insert().values(day=day, kind=kind, note=note.strip()))
        audit.record(conn, origin, "calendar.set", day.isoformat(), kind)


def get_setting(database: DistrictDatabase, key: str) -> str:
    with database.read() as conn:
        value = conn.execute(
            select(district_setting.c.value).where(district_setting.c.key == key)
        ).scalar_one_or_none()
    return value or ""


def set_public_base_url(database: DistrictDatabase, url: str, origin: audit.Origin) -> str:
    """The address residents' phones reach this server by (``https://…``, no path after
    the host but an optional prefix); sent to the desks by the feed."""
    url = url.strip().rstrip("/")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise OperatorError("settings.url_invalid", "public_base_url")
        if len(url) > 200:
            raise OperatorError("field.too_long", "public_base_url", max=200)
    with database.write() as conn:
        stored = database.upsert(district_setting, ("key",), ("value",))
        conn.execute(stored, [{"key": PUBLIC_BASE_URL, "value": url}])
        version = (
            int(
                conn.execute(
                    select(district_setting.c.value).where(
                        district_setting.c.key == "public_base_url_version"
                    )
                ).scalar_one_or_none()
                or 0
            )
            + 1
        )
        conn.execute(stored, [{"key": "public_base_url_version", "value": str(version)}])
        now = utcnow().isoformat()
        payload = {
            "id": DISTRICT_INFO_ID,
            "center_id": None,
            "progress_base_url": url,
            "version": version,
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
        }
        op = "insert" if version == 1 else "update"
        rows = [feed.server_row(None, "district_info", DISTRICT_INFO_ID, op, version, payload)]
        audit.record(conn, origin, "settings.public_url", "", url)
        feed.store(database, conn, rows)
    return url
