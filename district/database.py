"""Engine, transactions and the few statements that differ between PostgreSQL and SQLite."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, Table, create_engine
from sqlalchemy.dialects import postgresql, sqlite

from db.sqlite_engine import make_engine as make_sqlite_engine
from district import master_key
from district.master_key import MasterKey

APP_NAME = "ServiceCenterDistrict"
DATABASE_URL_ENV = "DISTRICT_DATABASE_URL"
DATA_DIR_ENV = "DISTRICT_DATA_DIR"


def data_folder(data_dir: str | Path | None = None) -> Path:
    """Where the embedded SQLite database lives: ``--data-dir`` (or ``DISTRICT_DATA_DIR``),
    else the user's data folder (``~/.local/share/ServiceCenterDistrict`` on Linux), so
    commands run by another user (another HOME) see another database."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url(data_dir: str | Path | None = None) -> str:
    folder = data_folder(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'district.sqlite'}"


class DistrictDatabase:
    """One engine; writes are single transactions that serialise where they must."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_postgres = engine.dialect.name == "postgresql"
        self._master_key: MasterKey | None = None

    def data_dir(self) -> Path:
        """The folder of the SQLite file, or the server's data folder (PostgreSQL)."""
        database = self.engine.url.database
        if not self.is_postgres and database and database != ":memory:":
            return Path(database).resolve().parent
        return data_folder()

    def master_key(self) -> MasterKey:
        """The key that wraps the centers' data keys (see :mod:`district.master_key`)."""
        if self._master_key is None:
            self._master_key = master_key.load(self.data_dir())
        return self._master_key

    def forget_master_key(self) -> None:
        self._master_key = None

    @classmethod
    def open(cls, url: str, pool_size: int = 20) -> DistrictDatabase:
        if url.startswith("sqlite"):
            return cls(make_sqlite_engine(url))
        engine = create_engine(
            url, pool_size=pool_size, max_overflow=pool_size // 2, pool_pre_ping=True
        )
        return cls(engine)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction; on SQLite it begins IMMEDIATE (the whole file is write-locked)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(sqlite_immediate=True)
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def insert_ignoring(self, table: Table, *keys: str) -> Any:
        """``INSERT ... ON CONFLICT (keys) DO NOTHING`` for this dialect."""
        dialect_insert = postgresql.insert if self.is_postgres else sqlite.insert
        return dialect_insert(table).on_conflict_do_nothing(index_elements=list(keys))

    def upsert(self, table: Table, keys: tuple[str, ...], update: tuple[str, ...]) -> Any:
        """``INSERT ... ON CONFLICT (keys) DO UPDATE SET`` the ``update`` columns."""
        dialect_insert = postgresql.insert if self.is_postgres else sqlite.insert
        statement = dialect_insert(table)
        return statement.on_conflict_do_update(
            index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
        )

    def dispose(self) -> None:
        self.engine.dispose()
