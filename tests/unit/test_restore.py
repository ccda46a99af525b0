"""Restoring: on a fresh folder with the recovery key, without it, with a wrong one; a
newer or damaged backup refused; the current database kept aside; an interrupted restore
leaving the previous database in place; export and import for a new PC."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Resident, Visit
from desktop import auth
from desktop.backup import archive, restore, service
from desktop.backup.folders import backups_in
from desktop.backup.recovery_key import key_text
from desktop.backup.restore_keys import plan_keys
from desktop.backup.transfer import run_transfer
from desktop.bootstrap import desk_context, start
from desktop.context import DeskContext
from desktop.errors import UserError
from desktop.i18n import Translator
from desktop.paths import DataPaths
from desktop.resident_search import search_residents
from tests.conftest import Desk, new_desk
from tests.unit.backup_fixtures import fill

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _visits(paths: DataPaths) -> set[str]:
    conn = sqlite3.connect(paths.database)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM visit")}
    finally:
        conn.close()


def _found_by_full_phone(ctx: DeskContext) -> int:
    """Residents whose phone decrypts with the desk's key and finds them by its keyed hash."""
    staff = auth.sign_in(ctx, "admin", Desk.ADMIN_PASSWORD)
    with ctx.db.read() as session:
        ciphers = list(session.scalars(select(Resident.phone_cipher)))
    found = 0
    for cipher in ciphers:
        phone = ctx.vault.decrypt(cipher)
        found += len(search_residents(ctx, staff, phone))
    return found


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.fixture
def backed_up(desk: Desk, tmp_path: Path) -> tuple[Path, str, set[str]]:
    """A desk with visits, its backup copied to a "USB drive", its key as printed, and
    the desk's data folder deleted (the PC died)."""
    visits = set(fill(desk))
    made = service.run_backup(desk.ctx, "manual").made
    assert made is not None
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(made.path, usb / made.path.name)
    printed = key_text(desk.ctx.vault.primary_key())
    desk.startup.db.dispose()
    shutil.rmtree(desk.ctx.paths.root)
    return usb / made.path.name, printed, visits


def test_restore_on_a_fresh_folder_with_the_recovery_key(
    backed_up: tuple[Path, str, set[str]], tmp_path: Path
) -> None:
    path, printed, visits = backed_up
    paths = DataPaths(tmp_path / "new-pc")
    paths.ensure()
    backup = restore.read_backup(path)
    assert (backup.manifest.residents, backup.manifest.visits) == (5, len(visits))
    restore.prepare_restore(paths, backup, printed.lower().replace("-", " "))
    assert restore.finish_restore(paths, NOW) is None  # nothing was there to keep aside
    startup = start(paths)
    try:
        ctx = desk_context(startup)
        with ctx.db.read() as session:
            found = set(session.scalars(select(Visit.id)))
        assert found == visits
        assert _found_by_full_phone(ctx) == 5
        auth.sign_in(ctx, "admin", Desk.ADMIN_PASSWORD)  # the accounts came back too
    finally:
        startup.db.dispose()


def test_without_the_key_or_with_a_wrong_one_nothing_is_written(
    backed_up: tuple[Path, str, set[str]], tmp_path: Path
) -> None:
    path, printed, _ = backed_up
    paths = DataPaths(tmp_path / "new-pc")
    paths.ensure()
    before = _listing(paths.root)
    backup = restore.read_backup(path)
    tr = Translator()
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, backup, None)
    assert refused.value.message.code == "backup.key_needed"
    assert "恢复密钥" in tr.message(refused.value.message)
    another = key_text(os.urandom(32))
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, backup, another)
    assert refused.value.message.code == "backup.key_wrong"
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, backup, printed[:-1] + ("0" if printed[-1] != "0" else "1"))
    assert refused.value.message.code == "backup.key_mistyped"
    assert _listing(paths.root) == before  # no file, no key written


def _rewrite(path: Path, target: Path, manifest: dict[str, object] | None = None) -> None:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == archive.MANIFEST and manifest is not None:
                data = json.dumps({**json.loads(data), **manifest}).encode()
            out.writestr(item, data)


def test_a_backup_from_a_newer_version_is_refused_naming_it(
    backed_up: tuple[Path, str, set[str]], tmp_path: Path
) -> None:
    path, printed, _ = backed_up
    newer = tmp_path / archive.archive_name(NOW)
    _rewrite(path, newer, {"schema": ["0099_future"], "app_version": "9.9.0"})
    paths = DataPaths(tmp_path / "new-pc")
    paths.ensure()
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, restore.read_backup(newer), printed)
    text = Translator().message(refused.value.message)
    assert refused.value.message.code == "backup.too_new" and "9.9.0" in text
    assert not restore.incoming_path(paths).exists()


def test_a_database_newer_than_its_manifest_says_is_refused_too(
    backed_up: tuple[Path, str, set[str]], tmp_path: Path
) -> None:
    path, printed, _ = backed_up
    unpacked = tmp_path / "db.sqlite"
    archive.extract_database(path, unpacked)
    conn = sqlite3.connect(unpacked)
    conn.execute("UPDATE alembic_version SET version_num = '0099_future' WHERE rowid = 1")
    conn.commit()
    conn.close()
    manifest = archive.read_manifest(path)
    lying = tmp_path / archive.archive_name(NOW)
    archive.write_archive(unpacked, manifest, lying)
    paths = DataPaths(tmp_path / "new-pc")
    paths.ensure()
    before = _listing(paths.root)
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, restore.read_backup(lying), printed)
    assert refused.value.message.code == "backup.too_new"
    assert _listing(paths.root) - before <= {"desk.key"}
    assert not restore.journal_path(paths).exists()


def test_a_damaged_backup_file_is_refused(
    backed_up: tuple[Path, str, set[str]], tmp_path: Path
) -> None:
    path, printed, _ = backed_up
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    damaged = tmp_path / archive.archive_name(NOW)
    damaged.write_bytes(bytes(data))
    paths = DataPaths(tmp_path / "new-pc")
    paths.ensure()
    with pytest.raises(UserError) as refused:
        restore.prepare_restore(paths, restore.read_backup(damaged), printed)
    assert refused.value.message.code == "backup.damaged_backup"
    assert not restore.incoming_path(paths).exists()
    assert not restore.journal_path(paths).exists()


def test_restoring_over_a_desk_keeps_its_database_aside(desk: Desk) -> None:
    first = set(fill(desk, residents=2))
    made = service.run_backup(desk.ctx).made
    assert made is not None
    later = set(fill(desk, residents=1))
    paths = desk.ctx.paths
    restore.prepare_restore(paths, made)  # the key is this folder's own: not asked
    assert _visits(paths) == first | later  # prepared beside it: nothing replaced yet
    desk.startup.db.dispose()
    aside = restore.finish_restore(paths, NOW)
    assert _visits(paths) == first
    assert aside is not None and archive.read_manifest(aside).kind == "before_restore"
    listed = {b.path for b in backups_in(paths.backups, "local")}
    assert aside in listed
    # The copy kept aside restores like any backup: nothing was lost.
    restore.prepare_restore(paths, restore.read_backup(aside))
    restore.finish_restore(paths, NOW + dt.timedelta(minutes=1))
    assert _visits(paths) == first | later


def test_an_interrupted_restore_leaves_the_previous_database(desk: Desk) -> None:
    visits = set(fill(desk, residents=2))
    made = service.run_backup(desk.ctx).made
    assert made is not None
    fill(desk, residents=1)
    current = _visits(desk.ctx.paths)
    restore.prepare_restore(desk.ctx.paths, made)
    desk.startup.db.dispose()
    # A crash while the database was being swapped (after "ready", before the rename).
    restore._write_journal(desk.ctx.paths, "swapping")
    startup = start(desk.ctx.paths)
    try:
        assert startup.notice is not None
        assert startup.notice.code == "backup.restore_interrupted"
        assert _visits(desk.ctx.paths) == current != visits
        assert not restore.incoming_path(desk.ctx.paths).exists()
    finally:
        startup.db.dispose()


def test_a_restore_made_ready_is_finished_at_the_next_start(desk: Desk) -> None:
    visits = set(fill(desk, residents=2))
    made = service.run_backup(desk.ctx).made
    assert made is not None
    fill(desk, residents=1)
    restore.prepare_restore(desk.ctx.paths, made)
    desk.startup.db.dispose()
    startup = start(desk.ctx.paths)  # the desk restarts to apply it
    try:
        assert startup.notice is not None and startup.notice.code == "backup.restored"
        assert _visits(desk.ctx.paths) == visits
        assert not restore.journal_path(desk.ctx.paths).exists()
    finally:
        startup.db.dispose()


def test_another_desks_backup_is_re_encrypted_under_this_folders_key(
    desk: Desk, tmp_path: Path
) -> None:
    fill(desk, residents=3)
    other = new_desk(tmp_path / "other-desk")
    try:
        other_visits = set(fill(other, residents=2))
        made = service.run_backup(other.ctx).made
        assert made is not None
        printed = key_text(other.ctx.vault.primary_key())
    finally:
        other.startup.db.dispose()
    paths = desk.ctx.paths
    plan = plan_keys(paths, made.manifest, other.ctx.vault.primary_key(), set_up=True)
    assert plan.rekey_to == desk.ctx.vault.primary_key() and plan.store_in is None
    restore.prepare_restore(paths, made, printed)
    desk.startup.db.dispose()
    restore.finish_restore(paths, NOW)
    startup = start(paths)
    try:
        ctx = desk_context(startup)
        assert ctx.vault.fingerprint == desk.ctx.vault.fingerprint  # this folder's key
        assert _visits(paths) == other_visits
        admin = auth.sign_in(ctx, "admin", Desk.ADMIN_PASSWORD)
        assert len(search_residents(ctx, admin, "张", limit=50)) == 2
        assert _found_by_full_phone(ctx) == 2  # under this folder's key
    finally:
        startup.db.dispose()


def test_export_and_import_move_a_desk_in_one_file(desk: Desk, tmp_path: Path) -> None:
    visits = set(fill(desk, residents=3))
    printed = key_text(desk.ctx.vault.primary_key())
    tr = Translator("en")
    moved = tmp_path / "move" / "desk.zip"
    out = io.StringIO()
    assert run_transfer(desk.ctx.paths, tr, moved, None, out=out) == 0
    assert "3 residents" in out.getvalue()
    with zipfile.ZipFile(moved) as packed:  # database and settings; never the key
        assert set(packed.namelist()) == {archive.MANIFEST, archive.DATABASE}
        assert printed.encode() not in packed.read(archive.DATABASE)
    desk.startup.db.dispose()
    # Importing over a set-up desk is refused.
    assert run_transfer(desk.ctx.paths, tr, None, moved, stdin=io.StringIO("")) == 1
    new_pc = DataPaths(tmp_path / "new-pc")
    # No key at hand and none typed: refused, nothing set up.
    assert run_transfer(new_pc, tr, None, moved, stdin=io.StringIO("\n")) == 1
    assert not restore.folder_is_set_up(new_pc)
    out = io.StringIO()
    assert run_transfer(new_pc, tr, None, moved, stdin=io.StringIO(printed + "\n"), out=out) == 0
    assert "3 residents" in out.getvalue()
    startup = start(new_pc)
    try:
        ctx = desk_context(startup)
        with ctx.db.read() as session:
            assert session.scalar(select(func.count()).select_from(Visit)) == len(visits)
        assert _found_by_full_phone(ctx) == 3
    finally:
        startup.db.dispose()
