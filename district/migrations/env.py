"""Alembic environment of the district server (its own history, apart from the desk's)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

import district.console_tables  # noqa: F401  (registers the console tables)
from district.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        version_table="district_alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///district.sqlite")
    with engine.connect() as conn:
        _run(conn)
else:
    _run(connection)
