"""Two desks set up offline each made an ``admin`` (and here a ``qiantai``): once joined,
the center's accounts are one set, each clash settled at the admin's choice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Staff
from desktop import auth, staff_clashes
from desktop.errors import UserError, ValidationError
from desktop.sync import enrolment
from desktop.sync.runner import SyncRunner
from district import admin
from tests.conftest import Desk, new_desk
from tests.integration.district_server import District
from tests.memory_keyring import MemoryKeyring


@pytest.fixture
def joined(
    district: District, tmp_path: Path, fast_passwords: None, memory_keyring: MemoryKeyring
) -> Iterator[list[Desk]]:
    center = district.new_center("幸福里")
    desks = [new_desk(tmp_path / f"desk-{n}") for n in (1, 2)]
    for n, desk in enumerate(desks, start=1):
        auth.create_staff(desk.ctx, desk.admin, "qiantai", f"前台{n}", "front_desk", "front-pass-1")
        code = admin.issue_enrolment_code(district.database, center)
        enrolment.enrol(desk.ctx, desk.admin, district.base_url, code, f"前台 {n}")
    for desk in (*desks, *desks):
        assert SyncRunner(desk.ctx).run_once().state in ("online", "attention")
    yield desks
    for desk in desks:
        desk.startup.db.dispose()


def _names(desk: Desk) -> dict[str, str]:
    """username → id of the accounts a desk holds (removed ones left out)."""
    with desk.ctx.db.read() as session:
        rows = session.scalars(select(Staff).where(Staff.deleted_at.is_(None))).all()
        return {row.username: row.id for row in rows}


def test_each_clash_is_settled_once_and_every_desk_holds_one_set(joined: list[Desk]) -> None:
    first, second = joined
    clashes = staff_clashes.list_clashes(second.ctx)
    assert [c.username for c in clashes] == ["admin", "qiantai"]  # listed, not renamed away
    by_name = {c.username: c for c in clashes}

    with pytest.raises(UserError):  # only a center admin decides
        front = auth.sign_in(second.ctx, "qiantai", "front-pass-1")
        staff_clashes.same_person(second.ctx, front, by_name["admin"].mine_id)
    with pytest.raises(ValidationError):
        staff_clashes.different_people(
            second.ctx, second.admin, by_name["qiantai"].mine_id, "admin"
        )

    # desk 2's admin is the center's admin; its qiantai is somebody else
    staff_clashes.different_people(second.ctx, second.admin, by_name["qiantai"].mine_id, "qiantai2")
    assert staff_clashes.same_person(second.ctx, second.admin, by_name["admin"].mine_id) == "admin"
    with pytest.raises(UserError):  # the account that gave way can no longer act
        staff_clashes.different_people(second.ctx, second.admin, second.admin.id, "wang")
    assert staff_clashes.list_clashes(second.ctx) == []
    # desk 1's admin says the same about the same clash before hearing of it: the same
    # (later) account gives way there too, never both
    at_first = {c.username: c for c in staff_clashes.list_clashes(first.ctx)}
    assert staff_clashes.same_person(first.ctx, first.admin, at_first["admin"].mine_id) == "admin"
    for desk in (second, first, second, first):
        assert SyncRunner(desk.ctx).run_once().state in ("online", "attention")

    expected = _names(first)
    assert set(expected) == {"admin", "qiantai", "qiantai2"}
    assert _names(second) == expected  # the same accounts under the same names, both desks
    assert expected["admin"] == first.admin.id
    assert staff_clashes.list_clashes(first.ctx) == []
    signed = auth.sign_in(second.ctx, "admin", Desk.ADMIN_PASSWORD)
    assert signed.id == first.admin.id  # the same person is the same account everywhere
