"""Settings: typed, declared once, stored as JSON in the local table."""

from __future__ import annotations

import logging

import pytest

from db.engine import Database
from db.models import DeskState, Setting
from desktop.errors import UserError
from desktop.settings import (
    CURSOR,
    DESK_SLOT,
    LANGUAGE,
    LAST_PULL,
    SETTINGS,
    Settings,
    may_change,
    slip_paper,
    slip_printer,
)


def test_defaults_until_set(database: Database) -> None:
    settings = Settings(database)
    assert settings.get("language") == "zh_CN"
    assert settings.get("desk_slot") == 1
    assert settings.all() == {key: spec.default for key, spec in SETTINGS.items()}


def test_values_survive_a_new_settings_object(database: Database) -> None:
    Settings(database).set("language", "en")
    Settings(database).set("desk_slot", 3)
    Settings(database).set("slip.queue_ticket.unmask", True)
    Settings(database).set("slip.day_sheet.printer", "打印机 1")
    again = Settings(database)
    assert again.get("language") == "en"
    assert again.get("desk_slot") == 3
    assert again.get("slip.queue_ticket.unmask") is True
    assert again.get("slip.day_sheet.printer") == "打印机 1"
    with database.read() as session:
        assert session.get_one(Setting, "desk_slot").value == "3"


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("no_such_key", 1, KeyError),
        ("desk_slot", "2", TypeError),
        ("desk_slot", True, TypeError),
        ("slip.queue_ticket.unmask", 1, TypeError),
        ("language", None, TypeError),
        ("desk_slot", 0, ValueError),
        ("desk_slot", 10, ValueError),
        ("language", "fr", ValueError),
        ("slip.queue_ticket.paper", "letter", ValueError),
    ],
)
def test_wrong_values_are_refused(
    database: Database, key: str, value: object, error: type[Exception]
) -> None:
    settings = Settings(database)
    with pytest.raises(error):
        settings.set(key, value)
    if key in SETTINGS:
        assert settings.get(key) == SETTINGS[key].default


def test_unknown_key_cannot_be_read(database: Database) -> None:
    with pytest.raises(KeyError):
        Settings(database).get("colour")


def test_a_damaged_stored_value_reads_as_the_default(database: Database) -> None:
    with database.write() as session:
        session.add(Setting(key="desk_slot", value='"two"'))
        session.add(Setting(key="language", value="{not json"))
    settings = Settings(database)
    assert settings.get("desk_slot") == 1
    assert settings.get("language") == "zh_CN"
    settings.set("desk_slot", 2)
    assert settings.get("desk_slot") == 2


def test_a_typed_option_reads_as_its_declared_type(database: Database) -> None:
    settings = Settings(database)
    settings.set(DESK_SLOT, 4)
    slot: int = settings.get(DESK_SLOT)
    assert slot == 4
    assert settings.get(slip_paper("day_sheet")) == "A4"


def test_a_stored_value_that_says_the_same_is_migrated_and_logged(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with database.write() as session:
        session.add(Setting(key="desk_slot", value='"3"'))
    with caplog.at_level(logging.WARNING, logger="desktop.settings"):
        assert Settings(database).get(DESK_SLOT) == 3
    assert [r.getMessage() for r in caplog.records] == [
        "setting desk_slot: stored value migrated to int"
    ]
    with database.read() as session:
        assert session.get_one(Setting, "desk_slot").value == "3"  # rewritten as a number


def test_a_stored_value_that_no_longer_fits_is_removed_and_logged(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with database.write() as session:
        session.add(Setting(key="language", value='"fr"'))
    with caplog.at_level(logging.WARNING, logger="desktop.settings"):
        assert Settings(database).get(LANGUAGE) == "zh_CN"
    assert "setting language: stored value did not fit" in caplog.text
    assert '"fr"' not in caplog.text  # the key is logged, never the value
    with database.read() as session:
        assert session.get(Setting, "language") is None


def test_sync_bookkeeping_is_kept_apart_from_preferences(database: Database) -> None:
    settings = Settings(database)
    settings.set(CURSOR, 120)
    settings.set("sync.last_pull", "2026-12-01T08:00:00+00:00")
    settings.set(LANGUAGE, "en")
    with database.read() as session:
        assert session.get_one(DeskState, "sync.cursor").value == "120"
        assert session.get(Setting, "sync.cursor") is None
        assert session.get(DeskState, "language") is None
    assert settings.get(CURSOR) == 120 and settings.get(LAST_PULL).startswith("2026-12-01")


def test_a_person_changes_only_what_their_role_may(database: Database) -> None:
    settings = Settings(database)
    with database.write() as session:
        settings.change(session, "front_desk", slip_printer("queue_ticket"), "前台打印机")
        with pytest.raises(UserError) as refused:
            settings.change(session, "front_desk", DESK_SLOT, 2)
    assert refused.value.message.code == "settings.not_allowed"
    assert settings.get(DESK_SLOT) == 1
    assert settings.get(slip_printer("queue_ticket")) == "前台打印机"


def test_each_setting_says_who_may_change_it() -> None:
    assert may_change(DESK_SLOT, "center_admin") and not may_change(DESK_SLOT, "front_desk")
    assert not may_change(CURSOR, "center_admin")  # the desk's own bookkeeping
    assert may_change("slip.queue_ticket.printer", "front_desk")  # the printer last used
    assert all(option.store == "desk_state" for key, option in SETTINGS.items() if "cursor" in key)
    assert all(
        not option.changed_by for option in SETTINGS.values() if option.store == "desk_state"
    )
