"""The district master key: centers' data keys wrapped by it, rewrapped by
``district-server admin rotate-master-key``, never lost by a rotation cut short."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import select, update

from district import admin, center_keys, devices, master_key, migrate
from district.cli import main
from district.database import DistrictDatabase
from district.tables import center
from protocol import EnrolRequest


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DistrictDatabase:
    monkeypatch.delenv(master_key.KEY_FILE_ENV, raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    db = DistrictDatabase.open(f"sqlite:///{tmp_path / 'district.sqlite'}")
    migrate.upgrade(db.engine)
    return db


def _desk_key(database: DistrictDatabase, center_id: str) -> str:
    code = admin.issue_enrolment_code(database, center_id)
    return devices.enrol(database, EnrolRequest(code=code, device_name="前台")).center_data_key


def _stored(database: DistrictDatabase, center_id: str) -> str:
    with database.read() as conn:
        return str(
            conn.execute(select(center.c.data_key).where(center.c.id == center_id)).scalar_one()
        )


def test_a_centers_key_is_stored_wrapped_and_handed_out_plain(
    database: DistrictDatabase, tmp_path: Path
) -> None:
    center_id = admin.create_center(database, "中心")
    key_file = tmp_path / master_key.FILE_NAME
    assert key_file.exists() and key_file.stat().st_mode & 0o777 == 0o600
    given = _desk_key(database, center_id)
    stored = _stored(database, center_id)
    assert stored.startswith(master_key.PREFIX) and given not in stored
    assert len(base64.b64decode(given)) == 32
    assert _desk_key(database, center_id) == given


def test_rotating_the_master_key_rewraps_every_key(
    database: DistrictDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    centers = [admin.create_center(database, f"中心{n}") for n in range(3)]
    given = [_desk_key(database, c) for c in centers]
    key_file = tmp_path / master_key.FILE_NAME
    old_text, old_stored = key_file.read_text(), [_stored(database, c) for c in centers]
    url = str(database.engine.url)
    assert main(["--database-url", url, "admin", "rotate-master-key"]) == 0
    assert '"rewrapped": 3' in capsys.readouterr().out
    assert key_file.read_text() != old_text
    assert not key_file.with_name(key_file.name + master_key.PENDING_SUFFIX).exists()
    assert [_stored(database, c) for c in centers] != old_stored
    fresh = DistrictDatabase.open(url)  # another process: reads the new key
    assert [_desk_key(fresh, c) for c in centers] == given
    fresh.dispose()


def test_a_rotation_cut_short_loses_nothing(database: DistrictDatabase, tmp_path: Path) -> None:
    center_id = admin.create_center(database, "中心")
    given = _desk_key(database, center_id)
    key_file = tmp_path / master_key.FILE_NAME
    pending = key_file.with_name(key_file.name + master_key.PENDING_SUFFIX)
    master_key.write_new(pending, master_key.new_key_text())
    new = master_key.MasterKey(master_key.read(pending), key_file)
    center_keys.rewrap_all(database, database.master_key(), new)  # committed, not renamed
    restarted = DistrictDatabase.open(str(database.engine.url))
    assert _desk_key(restarted, center_id) == given  # the pending key still unwraps
    center_keys.rotate_master_key(restarted)  # finishing the rotation
    assert not pending.exists()
    assert _desk_key(DistrictDatabase.open(str(database.engine.url)), center_id) == given


def test_keys_stored_before_wrapping_are_wrapped_at_start(database: DistrictDatabase) -> None:
    center_id = admin.create_center(database, "中心")
    plain = base64.b64encode(b"k" * 32).decode()
    with database.write() as conn:
        conn.execute(update(center).where(center.c.id == center_id).values(data_key=plain))
    assert _desk_key(database, center_id) == plain
    assert center_keys.wrap_plain_keys(database) == 1
    assert _stored(database, center_id).startswith(master_key.PREFIX)
    assert _desk_key(database, center_id) == plain


def test_the_key_file_named_in_the_settings_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "keys" / "district.key"
    master_key.write_new(named, master_key.new_key_text())
    monkeypatch.setenv(master_key.KEY_FILE_ENV, str(named))
    db = DistrictDatabase.open(f"sqlite:///{tmp_path / 'district.sqlite'}")
    assert db.master_key().path == named
    assert not (tmp_path / master_key.FILE_NAME).exists()


def test_a_wrong_master_key_is_noticed_at_start(database: DistrictDatabase, tmp_path: Path) -> None:
    admin.create_center(database, "中心")
    center_keys.check_master_key(database)
    key_file = tmp_path / master_key.FILE_NAME
    key_file.unlink()
    master_key.write_new(key_file, master_key.new_key_text())  # lost and made again
    with pytest.raises(master_key.MasterKeyError):
        center_keys.check_master_key(DistrictDatabase.open(str(database.engine.url)))
    url = str(database.engine.url)
    assert main(["--database-url", url, "serve", "--port", "1"]) == 2
