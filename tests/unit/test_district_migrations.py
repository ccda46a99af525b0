"""District migrations that repair data: places stranded with revoked desks come back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select

from district import migrate
from district.database import DistrictDatabase
from district.tables import center, device, saturday_slot, slot_share


def test_places_of_desks_revoked_earlier_return_to_the_pool(tmp_path: Path) -> None:
    database = DistrictDatabase.open(f"sqlite:///{tmp_path / 'district.sqlite'}")
    config = migrate._config(database.engine)
    with database.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "d0006_console_list_indexes")
        conn.commit()
    now = dt.datetime.now(dt.UTC)
    with database.write() as conn:
        conn.execute(insert(center).values(id="c", name="中心", created_at=now))
        for name, revoked in (("live", None), ("gone", now)):
            conn.execute(
                insert(device).values(
                    id=name,
                    center_id="c",
                    name=name,
                    token_hash=name,
                    last_seq=0,
                    created_at=now,
                    revoked_at=revoked,
                )
            )
        conn.execute(
            insert(saturday_slot).values(
                id="s",
                center_id="c",
                day=dt.date(2026, 12, 5),
                starts="09:00",
                ends="10:00",
                capacity=10,
                booked=1,
                server_free=2,
                created_at=now,
            )
        )
        conn.execute(
            insert(slot_share),
            [
                {"slot_id": "s", "device_id": "live", "held": 3},
                {"slot_id": "s", "device_id": "gone", "held": 4},
            ],
        )
    migrate.upgrade(database.engine)
    with database.read() as conn:
        slot = conn.execute(select(saturday_slot).where(saturday_slot.c.id == "s")).one()
        held = dict(conn.execute(select(slot_share.c.device_id, slot_share.c.held)).all())
    assert (slot.booked, slot.server_free, held) == (1, 6, {"live": 3, "gone": 0})
    database.dispose()


def test_migrations_make_the_tables_the_code_declares(tmp_path: Path) -> None:
    import district.console_tables  # noqa: F401  (registers the console tables)
    from district.tables import metadata

    database = DistrictDatabase.open(f"sqlite:///{tmp_path / 'district.sqlite'}")
    migrate.upgrade(database.engine)
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"version_table": migrate.VERSION_TABLE, "compare_type": False}
        )
        diff = compare_metadata(context, metadata)
    database.dispose()
    assert diff == []
