"""Pulled rows written in bulk are stored exactly as the ORM stores them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Date, insert, select

from db import bulk
from db.engine import Database
from db.migrate import upgrade
from db.models import Resident, Visit

MOMENTS = [
    dt.datetime(2026, 12, 2, 4, 59, 0, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC),
]


def _database(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "bulk.sqlite")
    upgrade(database.engine, None, None)
    return database


def test_the_direct_conversions_are_the_column_types_own(tmp_path: Path) -> None:
    database = _database(tmp_path)
    dialect = database.engine.dialect
    compared = set()
    for table in (Resident.__table__, Visit.__table__):
        direct = bulk.processors(table, dialect)
        for column in table.c:
            own = column.type._cached_bind_processor(dialect)
            if direct[column.name] is own:
                continue
            days = [m.date() for m in MOMENTS]
            samples: list[Any] = days if isinstance(column.type, Date) else MOMENTS
            for value in samples:
                assert own is not None
                assert direct[column.name](value) == own(value), (table.name, column.name)
            compared.add(type(column.type).__name__)
    database.dispose()
    assert compared == {"UTCDateTime", "Date"}


def _resident(n: int, moment: dt.datetime) -> dict[str, Any]:
    """Every column given, as a pulled resident gives them."""
    values: dict[str, Any] = {column.name: "" for column in Resident.__table__.c}
    values.update(
        id=f"0000000{n}-0000-7000-8000-000000000000",
        center_id="c",
        name=f"居民{n}",
        version=1,
        created_at=moment,
        updated_at=moment,
        deleted_at=None,
    )
    return values


def test_rows_written_in_bulk_read_back_as_through_the_orm(tmp_path: Path) -> None:
    database = _database(tmp_path)
    table = Resident.__table__
    with database.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO center (id, name, address, hotline, timezone, created_at, updated_at,"
            " version) VALUES ('c', '中心', '', '', 'Asia/Shanghai', '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"
        )
        orm_rows = [_resident(1, MOMENTS[0]), _resident(2, MOMENTS[1])]
        bulk_rows = [_resident(3, MOMENTS[0]), _resident(4, MOMENTS[1])]
        conn.execute(insert(table), orm_rows)
        bulk.insert_rows(conn, table, bulk_rows)
        stored = {
            row.id[:8]: (row.created_at, row.updated_at)
            for row in conn.execute(select(table.c.id, table.c.created_at, table.c.updated_at))
        }
        texts = dict(conn.exec_driver_sql("SELECT id, created_at FROM resident").all())
        changed = [{**bulk_rows[0], "name": "改名", "version": 2}]
        bulk.update_rows(conn, table, changed)
        renamed = conn.execute(
            select(table.c.name, table.c.version).where(
                table.c.id.in_(bulk.listed([changed[0]["id"]]))
            )
        ).one()
    database.dispose()
    assert stored["00000001"] == stored["00000003"] and stored["00000002"] == stored["00000004"]
    by_id = sorted(texts.items())
    assert by_id[0][1] == by_id[2][1] and by_id[1][1] == by_id[3][1]
    assert tuple(renamed) == ("改名", 2)


@pytest.mark.parametrize("limit", [None, 999, 7])
def test_many_rows_to_a_statement_store_every_row_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int | None
) -> None:
    if limit is not None:
        monkeypatch.setattr(bulk, "parameter_limit", lambda conn: limit)
    database = _database(tmp_path)
    rows = [(n, f"名{n}", None if n % 7 else 1.5) for n in range(2_345)]
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE many (n INTEGER, name TEXT, share REAL)")
        bulk.insert_values(conn, "INSERT INTO many (n, name, share) VALUES ", rows)
        bulk.insert_values(conn, "INSERT INTO many (n, name, share) VALUES ", [])
        stored = conn.exec_driver_sql("SELECT n, name, share FROM many ORDER BY n").all()
    database.dispose()
    assert [tuple(row) for row in stored] == rows
