"""Joining a center never doubles its catalog: no round runs while a desk takes the
center's ids, and the district refuses derived rows named from another center."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import ServiceItem, ServiceLine
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from district import admin
from protocol.derived_ids import item_id, line_id, slot_id
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring


def test_district_refuses_rows_derived_from_another_center(district: District) -> None:
    desk = district.enrol(district.new_center("甲"))
    center = desk.center_id
    own_line = {"id": line_id(center, "A"), "center_id": center, "code": "A", "name": "综合"}
    old_line = {**own_line, "id": line_id("desk-own-center", "A")}
    old_item = {
        "id": item_id("desk-own-center", "A", "居住证明"),
        "center_id": center,
        "line_id": old_line["id"],
        "name": "居住证明",
        "category": "public",
    }
    own_item = {**old_item, "id": item_id(center, "A", "居住证明"), "line_id": own_line["id"]}
    day = dt.date(2026, 12, 5)
    slot: dict[str, Any] = {
        "center_id": center,
        "day": day.isoformat(),
        "starts": "09:00",
        "ends": "10:00",
        "service_item_id": own_item["id"],
        "capacity": 4,
    }
    results = desk.push(
        [
            desk.change("service_line", old_line),
            desk.change("service_item", old_item),
            desk.change("service_line", own_line),
            desk.change("service_item", own_item),
            desk.change("saturday_slot", {**slot, "id": slot_id("desk-own", day, "09:00", "x")}),
            desk.change(
                "saturday_slot", {**slot, "id": slot_id(center, day, "09:00", own_item["id"])}
            ),
        ]
    ).json()["results"]
    assert [r["status"] for r in results] == [
        "rejected",
        "rejected",
        "accepted",
        "accepted",
        "rejected",
        "accepted",
    ]
    assert results[0]["reason"]["code"] == "derived_id_other_center"
    assert "目录出现两份" in results[0]["reason"]["zh_CN"]
    # an item of a line refused in an earlier batch is refused too
    later = desk.push(
        [
            desk.change(
                "service_item",
                {**old_item, "name": "新事项", "id": item_id("desk-own-center", "A", "新事项")},
            )
        ]
    )
    assert later.json()["results"][0]["reason"]["code"] == "derived_id_other_center"


@pytest.fixture
def two_desks(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[tuple[str, list[Desk]]]:
    center = district.new_center("幸福里")
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2)]
    yield center, desks
    for desk in desks:
        desk.startup.db.dispose()


def _count(desk: Desk, model: type[ServiceLine] | type[ServiceItem]) -> int:
    """The center's own rows (the district's reference catalog left aside)."""
    with desk.ctx.db.read() as session:
        own = select(func.count()).select_from(model).where(model.center_id == desk.ctx.center_id)
        return int(session.scalar(own) or 0)


def test_sync_firing_while_a_desk_joins_leaves_one_catalog(
    district: District, two_desks: tuple[str, list[Desk]], monkeypatch: pytest.MonkeyPatch
) -> None:
    center, (first, second) = two_desks
    lines, items = _count(first, ServiceLine), _count(first, ServiceItem)
    enrolment.enrol(
        first.ctx,
        first.admin,
        district.base_url,
        admin.issue_enrolment_code(district.database, center),
        "前台 1",
    )
    assert SyncRunner(first.ctx).run_once().state == "online"

    joining = threading.Event()
    real_adopt = enrolment.adopt_center

    def slow_adopt(*args: Any) -> None:
        joining.set()  # connected: the settings name the district already
        time.sleep(1.5)
        real_adopt(*args)

    monkeypatch.setattr(enrolment, "adopt_center", slow_adopt)
    code = admin.issue_enrolment_code(district.database, center)
    errors: list[BaseException] = []

    def connect() -> None:
        try:
            enrolment.enrol(second.ctx, second.admin, district.base_url, code, "前台 2")
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=connect)
    thread.start()
    assert joining.wait(30)
    held = [SyncRunner(second.ctx).run_once() for _ in range(3)]  # the race
    thread.join(60)
    assert not errors and not thread.is_alive()
    assert all(s.message is not None and s.message.code == "sync.held_joining" for s in held)

    assert SyncRunner(second.ctx).run_once().state == "online"
    assert SyncRunner(first.ctx).run_once().state == "online"
    for desk in (first, second):
        assert (_count(desk, ServiceLine), _count(desk, ServiceItem)) == (lines, items)
