"""Queue numbers: per day and line, disjoint blocks per desk, no collisions under load."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from db.engine import Database
from desktop import queue_numbers
from desktop.context import DeskContext, StaffIdentity
from desktop.pii import PiiVault
from desktop.visits import RequestDraft, list_visits, register_visit
from tests.unit.visit_fixtures import add_residents, item_id, with_catalog


def test_blocks_of_each_desk() -> None:
    number_for = queue_numbers.number_for
    assert [number_for(1, n) for n in (1, 2, 99, 100, 198, 199)] == [1, 2, 99, 901, 999, 1801]
    assert [number_for(2, n) for n in (1, 99, 100)] == [101, 199, 1001]
    assert number_for(9, 1) == 801
    assert queue_numbers.format_number("A", 12) == "A012"
    assert queue_numbers.format_number("B", 1001) == "B1001"


def test_no_two_desks_ever_share_a_number() -> None:
    issued: dict[int, int] = {}
    for slot in range(1, 10):
        for sequence in range(1, 400):
            number = queue_numbers.number_for(slot, sequence)
            assert number % 100 != 0
            assert issued.setdefault(number, slot) == slot


def test_bad_slot_is_refused() -> None:
    with pytest.raises(ValueError):
        queue_numbers.number_for(0, 1)
    with pytest.raises(ValueError):
        queue_numbers.number_for(10, 1)


@pytest.fixture
def ctx(bare_ctx: DeskContext) -> DeskContext:
    with_catalog(bare_ctx)
    return bare_ctx


def _register(ctx: DeskContext, staff: StaffIdentity, resident: str, line: str) -> str:
    draft = RequestDraft(service_item_id=item_id(ctx, line))
    return register_visit(ctx, staff, resident, [draft]).queue_number


def test_numbers_run_per_line_and_per_day(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    (resident,) = add_residents(ctx, 1)
    day_one = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    ctx.clock = lambda: day_one
    assert [_register(ctx, bare_staff, resident, "A") for _ in range(3)] == [
        "A001",
        "A002",
        "A003",
    ]
    assert _register(ctx, bare_staff, resident, "B") == "B001"
    ctx.clock = lambda: day_one + dt.timedelta(days=1)
    assert _register(ctx, bare_staff, resident, "A") == "A001"


def test_local_day_decides_the_counter(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    (resident,) = add_residents(ctx, 1)
    # 23:30 UTC is already 07:30 the next morning in Shanghai.
    ctx.clock = lambda: dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    _register(ctx, bare_staff, resident, "A")
    (visit,) = list_visits(ctx, bare_staff, dt.date(2026, 3, 2))
    assert visit.queue_number == "A001"


def test_two_desks_of_one_center(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    (resident,) = add_residents(ctx, 1)
    desk_two = replace(ctx, desk_slot=2)
    numbers = [_register(ctx, bare_staff, resident, "A") for _ in range(2)]
    numbers += [_register(desk_two, bare_staff, resident, "A") for _ in range(2)]
    assert numbers == ["A001", "A002", "A101", "A102"]


def test_a_desk_continues_in_its_next_block(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    (resident,) = add_residents(ctx, 1)
    desk_two = replace(ctx, desk_slot=2)
    numbers = [_register(desk_two, bare_staff, resident, "C") for _ in range(100)]
    assert numbers[98:] == ["C199", "C1001"]
    assert len(set(numbers)) == 100


def test_a_number_already_taken_is_skipped(ctx: DeskContext, bare_staff: StaffIdentity) -> None:
    """Two desks set to the same slot by mistake (or a restored counter) still never collide."""
    (resident,) = add_residents(ctx, 1)
    _register(ctx, bare_staff, resident, "A")
    with ctx.db.write() as session:
        from db.models import QueueCounter

        session.query(QueueCounter).delete()
    assert _register(ctx, bare_staff, resident, "A") == "A002"


def test_threads_on_one_database_file_never_collide(
    ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    residents = add_residents(ctx, 1)
    errors: list[BaseException] = []

    def window(slot: int) -> None:
        database = Database.open(ctx.paths.database)  # a window or process of its own
        try:
            own = replace(ctx, db=database, desk_slot=slot)
            for _ in range(15):
                _register(own, bare_staff, residents[0], "A")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            database.dispose()

    threads = [threading.Thread(target=window, args=(slot,)) for slot in (1, 1, 2, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = [v.queue_number for v in list_visits(ctx, bare_staff, ctx.today())]
    assert len(numbers) == len(set(numbers)) == 60
    assert sorted(n for n in numbers if n < "A100") == [f"A{i:03d}" for i in range(1, 31)]


def _issue_in_process(db_path: str, center_id: str, staff: StaffIdentity, resident: str) -> None:
    database = Database.open(Path(db_path))
    try:
        ctx = DeskContext(
            db=database,
            paths=None,  # type: ignore[arg-type]  # not used by visits
            center_id=center_id,
            desk_slot=3,
            vault=PiiVault(b"k" * 32),
        )
        for _ in range(10):
            _register(ctx, staff, resident, "D")
    finally:
        database.dispose()


def test_processes_on_one_database_file_never_collide(
    ctx: DeskContext, bare_staff: StaffIdentity
) -> None:
    (resident,) = add_residents(ctx, 1)
    spawn = multiprocessing.get_context("spawn")
    args = (str(ctx.paths.database), ctx.center_id, bare_staff, resident)
    workers = [spawn.Process(target=_issue_in_process, args=args) for _ in range(2)]
    for worker in workers:
        worker.start()
    for _ in range(10):
        _register(ctx, bare_staff, resident, "D")
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    numbers = sorted(v.queue_number for v in list_visits(ctx, bare_staff, ctx.today()))
    assert numbers == [f"D{i:03d}" for i in range(1, 11)] + [f"D{i}" for i in range(201, 221)]
