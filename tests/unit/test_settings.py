"""Settings: typed, declared once, stored as JSON in the local table."""

from __future__ import annotations

import pytest

from db.engine import Database
from db.models import Setting
from desktop.settings import SETTINGS, Settings


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
